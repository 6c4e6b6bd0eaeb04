import { expect, test } from '@playwright/test';

import { SRE_STORAGE_STATE } from '../support/run-env.js';

test.use({ storageState: SRE_STORAGE_STATE });

const API = '/api/v1/clusters/sim';

interface NodeRow {
  name: string;
  ready: string;
  leaseState: string;
  badConditions: string[];
  unknownConditions: string[];
}

test.describe('honest Unknowns', () => {
  test.setTimeout(480_000);

  test('a node that lost its lease reads Unknown, not pressure, and its open episode has no "gap 0s"', async ({
    page,
  }, testInfo) => {
    // The demo scenario cuts a worker's lease four minutes in; the controller's grace period is 50 s.
    let stale: NodeRow | undefined;
    await expect
      .poll(
        async () => {
          const res = await page.request.get(`${API}/nodes`);
          if (!res.ok()) return false;
          const items = ((await res.json()) as { items: NodeRow[] }).items;
          stale = items.find((n) => n.leaseState === 'stale' && n.ready === 'Unknown');
          return stale !== undefined;
        },
        { timeout: 420_000, intervals: [5_000] },
      )
      .toBe(true);
    if (!stale) throw new Error('no stale node');
    expect(stale.unknownConditions).toEqual(
      expect.arrayContaining(['MemoryPressure', 'DiskPressure', 'PIDPressure']),
    );
    expect(stale.badConditions).not.toContain('MemoryPressure');

    // The overview counts it as Unknown; the pressure counts are only nodes whose condition is True.
    const overview = (await (await page.request.get(`${API}/overview`)).json()) as {
      counts: { unknown: number; memoryPressure: number };
    };
    expect(overview.counts.unknown).toBeGreaterThanOrEqual(1);
    await page.goto('/');
    const counts = page.getByLabel('Nodes by condition in sim');
    await expect(counts.getByRole('link', { name: /^Unknown/ })).not.toHaveText(
      /^\s*Unknown\s*0\s*$/,
    );
    await expect(counts.getByRole('link', { name: /^MemoryPressure/ })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('overview-unknown.png') });

    // Its page: the conditions are Unknown (neutral), no red pressure badge; the deadline has passed.
    await page.goto(`/nodes/${encodeURIComponent(stale.name)}?cluster=sim`);
    const summary = page.getByLabel('Node summary');
    await expect(summary).toContainText(/conditions Unknown|Pressure Unknown/);
    await expect(summary.getByText('MemoryPressure', { exact: true })).toHaveCount(0);
    await expect(page.getByText('Marked Unknown at')).toBeVisible();
    const ongoing = page.locator('li', { hasText: 'ongoing' }).first();
    await expect(ongoing).toContainText(/so far/);
    await expect(ongoing).not.toContainText('gap 0s');
    await page.screenshot({ path: testInfo.outputPath('stale-node.png'), fullPage: true });

    // The leases view: the same open episode, same wording.
    await page.goto('/leases');
    await expect(
      page.getByText(/no renewal for .* so far|stale for .* so far/).first(),
    ).toBeVisible();
    await expect(page.getByText(/gap 0s/)).toHaveCount(0);

    // A healthy node: the instant is a deadline, not a past event.
    const items = ((await (await page.request.get(`${API}/nodes`)).json()) as { items: NodeRow[] })
      .items;
    const healthy = items.find((n) => n.leaseState === 'fresh' && n.ready === 'True');
    if (!healthy) throw new Error('no healthy node');
    await page.goto(`/nodes/${encodeURIComponent(healthy.name)}?cluster=sim`);
    await expect(page.getByText('Marked Unknown if not renewed by')).toBeVisible();
    await expect(page.getByText('Marked Unknown at')).toHaveCount(0);
  });
});
