'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';
import {
  ListQuotasResponseSchema,
  QuotaHistoryResponseSchema,
  type ListQuotasQuery,
} from '@plimsoll/shared/schemas';

import { apiGet } from '@/lib/api-client';

const clusterPath = (cluster: string) => `/api/v1/clusters/${encodeURIComponent(cluster)}`;

/** Query keys and options of the quota views. Invalidate with `quotaQueries.all(cluster)`. */
export const quotaQueries = {
  all: (cluster: string) => ['quotas', cluster] as const,
  list: (cluster: string, q: ListQuotasQuery = {}) =>
    queryOptions({
      queryKey: [...quotaQueries.all(cluster), 'list', q],
      queryFn: ({ signal }) =>
        apiGet(`${clusterPath(cluster)}/quotas`, ListQuotasResponseSchema, { query: q, signal }),
      staleTime: 10_000,
      refetchInterval: 30_000,
    }),
  history: (cluster: string, namespace: string, name: string, hours: number) =>
    queryOptions({
      queryKey: [...quotaQueries.all(cluster), 'history', namespace, name, hours],
      queryFn: ({ signal }) =>
        apiGet(
          `${clusterPath(cluster)}/quotas/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/history`,
          QuotaHistoryResponseSchema,
          { query: { hours }, signal },
        ),
      staleTime: 15_000,
      refetchInterval: 60_000,
    }),
};

export const useQuotas = (cluster: string, q: ListQuotasQuery = {}) =>
  useQuery(quotaQueries.list(cluster, q));
export const useQuotaHistory = (cluster: string, namespace: string, name: string, hours: number) =>
  useQuery(quotaQueries.history(cluster, namespace, name, hours));
