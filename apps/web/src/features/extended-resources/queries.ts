'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';
import { ListExtendedResourcesResponseSchema } from '@plimsoll/shared/schemas';

import { apiGet } from '@/lib/api-client';

/** Query keys and options of the extended resources section. */
export const extendedResourceQueries = {
  all: (cluster: string) => ['extended-resources', cluster] as const,
  list: (cluster: string) =>
    queryOptions({
      queryKey: [...extendedResourceQueries.all(cluster), 'list'],
      queryFn: ({ signal }) =>
        apiGet(
          `/api/v1/clusters/${encodeURIComponent(cluster)}/extended-resources`,
          ListExtendedResourcesResponseSchema,
          { signal },
        ),
      refetchInterval: 30_000,
    }),
};

export const useExtendedResources = (cluster: string) =>
  useQuery(extendedResourceQueries.list(cluster));
