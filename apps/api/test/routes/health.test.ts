import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildTestApp, type TestContext } from '../helper.js';

describe('GET /api/v1/health', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp(
      {},
      { clusters: { list: () => [{ name: 'sim', source: 'simulated', state: 'synced' }] } },
    );
  });
  afterAll(() => t.close());

  it('reports the database kind and each cluster without signing in', async () => {
    const res = await t.app.inject({ url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      version: expect.any(String),
      clusters: [{ name: 'sim', source: 'simulated', state: 'synced' }],
    });
  });

  it('serves the OpenAPI document and Prometheus metrics', async () => {
    const doc = await t.app.inject({ url: '/api/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json<{ paths: object }>().paths)).toContain('/api/v1/health');
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('plimsoll_http_request_duration_seconds');
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const res = await t.app.inject({ url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
