'use client';

import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useQuery,
} from '@tanstack/react-query';
import {
  EvictionDetailResponseSchema,
  EvictionEpisodesResponseSchema,
  EvictionHistogramResponseSchema,
  EvictionTimelineResponseSchema,
  ListEvictionsResponseSchema,
  type EvictionGroupBy,
} from '@plimsoll/shared/schemas';

import { apiGet, buildApiUrl, type ApiQuery } from '@/lib/api-client';

/** Filters the eviction views send with every query (absent values are left out). */
export interface EvictionFilterParams {
  from: string;
  to: string;
  node?: string;
  namespace?: string;
  tenant?: string;
  resource?: string;
  qos?: string;
  owner?: string;
}

const base = (cluster: string) => `/api/v1/clusters/${encodeURIComponent(cluster)}/evictions`;
const LIST_PAGE = 100;

/** Query keys and options for the eviction endpoints. Invalidate everything of a cluster with `all`. */
export const evictionQueries = {
  all: (cluster: string) => ['evictions', cluster] as const,
  list: (cluster: string, f: EvictionFilterParams) =>
    infiniteQueryOptions({
      queryKey: [...evictionQueries.all(cluster), 'list', f],
      queryFn: ({ signal, pageParam }) =>
        apiGet(base(cluster), ListEvictionsResponseSchema, {
          query: { ...f, limit: LIST_PAGE, cursor: pageParam ?? undefined } as ApiQuery,
          signal,
        }),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor,
      staleTime: 15_000,
    }),
  /** `bucket` (seconds) fixes the width, so a compared window is counted in the same buckets. */
  histogram: (
    cluster: string,
    f: EvictionFilterParams,
    groupBy: EvictionGroupBy,
    bucket?: number,
  ) =>
    queryOptions({
      queryKey: [...evictionQueries.all(cluster), 'histogram', f, groupBy, bucket ?? null],
      queryFn: ({ signal }) =>
        apiGet(`${base(cluster)}/histogram`, EvictionHistogramResponseSchema, {
          query: { ...f, groupBy, ...(bucket ? { bucket } : {}) } as ApiQuery,
          signal,
        }),
      staleTime: 15_000,
    }),
  timeline: (cluster: string, f: EvictionFilterParams, groupBy: EvictionGroupBy) =>
    queryOptions({
      queryKey: [...evictionQueries.all(cluster), 'timeline', f, groupBy],
      queryFn: ({ signal }) =>
        apiGet(`${base(cluster)}/timeline`, EvictionTimelineResponseSchema, {
          query: { ...f, groupBy, limit: 10_000 } as ApiQuery,
          signal,
        }),
      staleTime: 15_000,
    }),
  episodes: (cluster: string, f: EvictionFilterParams) =>
    queryOptions({
      queryKey: [...evictionQueries.all(cluster), 'episodes', f],
      queryFn: ({ signal }) =>
        apiGet(`${base(cluster)}/episodes`, EvictionEpisodesResponseSchema, {
          query: f as unknown as ApiQuery,
          signal,
        }),
      staleTime: 15_000,
    }),
  detail: (cluster: string, id: string) =>
    queryOptions({
      queryKey: [...evictionQueries.all(cluster), 'detail', id],
      queryFn: ({ signal }) =>
        apiGet(`${base(cluster)}/${encodeURIComponent(id)}`, EvictionDetailResponseSchema, {
          signal,
        }),
      staleTime: 60_000,
    }),
};

export const useEvictionList = (c: string, f: EvictionFilterParams) =>
  useInfiniteQuery(evictionQueries.list(c, f));
export const useEvictionHistogram = (c: string, f: EvictionFilterParams, g: EvictionGroupBy) =>
  useQuery(evictionQueries.histogram(c, f, g));
export const useEvictionTimeline = (c: string, f: EvictionFilterParams, g: EvictionGroupBy) =>
  useQuery(evictionQueries.timeline(c, f, g));
export const useEvictionEpisodes = (c: string, f: EvictionFilterParams) =>
  useQuery(evictionQueries.episodes(c, f));
export const useEvictionDetail = (c: string, id: string) => useQuery(evictionQueries.detail(c, id));

/** A download link for every eviction matching the filters (the API sends it as an attachment). */
export function evictionExportUrl(
  cluster: string,
  f: EvictionFilterParams,
  format: 'csv' | 'json',
): string {
  return buildApiUrl(base(cluster), { ...f, format } as ApiQuery);
}
