'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';
import {
  ListNodesResponseSchema,
  NodeConditionHistorySchema,
  NodeDetailSchema,
  NodePodsResponseSchema,
  type ListNodesResponse,
} from '@plimsoll/shared/schemas';

import { apiGet } from '@/lib/api-client';

const base = (cluster: string) => `/api/v1/clusters/${encodeURIComponent(cluster)}`;

/** Pages the API hands out at once; the table loads every page (cursor) and filters and sorts in the browser. */
export const NODE_PAGE_SIZE = 5000;

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
          const page: ListNodesResponse = await apiGet(
            `${base(cluster)}/nodes`,
            ListNodesResponseSchema,
            {
              signal,
              query: { limit: NODE_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
            },
          );
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
export const useNodeDetail = (cluster: string, node: string) =>
  useQuery(nodeQueries.detail(cluster, node));
export const useNodePods = (cluster: string, node: string) =>
  useQuery(nodeQueries.pods(cluster, node));
