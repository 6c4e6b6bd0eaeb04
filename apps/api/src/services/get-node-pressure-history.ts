import type { NodePressureHistory } from '@plimsoll/shared/schemas';

import { headroomsOf } from './build-node-summaries.js';
import { resolveNodeHistoryRange, type NodeHistoryQuery } from './get-node-conditions.js';
import { getHeadroomTrendsOfNodes, headroomBasisOf } from './get-node-headroom-trends.js';

/** Points one answer carries at most: enough for a chart's width, whatever the range. */
const MAX_POINTS = 360;

/**
 * A node's PSI, swap and eviction-signal headroom over [from, to] (issue 18: the 1.33–1.35 signals in history),
 * from pressure_samples averaged into at most MAX_POINTS buckets; scoped and bounded like the condition history.
 * `headroom` is where each signal is heading now (the last half hour), whatever the range.
 */
export async function getNodePressureHistory(opts: NodeHistoryQuery): Promise<NodePressureHistory> {
  const { from, to } = resolveNodeHistoryRange(opts);
  const bucketSeconds = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / 1000 / MAX_POINTS));
  const now = opts.now ?? new Date();
  const [rows, trends] = await Promise.all([
    opts.repo.findPressureHistory(opts.collector.name, opts.node, from, to, bucketSeconds),
    getHeadroomTrendsOfNodes({
      collector: opts.collector,
      repo: opts.repo,
      nodes: [opts.node],
      now,
    }),
  ]);
  const { th, memCapacity } = headroomBasisOf(opts.collector, opts.node);
  return {
    cluster: opts.collector.name,
    node: opts.node,
    from: from.toISOString(),
    to: to.toISOString(),
    bucketSeconds,
    samples: rows.map((r) => {
      const h = headroomsOf(th, r, memCapacity);
      return {
        at: r.at.toISOString(),
        psiCpuSomeAvg10: r.psiCpuSomeAvg10,
        psiMemorySomeAvg10: r.psiMemorySomeAvg10,
        psiMemoryFullAvg10: r.psiMemoryFullAvg10,
        psiIoSomeAvg10: r.psiIoSomeAvg10,
        swapUsageBytes: r.swapUsageBytes,
        swapAvailableBytes: r.swapAvailableBytes,
        memoryHeadroomRatio: h.memory?.ratio ?? null,
        diskHeadroomRatio: h.disk?.ratio ?? null,
        pidHeadroomRatio: h.pid?.ratio ?? null,
      };
    }),
    headroom: trends.get(opts.node) ?? [],
  };
}
