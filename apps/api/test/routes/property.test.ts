import type { AddressInfo } from 'node:net';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildClusterTestApp, rawRequest, signIn } from '../helper.js';

type ClusterApp = Awaited<ReturnType<typeof buildClusterTestApp>>;

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

/** Every route of the OpenAPI document with the names of its path and query parameters and body fields. */
function openApiRoutes(app: ClusterApp['app']) {
  const doc = app.swagger() as { paths: Record<string, Record<string, OpenApiOperation>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      body: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
    })),
  );
}

const encode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    // A lone surrogate cannot be encoded as UTF-8; send its code units as escapes the router must refuse.
    return [...s].map((c) => `%${(c.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')}`).join('');
  }
};

describe('no generated input makes any route answer 5xx, and every error has the error shape', () => {
  let t: ClusterApp;
  let port: number;
  const personas: Array<{ name: string; headers: Record<string, string> }> = [];
  let tricky: string[] = [];

  beforeAll(async () => {
    t = await buildClusterTestApp({ PLIMSOLL_LOGIN_RATE_LIMIT: '1000000' });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
    const collector = t.manager.collectors.get('sim');
    const deadline = Date.now() + 30_000;
    while ((collector?.cache.nodes.size ?? 0) === 0) {
      if (Date.now() > deadline) throw new Error('the simulated cluster did not sync');
      await new Promise((r) => setTimeout(r, 200));
    }
    const node = [...(collector?.cache.nodes.keys() ?? [])][0] ?? 'node';
    // Values that reach deep into the handlers (real names) mixed with the classic troublemakers.
    tricky = [
      'sim',
      node,
      'acme',
      'acme-prod',
      'globex-prod',
      'default',
      'kube-system',
      'compute',
      'node-pressure',
      '1',
      '0',
      '-1',
      '007',
      '9223372036854775807',
      '9223372036854775808',
      '99999999999999999999',
      '1e309',
      'NaN',
      'Infinity',
      '0x10',
      '..',
      '.',
      '%',
      '%00',
      '\u0000',
      'a\u0000b',
      '\u001b[31m',
      '\u2028',
      '__proto__',
      'constructor',
      ' ',
      '',
      'a'.repeat(300),
      'a'.repeat(600),
      '2026-01-01T00:00:00Z',
      '2026-13-45T99:99:99Z',
      '9999-12-31T23:59:59.999Z',
      'cpu',
      'memory',
      'pods',
      '1Gi',
      '1e100',
      '-5Gi',
      'Deployment/web',
      '=cmd|x',
      '<script>',
      "' OR 1=1 --",
      'true',
      'null',
      '[]',
      '{}',
      'ä',
      '😀',
      '\ud800',
    ];
    personas.push({ name: 'anonymous', headers: {} });
    for (const user of ['sre', 'viewer', 'acme-admin']) {
      const s = await signIn(t.app, user);
      personas.push({ name: user, headers: { ...s.headers, 'x-csrf-token': s.csrfToken } });
    }
  }, 120_000);
  afterAll(() => t?.close());

  it('throws generated path parameters, queries and bodies at every route', async () => {
    const routes = openApiRoutes(t.app);
    expect(routes.length).toBeGreaterThan(30);
    const str = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...tricky) },
      { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
      { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
      { weight: 1, arbitrary: fc.double().map(String) },
    );
    let requests = 0;
    for (const route of routes) {
      const keyArb = route.query.length > 0 ? fc.oneof(fc.constantFrom(...route.query), str) : str;
      const bodyKeyArb =
        route.body.length > 0 ? fc.oneof(fc.constantFrom(...route.body), str) : str;
      const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
        v: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          str,
          fc.integer(),
          fc.double(),
          fc.boolean(),
          fc.constant(null),
          fc.array(tie('v'), { maxLength: 3 }),
          fc.dictionary(bodyKeyArb, tie('v'), { maxKeys: 4 }),
        ),
      })).v;
      const body = fc.oneof(
        fc.constant(undefined),
        fc.dictionary(bodyKeyArb, value, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
        value.map((v) => JSON.stringify(v) ?? 'null'),
        fc.constantFrom('{', '{"a":', 'not json', '', '\u0000'),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(...route.params.map(() => str)),
          fc.array(fc.tuple(keyArb, str), { maxLength: 5 }),
          route.method === 'GET' ? fc.constant(undefined) : body,
          // Sign-out ends the session it is sent with: only anonymous callers throw things at it.
          route.path.endsWith('/logout') ? fc.constant(0) : fc.nat({ max: personas.length - 1 }),
          async (params, query, payload, who) => {
            let i = 0;
            const path = route.path.replace(/\{\w+\}/g, () => encode(params[i++] ?? ''));
            const qs = query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
            const target = qs ? `${path}?${qs}` : path;
            const persona = personas[who] ?? { name: 'anonymous', headers: {} };
            const res = await rawRequest(port, {
              method: route.method,
              target,
              headers: persona.headers,
              ...(payload !== undefined ? { body: payload } : {}),
            });
            requests++;
            const what = `${persona.name} ${route.method} ${target} ${payload ?? ''} → ${res.status} ${res.body.slice(0, 200)}`;
            expect(res.status, what).toBeLessThan(500);
            if (res.status >= 400) {
              const err = JSON.parse(res.body) as Record<string, unknown>;
              expect(typeof err.code, what).toBe('string');
              expect(typeof err.message, what).toBe('string');
              expect(typeof err.requestId, what).toBe('string');
            }
          },
        ),
        { numRuns: 30 },
      );
    }
    expect(requests).toBeGreaterThanOrEqual(routes.length * 30);
  }, 600_000);
});
