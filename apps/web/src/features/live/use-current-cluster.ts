'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';
import { ListClustersResponseSchema } from '@plimsoll/shared/schemas';
import { useSearchParams } from 'next/navigation';

import { apiGet } from '@/lib/api-client';

/** Query keys and options for `GET /api/v1/clusters`. */
export const clusterQueries = {
  all: () => ['clusters'] as const,
  list: () =>
    queryOptions({
      queryKey: clusterQueries.all(),
      queryFn: ({ signal }) => apiGet('/api/v1/clusters', ListClustersResponseSchema, { signal }),
      staleTime: 30_000,
    }),
};

/**
 * The cluster a view shows: `?cluster=` when it names a known cluster, else the first one. `cluster` is undefined
 * while the list loads and when no cluster is collected (`none` is then true).
 */
export function useCurrentCluster() {
  const params = useSearchParams();
  const clusters = useQuery(clusterQueries.list());
  const wanted = params.get('cluster');
  const list = clusters.data?.clusters ?? [];
  const cluster = list.find((c) => c.name === wanted)?.name ?? list[0]?.name;
  return { cluster, clusters, none: clusters.isSuccess && list.length === 0 };
}
