import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';

import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { DEMO_PASSWORD, SIM_URL, SRE_STORAGE_STATE } from '../support/run-env.js';

const API = '/api/v1/clusters/sim';

interface PreviewPod {
  namespace: string;
  name: string;
  action: 'evict' | 'skip' | 'blocked';
  ownerKind: string | null;
}
interface SimPod {
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
}

const podsOn = async (node: string): Promise<SimPod[]> => {
  const res = await fetch(
    `${SIM_URL}/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`,
  );
  return ((await res.json()) as { items: SimPod[] }).items;
};
const selects = (selector: Record<string, string>, pod: SimPod) =>
  Object.entries(selector).every(([k, v]) => pod.metadata.labels?.[k] === v);

/**
 * A Ready worker whose drain (with emptyDir data allowed) would start, with a ReplicaSet pod to guard and at least
 * one evictable pod of another workload, so the drain evicts some pods and the budget holds the others.
 */
async function pickNode(request: APIRequestContext) {
  const nodes = (
    (await (await request.get(`${API}/nodes`)).json()) as {
      items: { name: string; ready: string; unschedulable: boolean; badConditions: string[] }[];
    }
  ).items.filter(
    (n) =>
      !n.name.startsWith('master') &&
      n.ready === 'True' &&
      !n.unschedulable &&
      n.badConditions.length === 0,
  );
  for (const n of nodes) {
    const preview = (await (
      await request.get(`${API}/nodes/${n.name}/drain-preview?deleteEmptyDirData=true`)
    ).json()) as { pods: PreviewPod[]; errors: string[] };
    if (preview.errors.length > 0) continue;
    const sim = await podsOn(n.name);
    const evict = preview.pods
      .filter((p) => p.action === 'evict')
      .map((p) =>
        sim.find((s) => s.metadata.name === p.name && s.metadata.namespace === p.namespace),
      )
      .filter((p): p is SimPod => p !== undefined);
    const target = preview.pods.find((p) => p.action === 'evict' && p.ownerKind === 'ReplicaSet');
    const guardedPod = evict.find((p) => p.metadata.name === target?.name);
    if (!guardedPod) continue;
    const selector = { ...(guardedPod.metadata.labels ?? {}) };
    const guarded = evict.filter(
      (p) => p.metadata.namespace === guardedPod.metadata.namespace && selects(selector, p),
    );
    const others = evict.filter((p) => !guarded.includes(p));
    if (others.length > 0) return { node: n.name, guardedPod, selector, guarded, others };
  }
  throw new Error('no worker with a ReplicaSet pod beside pods of other workloads');
}

async function signedInAs(browser: Browser, username: string) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const res = await context.request.post('/api/v1/auth/login', {
    data: { username, password: DEMO_PASSWORD },
  });
  expect(res.ok(), `sign in as ${username}`).toBe(true);
  return context;
}

test.describe('drain a node (SRE)', () => {
  test.use({ storageState: SRE_STORAGE_STATE });
  test.setTimeout(180_000);

  test('the preview names the budget-guarded pod; the drain retries it while evicting the rest; cancel keeps it; uncordon undoes the cordon', async ({
    page,
  }, testInfo) => {
    const { node, guardedPod, selector, guarded, others } = await pickNode(page.request);
    const ns = guardedPod.metadata.namespace;
    const pdb = `e2e-guard-${Date.now().toString(36)}`;
    // The demo has no budgets; the owner of the workload declares one that allows no disruption.
    const created = await fetch(`${SIM_URL}/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: pdb },
        spec: { maxUnavailable: 0, selector: { matchLabels: selector } },
      }),
    });
    expect(created.status).toBe(201);
    try {
      await page.goto(`/nodes/${encodeURIComponent(node)}?cluster=sim`);
      const actions = page.getByRole('region', { name: 'Node actions' });
      await expect(actions.getByRole('button', { name: 'Cordon', exact: true })).toBeVisible();

      // Keyboard: the dialog opens from the button and the flags toggle with Space.
      await actions.getByRole('button', { name: 'Drain…' }).focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: `Drain ${node}` });
      await expect(dialog).toBeVisible();
      await dialog.getByRole('checkbox', { name: /Delete emptyDir data/ }).focus();
      await page.keyboard.press('Space');
      await expect(dialog.getByRole('checkbox', { name: /Delete emptyDir data/ })).toBeChecked();

      const previewList = dialog.getByRole('list', { name: 'Pods on the node' });
      const previewRow = (name: string) =>
        previewList.getByRole('listitem').filter({ hasText: `${ns}/${name}` });
      await expect(previewRow(guardedPod.metadata.name)).toContainText(
        `PodDisruptionBudget ${pdb}: 0 disruptions allowed`,
      );
      await expect(
        previewRow(guardedPod.metadata.name).getByText('evict', { exact: true }),
      ).toBeVisible();
      await expect(dialog).toContainText(
        'guarded by a PodDisruptionBudget that allows no disruption now',
      );
      await page.emulateMedia({ colorScheme: 'dark' });
      await expectNoSeriousA11yViolations(page, 'the drain preview (dark)');
      await page.screenshot({ path: testInfo.outputPath('drain-preview-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });

      await dialog.getByRole('button', { name: 'Cordon and drain' }).click();
      const progress = dialog.getByRole('list', { name: 'Drain progress' });
      const row = (p: SimPod) =>
        progress
          .getByRole('listitem')
          .filter({ hasText: `${p.metadata.namespace}/${p.metadata.name}` });
      await expect(dialog.getByText('draining', { exact: true })).toBeVisible();
      // The budget refuses with a 429; the drain says so and retries.
      await expect(row(guardedPod)).toContainText(
        `Blocked by PodDisruptionBudget ${pdb}, retrying`,
      );
      await expect(row(guardedPod)).toContainText(
        `Cannot evict pod as it would violate the pod's disruption budget. The disruption budget ${pdb} needs`,
      );
      for (const p of others)
        await expect(row(p).getByText('evicted', { exact: true })).toBeVisible({ timeout: 60_000 });
      await expect(row(guardedPod)).toContainText(/\d+ attempts/, { timeout: 15_000 });
      // Meanwhile the page shows the node cordoned.
      await expect(
        page.getByLabel('Node summary').getByText('Cordoned', { exact: true }),
      ).toBeVisible();

      // A reload loses nothing: the card picks the running drain up from the node's latest drains.
      await page.reload();
      await expect(dialog).toBeHidden();
      await actions.getByRole('button', { name: 'Drain progress' }).click();
      await expect(dialog.getByText('draining', { exact: true })).toBeVisible();
      await expect(row(guardedPod)).toContainText(/\d+ attempts/);

      await dialog.getByRole('button', { name: 'Cancel drain' }).click();
      await expect(dialog.getByText('cancelled', { exact: true })).toBeVisible();
      await expect(dialog.getByRole('status')).toContainText(
        `Cancelled; ${others.length} of ${others.length + guarded.length} pods evicted. The node stays cordoned.`,
      );
      for (const p of guarded) await expect(row(p)).toContainText('not evicted');
      const drainId = (await dialog.getByText(/^[0-9a-f-]{36}$/).textContent()) ?? '';
      expect(drainId).toMatch(/^[0-9a-f-]{36}$/);
      await page.screenshot({ path: testInfo.outputPath('drain-cancelled.png') });
      const left = (await podsOn(node)).map((p) => p.metadata.name);
      expect(left).toContain(guardedPod.metadata.name);
      for (const p of others) expect(left).not.toContain(p.metadata.name);

      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(
        page.getByLabel('Node summary').getByText('Cordoned', { exact: true }),
      ).toBeVisible();
      await actions.getByRole('button', { name: 'Uncordon', exact: true }).click();
      await expect(actions.getByRole('button', { name: 'Cordon', exact: true })).toBeVisible();
      await expect(
        page.getByLabel('Node summary').getByText('Cordoned', { exact: true }),
      ).toHaveCount(0);
      // The audit log, newest first: the uncordon, the end of the drain, the budget's refusal, the start, the cordon.
      const log = actions.getByRole('list', { name: 'Action log' }).getByRole('listitem');
      await expect(log.first()).toContainText('sre uncordoned the node');
      await expect(log.filter({ hasText: 'sre cancelled the drain' })).toContainText(
        `drain ${drainId.slice(0, 8)}`,
      );
      await expect(
        log.filter({ hasText: `eviction of ${ns}/${guardedPod.metadata.name} refused` }),
      ).toContainText(`The disruption budget ${pdb} needs`);
      for (const p of others)
        await expect(
          log.filter({ hasText: `evicted ${p.metadata.namespace}/${p.metadata.name}` }),
        ).toHaveCount(1);
      await expect(log.filter({ hasText: 'sre started a drain' })).toHaveCount(1);
      await expect(log.filter({ hasText: 'sre cordoned the node' })).toHaveCount(1);
      await expect
        .poll(async () => {
          const d = (await (await page.request.get(`${API}/nodes/${node}`)).json()) as {
            summary: { unschedulable: boolean };
          };
          return d.summary.unschedulable;
        })
        .toBe(false);
    } finally {
      await fetch(`${SIM_URL}/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets/${pdb}`, {
        method: 'DELETE',
      });
    }
  });
});

test.describe('drain a node (everyone else)', () => {
  for (const username of ['viewer', 'acme-admin']) {
    test(`${username} sees the node page without node actions`, async ({ browser }) => {
      const context = await signedInAs(browser, username);
      const nodes = (await (await context.request.get(`${API}/nodes`)).json()) as {
        items: { name: string }[];
      };
      const node = nodes.items[0]?.name;
      expect(node, `${username} sees a node`).toBeDefined();
      const page = await context.newPage();
      await page.goto(`/nodes/${encodeURIComponent(node ?? '')}?cluster=sim`);
      await expect(page.getByLabel('Node summary')).toBeVisible();
      await expect(page.getByRole('region', { name: 'Node actions' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: /^(Cordon|Uncordon|Drain)/ })).toHaveCount(0);
      await context.close();
    });
  }
});
