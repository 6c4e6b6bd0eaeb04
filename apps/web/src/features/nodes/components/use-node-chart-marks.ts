'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';

import type { ChartMarks } from '@/components/chart';
import { evictionQueries } from '@/features/evictions/queries';

import { nodeQueries } from '../queries';

/**
 * What happened on a node that explains its lines, as chart marks: its eviction episodes since `from` (from the
 * evictions API; red lines) and the spans of a stale Lease (from the node detail the page already holds; amber).
 */
export function useNodeChartMarks(cluster: string, node: string, from: string): ChartMarks {
  // One `to` per range choice, so the query key holds still while the page is open.
  const to = useMemo(() => new Date().toISOString(), [from]);
  const episodes = useQuery(evictionQueries.episodes(cluster, { from, to, node }));
  const detail = useQuery(nodeQueries.detail(cluster, node));
  return useMemo(() => {
    const now = Date.now();
    return {
      lines: (episodes.data?.items ?? []).map((e) => ({
        t: Date.parse(e.start),
        label: `${e.count} evicted${e.resource ? ` · ${e.resource}` : ''}`,
        color: 'var(--danger)',
      })),
      bands: (detail.data?.leaseEpisodes ?? []).map((e) => ({
        from: Date.parse(e.startedAt),
        to: e.endedAt ? Date.parse(e.endedAt) : now,
        label: 'lease stale',
        color: 'var(--warn)',
      })),
    };
  }, [episodes.data, detail.data]);
}
