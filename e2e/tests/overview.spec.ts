import { expect, test } from '@playwright/test';

import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { SRE_STORAGE_STATE } from '../support/run-env.js';
import { expectView } from '../support/shell.js';

test.use({ storageState: SRE_STORAGE_STATE });
// The suite starts the whole app and several workers share a small machine: give each test room.
test.describe.configure({ timeout: 90_000 });

test.describe('overview', () => {
  test('shows nodes by condition, the heatmap and the way to the node in trouble', async ({
    page,
  }, testInfo) => {
    await page.goto('/');
    await expectView(page, 'Overview');
    const cluster = page.getByRole('region', { name: 'Cluster sim' });
    await expect(
      cluster.getByRole('img', { name: /^Headroom heatmap of \d+ nodes/ }),
    ).toBeVisible();
    await expect(cluster.getByRole('link', { name: /^Ready\s*\d+/ })).toBeVisible();
    await expect(cluster.getByRole('heading', { name: 'Control-plane leaders' })).toBeVisible();
    await expect(cluster.getByRole('heading', { name: 'Cluster autoscaler' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Live/ })).toBeVisible({ timeout: 15_000 });
    await page.screenshot({ path: testInfo.outputPath('overview-light.png'), fullPage: true });

    // The least-headroom list is the keyboard's way into the heatmap's nodes.
    const worst = cluster
      .getByRole('heading', { name: 'Least headroom' })
      .locator('xpath=../../..')
      .getByRole('link')
      .first();
    await expect(worst).toBeVisible({ timeout: 20_000 });
    const name = await worst.innerText();
    await worst.click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  });

  test('pauses and resumes live updates', async ({ page }) => {
    await page.goto('/');
    const live = page.getByRole('button', { name: /^Live/ });
    await expect(live).toBeVisible({ timeout: 15_000 });
    await live.click();
    await expect(page.getByRole('button', { name: /^Paused/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await page.getByRole('button', { name: /^Paused/ }).click();
    await expect(page.getByRole('button', { name: /^Live/ })).toBeVisible({ timeout: 15_000 });
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`has no serious accessibility violations (${colorScheme})`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme });
      await page.goto('/');
      await expect(page.getByRole('img', { name: /^Headroom heatmap/ })).toBeVisible();
      await expectNoSeriousA11yViolations(page, `the overview (${colorScheme})`);
      await page.screenshot({
        path: testInfo.outputPath(`overview-${colorScheme}.png`),
        fullPage: true,
      });
    });
  }
});
