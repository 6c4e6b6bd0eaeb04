'use client';

import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ListQuotaRequestsResponseSchema,
  QuotaRequestDetailSchema,
  QuotaRequestsSeenResponseSchema,
  type ApproveQuotaRequestBody,
  type CreateQuotaRequestBody,
  type ListQuotaRequestsQuery,
} from '@plimsoll/shared/schemas';

import { apiGet, apiSend } from '@/lib/api-client';

import { quotaQueries } from '../quotas/queries';
import { tenantQueries } from '../tenants/queries';

const clusterPath = (cluster: string) => `/api/v1/clusters/${encodeURIComponent(cluster)}`;

type ListQuery = Partial<ListQuotaRequestsQuery>;

/** Query keys and options of quota requests. Invalidate with `quotaRequestQueries.all(cluster)`. */
export const quotaRequestQueries = {
  all: (cluster: string) => ['quota-requests', cluster] as const,
  list: (cluster: string, q: ListQuery = {}) =>
    queryOptions({
      queryKey: [...quotaRequestQueries.all(cluster), 'list', q],
      queryFn: ({ signal }) =>
        apiGet(`${clusterPath(cluster)}/quota-requests`, ListQuotaRequestsResponseSchema, {
          query: q,
          signal,
        }),
      staleTime: 5_000,
      refetchInterval: 15_000,
    }),
  detail: (cluster: string, id: string) =>
    queryOptions({
      queryKey: [...quotaRequestQueries.all(cluster), 'detail', id],
      queryFn: ({ signal }) =>
        apiGet(
          `${clusterPath(cluster)}/quota-requests/${encodeURIComponent(id)}`,
          QuotaRequestDetailSchema,
          { signal },
        ),
      staleTime: 5_000,
    }),
};

export const useQuotaRequests = (cluster: string, q: ListQuery = {}) =>
  useQuery(quotaRequestQueries.list(cluster, q));
export const useQuotaRequest = (cluster: string, id: string | null) =>
  useQuery({ ...quotaRequestQueries.detail(cluster, id ?? ''), enabled: id !== null });

/** After any decision the request list, quotas and tenant usage may all have changed. */
function useInvalidateAfterDecision(cluster: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: quotaRequestQueries.all(cluster) }),
      client.invalidateQueries({ queryKey: quotaQueries.all(cluster) }),
      client.invalidateQueries({ queryKey: tenantQueries.all(cluster) }),
    ]);
}

/** Files a request; one idempotency key per form submission makes a double click or a retry harmless. */
export function useCreateQuotaRequest(cluster: string) {
  const invalidate = useInvalidateAfterDecision(cluster);
  return useMutation({
    // apiSend sets no custom headers, so the key travels in the body (the API accepts either).
    mutationFn: ({
      body,
      idempotencyKey,
    }: {
      body: CreateQuotaRequestBody;
      idempotencyKey: string;
    }) =>
      apiSend('POST', `${clusterPath(cluster)}/quota-requests`, QuotaRequestDetailSchema, {
        ...body,
        idempotencyKey,
      }),
    onSettled: invalidate,
  });
}

export function useApproveQuotaRequest(cluster: string) {
  const invalidate = useInvalidateAfterDecision(cluster);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ApproveQuotaRequestBody }) =>
      apiSend(
        'POST',
        `${clusterPath(cluster)}/quota-requests/${encodeURIComponent(id)}/approve`,
        QuotaRequestDetailSchema,
        body,
      ),
    onSettled: invalidate,
  });
}

export function useRejectQuotaRequest(cluster: string) {
  const invalidate = useInvalidateAfterDecision(cluster);
  return useMutation({
    mutationFn: ({ id, comment }: { id: string; comment: string }) =>
      apiSend(
        'POST',
        `${clusterPath(cluster)}/quota-requests/${encodeURIComponent(id)}/reject`,
        QuotaRequestDetailSchema,
        {
          comment,
        },
      ),
    onSettled: invalidate,
  });
}

export function useCancelQuotaRequest(cluster: string) {
  const invalidate = useInvalidateAfterDecision(cluster);
  return useMutation({
    mutationFn: ({ id }: { id: string }) =>
      apiSend(
        'POST',
        `${clusterPath(cluster)}/quota-requests/${encodeURIComponent(id)}/cancel`,
        QuotaRequestDetailSchema,
        {},
      ),
    onSettled: invalidate,
  });
}

/** Decisions the signed-in user has not seen (ids, newest first), from the list answer. */
export function useUnseenDecisions(cluster: string | undefined) {
  const list = useQuery({
    ...quotaRequestQueries.list(cluster ?? '', { limit: 1 }),
    enabled: Boolean(cluster),
  });
  return list.data?.unseen ?? [];
}

/** Marks one decision (`id`) or all unseen ones (`'all'`) as seen by the signed-in user. */
export function useMarkDecisionsSeen(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (which: string) =>
      apiSend(
        'POST',
        which === 'all'
          ? `${clusterPath(cluster)}/quota-requests/seen`
          : `${clusterPath(cluster)}/quota-requests/${encodeURIComponent(which)}/seen`,
        QuotaRequestsSeenResponseSchema,
        {},
      ),
    onSettled: () => client.invalidateQueries({ queryKey: quotaRequestQueries.all(cluster) }),
  });
}
