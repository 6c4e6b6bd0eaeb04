import type { TenantScope } from '@plimsoll/shared';
import type { ClusterOverview, ListClustersResponse } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import type { NodeHistoryRepository } from '../repositories/node-history-repository.js';
import { getScopedNodeRows, isNodeInScope, visibleNamespaces } from './build-node-summaries.js';
import { getHeadroomTrendsOfNodes } from './get-node-headroom-trends.js';
import { findLeaderLeases, summariseAutoscaler } from './list-leases.js';
import type { ServiceContext } from './service-context.js';

const RECENT_LIMIT = 15;
const STALE_LIMIT = 25;
const LEAST_HEADROOM_LIMIT = 10;

/** `GET /api/v1/clusters`: every cluster with its sync state and how many nodes the caller may see there. */
export function listClusters(ctx: ServiceContext, scope: TenantScope): ListClustersResponse {
  const collectors = [...(ctx.clusterManager?.collectors.values() ?? [])];
  return {
    clusters: collectors.map((c) => {
      const health = c.health();
      let nodeCount = 0;
      for (const n of c.cache.nodes.values())
        if (isNodeInScope(n, scope, c.tenantLabels)) nodeCount++;
      return { name: c.name, source: health.source, state: health.state, nodeCount };
    }),
  };
}

/**
 * The overview of one cluster: nodes by condition, a headroom heatmap of every node, recent transitions and
 * evictions, stale heartbeats, autoscaler health and control-plane leaders. A tenant admin's overview covers their
 * tenant's node pools and namespaces; cluster-wide facts (autoscaler, leaders) are left out.
 */
export async function getClusterOverview(opts: {
  collector: ClusterCollector;
  repo: NodeHistoryRepository;
  scope: TenantScope;
  now?: Date;
}): Promise<ClusterOverview> {
  const { collector, repo, scope } = opts;
  const now = opts.now ?? new Date();
  const { rows } = await getScopedNodeRows(collector, repo, scope);
  const all = scope.kind === 'all';
  const names = all ? undefined : rows.map((r) => r.name);
  const namespaces = visibleNamespaces(collector, scope);
  const [transitions, evictions, autoscaler, leaders] = await Promise.all([
    names && names.length === 0
      ? []
      : repo.findRecentTransitions(collector.name, RECENT_LIMIT, names),
    namespaces && namespaces.length === 0
      ? []
      : repo.findRecentEvictions(collector.name, RECENT_LIMIT, namespaces),
    all ? repo.findLatestAutoscalerStatus(collector.name) : null,
    all ? findLeaderLeases(collector, repo, now, { controlPlaneOnly: true }) : [],
  ]);

  const counts: ClusterOverview['counts'] = {
    total: rows.length,
    ready: 0,
    notReady: 0,
    unknown: 0,
    memoryPressure: 0,
    diskPressure: 0,
    pidPressure: 0,
    networkUnavailable: 0,
    unschedulable: 0,
    problems: [],
  };
  const problems = new Map<string, { count: number; severity: 'critical' | 'warning' | 'info' }>();
  const rank = { info: 0, warning: 1, critical: 2 } as const;
  const sources = { configz: 0, default: 0 };
  for (const r of rows) {
    if (r.ready === 'True') counts.ready++;
    else if (r.ready === 'False') counts.notReady++;
    else counts.unknown++;
    if (r.badConditions.includes('MemoryPressure')) counts.memoryPressure++;
    if (r.badConditions.includes('DiskPressure')) counts.diskPressure++;
    if (r.badConditions.includes('PIDPressure')) counts.pidPressure++;
    if (r.badConditions.includes('NetworkUnavailable')) counts.networkUnavailable++;
    if (r.unschedulable) counts.unschedulable++;
    for (const p of r.problems) {
      const cur = problems.get(p.type);
      if (!cur) problems.set(p.type, { count: 1, severity: p.severity });
      else {
        cur.count++;
        if (rank[p.severity] > rank[cur.severity]) cur.severity = p.severity;
      }
    }
    sources[r.thresholdSource]++;
  }
  counts.problems = [...problems]
    .map(([type, v]) => ({ type, ...v }))
    .sort((a, b) => b.count - a.count);

  const heatmap = [...rows]
    .sort((a, b) => (a.pool ?? '~').localeCompare(b.pool ?? '~') || (a.name < b.name ? -1 : 1))
    .map((r) => ({
      name: r.name,
      headroom: r.worstHeadroom,
      signal: r.worstSignal,
      ready: r.ready,
    }));

  // The least-headroom list: the LEAST_HEADROOM_LIMIT worst nodes, each with where its worst signal is heading.
  const worst = rows
    .filter((r) => r.worstHeadroom !== null && r.worstSignal !== null)
    .sort((a, b) => (a.worstHeadroom ?? 0) - (b.worstHeadroom ?? 0))
    .slice(0, LEAST_HEADROOM_LIMIT);
  const trends = await getHeadroomTrendsOfNodes({
    collector,
    repo,
    nodes: worst.map((r) => r.name),
    now,
  });
  const leastHeadroom = worst.flatMap((r) => {
    const trend = trends.get(r.name)?.find((t) => t.signal === r.worstSignal);
    return trend && r.worstHeadroom !== null
      ? [
          {
            name: r.name,
            signal: trend.signal,
            headroom: r.worstHeadroom,
            projection: trend.projection,
          },
        ]
      : [];
  });

  const stale = rows
    .filter((r) => r.leaseState !== 'fresh')
    .sort((a, b) => (b.heartbeatAgeSeconds ?? Infinity) - (a.heartbeatAgeSeconds ?? Infinity))
    .slice(0, STALE_LIMIT)
    .map((r) => {
      const lease = collector.cache.leases.get(`kube-node-lease/${r.name}`);
      return {
        node: r.name,
        state: r.leaseState,
        renewTime: lease?.renewTime?.toISOString() ?? null,
        ageSeconds: r.heartbeatAgeSeconds,
      };
    });

  return {
    cluster: collector.name,
    scope: scope.kind,
    counts,
    heatmap,
    leastHeadroom,
    thresholdSources: sources,
    recentTransitions: transitions.map((t) => ({
      node: t.node,
      type: t.type,
      status: t.status,
      reason: t.reason,
      at: t.at.toISOString(),
    })),
    recentEvictions: evictions.map((e) => ({ ...e, evictedAt: e.evictedAt.toISOString() })),
    staleHeartbeats: stale,
    autoscaler: summariseAutoscaler(autoscaler),
    leaders,
    generatedAt: now.toISOString(),
  };
}
