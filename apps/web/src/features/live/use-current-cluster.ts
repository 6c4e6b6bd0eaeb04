'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';
import { ListClustersResponseSchema } from '@plimsoll/shared/schemas';
import { useSearchParams } from 'next/navigation';

import { apiGet } from '@/lib/api-client';

import { pickCluster } from './cluster-choice';
import { useRememberedCluster } from './use-remembered-cluster';

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
 * The cluster a view shows: `?cluster=` when it names a known cluster, else the one last chosen in the header
 * switcher, else the first one (see {@link pickCluster}). `cluster` is undefined while the list loads and when no
 * cluster is collected (`none` is then true).
 */
export function useCurrentCluster() {
  const params = useSearchParams();
  const clusters = useQuery(clusterQueries.list());
  const { remembered } = useRememberedCluster();
  const list = clusters.data?.clusters ?? [];
  const cluster = pickCluster(
    list.map((c) => c.name),
    params.get('cluster'),
    remembered,
  );
  return { cluster, clusters, none: clusters.isSuccess && list.length === 0 };
}
