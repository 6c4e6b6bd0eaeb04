import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';

import { DEMO_PASSWORD } from '../support/run-env.js';

const API = '/api/v1/clusters/sim';

/** A signed-in browser context and its CSRF token, for a demo user. */
async function signedIn(
  browser: Browser,
  username: string,
  viewport = { width: 1440, height: 900 },
) {
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    viewport,
  });
  const res = await context.request.post('/api/v1/auth/login', {
    data: { username, password: DEMO_PASSWORD },
  });
  expect(res.ok()).toBe(true);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { context, csrfToken };
}

const post = (request: APIRequestContext, csrf: string, url: string, data: object = {}) =>
  request.post(url, { data, headers: { 'x-csrf-token': csrf } });

test.describe('a tenant admin’s home', () => {
  test.describe.configure({ timeout: 120_000 });

  test('shows the tenant’s requests with the decisions not seen yet marked, until opened', async ({
    browser,
  }, testInfo) => {
    const admin = await signedIn(browser, 'acme-admin');
    const sre = await signedIn(browser, 'sre');
    // Two requests of acme; the SRE turns one down and approves the other.
    const ids: string[] = [];
    for (const [pods, key] of [
      ['61', 'home-1'],
      ['62', 'home-2'],
    ] as const) {
      const res = await post(admin.context.request, admin.csrfToken, `${API}/quota-requests`, {
        namespace: 'acme-prod',
        quotaName: 'not-best-effort',
        requestedHard: { pods },
        reason: 'tenant home spec',
        idempotencyKey: `${key}-${testInfo.retry}`,
      });
      expect(res.status(), await res.text()).toBeLessThan(300);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const [rejected, approved] = ids as [string, string];
    expect(
      (
        await post(sre.context.request, sre.csrfToken, `${API}/quota-requests/${rejected}/reject`, {
          comment: 'not this week',
        })
      ).ok(),
    ).toBe(true);
    expect(
      (
        await post(sre.context.request, sre.csrfToken, `${API}/quota-requests/${approved}/approve`)
      ).ok(),
    ).toBe(true);

    const page = await admin.context.newPage();
    // Signing in with no page asked for lands on the tenant.
    await page.goto('/login');
    await expect(page).toHaveURL(/\/tenants\/acme/);
    const card = page
      .getByRole('region', { name: 'Quota requests and decisions' })
      .or(page.getByLabel('Quota requests and decisions'));
    const list = card.getByRole('list', { name: 'Requests of this tenant' });
    const rowOf = (id: string) => list.getByRole('listitem').filter({ hasText: `#${id}` });
    await expect(rowOf(approved).getByLabel('New decision, not seen yet')).toBeVisible();
    await expect(rowOf(rejected).getByLabel('New decision, not seen yet')).toBeVisible();
    await expect(card.getByText(/new decisions? since you last looked/)).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    const count = Number(await nav.getByTestId('unseen-decisions').textContent());
    expect(count).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: testInfo.outputPath('tenant-home-1440.png'), fullPage: true });

    // Opening a decision marks it seen: back home only the other one is new.
    await rowOf(approved).getByRole('button').click();
    await expect(page).toHaveURL(new RegExp(`/quota-requests\\?.*request=${approved}`));
    await expect(
      page.getByRole('list', { name: 'Audit trail' }).getByText('approved').first(),
    ).toBeVisible();
    await expect(nav.getByTestId('unseen-decisions')).toHaveText(String(count - 1));
    await page.goto('/tenants/acme');
    await expect(rowOf(rejected).getByLabel('New decision, not seen yet')).toBeVisible();
    await expect(rowOf(approved).getByLabel('New decision, not seen yet')).toHaveCount(0);

    // "Mark all seen" clears the rest, and it stays cleared after a reload.
    await card.getByRole('button', { name: 'Mark all seen' }).click();
    await expect(rowOf(rejected).getByLabel('New decision, not seen yet')).toHaveCount(0);
    await page.reload();
    await expect(rowOf(rejected)).toBeVisible();
    await expect(list.getByLabel('New decision, not seen yet')).toHaveCount(0);
    await expect(nav.getByTestId('unseen-decisions')).toHaveCount(0);
    await admin.context.close();
    await sre.context.close();
  });

  test('fits a phone, requests before the audit', async ({ browser }, testInfo) => {
    const admin = await signedIn(browser, 'acme-admin', { width: 390, height: 844 });
    const page = await admin.context.newPage();
    await page.goto('/tenants/acme');
    const requests = page.getByRole('heading', { name: 'Quota requests and decisions' });
    const audit = page.getByRole('heading', { name: 'Isolation audit' });
    await expect(requests).toBeVisible();
    await expect(audit).toBeVisible();
    const [r, a] = await Promise.all([requests.boundingBox(), audit.boundingBox()]);
    expect(r!.y).toBeLessThan(a!.y);
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(390);
    await page.screenshot({ path: testInfo.outputPath('tenant-home-390.png'), fullPage: true });
    await admin.context.close();
  });
});
