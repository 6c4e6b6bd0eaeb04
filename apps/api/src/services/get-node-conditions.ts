import type { TenantScope } from '@plimsoll/shared';
import type { NodeConditionHistory } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import { AppError } from '../errors/app-error.js';
import type { NodeHistoryRepository } from '../repositories/node-history-repository.js';
import { getScopedNode } from './get-node-detail.js';

/** Longest range one request may ask for. */
export const MAX_CONDITION_RANGE_DAYS = 400;
/** Most transitions one answer carries (the newest are kept). */
export const MAX_CONDITION_TRANSITIONS = 5000;
const DEFAULT_RANGE_MS = 24 * 3600_000;

/** Kubelet conditions first, in the order `kubectl describe node` prints them, then the rest by name. */
const LANE_ORDER = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

/** What a node history route asks for: one node of one cluster over [from, to], in the caller's scope. */
export interface NodeHistoryQuery {
  collector: ClusterCollector;
  repo: NodeHistoryRepository;
  scope: TenantScope;
  node: string;
  from?: string;
  to?: string;
  now?: Date;
}

/**
 * The scope check and [from, to] of a node history request (default: the last 24 hours, at most
 * MAX_CONDITION_RANGE_DAYS). A node that no longer exists still has history, so the node must only exist for
 * tenant scoping when it is gone from the cache (SREs and viewers may read the history of deleted nodes).
 */
export function resolveNodeHistoryRange(opts: Omit<NodeHistoryQuery, 'repo'>): {
  from: Date;
  to: Date;
} {
  const { collector } = opts;
  if (opts.scope.kind !== 'all' || collector.cache.nodes.has(opts.node))
    getScopedNode(collector, opts.node, opts.scope);
  const to = opts.to ? new Date(opts.to) : (opts.now ?? new Date());
  const from = opts.from ? new Date(opts.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
  if (!(from < to)) throw new AppError('VALIDATION_FAILED', '`from` must be before `to`.');
  if (to.getTime() - from.getTime() > MAX_CONDITION_RANGE_DAYS * 86_400_000) {
    throw new AppError(
      'VALIDATION_FAILED',
      `The range may span at most ${MAX_CONDITION_RANGE_DAYS} days.`,
    );
  }
  return { from, to };
}

/**
 * A node's conditions over [from, to] as lanes of segments, from node_condition_transitions: the last transition
 * before `from` gives each condition's status at the start; each transition starts a new segment.
 */
export async function getNodeConditions(opts: NodeHistoryQuery): Promise<NodeConditionHistory> {
  const { collector } = opts;
  const { from, to } = resolveNodeHistoryRange(opts);
  const { before, within, truncated } = await opts.repo.findConditionHistory(
    collector.name,
    opts.node,
    from,
    to,
    MAX_CONDITION_TRANSITIONS,
  );

  const types = new Set<string>([...before.map((b) => b.type), ...within.map((w) => w.type)]);
  // Conditions the node has now but that never changed in the range (and have no history before it).
  const current = collector.cache.nodes.get(opts.node);
  for (const c of current?.conditions ?? []) types.add(c.type);
  const ordered = [...types].sort((a, b) => {
    const ia = LANE_ORDER.indexOf(a);
    const ib = LANE_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : 1);
  });
  const lanes = ordered.map((type) => {
    const segments: NodeConditionHistory['lanes'][number]['segments'] = [];
    const start = before.find((b) => b.type === type);
    let open: { status: string; reason: string | null; from: Date } | null = start
      ? { status: start.status, reason: start.reason, from }
      : null;
    for (const t of within) {
      if (t.type !== type) continue;
      if (open && open.status === t.status) continue;
      if (open)
        segments.push({
          status: open.status,
          reason: open.reason,
          from: open.from.toISOString(),
          to: t.at.toISOString(),
        });
      open = { status: t.status, reason: t.reason, from: t.at };
    }
    if (!open && within.every((t) => t.type !== type)) {
      // Nothing recorded: the current condition, from its lastTransitionTime when that is inside the range.
      const c = current?.conditions.find((x) => x.type === type);
      if (c && c.lastTransitionTime <= to) {
        open = {
          status: c.status,
          reason: c.reason,
          from: c.lastTransitionTime > from ? c.lastTransitionTime : from,
        };
      }
    }
    if (open)
      segments.push({
        status: open.status,
        reason: open.reason,
        from: open.from.toISOString(),
        to: to.toISOString(),
      });
    return { type, segments };
  });
  return {
    cluster: collector.name,
    node: opts.node,
    from: from.toISOString(),
    to: to.toISOString(),
    lanes,
    transitions: within.map((t) => ({
      type: t.type,
      status: t.status,
      reason: t.reason,
      message: t.message,
      at: t.at.toISOString(),
      reconstructed: t.reconstructed,
    })),
    truncated,
  };
}
