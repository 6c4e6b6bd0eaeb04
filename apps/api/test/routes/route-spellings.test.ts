import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildClusterTestApp, rawRequest, signIn, type RawResponse } from '../helper.js';

type ClusterApp = Awaited<ReturnType<typeof buildClusterTestApp>>;

/** Every route of the OpenAPI document. Grows by itself as routes are added. */
function openApiRoutes(app: ClusterApp['app']) {
  const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
  );
}

const pct = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/**
 * Other spellings of `path` (origin-form, no query) that name the same resource: a percent-encoded character in
 * each segment (upper- and lower-case hex), absolute-form, dot segments (plain and encoded) and doubled slashes.
 */
function spellingsOf(path: string, origin: string): string[] {
  const segments = path.split('/').slice(1);
  const out: string[] = [];
  segments.forEach((seg, i) => {
    if (seg === '') return;
    const encodeAt = (j: number, upper: boolean) => {
      const e = pct(seg[j] as string);
      const spelled = seg.slice(0, j) + (upper ? e.toUpperCase() : e) + seg.slice(j + 1);
      return `/${[...segments.slice(0, i), spelled, ...segments.slice(i + 1)].join('/')}`;
    };
    out.push(encodeAt(0, false), encodeAt(seg.length - 1, true));
  });
  const [first, ...rest] = segments;
  out.push(
    `${origin}${path}`,
    `${origin}/%61pi/${segments.slice(1).join('/')}`,
    `/${first}/./${rest.join('/')}`,
    `/${first}/%2e/${rest.join('/')}`,
    `/web/../${segments.join('/')}`,
    `/${first}/x/%2E%2E/${rest.join('/')}`,
    `//${segments.join('/')}`,
    `/${first}//${rest.join('//')}`,
    `${origin}/${first}/./x/../${rest.join('/')}`,
  );
  return out;
}

describe('every route answers every spelling of its path as it answers the canonical one', () => {
  let t: ClusterApp;
  let port: number;
  const values: Record<string, string> = {};
  const personas: Array<{ name: string; headers: Record<string, string> }> = [];

  beforeAll(async () => {
    t = await buildClusterTestApp({ PLIMSOLL_LOGIN_RATE_LIMIT: '100000' });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
    const collector = t.manager.collectors.get('sim');
    if (!collector) throw new Error('no sim collector');
    // Real names from the simulated cluster, so routes answer 200 where the caller may see the object.
    const deadline = Date.now() + 30_000;
    while (collector.cache.resourcequotas.size === 0 || collector.cache.nodes.size === 0) {
      if (Date.now() > deadline) throw new Error('the simulated cluster did not sync');
      await new Promise((r) => setTimeout(r, 200));
    }
    const quota = [...collector.cache.resourcequotas.values()][0];
    Object.assign(values, {
      cluster: 'sim',
      node: [...collector.cache.nodes.keys()][0],
      tenant: 'acme',
      namespace: quota?.namespace ?? 'default',
      name: quota?.name ?? 'compute',
      id: '1',
      panel: 'node-pressure',
      kind: 'Deployment',
    });
    personas.push({ name: 'anonymous', headers: {} });
    for (const user of ['viewer', 'acme-admin']) {
      personas.push({ name: user, headers: (await signIn(t.app, user)).headers });
    }
  }, 120_000);
  afterAll(() => t?.close());

  it('unauthenticated, as a viewer and as a tenant admin', async () => {
    const routes = openApiRoutes(t.app);
    expect(routes.length).toBeGreaterThan(30);
    const origin = `http://127.0.0.1:${port}`;
    const mismatches: string[] = [];
    let checked = 0;
    const send = (method: string, target: string, headers: Record<string, string>) =>
      rawRequest(port, {
        method,
        target,
        headers,
        // No CSRF header: a state-changing route must refuse every spelling alike (403 CSRF_FAILED).
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
      });
    for (const persona of personas) {
      for (const route of routes) {
        const path = route.path.replace(/\{(\w+)\}/g, (_, p: string) => {
          const v = values[p];
          if (v === undefined) throw new Error(`no value for {${p}} in ${route.path}`);
          return v;
        });
        const canonical: RawResponse = await send(route.method, path, persona.headers);
        expect(canonical.status, `${persona.name} ${route.method} ${path}`).toBeLessThan(500);
        for (const target of spellingsOf(path, origin)) {
          const res = await send(route.method, target, persona.headers);
          checked++;
          if (res.status !== canonical.status) {
            mismatches.push(
              `${persona.name} ${route.method} ${target}: ${res.status}, canonical ${path}: ${canonical.status}`,
            );
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  }, 300_000);

  it('refuses the reported bypasses: /%61pi/… and absolute-form targets without a session', async () => {
    const origin = `http://127.0.0.1:${port}`;
    for (const target of [
      '/%61pi/v1/clusters/sim/machines',
      '/%61pi/v1/clusters/sim/autoscaler/why-this-group?cpu=1',
      `${origin}/api/v1/clusters/sim/machines`,
      `${origin}/api/v1/clusters/sim/extended-resources`,
      '/api/v1/clusters/sim/%71uotas',
      '/api/v1/clusters/sim/%73tream',
    ]) {
      const res = await rawRequest(port, { target });
      expect(res.status, target).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    const admin = personas.find((p) => p.name === 'acme-admin')?.headers ?? {};
    const forbidden = await rawRequest(port, {
      target: '/%61pi/v1/clusters/sim/machines',
      headers: admin,
    });
    expect(forbidden.status).toBe(403);
  });

  it('checks CSRF on a cross-site form POST to /%61pi/v1/auth/logout', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const res = await rawRequest(port, {
      method: 'POST',
      target: '/%61pi/v1/auth/logout',
      headers: { ...viewer.headers, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: viewer.headers });
    expect(me.statusCode).toBe(200);
  });

  it("answers the router's own refusals in the error shape", async () => {
    const bad = await rawRequest(port, { target: '/api/v1/clusters/%zz/nodes' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ code: 'VALIDATION_FAILED' });
    // Longer than the router takes: no route matches but the /api catch-all.
    const long = await rawRequest(port, {
      target: `/api/v1/clusters/sim/nodes/${'a'.repeat(600)}`,
    });
    expect(long.status).toBe(404);
    // A node name may be 253 characters long: the router lets it through to the route's own check.
    const max = await rawRequest(port, { target: `/api/v1/clusters/sim/nodes/${'a'.repeat(253)}` });
    expect(max.status).toBe(401);
    for (const res of [bad, long, max]) {
      expect(JSON.parse(res.body)).toMatchObject({
        code: expect.any(String),
        message: expect.any(String),
        requestId: expect.any(String),
      });
    }
  });

  it('answers unknown /api routes 404 in the error shape, spelled any way', async () => {
    for (const target of [
      '/api/v1/nope',
      '/%61pi/v2',
      `http://127.0.0.1:${port}/api/v1/clusters/sim/x/y/z`,
      '/api',
    ]) {
      const res = await rawRequest(port, { target });
      expect(res.status, target).toBe(404);
      expect(JSON.parse(res.body)).toMatchObject({
        code: 'NOT_FOUND',
        message: expect.any(String),
        requestId: expect.any(String),
      });
    }
  });
});
