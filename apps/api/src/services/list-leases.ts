import type { AutoscalerStatus, TenantScope } from '@plimsoll/shared';
import type { ClusterOverview, LeaderLease, ListLeasesResponse } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import type { NodeHistoryRepository } from '../repositories/node-history-repository.js';
import { NODE_LEASE_NAMESPACE, getScopedNodeRows, leaseHealthOf } from './build-node-summaries.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * Leader-election leases: every Lease outside kube-node-lease, with its holder, whether it is still held (renewed
 * within its duration), and the last holder change Plimsoll recorded.
 */
export async function findLeaderLeases(
  collector: ClusterCollector,
  repo: NodeHistoryRepository,
  now: Date,
  opts: { controlPlaneOnly?: boolean } = {},
): Promise<LeaderLease[]> {
  const failovers = new Map(
    (await repo.findLastLeaderTransitions(collector.name)).map((t) => [
      `${t.namespace}/${t.name}`,
      t,
    ]),
  );
  const out: LeaderLease[] = [];
  for (const [key, l] of collector.cache.leases) {
    if (l.namespace === NODE_LEASE_NAMESPACE) continue;
    const controlPlane = l.namespace === 'kube-system';
    if (opts.controlPlaneOnly && !controlPlane) continue;
    const age = l.renewTime ? (now.getTime() - l.renewTime.getTime()) / 1000 : null;
    const held = l.holderIdentity !== null && age !== null && age <= (l.leaseDurationSeconds ?? 15);
    const f = failovers.get(key);
    out.push({
      namespace: l.namespace,
      name: l.name,
      holder: l.holderIdentity,
      leaseDurationSeconds: l.leaseDurationSeconds,
      renewTime: iso(l.renewTime),
      acquireTime: iso(l.acquireTime),
      transitions: l.leaseTransitions,
      ageSeconds: age === null ? null : Math.max(0, age),
      state: l.holderIdentity === null ? 'unheld' : held ? 'held' : 'expired',
      lastFailover: f
        ? { at: f.observedAt.toISOString(), from: f.previousHolder, to: f.holder }
        : null,
      controlPlane,
    });
  }
  return out.sort(
    (a, b) =>
      Number(b.controlPlane) - Number(a.controlPlane) ||
      `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
  );
}

/**
 * `GET /leases`: node leases (the caller's nodes) with age and state by the lifecycle controller's rule, and
 * leader-election leases (withheld from tenant admins: they are cluster-wide control-plane facts).
 */
export async function listLeases(opts: {
  collector: ClusterCollector;
  repo: NodeHistoryRepository;
  scope: TenantScope;
  now?: Date;
}): Promise<ListLeasesResponse> {
  const { collector, repo, scope } = opts;
  const now = opts.now ?? new Date();
  const { rows } = await getScopedNodeRows(collector, repo, scope);
  const since = new Date(now.getTime() - 7 * 86_400_000);
  const episodes = await repo.findLeaseEpisodes(collector.name, {
    since,
    limit: 500,
    ...(scope.kind === 'all' ? {} : { nodes: rows.map((r) => r.name) }),
  });
  const perNode = new Map<string, number>();
  for (const e of episodes) perNode.set(e.node, (perNode.get(e.node) ?? 0) + 1);
  const nodeLeases = rows.map((r) => {
    const lease = collector.cache.leases.get(`${NODE_LEASE_NAMESPACE}/${r.name}`);
    const node = collector.cache.nodes.get(r.name);
    return {
      node: r.name,
      holder: lease?.holderIdentity ?? null,
      renewTime: iso(lease?.renewTime),
      leaseDurationSeconds: lease?.leaseDurationSeconds ?? null,
      ageSeconds: r.heartbeatAgeSeconds,
      state: r.leaseState,
      staleSince: node ? iso(leaseHealthOf(node, lease, now).staleSince) : null,
      recentEpisodes: perNode.get(r.name) ?? 0,
    };
  });
  const leaders = scope.kind === 'all' ? await findLeaderLeases(collector, repo, now) : [];
  return {
    cluster: collector.name,
    nodeLeases,
    leaders,
    leadersHidden: scope.kind !== 'all',
    recentEpisodes: episodes.slice(0, 100).map((e) => ({
      node: e.node,
      startedAt: e.startedAt.toISOString(),
      endedAt: iso(e.endedAt),
      lastRenewBefore: iso(e.lastRenewBefore),
      longestGapSeconds: e.longestGapSeconds,
      reconstructed: e.reconstructed,
    })),
    generatedAt: now.toISOString(),
  };
}

/** The overview's autoscaler panel from the latest stored status (parseAutoscalerStatus output). */
export function summariseAutoscaler(
  sample: { status: unknown; observedAt: Date } | null,
): ClusterOverview['autoscaler'] {
  if (!sample?.status) return null;
  const s = sample.status as Partial<AutoscalerStatus>;
  const cw = s.clusterWide;
  if (!cw) return null;
  return {
    observedAt: sample.observedAt.toISOString(),
    autoscalerStatus: s.autoscalerStatus ?? null,
    health: cw.health?.status || 'unknown',
    ready: cw.health?.ready ?? 0,
    unready: cw.health?.unready ?? 0,
    registered: cw.health?.registered ?? 0,
    scaleUp: cw.scaleUp?.status ?? 'unknown',
    scaleDown: cw.scaleDown?.status ?? 'unknown',
    nodeGroups: (s.nodeGroups ?? []).map((g) => ({
      name: g.name,
      health: g.health?.status || 'unknown',
      scaleUp: g.scaleUp?.status ?? 'unknown',
      target: g.health?.cloudProviderTarget ?? 0,
      min: g.health?.minSize ?? 0,
      max: g.health?.maxSize ?? 0,
      backoff: g.scaleUp?.backoff
        ? `${g.scaleUp.backoff.errorCode}: ${g.scaleUp.backoff.errorMessage}`
        : null,
    })),
  };
}
