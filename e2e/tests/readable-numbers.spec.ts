import { expect, test } from '@playwright/test';

import { EVICTIONS_API, waitForEvictions } from '../support/evictions.js';
import { SRE_STORAGE_STATE } from '../support/run-env.js';

test.use({ storageState: SRE_STORAGE_STATE, timezoneId: 'Asia/Kolkata' });

// A kubelet prints usage as a plain byte count ("33756615552"); nobody should have to count digits.
const RAW_BYTES = /\b\d{7,}\b/;
const BINARY_UNIT = /\d (B|KiB|MiB|GiB|TiB)\b/;

test.describe('readable numbers and one clock', () => {
  test.setTimeout(360_000);

  test('an SRE reads bytes in binary units and every date in the zone chosen in the header', async ({
    page,
  }, testInfo) => {
    await waitForEvictions(page);
    const first = (
      (await (await page.request.get(`${EVICTIONS_API}?limit=1`)).json()) as {
        items: Array<{ id: string; evictedAt: string; pod: string }>;
      }
    ).items[0];
    if (!first) throw new Error('no eviction');

    await page.goto('/evictions?range=24h');
    const table = page.getByTestId('eviction-table');
    const row = table.locator('tbody tr').first();
    await expect(row).toBeVisible();
    // Threshold / available and offenders (usage / request); the kubelet message stays verbatim.
    await expect(row.locator('td').nth(8)).toContainText(BINARY_UNIT);
    for (const cell of [7, 8])
      expect(await row.locator('td').nth(cell).innerText()).not.toMatch(RAW_BYTES);

    // The header switch: local time (India, +05:30) by default, UTC when chosen, kept over a reload.
    const zone = page.getByRole('radiogroup', { name: 'Times shown in' });
    await expect(zone.getByRole('radio', { name: 'Local' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    const utc = first.evictedAt.slice(0, 19).replace('T', ' ');
    const local = new Date(Date.parse(first.evictedAt) + 5.5 * 3600_000)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
    await expect(row.locator('td').first()).toHaveText(local);
    await zone.getByRole('radio', { name: 'UTC' }).click();
    await expect(row.locator('td').first()).toHaveText(utc);
    await page.reload();
    await expect(zone.getByRole('radio', { name: 'UTC' })).toHaveAttribute('aria-checked', 'true');
    await expect(
      page.getByTestId('eviction-table').locator('tbody tr').first().locator('td').first(),
    ).toHaveText(utc);

    // Episodes: what was reclaimed, in units.
    await page.getByRole('tab', { name: 'Episodes' }).click();
    const episodes = page.getByTestId('eviction-episodes');
    await expect(episodes.locator('tbody tr').first()).toContainText(BINARY_UNIT);
    expect(await episodes.innerText()).not.toMatch(RAW_BYTES);

    // The detail: threshold, usage, "reclaimed at least" and the episode's usage column.
    await page.goto(`/evictions/${first.id}?cluster=sim`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(first.pod);
    await expect(page.getByText(/reclaimed at least \d+(\.\d)? (B|KiB|MiB|GiB|TiB)/)).toBeVisible();
    await expect(page.getByText(`Evicted ${utc}`).first()).toBeVisible();
    expect(await page.getByTestId('episode-table').innerText()).not.toMatch(RAW_BYTES);
    await page.screenshot({ path: testInfo.outputPath('eviction-detail-utc.png'), fullPage: true });

    // Node lists and the node page follow the same clock and units.
    await page.goto('/nodes');
    await expect(page.locator('main')).toContainText(/GiB/);
    expect(await page.locator('main').innerText()).not.toMatch(RAW_BYTES);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/evictions/${first.id}?cluster=sim`);
    await expect(page.getByText(/reclaimed at least \d/)).toBeVisible();
  });
});
