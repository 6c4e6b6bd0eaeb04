import { expect, test } from '@playwright/test';

import { EVICTIONS_API, waitForEvictions } from '../support/evictions.js';
import { SRE_STORAGE_STATE } from '../support/run-env.js';

test.use({ storageState: SRE_STORAGE_STATE });
test.describe.configure({ timeout: 180_000 });

const TREND =
  /crosses in .+ \(\d\d:\d\d:\d\d\)|past the threshold|rising|steady|not enough readings/;

// The least-headroom list leads to the node; its page charts the headroom and says when each signal crosses.
test('an SRE follows the least-headroom node to its headroom over time and projected crossings', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  const least = page
    .getByRole('region', { name: 'Cluster sim' })
    .getByRole('heading', { name: 'Least headroom' })
    .locator('xpath=../../..');
  await expect(least).toContainText("last 30 minutes' rate");
  const worst = least.getByRole('link').first();
  // The list fills after the kubelet poller's first round (every 30 s by default): on a server that has just
  // started that can take longer than one look.
  await expect(async () => {
    await page.reload();
    await expect(worst).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  const name = await worst.innerText();
  await worst.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '1h' }).click();
  await expect(page).toHaveURL(/range=1h/);
  const card = page.getByRole('region', { name: 'Headroom to eviction thresholds over time' });
  // Two stored readings draw a line; the poller reads every 30 s by default.
  await expect(async () => {
    await page.reload();
    await expect(
      card.getByRole('img', {
        name: "This node's memory, disk and PID headroom to the eviction thresholds over time, in percent of capacity",
      }),
    ).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 90_000 });
  for (const series of ['memory.available', 'nodefs.available', 'pid.available'])
    await expect(
      card.locator('.recharts-legend-wrapper').getByText(series, { exact: true }),
    ).toBeVisible();

  const crossings = card.getByRole('list', { name: 'Projected threshold crossings' });
  await expect(crossings.getByRole('listitem')).toHaveCount(3);
  const memory = crossings.getByRole('listitem', { name: /^memory\.available: / });
  await expect(memory).toContainText(/above threshold/);
  await expect(memory).toContainText(TREND);
  await page.screenshot({ path: testInfo.outputPath('node-headroom.png'), fullPage: true });
});

// The demo's memory leak ends in evictions: the evicted node's charts mark the episode where its lines dip.
test('the node of an eviction marks the episode on its headroom chart', async ({ page }) => {
  test.setTimeout(360_000);
  await waitForEvictions(page);
  const res = await page.request.get(`${EVICTIONS_API}?limit=1`);
  const { items } = (await res.json()) as {
    items: Array<{ node: string | null; resource: string | null }>;
  };
  const node = items[0]?.node;
  expect(node).toBeTruthy();
  await page.goto(`/nodes/${node}?range=1h`);
  const card = page.getByRole('region', { name: 'Headroom to eviction thresholds over time' });
  await expect(async () => {
    await page.reload();
    await expect(card.getByText(/^\d+ evicted · memory$/).first()).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 90_000 });
});
