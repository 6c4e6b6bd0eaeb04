'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';
import { ListLeasesResponseSchema } from '@plimsoll/shared/schemas';

import { apiGet } from '@/lib/api-client';

/** Query keys and options of the leases view. Invalidate with `leaseQueries.all(cluster)`. */
export const leaseQueries = {
  all: (cluster: string) => ['leases', cluster] as const,
  list: (cluster: string) =>
    queryOptions({
      queryKey: leaseQueries.all(cluster),
      queryFn: ({ signal }) =>
        apiGet(`/api/v1/clusters/${encodeURIComponent(cluster)}/leases`, ListLeasesResponseSchema, {
          signal,
        }),
      staleTime: 10_000,
    }),
};

export const useLeases = (cluster: string) => useQuery(leaseQueries.list(cluster));
