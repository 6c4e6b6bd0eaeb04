'use client';

import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import {
  ListNodesResponseSchema,
  NodeRowDeltaSchema,
  applyNodeRowDelta,
  type NodeRowDelta,
  NodeConditionHistorySchema,
  NodeDetailSchema,
  NodePodsResponseSchema,
  NodePressureHistorySchema,
  type ListNodesResponse,
} from '@plimsoll/shared/schemas';

import { z } from 'zod';

import { apiGet } from '@/lib/api-client';

const base = (cluster: string) => `/api/v1/clusters/${encodeURIComponent(cluster)}`;

/** Pages the API hands out at once; the table loads every page (cursor) and filters and sorts in the browser. */
export const NODE_PAGE_SIZE = 5000;

/**
 * The node list's envelope, checked at runtime; its rows are not. At 5,000 nodes the rows are a 6 MB body, and
 * validating each of them with the shared zod schema took the browser longer than fetching them (bench/RESULTS.md,
 * views). The API already answers through the same schema (the route's response schema), so the rows are typed as
 * the schema's output without re-checking them here.
 */
const NodeListEnvelopeSchema = ListNodesResponseSchema.extend({ items: z.array(z.unknown()) });

/** Query keys and options of the node views. Invalidate a cluster's with `nodeQueries.all(cluster)`. */
export const nodeQueries = {
  all: (cluster: string) => ['nodes', cluster] as const,
  list: (cluster: string) =>
    queryOptions({
      queryKey: [...nodeQueries.all(cluster), 'list'] as const,
      queryFn: async ({ signal }) => {
        let cursor: string | null = null;
        let first: ListNodesResponse | null = null;
        const items: ListNodesResponse['items'] = [];
        do {
          const page = (await apiGet(`${base(cluster)}/nodes`, NodeListEnvelopeSchema, {
            signal,
            query: { limit: NODE_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
          })) as ListNodesResponse;
          first ??= page;
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        return { ...(first as ListNodesResponse), items, nextCursor: null };
      },
      staleTime: 10_000,
    }),
  detail: (cluster: string, node: string) =>
    queryOptions({
      queryKey: [...nodeQueries.all(cluster), 'detail', node] as const,
      queryFn: ({ signal }) =>
        apiGet(`${base(cluster)}/nodes/${encodeURIComponent(node)}`, NodeDetailSchema, { signal }),
    }),
  conditions: (cluster: string, node: string, range: { from: string; to?: string }) =>
    queryOptions({
      queryKey: [...nodeQueries.all(cluster), 'detail', node, 'conditions', range] as const,
      queryFn: ({ signal }) =>
        apiGet(
          `${base(cluster)}/nodes/${encodeURIComponent(node)}/conditions`,
          NodeConditionHistorySchema,
          {
            signal,
            query: range,
          },
        ),
    }),
  pressure: (cluster: string, node: string, range: { from: string; to?: string }) =>
    queryOptions({
      queryKey: [...nodeQueries.all(cluster), 'detail', node, 'pressure', range] as const,
      queryFn: ({ signal }) =>
        apiGet(
          `${base(cluster)}/nodes/${encodeURIComponent(node)}/pressure`,
          NodePressureHistorySchema,
          { signal, query: range },
        ),
    }),
  pods: (cluster: string, node: string) =>
    queryOptions({
      queryKey: [...nodeQueries.all(cluster), 'detail', node, 'pods'] as const,
      queryFn: ({ signal }) =>
        apiGet(`${base(cluster)}/nodes/${encodeURIComponent(node)}/pods`, NodePodsResponseSchema, {
          signal,
        }),
    }),
};

export const useNodeList = (cluster: string) => useQuery(nodeQueries.list(cluster));

/** The live stream's `event: nodes` envelope; its rows, like the list's, are not re-validated (see above). */
const NodeRowDeltaEnvelopeSchema = NodeRowDeltaSchema.extend({ upserts: z.array(z.unknown()) });

/**
 * Applies one `event: nodes` of the live stream to the cached node list (applyNodeRowDelta), so a change to one
 * node re-renders one row instead of refetching all of them. Ignores a body that is not a delta.
 */
export function applyNodeRowsEvent(queryClient: QueryClient, cluster: string, data: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return;
  }
  if (!NodeRowDeltaEnvelopeSchema.safeParse(parsed).success) return;
  const delta = parsed as NodeRowDelta;
  queryClient.setQueryData(nodeQueries.list(cluster).queryKey, (list) =>
    list ? { ...applyNodeRowDelta(list, delta), nextCursor: null } : list,
  );
}
export const useNodeDetail = (cluster: string, node: string) =>
  useQuery(nodeQueries.detail(cluster, node));
export const useNodePods = (cluster: string, node: string) =>
  useQuery(nodeQueries.pods(cluster, node));
