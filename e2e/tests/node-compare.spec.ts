import { expect, test } from '@playwright/test';

import { SRE_STORAGE_STATE } from '../support/run-env.js';

test.use({ storageState: SRE_STORAGE_STATE });
test.describe.configure({ timeout: 180_000 });

const NODES_API = '/api/v1/clusters/sim/nodes';

// This hour against the hour before, on one node of the simulated cluster: the comparison rides in the URL.
test('an SRE compares a node’s last hour with the hour before', async ({ page }) => {
  let name = '';
  // The collector lists the simulator's nodes shortly after the server starts.
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`${NODES_API}?limit=1`);
        name = res.ok()
          ? (((await res.json()) as { items: Array<{ name: string }> }).items[0]?.name ?? '')
          : '';
        return name;
      },
      { timeout: 60_000 },
    )
    .not.toBe('');

  await page.goto(`/nodes/${encodeURIComponent(name)}?range=1h`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const compare = page.getByRole('button', { name: 'Compare with the hour before', exact: true });
  await expect(compare).toHaveAttribute('aria-pressed', 'false');
  await compare.click();
  await expect(page).toHaveURL(/compare=previous/);
  await expect(compare).toHaveAttribute('aria-pressed', 'true');

  const summary = page.getByTestId('node-window-comparison');
  // The demo cluster started minutes ago: this hour has kubelet readings (the poller reads every 30 s),
  // the hour before none.
  const lowest = /^memory lowest -?\d+% \(previous 1h: —\)/;
  await expect(async () => {
    await page.reload();
    await expect(summary.getByRole('listitem').first()).toHaveText(lowest, { timeout: 3_000 });
  }).toPass({ timeout: 90_000 });
  await expect(summary.getByRole('listitem')).toHaveCount(3);
  await expect(page.getByTestId('node-conditions-comparison')).toContainText(
    /unhealthy transitions? in this window, \d+ unhealthy transitions? in the 1h before · /,
  );

  // A range change keeps the comparison, and the shared URL opens it as it was.
  await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '24h' }).click();
  // 24h is the default range, which the URL leaves out.
  await expect(page).not.toHaveURL(/range=/);
  await expect(page).toHaveURL(/compare=previous/);
  const compareDay = page.getByRole('button', { name: 'Compare with the 24 hours before' });
  await expect(compareDay).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(compareDay).toHaveAttribute('aria-pressed', 'true');
  await expect(summary).toContainText('(previous 24h: ');

  // On a phone the range picker and the compare button wrap instead of widening the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(390);
  const box = await compareDay.boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
});
