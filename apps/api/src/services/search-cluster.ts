import { getNamespaceTenant, isTenantInScope, type TenantScope } from '@plimsoll/shared';
import {
  SEARCH_MAX_PER_KIND,
  type SearchResponse,
  type SearchResult,
} from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import type { EvictionRepository } from '../repositories/eviction-repository.js';
import { isNamespaceVisible, isNodeInScope } from './build-node-summaries.js';
import { scopeTenantsOf } from './eviction-query.js';

/** How far back the palette looks for evictions. */
const EVICTION_SEARCH_DAYS = 30;

type Candidate = Omit<SearchResult, 'kind'> & { key: string };

/** Names that start with the text first, then shorter names, then alphabetical; at most a handful. */
function best(kind: SearchResult['kind'], text: string, candidates: Candidate[]): SearchResult[] {
  const rank = (c: Candidate) => (c.key.startsWith(text) ? 0 : 1);
  return candidates
    .sort((a, b) => rank(a) - rank(b) || a.key.length - b.key.length || (a.key < b.key ? -1 : 1))
    .slice(0, SEARCH_MAX_PER_KIND)
    .map(({ key: _key, ...rest }) => ({ kind, ...rest }));
}

/**
 * The command palette's search across one cluster: nodes, pods and namespaces from the live cache, tenants
 * from namespace labels, evictions (last 30 days) from history. Scoped like every view: a tenant admin finds
 * only their tenant's node pools, namespaces, pods, tenant and evictions.
 */
export async function searchCluster(opts: {
  collector: ClusterCollector;
  evictions: EvictionRepository;
  scope: TenantScope;
  q: string;
  now?: Date;
}): Promise<SearchResponse> {
  const { collector, scope } = opts;
  const text = opts.q.trim().toLowerCase();
  const now = opts.now ?? new Date();
  const has = (s: string) => s.toLowerCase().includes(text);

  const nodes: Candidate[] = [];
  for (const n of collector.cache.nodes.values()) {
    if (!has(n.name) || !isNodeInScope(n, scope, collector.tenantLabels)) continue;
    const ready = n.conditions.find((c) => c.type === 'Ready')?.status;
    nodes.push({
      key: n.name.toLowerCase(),
      name: n.name,
      namespace: null,
      node: null,
      detail: ready === 'True' ? 'Ready' : ready === 'False' ? 'NotReady' : 'Ready Unknown',
      id: null,
      at: null,
    });
  }

  const namespaces: Candidate[] = [];
  const tenants = new Map<string, number>();
  for (const ns of collector.cache.namespaces.values()) {
    if (!isNamespaceVisible(collector, ns.name, scope)) continue;
    const tenant = getNamespaceTenant({ metadata: { labels: ns.labels } }, collector.tenantLabels);
    if (tenant && isTenantInScope(tenant, scope) && has(tenant))
      tenants.set(tenant, (tenants.get(tenant) ?? 0) + 1);
    if (has(ns.name))
      namespaces.push({
        key: ns.name.toLowerCase(),
        name: ns.name,
        namespace: null,
        node: null,
        detail: tenant ? `tenant ${tenant}` : null,
        id: null,
        at: null,
      });
  }

  const pods: Candidate[] = [];
  for (const p of collector.cache.pods.values()) {
    if (!has(p.name) || !isNamespaceVisible(collector, p.namespace, scope)) continue;
    pods.push({
      key: p.name.toLowerCase(),
      name: p.name,
      namespace: p.namespace,
      node: p.nodeName,
      detail: [p.phase, p.nodeName ? `on ${p.nodeName}` : null].filter(Boolean).join(' ') || null,
      id: null,
      at: null,
    });
  }

  const evicted = await opts.evictions.findEvictions(
    {
      cluster: collector.name,
      from: new Date(now.getTime() - EVICTION_SEARCH_DAYS * 86_400_000),
      to: now,
      text,
      scopeTenants: scopeTenantsOf(scope),
    },
    { limit: SEARCH_MAX_PER_KIND },
  );

  return {
    cluster: collector.name,
    q: opts.q,
    items: [
      ...best('node', text, nodes),
      ...best('namespace', text, namespaces),
      ...best(
        'tenant',
        text,
        [...tenants].map(([t, n]) => ({
          key: t.toLowerCase(),
          name: t,
          namespace: null,
          node: null,
          detail: `${n} namespace${n === 1 ? '' : 's'}`,
          id: null,
          at: null,
        })),
      ),
      ...best('pod', text, pods),
      // Evictions stay newest first: "what happened to it lately" is the question.
      ...evicted.map((e): SearchResult => ({
        kind: 'eviction',
        name: e.pod,
        namespace: e.namespace,
        node: e.node,
        detail: [e.resource, e.node ? `on ${e.node}` : null].filter(Boolean).join(' ') || null,
        id: e.id.toString(),
        at: e.evictedAt.toISOString(),
      })),
    ],
  };
}
