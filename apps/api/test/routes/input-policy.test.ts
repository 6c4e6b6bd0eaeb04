import { createServer, get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';

import cookie from '@fastify/cookie';
import type { NodeDetail } from '@plimsoll/shared/schemas';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { errorHandlerPlugin } from '../../src/plugins/error-handler.js';
import { authPlugin, requireUser } from '../../src/plugins/auth.js';
import { buildClusterTestApp, buildTestApp, errorBody, signIn } from '../helper.js';

type ClusterApp = Awaited<ReturnType<typeof buildClusterTestApp>>;
type Headers = Record<string, string>;

/** Every route of the OpenAPI document, with `{param}` filled from `values`. */
function filledRoutes(app: ClusterApp['app'], values: Record<string, string>) {
  const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({
      method: method.toUpperCase() as 'GET' | 'POST' | 'DELETE',
      template: path,
      path: path.replace(/\{(\w+)\}/g, (_, p: string) => values[p] ?? 'x'),
    })),
  );
}

describe('one input policy for every string parameter (demo cluster)', () => {
  let t: ClusterApp;
  let sre: Headers;
  let sreCsrf: string;
  let acme: Headers;
  let node: string;
  let values: Record<string, string>;

  beforeAll(async () => {
    t = await buildClusterTestApp({ PLIMSOLL_LOGIN_RATE_LIMIT: '100000' });
    const collector = t.manager.collectors.get('sim');
    if (!collector) throw new Error('no sim collector');
    const deadline = Date.now() + 30_000;
    while (collector.cache.nodes.size === 0 || collector.cache.namespaces.size === 0) {
      if (Date.now() > deadline) throw new Error('the simulated cluster did not sync');
      await new Promise((r) => setTimeout(r, 200));
    }
    node = [...collector.cache.nodes.keys()][0] as string;
    values = {
      cluster: 'sim',
      node,
      tenant: 'acme',
      namespace: 'acme-prod',
      name: 'compute',
      id: '1',
      panel: 'node-pressure',
    };
    const s = await signIn(t.app, 'sre');
    sre = s.headers;
    sreCsrf = s.csrfToken;
    acme = (await signIn(t.app, 'acme-admin')).headers;
  }, 120_000);
  afterAll(() => t?.close());

  it('refuses NUL and other control characters in a path, a query or a body with 400, on every route', async () => {
    const routes = filledRoutes(t.app, values).filter((r) => !r.template.endsWith('/stream'));
    const refused: string[] = [];
    const other: string[] = [];
    for (const r of routes) {
      const hasParam = r.template.includes('{');
      const attempts: Array<{ url: string; payload?: unknown }> = [
        { url: `${r.path}?q=a%00b` },
        { url: `${r.path}?namespace=%1b[31m` },
        ...(hasParam
          ? [
              {
                url: r.template
                  .replace(/\{(\w+)\}/g, (_, p: string) => values[p] ?? 'x')
                  .replace(/\/[^/]+$/, '/x%00'),
              },
            ]
          : []),
        ...(r.path.includes('/sim/') ? [{ url: r.path.replace('/sim/', '/si%00m/') }] : []),
        ...(r.method === 'POST'
          ? [
              {
                url: r.path,
                payload: { username: 'sre\u0000', password: 'x', namespace: 'a\u0000' },
              },
            ]
          : []),
      ];
      for (const a of attempts) {
        const res = await t.app.inject({
          method: r.method,
          url: a.url,
          headers: { ...sre, 'x-csrf-token': sreCsrf },
          ...(a.payload !== undefined ? { payload: a.payload as object } : {}),
        });
        if (res.statusCode === 400 && errorBody(res).code === 'VALIDATION_FAILED')
          refused.push(a.url);
        // The embed data route checks its token before anything else (docs/embedding.md): refused all the same.
        else if (r.template.startsWith('/api/v1/embed/') && res.statusCode === 401)
          refused.push(a.url);
        else other.push(`${r.method} ${a.url}: ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(other).toEqual([]);
    expect(refused.length).toBeGreaterThan(60);
  });

  it('refuses a NUL in the sign-in with 400, not 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'sre\u0000', password: 'whatever' },
    });
    expect(res.statusCode).toBe(400);
    expect(errorBody(res)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(
        /body.username: must not contain control characters \(U\+0000/,
      ),
    });
  });

  it('allows line breaks in free text of a body, and nothing else below U+0020', async () => {
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clusters/sim/quota-requests',
      headers: { ...sre, 'x-csrf-token': sreCsrf },
      payload: {
        namespace: 'acme-prod',
        quotaName: 'missing-quota',
        requestedHard: { pods: '10' },
        reason: 'two\nlines\r\n\tindented',
      },
    });
    expect(ok.statusCode, ok.body).not.toBe(400);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clusters/sim/quota-requests',
      headers: { ...sre, 'x-csrf-token': sreCsrf },
      payload: {
        namespace: 'acme-prod',
        quotaName: 'missing-quota',
        requestedHard: { 'po\u0007ds': '10' },
        reason: 'bell',
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(errorBody(bad).message).toMatch(
      /body.requestedHard: has a key with a control character/,
    );
  });

  it('refuses ids beyond int64 with 400, not 500', async () => {
    for (const url of [
      '/api/v1/clusters/sim/evictions/9223372036854775808',
      '/api/v1/clusters/sim/evictions/99999999999999999999',
      '/api/v1/clusters/sim/quota-requests/9223372036854775808',
    ]) {
      const res = await t.app.inject({ url, headers: sre });
      expect(res.statusCode, url).toBe(400);
      expect(errorBody(res).code).toBe('VALIDATION_FAILED');
    }
    const max = await t.app.inject({
      url: '/api/v1/clusters/sim/evictions/9223372036854775807',
      headers: sre,
    });
    expect(max.statusCode).toBe(404);
  });

  it('checks Kubernetes names by their kind’s rule, so `..` never reads another object', async () => {
    for (const url of [
      '/api/v1/clusters/sim/autoscaler/why-this-group?namespace=default&pod=..',
      '/api/v1/clusters/sim/autoscaler/why-this-group?namespace=Default&pod=web',
      '/api/v1/clusters/sim/autoscaler/why-this-group?namespace=a.b&pod=web',
      '/api/v1/clusters/sim/nodes/Not_A_Node',
      '/api/v1/clusters/sim/nodes/a..b/pods',
      '/api/v1/clusters/sim/quotas?namespace=UPPER',
      '/api/v1/clusters/sim/quotas/acme-prod/-bad-/history',
      '/api/v1/clusters/sim/tenants/-acme',
    ]) {
      const res = await t.app.inject({ url, headers: sre });
      expect(res.statusCode, url).toBe(400);
      expect(errorBody(res).message, url).toMatch(/RFC 1123|label value/);
    }
  });

  it("words another tenant's namespace and a missing one alike", async () => {
    const msg = async (url: string) => {
      const res = await t.app.inject({ url, headers: acme });
      expect(res.statusCode, url).toBe(403);
      return errorBody(res).message.replace(/globex-prod|no-such-ns|kube-system/, 'NS');
    };
    for (const route of ['quotas', 'quota-requests']) {
      const other = await msg(`/api/v1/clusters/sim/${route}?namespace=globex-prod`);
      expect(await msg(`/api/v1/clusters/sim/${route}?namespace=no-such-ns`)).toBe(other);
      expect(await msg(`/api/v1/clusters/sim/${route}?namespace=kube-system`)).toBe(other);
    }
    const quota = async (ns: string) =>
      (
        await t.app.inject({
          url: `/api/v1/clusters/sim/quotas/${ns}/compute/history`,
          headers: acme,
        })
      )
        .json<{ message: string }>()
        .message.replace(ns, 'NS');
    expect(await quota('globex-prod')).toBe(await quota('no-such-ns'));
  });

  it('shows node Events only from the configured namespaces, not ones a tenant forged in its own', async () => {
    const at = new Date();
    const event = (namespace: string, reason: string) => ({
      cluster: 'sim',
      uid: `${namespace}-${reason}`,
      namespace,
      name: `${node}.${reason}`,
      type: 'Warning',
      reason,
      message: `${reason} on ${node}`,
      involvedKind: 'Node',
      involvedName: node,
      count: 1,
      firstSeen: at,
      lastSeen: at,
      observedAt: at,
    });
    await t.db.prisma.kubeEvent.createMany({
      data: [event('default', 'KubeletSaysHi'), event('acme-prod', 'ForgedByTenant')],
    });
    const res = await t.app.inject({ url: `/api/v1/clusters/sim/nodes/${node}`, headers: sre });
    expect(res.statusCode).toBe(200);
    const reasons = res.json<NodeDetail>().events.map((e) => e.reason);
    expect(reasons).toContain('KubeletSaysHi');
    expect(reasons).not.toContain('ForgedByTenant');
  });

  it('ends a hijacked stream whose setup fails instead of holding the socket open', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.server.address() as AddressInfo).port;
    /** Reads a response to its end, or reports that it did not end within `ms`. */
    const readToEnd = (headers: Headers, ms = 3000) =>
      new Promise<{ status: number; body: string; ended: boolean }>((resolve, reject) => {
        const req = httpGet(
          { host: '127.0.0.1', port, path: '/api/v1/clusters/sim/stream', headers },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ended: true }));
            setTimeout(() => {
              req.destroy();
              resolve({ status: res.statusCode ?? 0, body, ended: false });
            }, ms);
          },
        );
        req.on('error', reject);
      });
    const collector = t.manager.collectors.get('sim');
    if (!collector) throw new Error('no sim collector');
    const viewer = (await signIn(t.app, 'viewer')).headers;

    // Fails after the headers went out: the stream ends (EventSource reconnects) instead of hanging.
    const bus = t.manager.bus;
    const subscribe = bus.subscribe.bind(bus);
    bus.subscribe = () => {
      throw new Error('bus broke');
    };
    try {
      const res = await readToEnd(viewer);
      expect(res).toMatchObject({ status: 200, ended: true });
    } finally {
      bus.subscribe = subscribe;
    }

    // Fails before any header: the caller gets the usual 500 body, and the response ends.
    const labels = Object.getOwnPropertyDescriptor(collector, 'tenantLabels');
    Object.defineProperty(collector, 'tenantLabels', {
      configurable: true,
      get() {
        throw new Error('labels broke');
      },
    });
    try {
      const res = await readToEnd(acme);
      expect(res).toMatchObject({ status: 500, ended: true });
      expect(JSON.parse(res.body)).toMatchObject({
        code: 'INTERNAL',
        requestId: expect.any(String),
      });
    } finally {
      if (labels) Object.defineProperty(collector, 'tenantLabels', labels);
    }
  });
});

describe('handlers that expect a user or a scope fail closed', () => {
  it('answers 401, not 500, when a handler reads a scope or user the auth hook never set', async () => {
    const { loadEnv } = await import('../../src/config/env.js');
    const app = Fastify();
    await app.register(errorHandlerPlugin);
    await app.register(cookie);
    await app.register(authPlugin, {
      env: loadEnv({ NODE_ENV: 'test' }),
      users: { findSession: async () => null } as never,
      secret: Buffer.alloc(32),
    });
    // No `config.auth`: the auth hook skips the route, as it skips metrics and the web app.
    app.get('/x/scope', async (request) => ({ scope: request.tenantScope }));
    app.get('/x/user', async (request) => ({ user: requireUser(request) }));
    for (const url of ['/x/scope', '/x/user']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED', requestId: expect.any(String) });
    }
    await app.close();
  });
});

describe('unknown /api routes behind the front door', () => {
  it('answer 404 in the error shape, not the web app’s HTML page', async () => {
    const web = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>404: This page could not be found</title>');
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    const webPort = (web.address() as AddressInfo).port;
    const t = await buildTestApp(
      { PLIMSOLL_WEB_URL: `http://127.0.0.1:${webPort}` },
      { proxyWeb: true },
    );
    try {
      for (const url of ['/api/v1/nope', '/api/v1/clusters/sim/nodes/x/y/z', '/api']) {
        const res = await t.app.inject({ url });
        expect(res.statusCode, url).toBe(404);
        expect(res.json(), url).toMatchObject({
          code: 'NOT_FOUND',
          message: expect.any(String),
          requestId: expect.any(String),
        });
      }
      // Pages still come from the web app.
      const page = await t.app.inject({ url: '/nodes' });
      expect(page.headers['content-type']).toMatch(/text\/html/);
    } finally {
      await t.close();
      web.close();
    }
  });
});

describe('errors the API means to show and errors it does not', () => {
  it('shows an unavailable cluster’s reason with a 503, and hides an unexpected failure’s message and details', async () => {
    const { AppError } = await import('../../src/errors/app-error.js');
    const app = Fastify();
    await app.register(errorHandlerPlugin);
    app.get('/x/unavailable', async () => {
      throw new AppError(
        'UNAVAILABLE',
        'Could not read ResourceQuota acme-prod/compute: connect ECONNREFUSED 127.0.0.1:6443',
        { details: { requestStatus: 'pending' } },
      );
    });
    app.get('/x/bug', async () => {
      throw new AppError('INTERNAL', 'row 17 of node_drains has no id', {
        details: { sql: 'SELECT …' },
      });
    });
    app.get('/x/crash', async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'metadata')");
    });
    const unavailable = await app.inject({ url: '/x/unavailable' });
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.json()).toMatchObject({
      code: 'UNAVAILABLE',
      message:
        'Could not read ResourceQuota acme-prod/compute: connect ECONNREFUSED 127.0.0.1:6443',
      details: { requestStatus: 'pending' },
    });
    for (const url of ['/x/bug', '/x/crash']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(500);
      expect(res.json(), url).toEqual({
        code: 'INTERNAL',
        message: 'Internal Server Error',
        requestId: expect.any(String),
      });
    }
    await app.close();
  });
});
