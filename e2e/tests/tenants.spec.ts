import { expect, test } from '@playwright/test';

import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { SRE_STORAGE_STATE } from '../support/run-env.js';
import { expectView } from '../support/shell.js';

test.use({ storageState: SRE_STORAGE_STATE });
test.describe.configure({ timeout: 90_000 });

test.describe('tenants', () => {
  test('lists tenants with quota usage and isolation, and opens the isolation audit', async ({
    page,
  }, testInfo) => {
    await page.goto('/tenants');
    await expectView(page, 'Tenants');
    const table = page.getByRole('table', { name: 'Tenants' });
    await expect(table.getByRole('link', { name: 'acme', exact: true })).toBeVisible();
    await expect(table.getByRole('link', { name: 'globex', exact: true })).toBeVisible();
    await expect(table.getByRole('meter').first()).toBeVisible();
    await page
      .getByRole('group', { name: 'Sort tenants' })
      .getByRole('button', { name: 'Isolation' })
      .click();
    await expect(page).toHaveURL(/sort=score/);
    await page.screenshot({ path: testInfo.outputPath('tenants-light.png'), fullPage: true });

    await table.getByRole('link', { name: 'acme', exact: true }).click();
    await expectView(page, 'Tenant acme');
    const checks = page.getByRole('list', { name: 'Isolation checks' });
    await expect(
      checks.getByRole('listitem', { name: /No privileged pods.*: fail/ }),
    ).toBeVisible();
    await expect(checks.getByText(/debug-tools/).first()).toBeVisible();
    await expect(
      checks.getByRole('listitem', { name: /Pod Security Admission.*: fail/ }),
    ).toBeVisible();
    await expect(
      checks.getByRole('listitem', { name: /default-deny NetworkPolicy: pass/ }),
    ).toBeVisible();
    await expect(page.getByText('How to fix:').first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('tenant-acme-light.png'), fullPage: true });
  });

  test('shows quota history with a projection', async ({ page }, testInfo) => {
    await page.goto('/quotas?tenant=acme');
    await expectView(page, 'Quotas');
    await expect(
      page.getByRole('list', { name: 'Quotas' }).getByRole('button').first(),
    ).toBeVisible();
    await expect(page.getByRole('list', { name: 'Projections' })).toBeVisible();
    await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '24 h' }).click();
    await expect(page).toHaveURL(/hours=24/);
    await expect(page.getByRole('list', { name: 'Projections' })).toBeVisible();
    await expect(page.getByRole('img', { name: /Usage of .* over time/ })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('quotas-light.png'), fullPage: true });
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`has no serious accessibility violations (${colorScheme})`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme });
      await page.goto('/tenants/globex');
      await expect(page.getByRole('list', { name: 'Isolation checks' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Quota usage' })).toBeVisible();
      await expectNoSeriousA11yViolations(page, `the tenant page (${colorScheme})`);
      await page.screenshot({
        path: testInfo.outputPath(`tenant-globex-${colorScheme}.png`),
        fullPage: true,
      });
      await page.goto('/tenants');
      await expect(page.getByRole('table', { name: 'Tenants' })).toBeVisible();
      await expectNoSeriousA11yViolations(page, `the tenants list (${colorScheme})`);
      await page.screenshot({
        path: testInfo.outputPath(`tenants-${colorScheme}.png`),
        fullPage: true,
      });
    });
  }
});
