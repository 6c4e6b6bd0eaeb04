import { z } from 'zod';

import { ClusterSyncStateSchema } from './health.js';
import {
  HeadroomProjectionWireSchema,
  LeaseEpisodeSchema,
  NodeLeaseStateSchema,
  NodeReadySchema,
} from './node.js';

// Wire contracts of the cluster-wide views (issue 6): the cluster list, the overview and the leases.

export const ClusterListItemSchema = z.object({
  name: z.string().meta({ example: 'sim' }),
  source: z.enum(['simulated', 'kubeconfig', 'in-cluster']),
  state: ClusterSyncStateSchema,
  /** Nodes the caller may see (a tenant admin: their tenant's node pools). */
  nodeCount: z.number().int(),
});

export const ListClustersResponseSchema = z.object({ clusters: z.array(ClusterListItemSchema) });
export type ListClustersResponse = z.infer<typeof ListClustersResponseSchema>;

/** One heatmap cell: a node and its worst headroom ratio. */
export const HeatmapCellSchema = z.object({
  name: z.string(),
  /** Lowest (available − threshold) / capacity of memory, disk and PIDs; null without a kubelet reading. */
  headroom: z.number().nullable(),
  signal: z.string().nullable(),
  ready: NodeReadySchema,
});

/** A node of the least-headroom list: its worst signal and where that signal's recent trend leads. */
export const LeastHeadroomNodeSchema = z.object({
  name: z.string(),
  signal: z.string(),
  headroom: z.number(),
  projection: HeadroomProjectionWireSchema,
});

export const OverviewTransitionSchema = z.object({
  node: z.string(),
  type: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  at: z.string(),
});

export const OverviewEvictionSchema = z.object({
  namespace: z.string(),
  pod: z.string(),
  node: z.string().nullable(),
  resource: z.string().nullable(),
  qosClass: z.string().nullable(),
  evictedAt: z.string(),
});

export const StaleHeartbeatSchema = z.object({
  node: z.string(),
  state: NodeLeaseStateSchema,
  renewTime: z.string().nullable(),
  ageSeconds: z.number().nullable(),
});

export const LeaderLeaseSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  holder: z.string().nullable(),
  leaseDurationSeconds: z.number().nullable(),
  renewTime: z.string().nullable(),
  acquireTime: z.string().nullable(),
  transitions: z.number().nullable(),
  /** Seconds since the last renewal. */
  ageSeconds: z.number().nullable(),
  /** Renewed within its duration (`held`), or not (`expired`: no leader right now). */
  state: z.enum(['held', 'expired', 'unheld']),
  /** The last holder change Plimsoll recorded. */
  lastFailover: z
    .object({ at: z.string(), from: z.string().nullable(), to: z.string() })
    .nullable(),
  /** kube-system control-plane components (kube-controller-manager, kube-scheduler, cluster-autoscaler …). */
  controlPlane: z.boolean(),
});
export type LeaderLease = z.infer<typeof LeaderLeaseSchema>;

export const AutoscalerSummarySchema = z.object({
  observedAt: z.string(),
  autoscalerStatus: z.string().nullable(),
  health: z.string(),
  ready: z.number(),
  unready: z.number(),
  registered: z.number(),
  scaleUp: z.string(),
  scaleDown: z.string(),
  nodeGroups: z.array(
    z.object({
      name: z.string(),
      health: z.string(),
      scaleUp: z.string(),
      target: z.number(),
      min: z.number(),
      max: z.number(),
      backoff: z.string().nullable(),
    }),
  ),
});

export const ClusterOverviewSchema = z.object({
  cluster: z.string(),
  /** `tenants`: a tenant admin's view, limited to their tenant's node pools and namespaces. */
  scope: z.enum(['all', 'tenants']),
  counts: z.object({
    total: z.number().int(),
    ready: z.number().int(),
    notReady: z.number().int(),
    unknown: z.number().int(),
    memoryPressure: z.number().int(),
    diskPressure: z.number().int(),
    pidPressure: z.number().int(),
    networkUnavailable: z.number().int(),
    unschedulable: z.number().int(),
    /** Per node-problem-detector condition currently True. */
    problems: z.array(
      z.object({
        type: z.string(),
        count: z.number().int(),
        severity: z.enum(['critical', 'warning', 'info']),
      }),
    ),
  }),
  heatmap: z.array(HeatmapCellSchema),
  /** The nodes closest to an eviction threshold, worst first, with their worst signal's projected crossing. */
  leastHeadroom: z.array(LeastHeadroomNodeSchema),
  thresholdSources: z.object({ configz: z.number().int(), default: z.number().int() }),
  recentTransitions: z.array(OverviewTransitionSchema),
  recentEvictions: z.array(OverviewEvictionSchema),
  staleHeartbeats: z.array(StaleHeartbeatSchema),
  /** null when no autoscaler status was recorded, or hidden from tenant admins. */
  autoscaler: AutoscalerSummarySchema.nullable(),
  /** Leader-election leases of the control plane; empty for tenant admins. */
  leaders: z.array(LeaderLeaseSchema),
  generatedAt: z.string(),
});
export type ClusterOverview = z.infer<typeof ClusterOverviewSchema>;

export const NodeLeaseRowSchema = z.object({
  node: z.string(),
  holder: z.string().nullable(),
  renewTime: z.string().nullable(),
  leaseDurationSeconds: z.number().nullable(),
  ageSeconds: z.number().nullable(),
  state: NodeLeaseStateSchema,
  staleSince: z.string().nullable(),
  /** Staleness episodes in the last 7 days. */
  recentEpisodes: z.number().int(),
});

export const ListLeasesResponseSchema = z.object({
  cluster: z.string(),
  nodeLeases: z.array(NodeLeaseRowSchema),
  leaders: z.array(LeaderLeaseSchema),
  /** True when leader-election leases were withheld (tenant admins). */
  leadersHidden: z.boolean(),
  recentEpisodes: z.array(LeaseEpisodeSchema),
  generatedAt: z.string(),
});
export type ListLeasesResponse = z.infer<typeof ListLeasesResponseSchema>;

/** One batch of changes on `GET /stream` (`event: change`). */
export const LiveChangeBatchSchema = z.object({
  cluster: z.string(),
  at: z.string(),
  /** Changed keys per resource (`nodes`, `pods`, `leases`, …), capped per batch. */
  changes: z.record(z.string(), z.object({ count: z.number().int(), keys: z.array(z.string()) })),
});
export type LiveChangeBatch = z.infer<typeof LiveChangeBatchSchema>;
