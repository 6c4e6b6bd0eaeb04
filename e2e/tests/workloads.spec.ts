import { expect, test, type Page } from '@playwright/test';

import { EVICTIONS_API, waitForEvictions } from '../support/evictions.js';
import { SRE_STORAGE_STATE } from '../support/run-env.js';

test.use({ storageState: SRE_STORAGE_STATE });

interface Evicted {
  namespace: string;
  ownerKind: string | null;
  ownerName: string | null;
}

/** The newest eviction of a pod that had a controller (the demo's leaking Deployment). */
async function evictedWorkload(
  page: Page,
): Promise<{ namespace: string; kind: string; name: string }> {
  let found: Evicted | undefined;
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`${EVICTIONS_API}?limit=50`);
        const items = ((await res.json()) as { items: Evicted[] }).items;
        found = items.find((e) => e.ownerKind && e.ownerName);
        return Boolean(found);
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return { namespace: found!.namespace, kind: found!.ownerKind!, name: found!.ownerName! };
}

async function expectFitsPhone(page: Page, what: string) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: what })
    .toBeLessThanOrEqual(390);
}

test.describe('workloads', () => {
  test.setTimeout(360_000);

  test('repeat offenders lead to a workload’s page: evictions over time, where they ran, pods now', async ({
    page,
  }, testInfo) => {
    await waitForEvictions(page);
    const w = await evictedWorkload(page);

    await page.goto('/workloads');
    await expect(page.getByRole('heading', { level: 1, name: 'Workloads' })).toBeVisible();
    const table = page.getByRole('table', { name: 'Evicted workloads' });
    const link = table.getByRole('link', { name: `${w.kind}/${w.name}` });
    await expect(link).toBeVisible();
    // The range is in the URL and survives into the workload page.
    await page
      .getByRole('radiogroup', { name: 'Range' })
      .getByRole('radio', { name: '30d' })
      .click();
    await expect(page).toHaveURL(/range=30d/);
    await link.click();

    await expect(page).toHaveURL(
      new RegExp(`/workloads/${w.namespace}/${w.kind}/${w.name}\\?.*range=30d`),
    );
    await expect(
      page.getByRole('heading', { level: 1, name: `${w.kind} ${w.name}` }),
    ).toBeVisible();
    const summary = page.getByRole('region', { name: 'Summary' }).or(page.getByLabel('Summary'));
    await expect(summary.getByText('Evictions (30d)')).toBeVisible();
    await expect(page.getByTestId('eviction-histogram')).toBeVisible();
    await expect(
      page.getByRole('list', { name: 'Evictions per node' }).getByRole('link').first(),
    ).toBeVisible();
    await expect(page.getByTestId('eviction-table').locator('tbody tr').first()).toBeVisible();
    // Every eviction listed here is this workload's.
    await expect(page.getByTestId('eviction-table').locator('tbody tr').first()).toContainText(
      `${w.kind}/${w.name}`,
    );
    await expect(
      page.getByRole('table', { name: 'Pods now' }).or(page.getByText('No pods now')),
    ).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('workload-1440.png'), fullPage: true });

    // The owner in an eviction row leads back here; "Open in Evictions" carries the filter there.
    await page.getByRole('link', { name: 'Open in Evictions →' }).click();
    await expect(page).toHaveURL(/\/evictions\?.*owner=/);
    await expect(page.getByTestId('eviction-table').locator('tbody tr').first()).toBeVisible();
    await page
      .getByTestId('eviction-table')
      .getByRole('link', { name: `${w.kind}/${w.name}` })
      .first()
      .click();
    await expect(
      page.getByRole('heading', { level: 1, name: `${w.kind} ${w.name}` }),
    ).toBeVisible();
  });

  test('both pages fit a phone', async ({ page }, testInfo) => {
    await waitForEvictions(page);
    const w = await evictedWorkload(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/workloads');
    await expect(page.getByRole('table', { name: 'Evicted workloads' })).toBeVisible();
    await expectFitsPhone(page, 'the workloads list');
    await page.goto(`/workloads/${w.namespace}/${w.kind}/${w.name}`);
    await expect(
      page.getByRole('heading', { level: 1, name: `${w.kind} ${w.name}` }),
    ).toBeVisible();
    await expect(page.getByTestId('eviction-histogram')).toBeVisible();
    await expectFitsPhone(page, 'the workload page');
    await page.screenshot({ path: testInfo.outputPath('workload-390.png'), fullPage: true });
  });
});
