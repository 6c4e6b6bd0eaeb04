'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';
import {
  ListWorkloadsResponseSchema,
  WorkloadDetailResponseSchema,
} from '@plimsoll/shared/schemas';
import type { Route } from 'next';

import { apiGet } from '@/lib/api-client';

/** A workload as its URL names it. */
export interface WorkloadRef {
  namespace: string;
  kind: string;
  name: string;
}

const base = (cluster: string) => `/api/v1/clusters/${encodeURIComponent(cluster)}/workloads`;
const pathOf = (w: WorkloadRef) =>
  [w.namespace, w.kind, w.name].map((p) => encodeURIComponent(p)).join('/');

/** Query keys and options of the workload views. */
export const workloadQueries = {
  all: (cluster: string) => ['workloads', cluster] as const,
  list: (cluster: string, range: { from: string; to: string }) =>
    queryOptions({
      queryKey: [...workloadQueries.all(cluster), 'list', range],
      queryFn: ({ signal }) =>
        apiGet(base(cluster), ListWorkloadsResponseSchema, { query: { ...range }, signal }),
      staleTime: 15_000,
    }),
  detail: (cluster: string, w: WorkloadRef, range: { from: string; to: string }) =>
    queryOptions({
      queryKey: [...workloadQueries.all(cluster), 'detail', w, range],
      queryFn: ({ signal }) =>
        apiGet(`${base(cluster)}/${pathOf(w)}`, WorkloadDetailResponseSchema, {
          query: { ...range },
          signal,
        }),
      staleTime: 15_000,
    }),
};

export const useWorkloads = (cluster: string, range: { from: string; to: string }) =>
  useQuery(workloadQueries.list(cluster, range));
export const useWorkloadDetail = (
  cluster: string,
  w: WorkloadRef,
  range: { from: string; to: string },
) => useQuery(workloadQueries.detail(cluster, w, range));

/** The workload page, keeping the cluster and the range. */
export function workloadHref(cluster: string, w: WorkloadRef, range?: string | null): Route {
  const q = new URLSearchParams({ cluster });
  if (range) q.set('range', range);
  return `/workloads/${pathOf(w)}?${q.toString()}` as Route;
}
