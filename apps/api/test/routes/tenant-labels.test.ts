import type {
  ClusterOverview,
  ListEvictionsResponse,
  ListNodesResponse,
  ListQuotasResponse,
  ListTenantsResponse,
  NodePodsResponse,
} from '@plimsoll/shared/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClusterCollector } from '../../src/collector/cluster-collector.js';
import type { ClusterManager } from '../../src/collector/cluster-manager.js';
import { buildClusterTestApp, signIn, type TestContext } from '../helper.js';

type Headers = { cookie: string };
const base = '/api/v1/clusters/sim';

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The tenants scenario labels acme's namespaces with Capsule's label and its nodes with plimsoll.io/tenant. With
// PLIMSOLL_TENANT_LABELS=example.com/team,plimsoll.io/tenant, Capsule's label names no tenant: acme owns only
// the namespace relabelled example.com/team=acme (acme-prod), not acme-dev, whose pods run on the same nodes.
// The default labels would give acme both, which is what node pods, the stream and the overview's recent
// evictions used to show while quotas and tenants used the configured labels.
describe('one tenancy resolver: a tenant admin sees the same namespaces everywhere with custom tenant labels', () => {
  let t: TestContext & { manager: ClusterManager };
  let collector: ClusterCollector;
  let acme: Headers;
  const mine = new Set(['acme-prod']);
  const get = async <T>(url: string) => {
    const r = await t.app.inject({ url: `${base}${url}`, headers: acme });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<T>();
  };

  beforeAll(async () => {
    t = await buildClusterTestApp({
      PLIMSOLL_SIM_SCENARIO: 'tenants',
      PLIMSOLL_TENANT_LABELS: 'example.com/team,plimsoll.io/tenant',
    });
    collector = t.manager.collectors.get('sim') as ClusterCollector;
    await until('the collector to sync', () =>
      collector.health().state === 'synced' && collector.cache.resourcequotas.size >= 8
        ? true
        : undefined,
    );
    const path = '/api/v1/namespaces/acme-prod';
    const ns = (await collector.client.request('GET', path)) as {
      metadata: { labels?: Record<string, string> };
    };
    ns.metadata.labels = { ...ns.metadata.labels, 'example.com/team': 'acme' };
    await collector.client.request('PUT', path, ns);
    await until('the relabelled namespace', () =>
      collector.cache.namespaces.get('acme-prod')?.labels['example.com/team'] === 'acme'
        ? true
        : undefined,
    );
    acme = (await signIn(t.app, 'acme-admin')).headers;
  });
  afterAll(() => t?.close());

  it('lists acme with only the namespace the configured labels give it', async () => {
    const body = await get<ListTenantsResponse>('/tenants');
    expect(body.tenants.map((x) => [x.name, x.namespaces])).toEqual([['acme', ['acme-prod']]]);
  });

  it("shows only that namespace's quotas", async () => {
    const body = await get<ListQuotasResponse>('/quotas');
    expect(body.quotas.length).toBeGreaterThan(0);
    expect(new Set(body.quotas.map((q) => q.namespace))).toEqual(mine);
  });

  it("shows only that namespace's pods on acme's nodes, though acme-dev runs there too", async () => {
    const nodes = await get<ListNodesResponse>('/nodes?limit=5000');
    expect(nodes.items.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const n of nodes.items) {
      const body = await get<NodePodsResponse>(`/nodes/${n.name}/pods`);
      for (const p of body.pods) seen.add(p.namespace);
    }
    expect(seen).toEqual(mine);
    const devOnAcmeNodes = [...collector.cache.pods.values()].filter(
      (p) => p.namespace === 'acme-dev' && nodes.items.some((n) => n.name === p.nodeName),
    );
    expect(devOnAcmeNodes.length).toBeGreaterThan(0);
  });

  it("keeps the overview's recent evictions and the evictions list to that namespace", async () => {
    const overview = await get<ClusterOverview>('/overview');
    expect(overview.scope).toBe('tenants');
    expect(overview.recentEvictions.every((e) => mine.has(e.namespace))).toBe(true);
    const evictions = await get<ListEvictionsResponse>('/evictions');
    expect(evictions.items.every((e) => mine.has(e.namespace))).toBe(true);
  });
});
