import { expect, test, type Page } from '@playwright/test';

import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { SRE_STORAGE_STATE } from '../support/run-env.js';
import { expectView } from '../support/shell.js';

test.use({ storageState: SRE_STORAGE_STATE });

const grid = (page: Page) => page.getByRole('grid', { name: /^Nodes of / });

// The suite starts the whole app and several workers share a small machine: give each test room.
test.describe.configure({ timeout: 90_000 });

/** Presses Tab until `isTarget` holds for the focused element (at most `max` presses). */
async function tabUntil(page: Page, isTarget: string, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate<boolean>(
      `(() => { const el = document.activeElement; return Boolean(el && (${isTarget})); })()`,
    );
    if (hit) return;
  }
  throw new Error(`never reached ${isTarget} with Tab`);
}

test.describe('nodes', () => {
  test('lists every node with headroom, filters and sorts from the URL, live', async ({
    page,
  }, testInfo) => {
    await page.goto('/nodes');
    await expectView(page, 'Nodes');
    await expect(grid(page)).toBeVisible();
    await expect(grid(page).getByRole('row').nth(1)).toBeVisible();
    await expect(page.getByRole('button', { name: /^Live/ })).toBeVisible({ timeout: 15_000 });
    await page.screenshot({ path: testInfo.outputPath('nodes-light.png'), fullPage: true });

    await page.getByLabel('Filter nodes by text').fill('master-');
    await expect(page).toHaveURL(/q=master-/);
    await expect(grid(page).getByRole('row')).toHaveCount(4); // header + 3 control-plane nodes
    await page.reload();
    await expect(page.getByLabel('Filter nodes by text')).toHaveValue('master-');
    await expect(grid(page).getByRole('row')).toHaveCount(4);

    await page.goto('/nodes?sort=headroom&order=asc');
    await expect(page.getByRole('columnheader', { name: /Memory headroom/ })).toHaveAttribute(
      'aria-sort',
      'none',
    );
    await expect(page.getByRole('columnheader', { name: /Disk headroom/ })).toBeVisible();
    await page.getByRole('button', { name: 'Pool' }).click();
    await expect(page).toHaveURL(/sort=pool/);
  });

  test('keyboard only: filter, sort and open a node from the table', async ({ page }) => {
    await page.goto('/nodes');
    await expect(grid(page).getByRole('row').nth(1)).toBeVisible();
    // Tab from the top of the page to the text filter.
    await tabUntil(page, `el.id === 'node-filter'`);
    await expect(page.getByLabel('Filter nodes by text')).toBeFocused();
    await page.keyboard.type('general');
    await expect(page).toHaveURL(/q=general/);
    // On to the first sortable column header, and sort by it.
    await tabUntil(page, `el.closest('[role="columnheader"]') !== null`);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/order=desc/); // Name was sorted ascending; Enter reverses it.
    // Into the grid: arrows move the active row, Enter opens it.
    await tabUntil(page, `el.getAttribute('role') === 'grid'`);
    await expect(grid(page)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    const active = await grid(page).getAttribute('aria-activedescendant');
    expect(active).toBe('node-row-1');
    const name = await page.locator(`#${active} a`).innerText();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/nodes/${name.replace(/\./g, '\\.')}`));
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  });

  test('a node shows thresholds, capacity, next pods to go and its condition history', async ({
    page,
  }, testInfo) => {
    await page.goto('/nodes?q=general');
    await grid(page).getByRole('row').nth(1).getByRole('link').click();
    await expect(page.getByRole('heading', { name: 'Eviction thresholds in force' })).toBeVisible();
    await expect(page.getByText('memory.available').first()).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Capacity → allocatable' })).toBeVisible();
    await expect(page.getByRole('img', { name: /^memory: capacity/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: /eviction order/ })).toBeVisible();
    await expect(page.getByText('next to go').first()).toBeVisible();
    await expect(page.getByRole('img', { name: /^Ready:/ })).toBeVisible();
    await page.getByRole('button', { name: '7d' }).click();
    await expect(page).toHaveURL(/range=7d/);
    await page.screenshot({ path: testInfo.outputPath('node-detail-light.png'), fullPage: true });
    await expectNoSeriousA11yViolations(page, 'the node detail page');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`has no serious accessibility violations (${colorScheme})`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme });
      await page.goto('/nodes');
      await expect(grid(page).getByRole('row').nth(1)).toBeVisible();
      await expectNoSeriousA11yViolations(page, `the nodes table (${colorScheme})`);
      await page.screenshot({ path: testInfo.outputPath(`nodes-${colorScheme}.png`) });
    });
  }
});
