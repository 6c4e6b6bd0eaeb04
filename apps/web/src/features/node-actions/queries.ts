'use client';

import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  DrainJobSchema,
  DrainPreviewSchema,
  NodeActionAuditResponseSchema,
  NodeCordonResponseSchema,
  NodeDrainsResponseSchema,
  type DrainJob,
  type DrainOptions,
  type NodeDetail,
} from '@plimsoll/shared/schemas';

import { apiGet, apiSend } from '@/lib/api-client';

import { nodeQueries } from '../nodes/queries';

const base = (cluster: string) => `/api/v1/clusters/${encodeURIComponent(cluster)}`;
const nodePath = (cluster: string, node: string) =>
  `${base(cluster)}/nodes/${encodeURIComponent(node)}`;

/** How often a running drain's progress is read (the API's retry backoff starts at 1 s). */
const DRAIN_POLL_MS = 1000;

/** Query keys and options of the SRE node actions. */
export const nodeActionQueries = {
  audit: (cluster: string, node: string) =>
    queryOptions({
      queryKey: ['node-actions', cluster, node, 'audit'] as const,
      queryFn: ({ signal }) =>
        apiGet(`${nodePath(cluster, node)}/actions`, NodeActionAuditResponseSchema, { signal }),
    }),
  preview: (cluster: string, node: string, opts: DrainOptions) =>
    queryOptions({
      queryKey: ['node-actions', cluster, node, 'drain-preview', opts] as const,
      queryFn: ({ signal }) =>
        apiGet(`${nodePath(cluster, node)}/drain-preview`, DrainPreviewSchema, {
          signal,
          query: opts,
        }),
      // A preview is of this moment: budgets and pods move, so it is read again on every open.
      staleTime: 0,
    }),
  drains: (cluster: string, node: string) =>
    queryOptions({
      queryKey: ['node-actions', cluster, node, 'drains'] as const,
      queryFn: ({ signal }) =>
        apiGet(`${nodePath(cluster, node)}/drains`, NodeDrainsResponseSchema, { signal }),
    }),
  drain: (cluster: string, id: string) =>
    queryOptions({
      queryKey: ['node-actions', cluster, 'drain', id] as const,
      queryFn: ({ signal }) =>
        apiGet(`${base(cluster)}/drains/${encodeURIComponent(id)}`, DrainJobSchema, { signal }),
      refetchInterval: (q) => (q.state.data?.state === 'running' ? DRAIN_POLL_MS : false),
    }),
};

export const useDrainPreview = (
  cluster: string,
  node: string,
  opts: DrainOptions,
  enabled: boolean,
) => useQuery({ ...nodeActionQueries.preview(cluster, node, opts), enabled });

/** A drain's live progress, polled while it runs; `initial` is the job the start answered with. */
export const useDrainJob = (cluster: string, initial: DrainJob | null) =>
  useQuery({
    ...nodeActionQueries.drain(cluster, initial?.id ?? ''),
    enabled: initial !== null,
    ...(initial ? { initialData: initial, initialDataUpdatedAt: 0 } : {}),
  });

/** The node's latest drains (SREs only: the API refuses everyone else). */
export const useNodeDrains = (cluster: string, node: string, enabled: boolean) =>
  useQuery({ ...nodeActionQueries.drains(cluster, node), enabled });

export const useNodeActionAudit = (cluster: string, node: string) =>
  useQuery(nodeActionQueries.audit(cluster, node));

/**
 * The node page shows the cordon at once (the answer says it), then reads the node and its action log again.
 * Also what the page does when a drain ends (`unschedulable` unchanged then).
 */
export function useAfterNodeAction(cluster: string, node: string) {
  const client = useQueryClient();
  return (unschedulable?: boolean) => {
    if (unschedulable !== undefined)
      client.setQueryData<NodeDetail>(nodeQueries.detail(cluster, node).queryKey, (d) =>
        d ? { ...d, summary: { ...d.summary, unschedulable } } : d,
      );
    return Promise.all([
      client.invalidateQueries({ queryKey: nodeQueries.all(cluster) }),
      client.invalidateQueries({ queryKey: nodeActionQueries.audit(cluster, node).queryKey }),
      client.invalidateQueries({ queryKey: nodeActionQueries.drains(cluster, node).queryKey }),
    ]);
  };
}

export function useCordon(cluster: string, node: string) {
  const after = useAfterNodeAction(cluster, node);
  return useMutation({
    mutationFn: (cordon: boolean) =>
      apiSend(
        'POST',
        `${nodePath(cluster, node)}/${cordon ? 'cordon' : 'uncordon'}`,
        NodeCordonResponseSchema,
        {},
      ),
    onSuccess: (res) => after(res.unschedulable),
  });
}

/** Starts a drain (the API cordons first, so the page shows the node cordoned). */
export function useStartDrain(cluster: string, node: string) {
  const after = useAfterNodeAction(cluster, node);
  return useMutation({
    mutationFn: (opts: DrainOptions) =>
      apiSend('POST', `${nodePath(cluster, node)}/drains`, DrainJobSchema, opts),
    onSuccess: () => after(true),
  });
}

export function useCancelDrain(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiSend(
        'POST',
        `${base(cluster)}/drains/${encodeURIComponent(id)}/cancel`,
        DrainJobSchema,
        {},
      ),
    onSuccess: (job) => client.setQueryData(nodeActionQueries.drain(cluster, job.id).queryKey, job),
  });
}
