'use client';

import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import {
  GetAutoscalerHistoryResponseSchema,
  GetAutoscalerStatusResponseSchema,
  GetAutoscalerTimelineResponseSchema,
  ListPendingPodsResponseSchema,
  WhyThisGroupResponseSchema,
} from '@plimsoll/shared/schemas';

import { apiGet } from '@/lib/api-client';

/** The status changes every scan (10 s); refreshing as often is pointless. */
const STATUS_REFETCH_MS = 15_000;

/** Range and filters of the timeline, as kept in the URL. */
export interface TimelineQuery {
  from?: string;
  kinds?: string;
}

/** Inputs of "why this group?": a pod, or a hypothetical pod's requests. */
export interface WhyThisGroupInput {
  namespace?: string;
  pod?: string;
  cpu?: string;
  memory?: string;
  replicas?: number;
  tolerate?: string;
  nodeSelector?: string;
}

const base = (cluster: string) => `/api/v1/clusters/${encodeURIComponent(cluster)}`;

/** Query keys and options of the Autoscaler view. Invalidate with `autoscalerQueries.all(cluster)`. */
export const autoscalerQueries = {
  all: (cluster: string) => ['autoscaler', cluster] as const,
  status: (cluster: string) =>
    queryOptions({
      queryKey: [...autoscalerQueries.all(cluster), 'status'],
      queryFn: ({ signal }) =>
        apiGet(`${base(cluster)}/autoscaler/status`, GetAutoscalerStatusResponseSchema, { signal }),
      refetchInterval: STATUS_REFETCH_MS,
    }),
  history: (cluster: string, from: string | undefined) =>
    queryOptions({
      queryKey: [...autoscalerQueries.all(cluster), 'history', from ?? null],
      queryFn: ({ signal }) =>
        apiGet(`${base(cluster)}/autoscaler/history`, GetAutoscalerHistoryResponseSchema, {
          signal,
          query: { from },
        }),
      refetchInterval: 30_000,
      placeholderData: keepPreviousData,
    }),
  timeline: (cluster: string, q: TimelineQuery) =>
    queryOptions({
      queryKey: [...autoscalerQueries.all(cluster), 'timeline', q],
      queryFn: ({ signal }) =>
        apiGet(`${base(cluster)}/autoscaler/timeline`, GetAutoscalerTimelineResponseSchema, {
          signal,
          query: { from: q.from, kinds: q.kinds, limit: 1000 },
        }),
      refetchInterval: 30_000,
      placeholderData: keepPreviousData,
    }),
  pendingPods: (cluster: string) =>
    queryOptions({
      queryKey: [...autoscalerQueries.all(cluster), 'pending-pods'],
      queryFn: ({ signal }) =>
        apiGet(`${base(cluster)}/autoscaler/pending-pods`, ListPendingPodsResponseSchema, {
          signal,
        }),
      refetchInterval: STATUS_REFETCH_MS,
    }),
  whyThisGroup: (cluster: string, input: WhyThisGroupInput) =>
    queryOptions({
      queryKey: [...autoscalerQueries.all(cluster), 'why-this-group', input],
      queryFn: ({ signal }) =>
        apiGet(`${base(cluster)}/autoscaler/why-this-group`, WhyThisGroupResponseSchema, {
          signal,
          query: { ...input },
        }),
      staleTime: 15_000,
    }),
};

export const useAutoscalerStatus = (cluster: string) => useQuery(autoscalerQueries.status(cluster));
export const useAutoscalerHistory = (cluster: string, from: string | undefined) =>
  useQuery(autoscalerQueries.history(cluster, from));
export const useAutoscalerTimeline = (cluster: string, q: TimelineQuery) =>
  useQuery(autoscalerQueries.timeline(cluster, q));
export const usePendingPods = (cluster: string) => useQuery(autoscalerQueries.pendingPods(cluster));
export const useWhyThisGroup = (cluster: string, input: WhyThisGroupInput | null) =>
  useQuery({
    ...autoscalerQueries.whyThisGroup(cluster, input ?? {}),
    enabled: input !== null,
  });
