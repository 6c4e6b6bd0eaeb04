import { expect, test, type Page } from '@playwright/test';

import { soloNode } from '../../tools/k8s/cluster.mjs';
import { clusterName, kube, runningCluster } from '../support/real-cluster.js';
import { DEMO_PASSWORD, SRE_STORAGE_STATE } from '../support/run-env.js';
import { expectView } from '../support/shell.js';

// Plimsoll against a real kube-apiserver, kube-controller-manager and KWOK (playwright.real-cluster.config.ts): what
// the pages show is compared with what the API server says, never with values written here.
const cluster = runningCluster();
const CLUSTER = clusterName(cluster);

test.use({ storageState: SRE_STORAGE_STATE });
test.describe.configure({ mode: 'serial', timeout: 180_000 });

interface KubeNode {
  metadata: { name: string };
  status: {
    nodeInfo: { kubeletVersion: string };
    conditions: { type: string; status: string }[];
  };
}

const grid = (page: Page) => page.getByRole('grid', { name: `Nodes of ${CLUSTER}` });

/** The text of `column`'s cell in the row of node `name`. */
async function cellText(page: Page, name: string, column: string): Promise<string> {
  const headers = await grid(page).getByRole('columnheader').allInnerTexts();
  const index = headers.findIndex((h) => h.trim().startsWith(column));
  expect(index, `a ${column} column`).toBeGreaterThanOrEqual(0);
  const row = grid(page)
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
  return (await row.getByRole('gridcell').nth(index).innerText()).trim();
}

test('the nodes list shows the KWOK nodes with the kubelet versions and Ready state the API server reports', async ({
  page,
}, testInfo) => {
  const nodes = (
    (await kube(cluster, 'GET', '/api/v1/nodes?labelSelector=type%3Dkwok')) as {
      items: KubeNode[];
    }
  ).items;
  expect(nodes.length).toBeGreaterThan(0);

  await page.goto('/nodes?q=kwok-node-');
  await expectView(page, 'Nodes');
  await expect(grid(page).getByRole('row')).toHaveCount(nodes.length + 1);
  for (const node of nodes) {
    const ready = node.status.conditions.find((c) => c.type === 'Ready')?.status;
    expect(ready).toBe('True');
    expect(await cellText(page, node.metadata.name, 'Status')).toMatch(/^Ready/);
    expect(await cellText(page, node.metadata.name, 'Kubelet')).toBe(
      node.status.nodeInfo.kubeletVersion,
    );
  }
  await page.screenshot({ path: testInfo.outputPath('real-nodes.png'), fullPage: true });
});

test('a node whose kubelet stops is Unknown with a stale Lease on its page, as the node controller decides', async ({
  page,
}, testInfo) => {
  const name = 'e2e-silent-node';
  const solo = await soloNode(cluster, name);
  try {
    const summary = page.getByLabel('Node summary');
    // Alive first: KWOK made it Ready and renews its Lease.
    await expect(async () => {
      await page.goto(`/nodes/${name}`);
      await expect(summary).toContainText('Ready', { timeout: 3_000 });
      await expect(summary).toContainText('fresh', { timeout: 3_000 });
    }).toPass({ timeout: 60_000 });

    await solo.stop();
    // The real node lifecycle controller marks it Unknown once the grace period passes without a renewal…
    await expect
      .poll(
        async () => {
          const node = (await kube(cluster, 'GET', `/api/v1/nodes/${name}`)) as KubeNode;
          return node.status.conditions.find((c) => c.type === 'Ready')?.status;
        },
        { timeout: 120_000, intervals: [2_000] },
      )
      .toBe('Unknown');
    // …and Plimsoll's page says the same: Unknown, the Lease stale.
    await expect(async () => {
      await page.reload();
      await expect(summary).toContainText('Unknown', { timeout: 3_000 });
      await expect(summary).toContainText('stale', { timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
    await expect(summary).not.toContainText('fresh');
    await page.screenshot({ path: testInfo.outputPath('real-silent-node.png'), fullPage: true });
  } finally {
    await solo.stop();
    await kube(cluster, 'DELETE', `/api/v1/nodes/${name}`, undefined, [404]);
  }
});

test('a tenant admin sees only their tenant’s namespaces of the real cluster', async ({
  page,
  browser,
}) => {
  const namespaces = { acme: 'e2e-acme-web', globex: 'e2e-globex-web' };
  for (const [tenant, ns] of Object.entries(namespaces))
    await kube(
      cluster,
      'POST',
      '/api/v1/namespaces',
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels: { 'plimsoll.io/tenant': tenant } },
      },
      [409],
    );

  // The SRE sees both tenants: the collector has the globex namespace, so its absence below means something.
  const tenants = page.getByRole('table', { name: 'Tenants' });
  await expect(async () => {
    await page.goto('/tenants');
    await expect(tenants.getByRole('link', { name: 'globex', exact: true })).toBeVisible({
      timeout: 3_000,
    });
    await expect(tenants.getByText(namespaces.globex)).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await expect(tenants.getByRole('link', { name: 'acme', exact: true })).toBeVisible();

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const login = await context.request.post('/api/v1/auth/login', {
      data: { username: 'acme-admin', password: DEMO_PASSWORD },
    });
    expect(login.ok()).toBe(true);
    const admin = await context.newPage();
    await admin.goto('/tenants');
    const own = admin.getByRole('table', { name: 'Tenants' });
    await expect(own.getByRole('link', { name: 'acme', exact: true })).toBeVisible();
    await expect(own.getByText(namespaces.acme)).toBeVisible();
    await expect(own.getByRole('link', { name: 'globex', exact: true })).toHaveCount(0);
    await expect(admin.getByText(namespaces.globex)).toHaveCount(0);

    const other = await context.request.get(`/api/v1/clusters/${CLUSTER}/tenants/globex`);
    expect(other.status()).toBe(403);
    expect(await other.json()).toMatchObject({
      code: expect.any(String),
      message: expect.any(String),
      requestId: expect.any(String),
    });
  } finally {
    await context.close();
    for (const ns of Object.values(namespaces))
      await kube(cluster, 'DELETE', `/api/v1/namespaces/${ns}`, undefined, [404]);
  }
});
