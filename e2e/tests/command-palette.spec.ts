import { expect, test } from '@playwright/test';

import { DEMO_PASSWORD, SRE_STORAGE_STATE } from '../support/run-env.js';

test.describe('command palette', () => {
  test('an SRE finds a node with Ctrl+K and the keyboard alone, and lists the shortcuts with ?', async ({
    browser,
  }, testInfo) => {
    const context = await browser.newContext({ storageState: SRE_STORAGE_STATE });
    const page = await context.newPage();
    const nodes = (await (await page.request.get('/api/v1/clusters/sim/nodes')).json()) as {
      items: Array<{ name: string }>;
    };
    const node = nodes.items[3]?.name;
    if (!node) throw new Error('no node');
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();

    await page.keyboard.press('Control+k');
    const input = page.getByRole('combobox');
    await expect(input).toBeFocused();
    // Part of the name, in capitals: the search is a case-insensitive substring match.
    await input.fill(node.slice(3, 14).toUpperCase());
    const option = page.getByRole('option', { name: new RegExp(node.replace(/\./g, '\\.')) });
    await expect(option).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('palette.png') });
    // Keyboard only: move down to the node and open it.
    while ((await option.getAttribute('aria-selected')) !== 'true')
      await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/nodes/${encodeURIComponent(node)}`));
    await expect(page.getByRole('heading', { level: 1, name: node })).toBeVisible();

    // `/` opens it too; a view by name; Escape closes.
    await page.keyboard.press('/');
    await expect(page.getByRole('combobox')).toBeFocused();
    await page.getByRole('combobox').fill('evic');
    await expect(page.getByRole('option', { name: /^Evictions/ }).first()).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('combobox')).toHaveCount(0);

    // Nothing matches: it says so.
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox').fill('zzzz-no-such-thing');
    await expect(page.getByText(/Nothing named like/)).toBeVisible();
    await page.keyboard.press('Escape');

    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('g n');
    await expect(dialog).toContainText('Ctrl K');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await context.close();
  });

  test('a tenant admin on a phone finds only their own tenant', async ({ browser }, testInfo) => {
    const context = await browser.newContext({
      storageState: { cookies: [], origins: [] },
      viewport: { width: 390, height: 844 },
    });
    const res = await context.request.post('/api/v1/auth/login', {
      data: { username: 'acme-admin', password: DEMO_PASSWORD },
    });
    expect(res.ok()).toBe(true);
    const page = await context.newPage();
    await page.goto('/tenants');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('combobox').fill('globex');
    await expect(page.getByText(/Nothing named like/)).toBeVisible();
    await page.getByRole('combobox').fill('acme');
    const tenant = page.getByRole('option', { name: /^acme/ }).first();
    await expect(tenant).toBeVisible();
    await expect(page.getByRole('option', { name: /globex/ })).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('palette-tenant-390.png') });
    await context.close();
  });
});
