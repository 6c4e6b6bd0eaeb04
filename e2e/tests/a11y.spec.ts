import { expect, test } from '@playwright/test';

import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { SRE_STORAGE_STATE } from '../support/run-env.js';
import { accountButton, expectView } from '../support/shell.js';

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('the sign-in page, and its error message', async ({ page }) => {
      await page.goto('/login');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await expectNoSeriousA11yViolations(page, `the sign-in page (${colorScheme})`);

      // Empty fields are caught in the browser, so this needs no sign-in attempt.
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByText('Enter your username.')).toBeVisible();
      await expectNoSeriousA11yViolations(page, `the sign-in form's errors (${colorScheme})`);
    });

    test.describe('signed in', () => {
      test.use({ storageState: SRE_STORAGE_STATE });

      test('the shell with the overview, and with the account panel open', async ({ page }) => {
        await page.goto('/');
        await expectView(page, 'Overview');
        await expect(page.getByRole('heading', { name: 'Clusters' })).toBeVisible();
        await expectNoSeriousA11yViolations(page, `the overview (${colorScheme})`);

        await accountButton(page).click();
        await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
        await expectNoSeriousA11yViolations(page, `the account panel (${colorScheme})`);
      });

      test('the nodes view', async ({ page }) => {
        await page.goto('/nodes');
        await expectView(page, 'Nodes');
        await expectNoSeriousA11yViolations(page, `the nodes view (${colorScheme})`);
      });
    });
  });
}

test('the sign-in form is labelled for assistive technology', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('textbox', { name: 'Username' })).toHaveAttribute(
    'autocomplete',
    'username',
  );
  await expect(page.getByLabel('Password')).toHaveAttribute('autocomplete', 'current-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('textbox', { name: 'Username' })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expect(page.getByRole('textbox', { name: 'Username' })).toHaveAccessibleDescription(
    'Enter your username.',
  );
});
