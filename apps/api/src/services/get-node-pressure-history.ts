import type { TenantScope } from '@plimsoll/shared';
import type { NodePressureHistory } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/collector.js';
import type { NodeHistoryRepository } from '../repositories/node-history-repository.js';
import { resolveNodeHistoryRange } from './get-node-conditions.js';

/** Points one answer carries at most: enough for a chart's width, whatever the range. */
const MAX_POINTS = 360;

/**
 * A node's PSI and swap over [from, to] (issue 18: the 1.33–1.35 signals in history), from pressure_samples
 * averaged into at most MAX_POINTS buckets; scoped and bounded like the condition history.
 */
export async function getNodePressureHistory(opts: {
  collector: ClusterCollector;
  repo: NodeHistoryRepository;
  scope: TenantScope;
  node: string;
  from?: string;
  to?: string;
  now?: Date;
}): Promise<NodePressureHistory> {
  const { from, to } = resolveNodeHistoryRange(opts);
  const bucketSeconds = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / 1000 / MAX_POINTS));
  const rows = await opts.repo.findPressureHistory(
    opts.collector.name,
    opts.node,
    from,
    to,
    bucketSeconds,
  );
  return {
    cluster: opts.collector.name,
    node: opts.node,
    from: from.toISOString(),
    to: to.toISOString(),
    bucketSeconds,
    samples: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
  };
}
