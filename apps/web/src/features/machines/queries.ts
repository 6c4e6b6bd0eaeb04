'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';
import { ListMachinesResponseSchema } from '@plimsoll/shared/schemas';

import { apiGet } from '@/lib/api-client';

/** Query keys and options of the Machines view (Cluster API objects are read on demand). */
export const machineQueries = {
  all: (cluster: string) => ['machines', cluster] as const,
  list: (cluster: string) =>
    queryOptions({
      queryKey: [...machineQueries.all(cluster), 'list'],
      queryFn: ({ signal }) =>
        apiGet(
          `/api/v1/clusters/${encodeURIComponent(cluster)}/machines`,
          ListMachinesResponseSchema,
          {
            signal,
          },
        ),
      refetchInterval: 30_000,
    }),
};

export const useMachines = (cluster: string) => useQuery(machineQueries.list(cluster));
