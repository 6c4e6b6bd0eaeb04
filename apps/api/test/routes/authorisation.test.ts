import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { authPlugin } from '../../src/plugins/auth.js';
import { buildTestApp, signIn, type TestContext } from '../helper.js';

/** Every API route, as registered, with its declared auth. Grows by itself as routes are added. */
function apiRoutes(app: FastifyInstance) {
  const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
  );
}

const fillParams = (path: string) => path.replace(/\{[^}]+\}/g, 'x');

describe('every API route is authorised', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('refuses every non-public route without a session (401)', async () => {
    const routes = apiRoutes(t.app);
    expect(routes.length).toBeGreaterThan(2);
    const publicRoutes = new Set(['GET /api/v1/health', 'POST /api/v1/auth/login']);
    for (const r of routes) {
      if (publicRoutes.has(`${r.method} ${r.path}`)) continue;
      const res = await t.app.inject({ method: r.method as 'GET', url: fillParams(r.path) });
      expect(res.statusCode, `${r.method} ${r.path}`).toBe(401);
    }
  });

  it('refuses to register an API route that declares no auth', async () => {
    const bare = Fastify();
    await bare.register(cookie);
    await bare.register(authPlugin, { env: t.env, users: t.app.users, secret: Buffer.alloc(32) });
    await bare.after();
    expect(() => bare.get('/api/v1/undeclared', async () => ({}))).toThrow(/declares no auth/);
    expect(() =>
      bare.get('/api/v1/declared', { config: { auth: 'public' } }, async () => ({})),
    ).not.toThrow();
    await bare.close();
  });

  it('refuses an SRE-only action to a tenant admin with 403', async () => {
    const acme = await signIn(t.app, 'acme-admin');
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: acme.headers });
    expect(me.json()).toMatchObject({ user: { role: 'tenant-admin', tenants: ['acme'] } });
    const sre = await signIn(t.app, 'sre');
    for (const action of ['approve', 'reject']) {
      const url = `/api/v1/clusters/x/quota-requests/1/${action}`;
      const as = (s: typeof acme) =>
        t.app.inject({
          method: 'POST',
          url,
          headers: { ...s.headers, 'x-csrf-token': s.csrfToken },
          payload: { comment: 'no' },
        });
      const refused = await as(acme);
      expect(refused.statusCode, `${action}: ${refused.body}`).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'FORBIDDEN' });
      // The same request passes the role check for an SRE (and then finds no cluster x).
      const passed = await as(sre);
      expect(passed.statusCode, `${action}: ${passed.body}`).not.toBe(403);
      expect(passed.statusCode).not.toBe(401);
    }
  });
});
