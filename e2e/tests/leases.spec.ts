import { expect, test } from '@playwright/test';

import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { SRE_STORAGE_STATE } from '../support/run-env.js';
import { expectView } from '../support/shell.js';

test.use({ storageState: SRE_STORAGE_STATE });
// The suite starts the whole app and several workers share a small machine: give each test room.
test.describe.configure({ timeout: 90_000 });

test.describe('leases', () => {
  test('shows leader election and node leases, filtered from the URL', async ({
    page,
  }, testInfo) => {
    await page.goto('/leases');
    await expectView(page, 'Leases');
    await expect(page.getByRole('heading', { name: 'Leader election' })).toBeVisible();
    await expect(page.getByRole('cell', { name: /kube-controller-manager/ }).first()).toBeVisible();
    const nodes = page.getByRole('table', { name: 'Node leases' });
    await expect(nodes.getByRole('row').nth(1)).toBeVisible();
    await page
      .getByRole('group', { name: 'Lease state' })
      .getByRole('button', { name: /^fresh/ })
      .click();
    await expect(page).toHaveURL(/state=fresh/);
    await page.screenshot({ path: testInfo.outputPath('leases-light.png'), fullPage: true });
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`has no serious accessibility violations (${colorScheme})`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme });
      await page.goto('/leases');
      await expect(page.getByRole('heading', { name: 'Leader election' })).toBeVisible();
      await expectNoSeriousA11yViolations(page, `the leases view (${colorScheme})`);
      await page.screenshot({ path: testInfo.outputPath(`leases-${colorScheme}.png`) });
    });
  }
});
