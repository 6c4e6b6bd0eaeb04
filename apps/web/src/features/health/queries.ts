'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';
import { HealthResponseSchema, type HealthResponse } from '@plimsoll/shared/schemas';

import type { BadgeTone } from '@/components/badge';
import { apiGet } from '@/lib/api-client';

/** How often the shell re-reads health: cluster sync state changes on the collector's schedule. */
export const HEALTH_REFETCH_INTERVAL_MS = 30_000;

/** Query keys and options for `GET /api/v1/health`. */
export const healthQueries = {
  all: () => ['health'] as const,
  status: () =>
    queryOptions({
      queryKey: healthQueries.all(),
      queryFn: ({ signal }) => apiGet('/api/v1/health', HealthResponseSchema, { signal }),
      refetchInterval: HEALTH_REFETCH_INTERVAL_MS,
    }),
};

/** API health, database kind and the clusters the collector knows. */
export function useHealth() {
  return useQuery(healthQueries.status());
}

type ClusterState = HealthResponse['clusters'][number]['state'];

/** Badge tone for a cluster's sync state: only `synced` is good news. */
export const CLUSTER_STATE_TONES: Record<ClusterState, BadgeTone> = {
  synced: 'ok',
  starting: 'info',
  syncing: 'info',
  standby: 'neutral',
  degraded: 'warn',
  stopped: 'danger',
};

/** How the database kinds are named in the UI. */
export const DATABASE_LABELS: Record<HealthResponse['database'], string> = {
  pglite: 'PGlite (embedded)',
  postgres: 'PostgreSQL',
};

/** How cluster sources are named in the UI. */
export const CLUSTER_SOURCE_LABELS: Record<HealthResponse['clusters'][number]['source'], string> = {
  simulated: 'Simulated',
  kubeconfig: 'Kubeconfig',
  'in-cluster': 'In-cluster',
};
