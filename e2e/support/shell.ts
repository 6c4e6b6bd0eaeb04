import { expect, type Page } from '@playwright/test';

/** The views in the sidebar, in order. */
export const NAV_LABELS = [
  'Overview',
  'Nodes',
  'Evictions',
  'Workloads',
  'Leases',
  'Autoscaler',
  'Machines',
  'Tenants',
  'Quota requests',
  'Quotas',
  'Embed links',
] as const;

/** Fill in and submit the sign-in form on the current page. */
export async function signInWithForm(page: Page, username: string, password: string) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The sidebar navigation. */
export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

/** The button that opens the account panel (its name starts with "Account:"). */
export function accountButton(page: Page) {
  return page.getByRole('button', { name: /^Account:/ });
}

/** Wait until the shell shows the view whose h1 is `title`. */
export async function expectView(page: Page, title: string) {
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}
