'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';
import { ClusterOverviewSchema } from '@plimsoll/shared/schemas';

import { apiGet } from '@/lib/api-client';

/** Query keys and options of the overview. Invalidate with `overviewQueries.all(cluster)`. */
export const overviewQueries = {
  all: (cluster: string) => ['overview', cluster] as const,
  cluster: (cluster: string) =>
    queryOptions({
      queryKey: overviewQueries.all(cluster),
      queryFn: ({ signal }) =>
        apiGet(`/api/v1/clusters/${encodeURIComponent(cluster)}/overview`, ClusterOverviewSchema, {
          signal,
        }),
      staleTime: 10_000,
    }),
};

export const useClusterOverview = (cluster: string) => useQuery(overviewQueries.cluster(cluster));
