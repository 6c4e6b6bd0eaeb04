import {
  DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS,
  getEvictedUsage,
  groupEvictionEpisodes,
  type EvictionEpisode,
} from '@plimsoll/shared';
import type {
  Eviction,
  EvictionEpisodesQuery,
  EvictionEpisodesResponse,
  EvictionEpisodeWire,
} from '@plimsoll/shared/schemas';

import { toEvictionFilter, toEvictionWire, type EvictionQueryInput } from './eviction-query.js';

/** The most evictions one episodes query groups. */
const MAX_ROWS = 50_000;

/** An eviction with its time as a Date, as episode grouping takes it. */
export type EpisodeRow = Omit<Eviction, 'evictedAt'> & { evictedAt: Date };

/** A wire eviction as an episode row. */
export function toEpisodeRow(e: Eviction): EpisodeRow {
  return { ...e, evictedAt: new Date(e.evictedAt) };
}

/** An episode as the wire shape. */
export function toEpisodeWire(ep: EvictionEpisode<EpisodeRow>): EvictionEpisodeWire {
  return {
    node: ep.node,
    resource: ep.resource,
    start: ep.start.toISOString(),
    end: ep.end.toISOString(),
    count: ep.evictions.length,
    reclaimed: ep.reclaimed,
    reclaimedUnknown: ep.reclaimedUnknown,
    evictions: ep.evictions.map((e) => ({
      id: e.id,
      namespace: e.namespace,
      pod: e.pod,
      evictedAt: e.evictedAt.toISOString(),
      qosClass: e.qosClass,
      priority: e.priority,
      usage: getEvictedUsage(e.offenders)?.toString() ?? null,
    })),
  };
}

/** Eviction episodes in the range, newest first. */
export async function findEvictionEpisodes(
  input: EvictionQueryInput<EvictionEpisodesQuery>,
): Promise<EvictionEpisodesResponse> {
  const filter = toEvictionFilter(input.cluster, input.query, input.scope, input.now);
  const rows = await input.repo.findEvictionsForEpisodes(filter, MAX_ROWS + 1);
  const truncatedRows = rows.length > MAX_ROWS;
  const members = rows.slice(0, MAX_ROWS).map((r) => toEpisodeRow(toEvictionWire(r)));
  const episodes = groupEvictionEpisodes(members).reverse();
  return {
    from: filter.from.toISOString(),
    to: filter.to.toISOString(),
    gapSeconds: DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS / 1000,
    items: episodes.slice(0, input.query.limit).map(toEpisodeWire),
    truncated: truncatedRows || episodes.length > input.query.limit,
  };
}
