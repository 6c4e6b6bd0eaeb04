'use client';

import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { SearchResponseSchema } from '@plimsoll/shared/schemas';

import { apiGet } from '@/lib/api-client';

/** Query keys and options of the command palette's search. */
export const searchQueries = {
  all: (cluster: string) => ['search', cluster] as const,
  search: (cluster: string, q: string) =>
    queryOptions({
      queryKey: [...searchQueries.all(cluster), q] as const,
      queryFn: ({ signal }) =>
        apiGet(`/api/v1/clusters/${encodeURIComponent(cluster)}/search`, SearchResponseSchema, {
          query: { q },
          signal,
        }),
      staleTime: 10_000,
    }),
};

/** Results for `q` (nothing is fetched for an empty text); the last answer stays while typing. */
export function useSearch(cluster: string | null, q: string) {
  return useQuery({
    ...searchQueries.search(cluster ?? '', q),
    enabled: cluster !== null && q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}
