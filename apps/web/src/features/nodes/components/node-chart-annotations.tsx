'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, type ReactElement } from 'react';
import { ReferenceArea, ReferenceLine } from 'recharts';

import { evictionQueries } from '@/features/evictions/queries';

import { nodeQueries } from '../queries';

/** What happened on a node that explains its lines: eviction episodes and spans of a stale Lease. */
export interface NodeChartAnnotations {
  evictions: Array<{ t: number; label: string }>;
  stale: Array<{ from: number; to: number }>;
}

/**
 * The node's eviction episodes (from the evictions API) and Lease staleness episodes (from the node detail the
 * page already holds) since `from`, for drawing on its time charts.
 */
export function useNodeChartAnnotations(
  cluster: string,
  node: string,
  from: string,
): NodeChartAnnotations {
  // One `to` per range choice, so the query key holds still while the page is open.
  const to = useMemo(() => new Date().toISOString(), [from]);
  const episodes = useQuery(evictionQueries.episodes(cluster, { from, to, node }));
  const detail = useQuery(nodeQueries.detail(cluster, node));
  return useMemo(() => {
    const evictions = (episodes.data?.items ?? []).map((e) => ({
      t: Date.parse(e.start),
      label: `${e.count} evicted${e.resource ? ` · ${e.resource}` : ''}`,
    }));
    const now = Date.now();
    const stale = (detail.data?.leaseEpisodes ?? []).map((e) => ({
      from: Date.parse(e.startedAt),
      to: e.endedAt ? Date.parse(e.endedAt) : now,
    }));
    return { evictions, stale };
  }, [episodes.data, detail.data]);
}

/**
 * The annotations as Recharts reference elements for a chart whose x axis is epoch milliseconds (call inside the
 * chart: Recharts wants them as its direct children). Marks outside the drawn range are left out.
 */
export function renderNodeAnnotations(
  a: NodeChartAnnotations,
  domain: { min: number; max: number },
): ReactElement[] {
  const within = (t: number) => t >= domain.min && t <= domain.max;
  return [
    ...a.stale
      .filter((s) => s.to >= domain.min && s.from <= domain.max)
      .map((s) => (
        <ReferenceArea
          key={`stale-${s.from}`}
          x1={Math.max(s.from, domain.min)}
          x2={Math.min(s.to, domain.max)}
          fill="var(--warn)"
          fillOpacity={0.12}
          stroke="none"
          label={{ value: 'lease stale', position: 'insideTop', fontSize: 10 }}
        />
      )),
    ...a.evictions
      .filter((e) => within(e.t))
      .map((e) => (
        <ReferenceLine
          key={`eviction-${e.t}`}
          x={e.t}
          stroke="var(--danger)"
          strokeWidth={1.5}
          label={{ value: e.label, position: 'insideTopLeft', fontSize: 10 }}
        />
      )),
  ];
}
