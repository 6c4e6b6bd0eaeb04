import { expect, test } from '@playwright/test';

import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { SRE_STORAGE_STATE } from '../support/run-env.js';

test.use({ storageState: SRE_STORAGE_STATE });
test.describe.configure({ timeout: 240_000 });

// The demo's memory-optimized pool runs a 1.35 kubelet with swap, and a pod whose in-place
// resize the kubelet deferred.
test('a 1.35 node shows PSI, swap and a deferred resize on its pod', async ({ page }, testInfo) => {
  await page.goto('/nodes?q=memory-optimized');
  const grid = page.getByRole('grid', { name: /^Nodes of / });
  await expect(grid.getByRole('row').nth(1)).toBeVisible();
  const names = await grid.getByRole('row').getByRole('link').allInnerTexts();
  expect(names.length).toBeGreaterThan(0);
  let found = false;
  for (const name of names) {
    await page.goto(`/nodes/${name}`);
    const signals = page.getByRole('region', { name: 'Pressure stall, swap and filesystems' });
    // The signals come from the kubelet poller's first Summary reading of the node.
    await expect(async () => {
      await page.reload();
      await expect(signals.getByRole('table')).toContainText('memory', { timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
    await expect(signals).toContainText(/Swap: .*used of 8\.0 GiB/);
    // The same signals in history, over the range the conditions card picks (1h: 10 s buckets).
    const history = page.getByRole('region', { name: 'Pressure stall and swap over time' });
    await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '1h' }).click();
    await expect(page).toHaveURL(/range=1h/);
    await expect(async () => {
      await page.reload();
      await expect(
        history.getByRole('img', {
          name: "This node's pressure stall (cpu, memory, io) in percent and swap used over time",
        }),
      ).toBeVisible({ timeout: 3_000 });
      // The poller reads every 30 s by default: two readings take up to a minute.
    }).toPass({ timeout: 90_000 });
    for (const series of ['cpu some', 'memory some', 'memory full', 'io some', 'swap used'])
      await expect(history.getByText(series, { exact: true })).toBeVisible();
    const pod = page.getByRole('row', { name: /report-builder-/ });
    if ((await pod.count()) === 0) continue;
    found = true;
    await expect(pod.getByText('Resize pending · Deferred')).toBeVisible();
    await pod.getByText('Resize pending · Deferred').click();
    const detail = pod.getByLabel('Resize of builder');
    await expect(detail).toContainText('memory 2Gi');
    await expect(detail).toContainText('memory 512Mi');
    await expect(pod.getByText('Burstable')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('node-1-35.png'), fullPage: true });
    await expectNoSeriousA11yViolations(page, 'a 1.35 node with a deferred resize');
  }
  expect(found).toBe(true);
});
