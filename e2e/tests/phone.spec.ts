import { expect, test, type Page } from '@playwright/test';

import { DEMO_PASSWORD, SRE_STORAGE_STATE } from '../support/run-env.js';

test.use({ viewport: { width: 390, height: 844 } });

/** Elements that stick out past the right edge without a scrolling box around them. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll('body *'))
      .filter((e) => {
        if (e.getBoundingClientRect().right <= vw + 1) return false;
        if (getComputedStyle(e).position === 'fixed') return false;
        for (let a = e.parentElement; a; a = a.parentElement) {
          const o = getComputedStyle(a).overflowX;
          if (o === 'auto' || o === 'scroll' || o === 'hidden') return false;
        }
        return true;
      })
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${String(e.getAttribute('class')).slice(0, 50)}`);
  });
}

async function expectFits(page: Page, what: string) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: what })
    .toBeLessThanOrEqual(390);
  expect(await overflowing(page), what).toEqual([]);
}

test.describe('at 390 px', () => {
  test('an SRE’s views fit the phone and headers keep their titles whole', async ({
    browser,
  }, testInfo) => {
    const context = await browser.newContext({
      storageState: SRE_STORAGE_STATE,
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    for (const [path, title] of [
      ['/', 'Overview'],
      ['/nodes', 'Nodes'],
      ['/evictions', 'Evictions'],
      ['/leases', 'Leases'],
      ['/autoscaler', 'Autoscaler'],
      ['/tenants', 'Tenants'],
      ['/quota-requests', 'Quota requests'],
    ] as const) {
      await page.goto(path);
      const h1 = page.getByRole('heading', { level: 1, name: title });
      await expect(h1).toBeVisible();
      // A title squeezed by header buttons wraps to a word per line; whole, it is one line.
      const box = await h1.boundingBox();
      expect(box?.height ?? 0, `${title} title on one line`).toBeLessThan(40);
      await expectFits(page, path);
    }
    await page.goto('/');
    await expect(page.getByLabel('Nodes by condition in sim')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('overview-390.png'), fullPage: true });
    const node = page.getByRole('link', { name: /compute\.internal/ }).first();
    await node.click();
    await expect(page.getByLabel('Node summary')).toBeVisible();
    await expectFits(page, 'node page');
    // The drain preview is a modal that scrolls inside itself; its pod rows and buttons stay on the screen.
    await page.getByRole('button', { name: 'Drain…' }).click();
    const drain = page.getByRole('dialog', { name: /^Drain / });
    await expect(drain.getByRole('list', { name: 'Pods on the node' })).toBeVisible();
    const dialogBox = await drain.boundingBox();
    expect(
      (dialogBox?.x ?? 0) + (dialogBox?.width ?? 999),
      'drain dialog inside 390 px',
    ).toBeLessThanOrEqual(390);
    expect(
      await drain.evaluate((d) => d.scrollWidth <= d.clientWidth),
      'drain dialog without sideways scrolling',
    ).toBe(true);
    for (const el of await drain.locator('li, button').all()) {
      const b = await el.boundingBox();
      if (b) expect(b.x + b.width).toBeLessThanOrEqual(391);
    }
    await page.screenshot({ path: testInfo.outputPath('drain-preview-390.png') });
    await page.keyboard.press('Escape');
    await expect(drain).toBeHidden();
    // The header has no room for the Local / UTC switch on a phone; the account menu holds it.
    await expect(page.getByRole('radiogroup', { name: 'Times shown in' })).toHaveCount(0);
    await page.getByRole('button', { name: /^Account:/ }).click();
    const zone = page.getByRole('radiogroup', { name: 'Times shown in' });
    await zone.getByRole('radio', { name: 'UTC' }).click();
    await expect(zone.getByRole('radio', { name: 'UTC' })).toHaveAttribute('aria-checked', 'true');
    await expectFits(page, 'account menu');
    await context.close();
  });

  test('a tenant admin reads the whole isolation audit on a phone', async ({
    browser,
  }, testInfo) => {
    const context = await browser.newContext({
      storageState: { cookies: [], origins: [] },
      viewport: { width: 390, height: 844 },
    });
    const res = await context.request.post('/api/v1/auth/login', {
      data: { username: 'acme-admin', password: DEMO_PASSWORD },
    });
    expect(res.ok()).toBe(true);
    const page = await context.newPage();
    await page.goto('/tenants/acme?cluster=sim');
    await expect(page.getByRole('heading', { level: 1, name: 'Tenant acme' })).toBeVisible();
    const audit = page.getByRole('heading', { name: 'Isolation audit' });
    await expect(audit).toBeVisible();
    await expect(page.getByRole('table', { name: /^Offenders:/ }).first()).toBeVisible();
    await expectFits(page, 'tenant page');
    // Each finding's object and reason are inside the screen.
    for (const cell of await page
      .getByRole('table', { name: /^Offenders:/ })
      .locator('td')
      .all()) {
      const b = await cell.boundingBox();
      if (b) expect(b.x + b.width).toBeLessThanOrEqual(391);
    }
    await page.screenshot({ path: testInfo.outputPath('tenant-390.png'), fullPage: true });
    await context.close();
  });
});
