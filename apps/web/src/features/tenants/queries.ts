'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';
import {
  ListTenantsResponseSchema,
  TenantDetailResponseSchema,
  TenantIsolationResponseSchema,
} from '@plimsoll/shared/schemas';

import { apiGet } from '@/lib/api-client';

const clusterPath = (cluster: string) => `/api/v1/clusters/${encodeURIComponent(cluster)}`;

/** Query keys and options of the tenant views. Invalidate with `tenantQueries.all(cluster)`. */
export const tenantQueries = {
  all: (cluster: string) => ['tenants', cluster] as const,
  list: (cluster: string) =>
    queryOptions({
      queryKey: [...tenantQueries.all(cluster), 'list'],
      queryFn: ({ signal }) =>
        apiGet(`${clusterPath(cluster)}/tenants`, ListTenantsResponseSchema, { signal }),
      staleTime: 15_000,
      refetchInterval: 30_000,
    }),
  detail: (cluster: string, tenant: string) =>
    queryOptions({
      queryKey: [...tenantQueries.all(cluster), 'detail', tenant],
      queryFn: ({ signal }) =>
        apiGet(
          `${clusterPath(cluster)}/tenants/${encodeURIComponent(tenant)}`,
          TenantDetailResponseSchema,
          { signal },
        ),
      staleTime: 15_000,
    }),
  isolation: (cluster: string, tenant: string) =>
    queryOptions({
      queryKey: [...tenantQueries.all(cluster), 'isolation', tenant],
      queryFn: ({ signal }) =>
        apiGet(
          `${clusterPath(cluster)}/tenants/${encodeURIComponent(tenant)}/isolation`,
          TenantIsolationResponseSchema,
          {
            signal,
          },
        ),
      staleTime: 15_000,
    }),
};

export const useTenants = (cluster: string) => useQuery(tenantQueries.list(cluster));
export const useTenant = (cluster: string, tenant: string) =>
  useQuery(tenantQueries.detail(cluster, tenant));
export const useTenantIsolation = (cluster: string, tenant: string) =>
  useQuery(tenantQueries.isolation(cluster, tenant));
