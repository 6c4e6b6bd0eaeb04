import { SearchResponseSchema, type SearchResult } from '@plimsoll/shared/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildClusterTestApp, signIn } from '../helper.js';

type Ctx = Awaited<ReturnType<typeof buildClusterTestApp>>;
type Headers = Record<string, string>;
const base = '/api/v1/clusters/sim/search';

async function waitFor<T>(fn: () => T | undefined, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('search (command palette)', () => {
  let t: Ctx;
  let sre: Headers;
  let acme: Headers;

  beforeAll(async () => {
    t = await buildClusterTestApp({ PLIMSOLL_SIM_SCENARIO: 'tenants' });
    const collector = t.manager.collectors.get('sim')!;
    await waitFor(
      () =>
        collector.health().state === 'synced' && collector.cache.pods.size > 0 ? true : undefined,
      'the collector to sync',
    );
    sre = (await signIn(t.app, 'sre')).headers;
    acme = (await signIn(t.app, 'acme-admin')).headers;
  }, 90_000);
  afterAll(() => t?.close());

  async function search(q: string, headers: Headers): Promise<SearchResult[]> {
    const res = await t.app.inject({ url: `${base}?q=${encodeURIComponent(q)}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return SearchResponseSchema.parse(res.json()).items;
  }

  it('refuses callers without a session and an empty query', async () => {
    expect((await t.app.inject({ url: `${base}?q=a` })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `${base}?q=`, headers: sre })).statusCode).toBe(400);
  });

  it('finds tenants, their namespaces and pods by part of a name, case-insensitively', async () => {
    const items = await search('GLOBEX', sre);
    expect(items.some((i) => i.kind === 'tenant' && i.name === 'globex')).toBe(true);
    expect(items.some((i) => i.kind === 'namespace' && i.name.startsWith('globex-'))).toBe(true);
    const nodeName = [...t.manager.collectors.get('sim')!.cache.nodes.keys()][0] as string;
    const nodes = await search(nodeName.slice(2, 12), sre);
    expect(nodes.some((i) => i.kind === 'node' && i.name === nodeName)).toBe(true);
  });

  it('shows a tenant admin only their own tenant, namespaces and pods', async () => {
    const other = await search('globex', acme);
    expect(other.filter((i) => i.kind !== 'node')).toEqual([]);
    const own = await search('acme', acme);
    expect(own.some((i) => i.kind === 'tenant' && i.name === 'acme')).toBe(true);
    for (const i of own) {
      if (i.kind === 'namespace') expect(i.name).toMatch(/^acme-/);
      if (i.kind === 'pod' || i.kind === 'eviction') expect(i.namespace).toMatch(/^acme-/);
      expect(i.kind === 'tenant' ? i.name : 'acme').toBe('acme');
    }
  });
});
