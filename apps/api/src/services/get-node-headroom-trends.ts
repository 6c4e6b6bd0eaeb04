import { HEADROOM_TREND_WINDOW_MS, projectHeadroomCrossing } from '@plimsoll/shared';
import type { SignalHeadroomTrend } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import type { NodeHistoryRepository } from '../repositories/node-history-repository.js';
import { headroomsOf, qty, type HeadroomInputs } from './build-node-summaries.js';
import { findCachedConfigz, thresholdsOf, type NodeThresholds } from './read-kubelet-config.js';

/** The trend averages the last half hour of readings into 30-second buckets: at most 60 points a node. */
const TREND_BUCKET_SECONDS = 30;

const SIGNALS = [
  { key: 'memory', signal: 'memory.available' },
  { key: 'disk', signal: 'nodefs.available' },
  { key: 'pid', signal: 'pid.available' },
] as const;

/** The thresholds and memory capacity a node's headroom is measured against (its configz, else the defaults). */
export function headroomBasisOf(collector: ClusterCollector, node: string) {
  const capacity = collector.cache.nodes.get(node)?.capacity.memory;
  return {
    th: thresholdsOf(findCachedConfigz(collector, node)),
    memCapacity: capacity ? qty(capacity) : 0,
  };
}

/** Each eviction signal's latest headroom and its projected crossing, from readings oldest first. */
export function headroomTrendsOf(
  th: NodeThresholds,
  readings: readonly HeadroomInputs[],
  memCapacity: number,
  now: Date,
): SignalHeadroomTrend[] {
  const perReading = readings.map((r) => headroomsOf(th, r, memCapacity));
  return SIGNALS.map(({ key, signal }) => {
    const series = perReading.flatMap((h) => (h[key] ? [h[key]] : []));
    const p = projectHeadroomCrossing(
      series.map((h) => ({ at: new Date(h.at), headroom: h.headroom })),
      now,
    );
    return {
      signal,
      latest: series.at(-1) ?? null,
      projection: {
        ratePerHour: p.ratePerHour,
        crossesAt: p.crossesAt?.toISOString() ?? null,
        secondsLeft: p.secondsLeft,
        samples: p.samples,
      },
    };
  });
}

/**
 * Where the memory, disk and PID headroom of each node is heading now: the last half hour of its stored kubelet
 * readings, fitted as the quota projection does (projectHeadroomCrossing). One query for all the nodes.
 */
export async function getHeadroomTrendsOfNodes(opts: {
  collector: ClusterCollector;
  repo: NodeHistoryRepository;
  nodes: readonly string[];
  now: Date;
}): Promise<Map<string, SignalHeadroomTrend[]>> {
  const { collector, repo, nodes, now } = opts;
  const readings = await repo.findPressureHistoryOfNodes(
    collector.name,
    nodes,
    new Date(now.getTime() - HEADROOM_TREND_WINDOW_MS),
    now,
    TREND_BUCKET_SECONDS,
  );
  return new Map(
    nodes.map((node) => {
      const { th, memCapacity } = headroomBasisOf(collector, node);
      return [node, headroomTrendsOf(th, readings.get(node) ?? [], memCapacity, now)];
    }),
  );
}
