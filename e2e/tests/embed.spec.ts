import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';

import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

import { EMBED_HOST_PORT, EMBED_TEST_KEY, SRE_STORAGE_STATE } from '../support/run-env.js';

// The panels are framed by pages served from other origins: EMBED_HOST_PORT is in PLIMSOLL_EMBED_ALLOWED_ORIGINS
// (playwright.config.ts), EMBED_HOST_PORT + 1 is not.
/** Plimsoll's front door (the config's baseURL). */
const plimsoll = () => test.info().project.use.baseURL as string;
const ALLOWED_HOST = `http://127.0.0.1:${EMBED_HOST_PORT}`;
const BLOCKED_HOST = `http://127.0.0.1:${EMBED_HOST_PORT + 1}`;

test.use({ storageState: SRE_STORAGE_STATE });
// Serial: the two host pages listen on fixed ports (the allowlist names one), once per worker would collide.
test.describe.configure({ mode: 'serial', timeout: 90_000 });

/** A tiny "Grafana": `/?src=<url>&h=<px>` answers a page with one iframe of that URL. */
function startHost(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const src = url.searchParams.get('src') ?? '';
    const esc = (s: string) =>
      s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      `<!doctype html><html><head><title>Host ${port}</title></head>` +
        `<body style="margin:0;background:#0b0c0e;font:13px sans-serif;color:#ccc">` +
        `<p style="margin:8px">Host page on ${port}</p>` +
        `<iframe id="panel" title="Plimsoll panel" src="${esc(src)}" width="${Number(url.searchParams.get('w') ?? 720)}" ` +
        `height="${Number(url.searchParams.get('h') ?? 420)}" style="border:1px solid #333;margin:8px" referrerpolicy="no-referrer"></iframe>` +
        `</body></html>`,
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

let hosts: Server[] = [];
test.beforeAll(async () => {
  hosts = await Promise.all([startHost(EMBED_HOST_PORT), startHost(EMBED_HOST_PORT + 1)]);
});
test.afterAll(async () => {
  await Promise.all(hosts.map((h) => new Promise((r) => h.close(r))));
});

type Link = { id: string; token: string; embedPath: string; expiresAt: string };

async function csrf(request: APIRequestContext): Promise<string> {
  const me = await request.get('/api/v1/auth/me');
  expect(me.status()).toBe(200);
  return ((await me.json()) as { csrfToken: string }).csrfToken;
}

async function createLink(
  request: APIRequestContext,
  body: Record<string, unknown>,
): Promise<Link> {
  const res = await request.post('/api/v1/embed-links', {
    headers: { 'x-csrf-token': await csrf(request) },
    data: { cluster: 'sim', expiresInHours: 2, ...body },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as Link;
}

async function revokeLink(request: APIRequestContext, id: string) {
  const res = await request.delete(`/api/v1/embed-links/${id}`, {
    headers: { 'x-csrf-token': await csrf(request) },
  });
  expect(res.status()).toBe(200);
}

/** Opens the host page framing `embedPath` (plus extra query) and returns the frame. */
async function openHost(
  page: Page,
  host: string,
  embedPath: string,
  extra = '',
  size = { w: 720, h: 420 },
) {
  const src = `${plimsoll()}${embedPath}${extra}`;
  await page.goto(`${host}/?src=${encodeURIComponent(src)}&w=${size.w}&h=${size.h}`);
  return page.frameLocator('#panel');
}

/** A token signed with the run's key (kid `e2e`), for payloads the API would never issue (already expired). */
function forgeToken(payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const sig = createHmac('sha256', Buffer.from(EMBED_TEST_KEY, 'utf8'))
    .update(`e2e.${body}`)
    .digest('base64url');
  return `e2e.${body}.${sig}`;
}

test.describe('embeddable panels', () => {
  test('a host on an allowed origin frames a panel that renders and updates, without cookies', async ({
    browser,
    request,
  }, testInfo) => {
    const link = await createLink(request, { panel: 'cluster-heatmap', label: 'prod headroom' });
    // A fresh context: no Plimsoll session at all, as on a Grafana viewer's machine.
    const context = await browser.newContext({
      viewport: { width: 900, height: 560 },
      storageState: { cookies: [], origins: [] },
    });
    const page = await context.newPage();
    const frame = await openHost(page, ALLOWED_HOST, link.embedPath, '&theme=dark');
    await expect(frame.getByRole('heading', { name: 'prod headroom' })).toBeVisible();
    const cells = frame
      .getByRole('list', { name: 'Nodes by worst headroom' })
      .getByRole('listitem');
    await expect(cells.first()).toBeVisible();
    expect(await cells.count()).toBeGreaterThan(3);
    await expect(frame.locator('html.dark')).toHaveCount(1);
    await page.screenshot({ path: testInfo.outputPath('embed-heatmap-dark.png') });

    // Live: the panel refetches every 10 s on its own.
    const updated = frame.getByTestId('embed-updated');
    const first = await updated.getAttribute('data-generated-at');
    await expect(updated).not.toHaveAttribute('data-generated-at', first ?? '', {
      timeout: 25_000,
    });

    // The frame holds no Plimsoll cookie and needs none.
    expect(
      (await context.cookies(plimsoll())).filter((c) => c.name === 'plimsoll_session'),
    ).toEqual([]);
    await context.close();
  });

  test('each panel renders in a small frame, light and dark', async ({
    page,
    request,
  }, testInfo) => {
    const nodes = (await (await request.get('/api/v1/clusters/sim/nodes?limit=5')).json()) as {
      items: Array<{ name: string }>;
    };
    const node =
      nodes.items.find((n) => !n.name.startsWith('master'))?.name ?? nodes.items[0]?.name;
    const panels: Array<[string, Record<string, unknown> | undefined, RegExp]> = [
      ['node-pressure', { node }, /memory/i],
      ['eviction-timeline', undefined, /the last 24 h/],
      ['tenant-quotas', { tenant: 'acme' }, /acme/],
      ['autoscaler', undefined, /Node group|No autoscaler status/],
    ];
    for (const [panel, params, text] of panels) {
      const link = await createLink(request, { panel, ...(params ? { params } : {}) });
      for (const theme of ['light', 'dark'] as const) {
        const frame = await openHost(page, ALLOWED_HOST, link.embedPath, `&theme=${theme}`, {
          w: 640,
          h: 380,
        });
        await expect(frame.locator(`[data-embed-panel="${panel}"]`)).toBeVisible();
        await expect(frame.locator('main')).toContainText(text, { timeout: 15_000 });
        await page.screenshot({ path: testInfo.outputPath(`embed-${panel}-${theme}.png`) });
      }
    }
  });

  test('a host outside the allowlist gets no panel (CSP frame-ancestors)', async ({
    page,
    request,
  }) => {
    const link = await createLink(request, { panel: 'autoscaler' });
    const direct = await request.get(link.embedPath);
    expect(direct.headers()['content-security-policy']).toBe(
      `frame-ancestors 'self' ${ALLOWED_HOST}`,
    );
    expect(direct.headers()['x-frame-options']).toBeUndefined();
    const dashboard = await request.get('/nodes');
    expect(dashboard.headers()['x-frame-options']).toBe('DENY');
    expect(dashboard.headers()['content-security-policy']).toContain("frame-ancestors 'none'");

    const refused = page.waitForEvent('console', {
      predicate: (m) => /frame-ancestors/.test(m.text()),
      timeout: 15_000,
    });
    const frame = await openHost(page, BLOCKED_HOST, link.embedPath);
    await refused;
    // The frame never shows Plimsoll: Chromium replaces it with its own error page.
    await expect(frame.locator('[data-embed-panel]')).toHaveCount(0);
    const child = page.frames().find((f) => f !== page.mainFrame());
    expect(child?.url() ?? '').not.toContain('/embed/');
  });

  test('a revoked, expired or tampered link says so inside the frame', async ({
    page,
    request,
  }, testInfo) => {
    // Revoked while on screen: the next refresh replaces the panel with the message.
    const link = await createLink(request, { panel: 'tenant-quotas', params: { tenant: 'acme' } });
    const frame = await openHost(page, ALLOWED_HOST, link.embedPath, '&theme=light');
    await expect(frame.locator('[data-embed-panel="tenant-quotas"] main')).toContainText('acme');
    await revokeLink(request, link.id);
    const alert = frame.locator('[data-embed-error]');
    await expect(alert).toContainText('was revoked', { timeout: 25_000 });
    await expect(alert).toHaveAttribute('data-embed-error', 'EMBED_TOKEN_REVOKED');
    await page.screenshot({ path: testInfo.outputPath('embed-revoked.png') });

    const live = await createLink(request, { panel: 'autoscaler' });
    const expired = forgeToken({
      lid: live.id,
      p: 'autoscaler',
      c: 'sim',
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    let f = await openHost(page, ALLOWED_HOST, `/embed/autoscaler?token=${expired}`, '&theme=dark');
    await expect(f.locator('[data-embed-error]')).toHaveAttribute(
      'data-embed-error',
      'EMBED_TOKEN_EXPIRED',
    );
    await expect(f.locator('[data-embed-error]')).toContainText('has expired');
    await page.screenshot({ path: testInfo.outputPath('embed-expired.png') });

    const [kid, body, sig] = live.token.split('.') as [string, string, string];
    const tampered = `${kid}.${body}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;
    f = await openHost(page, ALLOWED_HOST, `/embed/autoscaler?token=${tampered}`);
    await expect(f.locator('[data-embed-error]')).toHaveAttribute(
      'data-embed-error',
      'EMBED_TOKEN_INVALID',
    );
    await expect(f.locator('[data-embed-error]')).toContainText('not valid');

    f = await openHost(
      page,
      ALLOWED_HOST,
      `/embed/cluster-heatmap?token=${encodeURIComponent(live.token)}`,
    );
    await expect(f.locator('[data-embed-error]')).toHaveAttribute(
      'data-embed-error',
      'EMBED_WRONG_PANEL',
    );
    await expect(f.locator('[data-embed-error]')).toContainText('another panel');
  });

  test('an SRE creates a link with the dialog, copies the snippet, and revokes it from Embed links', async ({
    page,
  }, testInfo) => {
    await page.goto('/embed-links');
    await expect(page.getByRole('heading', { level: 1, name: 'Embed links' })).toBeVisible();
    await page.getByRole('button', { name: 'New embed link' }).click();
    const dialog = page.getByRole('dialog', { name: /Embed a panel/ });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Panel').selectOption('tenant-quotas');
    await dialog.getByLabel('Tenant').fill('acme');
    await dialog.getByLabel('Label (optional)').fill('Acme portal');
    await dialog.getByLabel('Expires after').selectOption({ label: '7 days' });
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const snippet = dialog.getByLabel(/Paste into the other site/);
    await expect(snippet).toHaveValue(
      new RegExp(`^<iframe src="${plimsoll().replace(/[.]/g, '\\.')}/embed/tenant-quotas\\?token=`),
    );
    // The dialog says where the snippet will work: Plimsoll itself and the allowed host, nowhere else.
    const origins = dialog.getByTestId('embed-allowed-origins');
    await expect(origins).toContainText('Plimsoll itself');
    await expect(origins).toContainText(ALLOWED_HOST);
    await expect(origins).not.toContainText(BLOCKED_HOST);
    await page.screenshot({ path: testInfo.outputPath('embed-dialog.png') });
    await dialog.getByRole('button', { name: 'Done' }).click();

    const row = page.getByRole('row').filter({ hasText: 'Acme portal' });
    await expect(row).toContainText('active');
    await page.screenshot({ path: testInfo.outputPath('embed-links.png'), fullPage: true });
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect(row).toContainText('revoked');
  });
});
