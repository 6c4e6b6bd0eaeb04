import { readFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { EVICTIONS_API, waitForEvictions } from '../support/evictions.js';
import { SRE_STORAGE_STATE } from '../support/run-env.js';

test.use({ storageState: SRE_STORAGE_STATE });

const API = EVICTIONS_API;

test.describe('evictions', () => {
  test.setTimeout(360_000);

  test('timeline, zoom, filters, export and the detail of an eviction', async ({
    page,
  }, testInfo) => {
    await waitForEvictions(page);
    await page.goto('/evictions');
    await expect(page.getByRole('heading', { level: 1, name: 'Evictions' })).toBeVisible();
    await expect(
      page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: '24h' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('eviction-histogram')).toBeVisible();
    const timeline = page.getByTestId('eviction-timeline');
    await expect(timeline).toBeVisible();
    await expect(timeline).toContainText('marks');
    const rows = page.getByTestId('eviction-table').locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('evictions.png'), fullPage: true });

    // Zoom: drag across the middle of the timeline; the window goes into the URL.
    const canvas = timeline.locator('canvas');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('timeline has no box');
    await page.mouse.move(box.x + box.width * 0.5, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.75, box.y + 30, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.999, box.y + 30, { steps: 5 });
    await page.mouse.up();
    await expect(page).toHaveURL(/from=.*&to=|to=.*&from=/);
    await expect(page).not.toHaveURL(/range=/);
    await expect(
      page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: '24h' }),
    ).toHaveAttribute('aria-pressed', 'false');
    const zoomed = new URL(page.url());
    const span =
      Date.parse(zoomed.searchParams.get('to') ?? '') -
      Date.parse(zoomed.searchParams.get('from') ?? '');
    expect(span).toBeLessThan(13 * 3600_000);
    expect(span).toBeGreaterThanOrEqual(60_000);
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await expect
      .poll(() => {
        const u = new URL(page.url());
        return (
          Date.parse(u.searchParams.get('to') ?? '') - Date.parse(u.searchParams.get('from') ?? '')
        );
      })
      .toBeGreaterThan(span);
    await page
      .getByRole('group', { name: 'Time range' })
      .getByRole('button', { name: '24h' })
      .click();
    await expect(page).toHaveURL(/range=24h/);

    // Filters live in the URL and narrow the list.
    await page.getByRole('combobox', { name: 'Resource', exact: true }).selectOption('memory');
    await expect(page).toHaveURL(/resource=memory/);
    await expect(rows.first()).toContainText('memory');
    const node = (await rows.first().locator('td').nth(3).innerText()).trim();
    await page.getByRole('textbox', { name: 'Node', exact: true }).fill(node);
    await page.getByRole('textbox', { name: 'Node', exact: true }).press('Enter');
    await expect(page).toHaveURL(
      new RegExp(`node=${encodeURIComponent(node).replace(/\./g, '\\.')}`),
    );
    await expect(rows.first()).toContainText(node);
    await page.getByRole('combobox', { name: 'Group by' }).selectOption('namespace');
    await expect(page).toHaveURL(/groupBy=namespace/);
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Node', exact: true })).toHaveValue(node);
    await expect(page.getByRole('combobox', { name: 'Resource', exact: true })).toHaveValue(
      'memory',
    );

    // Export: both downloads carry the filtered rows.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^evictions-sim-.*\.csv$/);
    const text = readFileSync(await csv.path(), 'utf8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,cluster,evictedAt,namespace,pod,/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes(node))).toBe(true);
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export JSON' }).click(),
    ]);
    expect(json.suggestedFilename()).toMatch(/\.json$/);
    const items = JSON.parse(readFileSync(await json.path(), 'utf8')) as Array<{ node: string }>;
    expect(items.length).toBe(lines.length - 1);
    expect(items.every((i) => i.node === node)).toBe(true);

    // Episodes tab.
    await page.getByRole('tab', { name: 'Episodes' }).click();
    await expect(page).toHaveURL(/tab=episodes/);
    await expect(page.getByTestId('eviction-episodes').locator('tbody tr').first()).toBeVisible();
    await page.getByRole('tab', { name: 'Evictions' }).click();

    // Detail: why, the node then, the episode and the kubelet's order.
    // The pod's cell (the second column; the owner's is a link too, to its workload page).
    const podLink = rows.first().locator('td').nth(1).getByRole('link');
    const pod = (await podLink.innerText()).trim();
    await podLink.click();
    await expect(page).toHaveURL(/\/evictions\/\d+\?cluster=sim/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(pod);
    await expect(page.getByTestId('eviction-message')).toContainText(
      'The node was low on resource: memory',
    );
    await expect(page.getByText('Node at that moment')).toBeVisible();
    await expect(page.getByTestId('episode-table')).toContainText(pod);
    await expect(page.getByTestId('order-explanation')).not.toBeEmpty();
    await expect(page.getByTestId('order-verdict').first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('eviction-detail.png'), fullPage: true });
    // Back to the same list: range, filters and grouping kept (an export there covers the same window).
    await page.getByRole('link', { name: '← All evictions' }).click();
    await expect(page).toHaveURL(/\/evictions\?cluster=sim/);
    await expect(page).toHaveURL(/range=24h/);
    await expect(page).toHaveURL(/groupBy=namespace/);
    await expect(page.getByRole('textbox', { name: 'Node', exact: true })).toHaveValue(node);
    await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      /resource=memory/,
    );

    // The node filter matches part of a name.
    const part = node.slice(0, Math.max(3, Math.floor(node.length / 2)));
    await page.getByRole('textbox', { name: 'Node', exact: true }).fill(part);
    await page.getByRole('textbox', { name: 'Node', exact: true }).press('Enter');
    await expect(page).toHaveURL(
      new RegExp(`node=${encodeURIComponent(part).replace(/\./g, '\\.')}`),
    );
    await expect(rows.first()).toContainText(part);
  });

  test('a tenant admin sees none of the demo cluster’s untenanted evictions', async ({
    browser,
  }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const res = await context.request.post('/api/v1/auth/login', {
      data: {
        username: 'acme-admin',
        password: process.env.PLIMSOLL_DEMO_PASSWORD ?? 'plimsoll-e2e',
      },
    });
    expect(res.ok()).toBe(true);
    const list = await context.request.get(`${API}?namespace=shop,payments`);
    expect(list.ok()).toBe(true);
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
    await context.close();
  });
  test('compares the last hour with the hour before', async ({ page }) => {
    await waitForEvictions(page);
    await page.goto('/evictions?range=1h');
    const compare = page.getByRole('button', { name: 'Compare with the 1h before' });
    await expect(compare).toHaveAttribute('aria-pressed', 'false');
    await compare.click();
    await expect(page).toHaveURL(/compare=previous/);
    await expect(compare).toHaveAttribute('aria-pressed', 'true');
    // The demo cluster started minutes ago: its evictions are all in this hour, none in the hour before.
    await expect(page.getByTestId('eviction-comparison')).toHaveText('1h before: 0 · new');
    await expect(
      page.getByRole('heading', { name: /^[1-9][\d,]* evictions? · per / }),
    ).toBeVisible();
    // The shared URL opens the comparison as it was.
    await page.reload();
    await expect(page.getByTestId('eviction-comparison')).toHaveText('1h before: 0 · new');
  });
});
