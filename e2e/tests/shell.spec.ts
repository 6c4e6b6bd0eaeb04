import { expect, test } from '@playwright/test';

import { DEMO_PASSWORD, SRE_STORAGE_STATE } from '../support/run-env.js';
import {
  NAV_LABELS,
  accountButton,
  expectView,
  mainNav,
  signInWithForm,
} from '../support/shell.js';

test.describe('signing in', () => {
  test('the demo SRE signs in and sees the shell, its navigation and the overview', async ({
    page,
  }) => {
    await page.goto('/login');
    await signInWithForm(page, 'sre', DEMO_PASSWORD);

    await expect(page).toHaveURL('/');
    await expectView(page, 'Overview');
    await expect(page.getByRole('banner')).toContainText('Plimsoll');
    await expect(page.getByRole('group', { name: 'Cluster' })).toBeVisible();
    // One cluster: the header names it, with no switcher to open.
    await expect(page.getByRole('group', { name: 'Cluster' })).toContainText('sim');
    await expect(page.getByRole('combobox', { name: 'Cluster' })).toHaveCount(0);
    await expect(accountButton(page)).toContainText('SRE');

    const links = mainNav(page).getByRole('link');
    await expect(links).toHaveCount(NAV_LABELS.length);
    for (const [index, label] of NAV_LABELS.entries()) {
      await expect(links.nth(index)).toHaveAccessibleName(label);
    }
    await expect(mainNav(page).getByRole('link', { name: 'Overview' })).toHaveAttribute(
      'aria-current',
      'page',
    );

    // The overview shows what /api/v1/health reports: this run's embedded database.
    await expect(page.getByRole('region', { name: 'Plimsoll status' })).toContainText(
      'PGlite (embedded)',
    );
    await expect(page.getByRole('heading', { name: 'Clusters' })).toBeVisible();
  });

  test('a wrong password shows the error inline and keeps the user on the sign-in page', async ({
    page,
  }) => {
    await page.goto('/login');
    await signInWithForm(page, 'sre', 'not-the-password');

    const error = page.locator('form').getByRole('alert');
    await expect(error).toHaveText(/wrong username or password/i);
    await expect(page).toHaveURL('/login');
    await expect(page.getByLabel('Password')).toBeFocused();
    await expect(page.getByLabel('Password')).toHaveValue('');
  });

  test('visiting a view signed out leads to sign-in, and back to the view afterwards', async ({
    page,
  }) => {
    await page.goto('/nodes');
    await expect(page).toHaveURL('/login?next=%2Fnodes');

    await signInWithForm(page, 'sre', DEMO_PASSWORD);
    await expect(page).toHaveURL('/nodes');
    await expectView(page, 'Nodes');
  });

  test('the demo tenant admin signs in and sees their role and tenant', async ({ page }) => {
    await page.goto('/login');
    await signInWithForm(page, 'acme-admin', DEMO_PASSWORD);

    // A tenant admin lands on their tenant, not on the cluster-wide node overview.
    await expect(page).toHaveURL(/\/tenants\/acme/);
    await expectView(page, 'Tenant acme');
    await expect(accountButton(page)).toContainText('Tenant admin');
    await accountButton(page).click();
    await expect(page.getByRole('list', { name: 'Your tenants' })).toHaveText('acme');
  });

  test('signing out ends the session', async ({ page }) => {
    await page.goto('/login');
    await signInWithForm(page, 'sre', DEMO_PASSWORD);
    await expectView(page, 'Overview');

    await accountButton(page).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL('/login?signedOut=1');
    await expect(page.getByText('You have signed out.')).toBeVisible();

    await page.goto('/leases');
    await expect(page).toHaveURL('/login?next=%2Fleases');
  });
});

test.describe('signed in', () => {
  test.use({ storageState: SRE_STORAGE_STATE });

  test('the keyboard reaches everything: skip link, navigation and g-shortcuts', async ({
    page,
  }) => {
    await page.goto('/');
    await expectView(page, 'Overview');

    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: 'Skip to content' });
    await expect(skipLink).toBeFocused();
    await expect(skipLink).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#main')).toBeFocused();

    // From the top of a fresh page, Tab to the Nodes link and follow it with Enter.
    await page.reload();
    await expectView(page, 'Overview');
    const nodesLink = mainNav(page).getByRole('link', { name: 'Nodes' });
    for (let presses = 0; presses < 15; presses += 1) {
      if (await nodesLink.evaluate((link) => link === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    await expect(nodesLink).toBeFocused();
    // Keyboard focus is visible: an outline, not the browser default of nothing on links.
    const outline = await nodesLink.evaluate((link) => getComputedStyle(link).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');

    await expect(page).toHaveURL('/nodes');
    await expectView(page, 'Nodes');
    await expect(nodesLink).toHaveAttribute('aria-current', 'page');
    await expect(mainNav(page).getByRole('link', { name: 'Overview' })).not.toHaveAttribute(
      'aria-current',
    );

    await page.locator('main#main').focus();
    await page.keyboard.press('g');
    await page.keyboard.press('e');
    await expect(page).toHaveURL('/evictions');
    await expectView(page, 'Evictions');
    await expect(mainNav(page).getByRole('link', { name: 'Evictions' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });

  test('every view in the navigation opens, is marked current, and shows no error', async ({
    page,
  }) => {
    await page.goto('/');
    for (const label of NAV_LABELS.slice(1)) {
      await mainNav(page).getByRole('link', { name: label }).click();
      await expectView(page, label);
      await expect(mainNav(page).getByRole('link', { name: label })).toHaveAttribute(
        'aria-current',
        'page',
      );
      // Inside <main>: Next.js's route announcer is an alert too.
      await expect(page.locator('main').getByRole('alert')).toHaveCount(0);
    }
  });

  test.describe('theme', () => {
    test.use({ colorScheme: 'light' });

    test('switching to dark toggles the class, persists across reloads, and applies before paint', async ({
      page,
    }) => {
      // Record the theme at the moment <body> is parsed: before any paint and before React runs.
      await page.addInitScript(() => {
        const state = window as unknown as { darkBeforeBody?: boolean };
        const record = () => {
          if (!document.body || state.darkBeforeBody !== undefined) return false;
          state.darkBeforeBody = document.documentElement.classList.contains('dark');
          return true;
        };
        if (record()) return;
        new MutationObserver((_, observer) => {
          if (record()) observer.disconnect();
        }).observe(document, { childList: true, subtree: true });
      });
      const html = page.locator('html');
      const darkBeforeBody = () =>
        page.evaluate(() => (window as unknown as { darkBeforeBody?: boolean }).darkBeforeBody);

      await page.goto('/');
      await expectView(page, 'Overview');
      await expect(html).not.toHaveClass(/\bdark\b/);
      await expect(page.getByRole('radio', { name: 'System' })).toHaveAttribute(
        'aria-checked',
        'true',
      );

      await page.getByRole('radio', { name: 'Dark' }).click();
      await expect(html).toHaveClass(/\bdark\b/);

      await page.reload();
      await expectView(page, 'Overview');
      expect(await darkBeforeBody()).toBe(true);
      await expect(html).toHaveClass(/\bdark\b/);
      await expect(page.getByRole('radio', { name: 'Dark' })).toHaveAttribute(
        'aria-checked',
        'true',
      );

      await page.getByRole('radio', { name: 'Light' }).click();
      await expect(html).not.toHaveClass(/\bdark\b/);
      await page.reload();
      await expectView(page, 'Overview');
      expect(await darkBeforeBody()).toBe(false);
      await expect(html).not.toHaveClass(/\bdark\b/);
    });

    test('System follows the operating system, live', async ({ page }) => {
      const html = page.locator('html');
      await page.goto('/');
      await expectView(page, 'Overview');
      await page.getByRole('radio', { name: 'System' }).click();
      await expect(html).not.toHaveClass(/\bdark\b/);

      await page.emulateMedia({ colorScheme: 'dark' });
      await expect(html).toHaveClass(/\bdark\b/);
      await page.emulateMedia({ colorScheme: 'light' });
      await expect(html).not.toHaveClass(/\bdark\b/);
    });
  });
});
