import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { EMBED_PANELS } from '@plimsoll/shared/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/app.js';
import { loadEnv } from '../../src/config/env.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { createEmbedLinkRepository } from '../../src/repositories/embed-link-repository.js';
import { resolveEmbedKeyring } from '../../src/services/embed/embed-keys.js';
import {
  buildClusterTestApp,
  buildTestApp,
  createTestDatabase,
  errorBody,
  signIn,
} from '../helper.js';

type Ctx = Awaited<ReturnType<typeof buildClusterTestApp>>;
type Session = { headers: { cookie: string }; csrfToken: string };
type Link = {
  id: string;
  panel: string;
  cluster: string;
  tenant: string | null;
  params: Record<string, unknown>;
  createdBy: string;
  state: string;
  useCount: number;
  lastUsedAt: string | null;
  keyId: string;
  token: string | null;
  embedPath: string | null;
};

const KEY_1 = 'k1-secret-000000000000000000000000000000';
const KEY_2 = 'k2-secret-111111111111111111111111111111';

async function waitFor<T>(
  fn: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A token as the server makes it, signed by whatever key the test names (to forge expiry, old and removed keys). */
function forgeToken(kid: string, secret: string, payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const sig = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${kid}.${body}`)
    .digest('base64url');
  return `${kid}.${body}.${sig}`;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('embed links and embeddable panels (demo scenario)', () => {
  let t: Ctx;
  let sre: Session;
  let acme: Session;
  let viewer: Session;
  let nodeName: string;

  beforeAll(async () => {
    t = await buildClusterTestApp({
      PLIMSOLL_SIM_SCENARIO: 'demo',
      PLIMSOLL_EMBED_KEYS: JSON.stringify({ k1: KEY_1, k2: KEY_2 }),
      PLIMSOLL_EMBED_ACTIVE_KEY: 'k2',
      PLIMSOLL_EMBED_ALLOWED_ORIGINS:
        "'self'  https://grafana.example.com https://*.wiki.example.com",
    });
    const collector = t.manager.collectors.get('sim')!;
    await waitFor(
      () =>
        collector.health().state === 'synced' && collector.cache.resourcequotas.size > 0
          ? true
          : undefined,
      'the collector to sync',
    );
    nodeName = [...collector.cache.nodes.keys()].sort()[0]!;
    sre = await signIn(t.app, 'sre');
    acme = await signIn(t.app, 'acme-admin');
    viewer = await signIn(t.app, 'viewer');
  }, 90_000);
  afterAll(() => t?.close());

  async function create(who: Session, body: Record<string, unknown>) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/embed-links',
      headers: { ...who.headers, 'x-csrf-token': who.csrfToken },
      payload: { cluster: 'sim', ...body },
    });
  }
  async function createOk(who: Session, body: Record<string, unknown>): Promise<Link> {
    const res = await create(who, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Link>();
  }
  const data = (panel: string, token: string, extra = '') =>
    t.app.inject({ url: `/api/v1/embed/${panel}/data${extra}`, headers: bearer(token) });

  it('serves each panel to its token, without a session', async () => {
    const bodies: Record<string, Record<string, unknown>> = {
      'node-pressure': { panel: 'node-pressure', params: { node: nodeName } },
      'cluster-heatmap': { panel: 'cluster-heatmap' },
      'eviction-timeline': {
        panel: 'eviction-timeline',
        params: { rangeHours: 6, groupBy: 'namespace' },
      },
      'tenant-quotas': { panel: 'tenant-quotas', params: { tenant: 'acme' } },
      autoscaler: { panel: 'autoscaler' },
    };
    for (const panel of EMBED_PANELS) {
      const link = await createOk(sre, {
        ...bodies[panel],
        label: `test ${panel}`,
        expiresInHours: 2,
      });
      expect(link).toMatchObject({
        panel,
        cluster: 'sim',
        state: 'active',
        keyId: 'k2',
        createdBy: 'sre',
      });
      expect(link.embedPath).toBe(`/embed/${panel}?token=${encodeURIComponent(link.token!)}`);
      const res = await data(panel, link.token!);
      expect(res.statusCode, `${panel}: ${res.body}`).toBe(200);
      const body = res.json<Record<string, unknown>>();
      expect(body).toMatchObject({ panel, cluster: 'sim', label: `test ${panel}` });
      expect(res.headers['cache-control']).toBe('no-store');
      if (panel === 'node-pressure') {
        expect(body).toMatchObject({ node: nodeName, found: true });
        expect((body.conditions as unknown[]).length).toBeGreaterThan(0);
      }
      if (panel === 'cluster-heatmap')
        expect((body.cells as unknown[]).length).toBe(
          t.manager.collectors.get('sim')!.cache.nodes.size,
        );
      if (panel === 'tenant-quotas') expect((body.quotas as unknown[]).length).toBeGreaterThan(0);
      // The query-string form works too (for <iframe src>).
      const viaQuery = await t.app.inject({
        url: `/api/v1/embed/${panel}/data?token=${encodeURIComponent(link.token!)}`,
      });
      expect(viaQuery.statusCode).toBe(200);
    }
  });

  it('lets an SRE embed any panel, a tenant admin only their tenant’s panels, and refuses viewers', async () => {
    expect(
      (await create(viewer, { panel: 'tenant-quotas', params: { tenant: 'acme' } })).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/embed-links',
          payload: { cluster: 'sim', panel: 'autoscaler' },
        })
      ).statusCode,
    ).toBe(401);

    for (const panel of ['node-pressure', 'cluster-heatmap', 'autoscaler']) {
      const res = await create(acme, {
        panel,
        params: panel === 'node-pressure' ? { node: nodeName } : {},
      });
      expect(res.statusCode, panel).toBe(403);
      expect(errorBody(res).code).toBe('FORBIDDEN');
    }
    const other = await create(acme, { panel: 'tenant-quotas', params: { tenant: 'globex' } });
    expect(other.statusCode).toBe(403);
    expect(errorBody(other).message).not.toMatch(/globex-/);
    expect(
      (await create(acme, { panel: 'eviction-timeline', params: { tenant: 'globex' } })).statusCode,
    ).toBe(403);

    const quotas = await createOk(acme, { panel: 'tenant-quotas', params: { tenant: 'acme' } });
    expect(quotas.tenant).toBe('acme');
    // A tenant admin's eviction timeline is restricted to their tenant even when they name none.
    const timeline = await createOk(acme, { panel: 'eviction-timeline', params: {} });
    expect(timeline).toMatchObject({ tenant: 'acme', params: { tenant: 'acme' } });

    expect((await create(sre, { cluster: 'nope', panel: 'autoscaler' })).statusCode).toBe(404);
    expect((await create(sre, { panel: 'node-pressure', params: {} })).statusCode).toBe(400);
    expect((await create(sre, { panel: 'autoscaler', expiresInHours: 24 * 400 })).statusCode).toBe(
      400,
    );
  });

  it('lists links for SREs (all) and tenant admins (their own), and only they may revoke', async () => {
    const sreLink = await createOk(sre, { panel: 'autoscaler' });
    const acmeLink = await createOk(acme, { panel: 'tenant-quotas', params: { tenant: 'acme' } });

    const asAcme = (
      await t.app.inject({ url: '/api/v1/embed-links', headers: acme.headers })
    ).json<{ links: Link[] }>();
    expect(asAcme.links.length).toBeGreaterThan(0);
    expect(asAcme.links.every((l) => l.createdBy === 'acme-admin')).toBe(true);
    const asSre = (await t.app.inject({ url: '/api/v1/embed-links', headers: sre.headers })).json<{
      links: Link[];
      allowedOrigins: string[];
    }>();
    expect(asSre.links.map((l) => l.id)).toEqual(expect.arrayContaining([sreLink.id, acmeLink.id]));
    // Whoever makes a link is told where it can be framed.
    expect(asSre.allowedOrigins).toEqual([
      "'self'",
      'https://grafana.example.com',
      'https://*.wiki.example.com',
    ]);
    expect(
      (await t.app.inject({ url: '/api/v1/embed-links', headers: viewer.headers })).statusCode,
    ).toBe(403);

    const del = (who: Session, id: string) =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/v1/embed-links/${id}`,
        headers: { ...who.headers, 'x-csrf-token': who.csrfToken },
      });
    expect((await del(acme, sreLink.id)).statusCode).toBe(404);
    expect((await del(viewer, acmeLink.id)).statusCode).toBe(403);
    const noCsrf = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/embed-links/${acmeLink.id}`,
      headers: acme.headers,
    });
    expect(noCsrf.statusCode).toBe(403);
    const revoked = await del(acme, acmeLink.id);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({
      state: 'revoked',
      token: null,
      revokedBy: 'acme-admin',
    });
    expect((await del(sre, sreLink.id)).json()).toMatchObject({
      state: 'revoked',
      revokedBy: 'sre',
    });
  });

  it('answers a missing, malformed, tampered, expired, revoked or wrong-panel token with its code', async () => {
    const link = await createOk(sre, { panel: 'cluster-heatmap' });
    const token = link.token!;
    const expect401 = async (res: Awaited<ReturnType<typeof data>>, code: string) => {
      expect(res.statusCode, res.body).toBe(
        code === 'EMBED_TOKEN_REVOKED' || code === 'EMBED_WRONG_PANEL' ? 403 : 401,
      );
      expect(errorBody(res).code).toBe(code);
    };

    await expect401(
      await t.app.inject({ url: '/api/v1/embed/cluster-heatmap/data' }),
      'EMBED_TOKEN_INVALID',
    );
    // A session is not a token: the data route ignores the cookie.
    await expect401(
      await t.app.inject({ url: '/api/v1/embed/cluster-heatmap/data', headers: sre.headers }),
      'EMBED_TOKEN_INVALID',
    );
    await expect401(await data('cluster-heatmap', 'not-a-token'), 'EMBED_TOKEN_INVALID');

    const [kid, body, sig] = token.split('.') as [string, string, string];
    const flip = (s: string) =>
      s[5] === 'A' ? `${s.slice(0, 5)}B${s.slice(6)}` : `${s.slice(0, 5)}A${s.slice(6)}`;
    await expect401(
      await data('cluster-heatmap', `${kid}.${body}.${flip(sig)}`),
      'EMBED_TOKEN_INVALID',
    );
    // A payload edited to another panel (signature unchanged) is tampered, not "wrong panel".
    const edited = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), p: 'autoscaler' }),
    ).toString('base64url');
    await expect401(await data('autoscaler', `${kid}.${edited}.${sig}`), 'EMBED_TOKEN_INVALID');
    await expect401(await data('cluster-heatmap', `nokey.${body}.${sig}`), 'EMBED_TOKEN_INVALID');

    // Expired: by the token's own expiry (checked before the database) …
    const past = Math.floor(Date.now() / 1000) - 60;
    await expect401(
      await data(
        'cluster-heatmap',
        forgeToken('k2', KEY_2, { lid: link.id, p: 'cluster-heatmap', c: 'sim', exp: past }),
      ),
      'EMBED_TOKEN_EXPIRED',
    );
    // … and by the stored expiry.
    const soon = await createOk(sre, { panel: 'cluster-heatmap' });
    await t.db.prisma.embedLink.update({
      where: { id: soon.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await data('cluster-heatmap', soon.token!);
    await expect401(expired, 'EMBED_TOKEN_EXPIRED');
    expect(errorBody(expired).message).toMatch(/expired/);

    await expect401(await data('autoscaler', token), 'EMBED_WRONG_PANEL');
    await expect401(await data('cluster-heatmap', token, '?cluster=other'), 'EMBED_WRONG_PANEL');
    // The panel is checked before anything is validated, so even a nonsense panel gets the token's answer.
    await expect401(await data('nonsense', token), 'EMBED_WRONG_PANEL');

    await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/embed-links/${link.id}`,
      headers: { ...sre.headers, 'x-csrf-token': sre.csrfToken },
    });
    const revoked = await data('cluster-heatmap', token);
    await expect401(revoked, 'EMBED_TOKEN_REVOKED');
    expect(errorBody(revoked).message).toMatch(/revoked/);
    // Revocation is checked before the panel.
    await expect401(await data('autoscaler', token), 'EMBED_TOKEN_REVOKED');
  });

  it('counts each use (written in batches)', async () => {
    const link = await createOk(sre, { panel: 'autoscaler' });
    for (let i = 0; i < 5; i++)
      expect((await data('autoscaler', link.token!)).statusCode).toBe(200);
    await data('cluster-heatmap', link.token!); // refused: not a use
    const listed = (await t.app.inject({ url: '/api/v1/embed-links', headers: sre.headers })).json<{
      links: Link[];
    }>();
    const row = listed.links.find((l) => l.id === link.id)!;
    expect(row.useCount).toBe(5);
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("never lets a tenant A token read tenant B's data, through any API route", async () => {
    const quotas = await createOk(acme, { panel: 'tenant-quotas', params: { tenant: 'acme' } });
    const timeline = await createOk(acme, {
      panel: 'eviction-timeline',
      params: { rangeHours: 744 },
    });
    // An SRE's link filtered to acme is restricted to acme too.
    const sreAcme = await createOk(sre, {
      panel: 'eviction-timeline',
      params: { tenant: 'acme', rangeHours: 744 },
    });
    const globexNs = [...t.manager.collectors.get('sim')!.cache.namespaces.keys()].find((n) =>
      n.startsWith('globex'),
    )!;
    expect(globexNs).toBeTruthy();

    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path })),
    );
    expect(routes.length).toBeGreaterThan(20);
    const fill = (path: string, panel: string) =>
      path
        .replace('{cluster}', 'sim')
        .replace('{tenant}', 'globex')
        .replace('{namespace}', globexNs)
        .replace('{node}', nodeName)
        .replace('{panel}', panel)
        .replace(/\{[^}]+\}/g, '1');
    const publicRoutes = new Set(['GET /api/v1/health', 'POST /api/v1/auth/login']);
    let checked = 0;
    for (const link of [quotas, timeline, sreAcme]) {
      const token = link.token!;
      for (const r of routes) {
        if (publicRoutes.has(`${r.method} ${r.path}`)) continue;
        for (const panel of r.path.includes('{panel}') ? EMBED_PANELS : ['-']) {
          const url = fill(r.path, panel);
          const q = `${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}&tenant=globex&namespace=${globexNs}`;
          for (const attempt of [
            { url, headers: bearer(token) },
            { url: url + q, headers: {} },
          ]) {
            const res = await t.app.inject({
              method: r.method as 'GET',
              url: attempt.url,
              headers: attempt.headers,
              payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
            });
            checked++;
            const where = `${r.method} ${attempt.url.slice(0, 80)}`;
            if (r.path === '/api/v1/embed/{panel}/data') {
              if (panel !== link.panel) {
                expect(res.statusCode, where).toBe(403);
                expect(errorBody(res).code, where).toBe('EMBED_WRONG_PANEL');
                continue;
              }
              expect(res.statusCode, where).toBe(200);
              expect(res.body, where).not.toMatch(/globex/);
              const body = res.json<Record<string, unknown>>();
              if (body.panel === 'tenant-quotas') {
                const qs = body.quotas as Array<{ tenant: string; namespace: string }>;
                expect(qs.length).toBeGreaterThan(0);
                expect(qs.every((x) => x.tenant === 'acme')).toBe(true);
              }
              continue;
            }
            // Every other route: a token is not a session.
            expect(res.statusCode, where).toBe(401);
            expect(errorBody(res).code, where).toBe('UNAUTHENTICATED');
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('verifies tokens signed by an old key after rotation, and refuses tokens of a removed key', async () => {
    // Signed while k1 was the active key (same link, the old kid): still verifies with k2 active.
    const link = await createOk(sre, { panel: 'autoscaler' });
    const exp = Math.floor(Date.now() / 1000) + 3600;
    await t.db.prisma.embedLink.update({
      where: { id: link.id },
      data: { expiresAt: new Date(exp * 1000) },
    });
    const byOld = forgeToken('k1', KEY_1, { lid: link.id, p: 'autoscaler', c: 'sim', exp });
    expect((await data('autoscaler', byOld)).statusCode).toBe(200);

    // A restart with k1 rotated out and k3 active: k2's tokens still work (k2 kept), k1's are refused.
    const app2 = await buildApp({
      env: loadEnv({
        NODE_ENV: 'test',
        PLIMSOLL_LOG_LEVEL: 'silent',
        PLIMSOLL_EMBED_KEYS: JSON.stringify({
          k2: KEY_2,
          k3: 'k3-secret-333333333333333333333333333333',
        }),
        PLIMSOLL_EMBED_ACTIVE_KEY: 'k3',
      }),
      db: t.db,
      clusterManager: t.manager,
    });
    try {
      await app2.ready();
      const get = (token: string) =>
        app2.inject({ url: '/api/v1/embed/autoscaler/data', headers: bearer(token) });
      expect((await get(link.token!)).statusCode).toBe(200);
      const refused = await get(byOld);
      expect(refused.statusCode).toBe(401);
      expect(errorBody(refused).code).toBe('EMBED_TOKEN_INVALID');
      // New links are signed with k3.
      const s = await signIn(app2, 'sre');
      const fresh = await app2.inject({
        method: 'POST',
        url: '/api/v1/embed-links',
        headers: { ...s.headers, 'x-csrf-token': s.csrfToken },
        payload: { cluster: 'sim', panel: 'autoscaler' },
      });
      expect(fresh.json()).toMatchObject({ keyId: 'k3' });
      expect(fresh.json<Link>().token!.startsWith('k3.')).toBe(true);
      // The link list re-derives tokens only for keys still present: k1's link has none.
      await t.db.prisma.embedLink.update({ where: { id: link.id }, data: { keyId: 'k1' } });
      const listed = (await app2.inject({ url: '/api/v1/embed-links', headers: s.headers })).json<{
        links: Link[];
      }>();
      expect(listed.links.find((l) => l.id === link.id)?.token).toBeNull();
    } finally {
      await app2.close();
    }
  });
});

describe('embed signing keys', () => {
  it('generates one key and keeps it in the database, so links survive restarts', async () => {
    const store = await createTestDatabase();
    const db = await store.open();
    try {
      await applyMigrations(db.adapterFactory);
      const repo = createEmbedLinkRepository(db.prisma);
      const a = await resolveEmbedKeyring({ repo });
      const b = await resolveEmbedKeyring({ repo });
      expect(a.source).toBe('generated');
      expect(b.activeKeyId).toBe(a.activeKeyId);
      expect(b.keys.get(b.activeKeyId)?.equals(a.keys.get(a.activeKeyId)!)).toBe(true);
    } finally {
      await db.close();
      await store.drop();
    }
  });

  it('derives the same key from PLIMSOLL_SECRET on every replica', async () => {
    const repo = { findSetting: async () => null, insertSettingOnce: async () => 'unused' };
    const secret = 'x'.repeat(40);
    const a = await resolveEmbedKeyring({ secret, repo });
    const b = await resolveEmbedKeyring({ secret, repo });
    expect(a.source).toBe('derived');
    expect(a.activeKeyId).toBe(b.activeKeyId);
    expect((await resolveEmbedKeyring({ secret: 'y'.repeat(40), repo })).activeKeyId).not.toBe(
      a.activeKeyId,
    );
  });

  it('refuses to start with an ambiguous or unknown active key', async () => {
    const repo = { findSetting: async () => null, insertSettingOnce: async () => 'unused' };
    const keys = { a: 'a'.repeat(32), b: 'b'.repeat(32) };
    await expect(resolveEmbedKeyring({ keys, repo })).rejects.toThrow(/PLIMSOLL_EMBED_ACTIVE_KEY/);
    await expect(resolveEmbedKeyring({ keys, activeKey: 'c', repo })).rejects.toThrow(/not a key/);
    await expect(resolveEmbedKeyring({ activeKey: 'a', repo })).rejects.toThrow(
      /PLIMSOLL_EMBED_KEYS/,
    );
    expect((await resolveEmbedKeyring({ keys: { only: 'o'.repeat(32) }, repo })).activeKeyId).toBe(
      'only',
    );
    expect(() => loadEnv({ PLIMSOLL_EMBED_KEYS: '{"a":"short"}' })).toThrow(/at least 32/);
    expect(() => loadEnv({ PLIMSOLL_EMBED_ALLOWED_ORIGINS: "'self'; script-src *" })).toThrow(
      /PLIMSOLL_EMBED_ALLOWED_ORIGINS/,
    );
    expect(
      loadEnv({
        PLIMSOLL_EMBED_ALLOWED_ORIGINS:
          "'self' https://grafana.example.com https://*.corp.example:8443",
      }).PLIMSOLL_EMBED_ALLOWED_ORIGINS,
    ).toContain('grafana');
  });
});

describe('framing policy at the front door', () => {
  it("lets the allowlist frame /embed/* only; every other page keeps frame-ancestors 'none' and X-Frame-Options: DENY", async () => {
    // Stands in for Next.js: it sends DENY on everything, as a misconfiguration would.
    const upstream = createServer((_req, res) => {
      res.setHeader('x-frame-options', 'DENY');
      res.setHeader('content-type', 'text/html');
      res.end('<p>page</p>');
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    const { port } = upstream.address() as AddressInfo;
    const t = await buildTestApp(
      {
        PLIMSOLL_WEB_URL: `http://127.0.0.1:${port}`,
        PLIMSOLL_EMBED_ALLOWED_ORIGINS: "'self' https://grafana.example.com",
      },
      { proxyWeb: true },
    );
    try {
      for (const url of [
        '/embed/node-pressure?token=abc',
        '/embed/cluster-heatmap',
        '/embed/autoscaler/',
      ]) {
        const res = await t.app.inject({ url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-security-policy'], url).toBe(
          "frame-ancestors 'self' https://grafana.example.com",
        );
        expect(res.headers['x-frame-options'], url).toBeUndefined();
      }
      for (const url of [
        '/',
        '/nodes',
        '/embed-links',
        '/embed',
        '/embed/%2e%2e/nodes',
        '/embed/../nodes',
        '/login?next=/embed/x',
      ]) {
        const res = await t.app.inject({ url });
        expect(res.headers['x-frame-options'], url).toBe('DENY');
        expect(res.headers['content-security-policy'], url).toBe("frame-ancestors 'none'");
      }
    } finally {
      await t.close();
      await new Promise((r) => upstream.close(r));
    }
  });
});
