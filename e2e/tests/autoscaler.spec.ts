import { expect, test, type Page } from '@playwright/test';

import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { SIM_PORT, SRE_STORAGE_STATE } from '../support/run-env.js';
import { expectView } from '../support/shell.js';

test.use({ storageState: SRE_STORAGE_STATE });

async function tab(page: Page, name: string) {
  await page
    .getByRole('tablist', { name: 'Autoscaler sections' })
    .getByRole('tab', { name })
    .click();
}

test.describe('autoscaler', () => {
  test('status: cluster-wide health and each node group with min / target / max', async ({
    page,
  }, testInfo) => {
    await page.goto('/autoscaler');
    await expectView(page, 'Autoscaler');
    await expect(page.getByRole('heading', { name: 'Node groups' })).toBeVisible();
    await expect(page.getByText('plimsoll-sim-batch', { exact: true })).toBeVisible();
    await expect(page.getByRole('img', { name: /min 1, target \d+, max 5/ })).toBeVisible();
    await expect(page.getByLabel('Cluster-wide autoscaler status')).toContainText('Ready');
    await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '1h' }).click();
    await expect(page).toHaveURL(/range=1h/);
    await page.screenshot({
      path: testInfo.outputPath('autoscaler-status-light.png'),
      fullPage: true,
    });
  });

  test('a status cut short says so and shows what was readable', async ({ page, request }) => {
    // The simulator publishes its status ConfigMap with the end cut off, mid-line (kube-sim README).
    const cut = (bytes: number) =>
      request.post(`http://127.0.0.1:${SIM_PORT}/sim/v1/autoscaler`, {
        data: { cutStatusBytes: bytes },
      });
    expect((await cut(25)).status()).toBe(200);
    try {
      await page.goto('/autoscaler');
      const notice = page.getByRole('status', { name: 'Partial autoscaler status' });
      await expect(async () => {
        await page.reload();
        await expect(notice).toBeVisible({ timeout: 3_000 });
      }).toPass({ timeout: 30_000 });
      await expect(notice).toContainText('cluster-autoscaler-status is cut off');
      await expect(notice).toContainText(/what was readable — .*cluster-wide/);
      // What was read is still on screen.
      await expect(page.getByLabel('Cluster-wide autoscaler status')).toContainText('Ready');
      await expect(page.getByRole('heading', { name: 'Node groups' })).toBeVisible();
    } finally {
      await cut(0);
    }
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('heading', { name: 'Node groups' })).toBeVisible();
      await expect(page.getByRole('status', { name: 'Partial autoscaler status' })).toHaveCount(0, {
        timeout: 3_000,
      });
    }).toPass({ timeout: 30_000 });
  });

  test('timeline and pending pods tabs keep their state in the URL', async ({ page }, testInfo) => {
    await page.goto('/autoscaler');
    await tab(page, 'Timeline');
    await expect(page).toHaveURL(/tab=timeline/);
    await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
    await page
      .getByRole('group', { name: 'Filter by kind' })
      .getByRole('button', { name: 'Scale-up', exact: true })
      .click();
    await expect(page).toHaveURL(/kinds=scale-up/);
    await page.screenshot({ path: testInfo.outputPath('autoscaler-timeline.png'), fullPage: true });

    await tab(page, 'Pending pods');
    await expect(page).toHaveURL(/tab=pending/);
    await expect(page.getByRole('heading', { name: /Pending pods \(\d+\)/ })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('autoscaler-pending.png'), fullPage: true });
  });

  test('why this group: each expander picks a group for a hypothetical pod', async ({
    page,
  }, testInfo) => {
    await page.goto('/autoscaler?tab=why');
    const form = page.getByRole('form', { name: 'Hypothetical pod' });
    await form.getByLabel('CPU request').fill('1');
    await form.getByLabel('Memory request').fill('2Gi');
    await form.getByLabel('Replicas').fill('3');
    await form.getByLabel(/Tolerate taint keys/).fill('*');
    await form.getByRole('button', { name: 'Explain' }).click();
    await expect(page).toHaveURL(/cpu=1/);
    const expanders = page.getByLabel('Expanders');
    for (const name of ['least-waste', 'most-pods', 'least-nodes', 'priority']) {
      await expect(expanders.getByRole('heading', { name, exact: true })).toBeVisible();
    }
    await expect(page.getByRole('heading', { name: 'Options' })).toBeVisible();
    await expect(page.getByText(/Priority expander ConfigMap/)).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('autoscaler-why.png'), fullPage: true });
  });

  test('why this group: a pod that fits on an existing node is told so; one that fits nowhere is not', async ({
    page,
  }) => {
    await page.goto('/autoscaler?tab=why&cpu=100m&memory=128Mi');
    await expect(page.getByTestId('fits-existing-nodes')).toContainText(
      /Fits on \d+ existing nodes? now .*does not scale up for a pod that fits/,
    );
    await page.goto('/autoscaler?tab=why&cpu=500&memory=1Ti');
    await expect(page.getByTestId('fits-existing-nodes')).toHaveText(
      /No Ready, schedulable node has room for it now/,
    );
  });

  test('extended resources: dongles on batch nodes with the no-overcommit reminder', async ({
    page,
  }, testInfo) => {
    await page.goto('/autoscaler?tab=extended');
    await expect(page.getByText(/never overcommitted/)).toBeVisible();
    await expect(page.getByRole('cell', { name: 'example.com/dongle' }).first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('autoscaler-extended.png'), fullPage: true });
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`has no serious accessibility violations (${colorScheme})`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme });
      await page.goto('/autoscaler');
      await expect(page.getByRole('heading', { name: 'Node groups' })).toBeVisible();
      await expectNoSeriousA11yViolations(page, `the autoscaler view (${colorScheme})`);
      await page.screenshot({
        path: testInfo.outputPath(`autoscaler-${colorScheme}.png`),
        fullPage: true,
      });
      await page.goto('/autoscaler?tab=why&cpu=1&memory=2Gi&tolerate=*');
      await expect(page.getByRole('heading', { name: 'Options' })).toBeVisible();
      await expectNoSeriousA11yViolations(page, `why this group (${colorScheme})`);
      await page.screenshot({
        path: testInfo.outputPath(`autoscaler-why-${colorScheme}.png`),
        fullPage: true,
      });
    });
  }
});

test.describe('machines', () => {
  test('MachineDeployments → MachineSets → Machines with their nodes; find a node', async ({
    page,
  }, testInfo) => {
    await page.goto('/machines');
    await expectView(page, 'Machines');
    const md = page.getByLabel('MachineDeployment plimsoll-sim-batch');
    await expect(md).toBeVisible();
    const nodeCell = md.getByRole('cell', { name: /compute\.internal/ }).first();
    const node = (await nodeCell.textContent())?.trim() ?? '';
    expect(node).toMatch(/compute\.internal/);
    await expect(page.getByRole('heading', { name: 'Nodes without a machine' })).toBeVisible();
    await expect(page.getByLabel(/MachineHealthCheck/)).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('machines-light.png'), fullPage: true });

    await page.getByRole('searchbox', { name: 'Find a node or machine' }).fill(node);
    await expect(page).toHaveURL(/q=/);
    await expect(md.getByRole('cell', { name: node })).toBeVisible();
  });

  test('has no serious accessibility violations (dark)', async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/machines');
    await expect(page.getByLabel('MachineDeployment plimsoll-sim-batch')).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'the machines view (dark)');
    await page.screenshot({ path: testInfo.outputPath('machines-dark.png'), fullPage: true });
  });
});
