import { z } from 'zod';

import { kubeNameSchema } from './input.js';

/**
 * Wire contracts of the Autoscaler, Machines and Extended resources views
 * (`/api/v1/clusters/:cluster/autoscaler/…`, `…/machines`, `…/extended-resources`).
 */

/** Path parameters of every route of these views. */
export const AutoscalerClusterParamsSchema = z.object({ cluster: z.string().min(1) });
export type AutoscalerClusterParams = z.infer<typeof AutoscalerClusterParamsSchema>;

const Time = z.string().optional();

/** Health of the cluster or of a node group (`AutoscalerHealth` of the status parser). */
export const AutoscalerHealthSchema = z.object({
  status: z.string(),
  ready: z.number().int(),
  unready: z.number().int(),
  resourceUnready: z.number().int(),
  notStarted: z.number().int(),
  longNotStarted: z.number().int().optional(),
  registered: z.number().int(),
  beingDeleted: z.number().int().optional(),
  suspended: z.number().int().optional(),
  longUnregistered: z.number().int(),
  unregistered: z.number().int().optional(),
  cloudProviderTarget: z.number().int().optional(),
  minSize: z.number().int().optional(),
  maxSize: z.number().int().optional(),
  lastProbeTime: Time,
  lastTransitionTime: Time,
});

/** Scale-up condition, with a node group's backoff error where the status carries one. */
export const AutoscalerScaleUpSchema = z.object({
  status: z.string(),
  backoff: z.object({ errorCode: z.string(), errorMessage: z.string() }).optional(),
  lastProbeTime: Time,
  lastTransitionTime: Time,
});

/** Scale-down condition. */
export const AutoscalerScaleDownSchema = z.object({
  status: z.string(),
  candidates: z.number().int().optional(),
  lastProbeTime: Time,
  lastTransitionTime: Time,
});

/** One node group of the status. */
export const AutoscalerNodeGroupSchema = z.object({
  name: z.string(),
  health: AutoscalerHealthSchema.extend({
    cloudProviderTarget: z.number().int(),
    minSize: z.number().int(),
    maxSize: z.number().int(),
  }),
  scaleUp: AutoscalerScaleUpSchema,
  scaleDown: AutoscalerScaleDownSchema,
});
export type AutoscalerNodeGroup = z.infer<typeof AutoscalerNodeGroupSchema>;

/** The parsed status ConfigMap, one shape for the YAML (≥ 1.30) and text (≤ 1.29) formats. */
export const AutoscalerStatusSchema = z.object({
  format: z.enum(['yaml', 'text']),
  time: z.string().optional(),
  autoscalerStatus: z.string().optional(),
  message: z.string().optional(),
  clusterWide: z.object({
    health: AutoscalerHealthSchema,
    scaleUp: AutoscalerScaleUpSchema,
    scaleDown: AutoscalerScaleDownSchema,
  }),
  nodeGroups: z.array(AutoscalerNodeGroupSchema),
  truncated: z.boolean(),
  /** Not the whole status (cut, or a fragment); samples stored before this field read as false. */
  partial: z.boolean().default(false),
  /** The sections that were readable. */
  sections: z.array(z.enum(['header', 'clusterWide', 'nodeGroups'])).default([]),
  /** Values that could not be kept as written, e.g. integers beyond 2^53 − 1. */
  notes: z.array(z.string()).default([]),
});
export type AutoscalerStatusWire = z.infer<typeof AutoscalerStatusSchema>;

/** `GET …/autoscaler/status`: the status now. */
export const GetAutoscalerStatusResponseSchema = z.object({
  cluster: z.string(),
  /** `kube-system/cluster-autoscaler-status` unless configured otherwise. */
  configMap: z.string(),
  /** `live`: the collector's current copy; `history`: the latest stored sample; `none`: never seen. */
  source: z.enum(['live', 'history', 'none']),
  /** When Plimsoll saw this status (ISO). */
  observedAt: z.string().nullable(),
  status: AutoscalerStatusSchema.nullable(),
  /** Why the status could not be read, when it could not. */
  error: z.string().nullable(),
  /** The ConfigMap's `status` text verbatim (for the "raw" toggle). */
  raw: z.string().nullable(),
});
export type GetAutoscalerStatusResponse = z.infer<typeof GetAutoscalerStatusResponseSchema>;

/** A time range; both ends optional (default: the last 6 hours). */
export const AutoscalerRangeQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AutoscalerRangeQuery = z.infer<typeof AutoscalerRangeQuerySchema>;

/** One node group in one stored status sample. */
export const AutoscalerHistoryGroupSchema = z.object({
  name: z.string(),
  target: z.number().int(),
  minSize: z.number().int(),
  maxSize: z.number().int(),
  ready: z.number().int(),
  registered: z.number().int(),
  notStarted: z.number().int(),
  health: z.string(),
  scaleUp: z.string(),
  scaleDown: z.string(),
  backoffError: z.string().nullable(),
});

/** One stored status sample (written whenever the status text changed). */
export const AutoscalerHistorySampleSchema = z.object({
  observedAt: z.string(),
  format: z.enum(['yaml', 'text']),
  truncated: z.boolean(),
  health: z.string(),
  ready: z.number().int(),
  unready: z.number().int(),
  notStarted: z.number().int(),
  registered: z.number().int(),
  longUnregistered: z.number().int(),
  scaleUp: z.string(),
  scaleDown: z.string(),
  candidates: z.number().int(),
  groups: z.array(AutoscalerHistoryGroupSchema),
});
export type AutoscalerHistorySample = z.infer<typeof AutoscalerHistorySampleSchema>;

/** `GET …/autoscaler/history`. */
export const GetAutoscalerHistoryResponseSchema = z.object({
  cluster: z.string(),
  from: z.string(),
  to: z.string(),
  /** The last sample before `from`, so a chart starts with the state in force. */
  samples: z.array(AutoscalerHistorySampleSchema),
  /** True when more samples existed than were returned (evenly thinned). */
  thinned: z.boolean(),
  notes: z
    .array(z.string())
    .optional()
    .describe(
      'Stored samples that could not be read (and were left out), or whose numbers were clamped',
    ),
});
export type GetAutoscalerHistoryResponse = z.infer<typeof GetAutoscalerHistoryResponseSchema>;

/** Kinds of timeline entries. */
export const AUTOSCALER_TIMELINE_KINDS = [
  'scale-up',
  'scale-up-failed',
  'not-triggered',
  'pod-triggered',
  'scale-down',
  'scale-down-failed',
  'status',
] as const;
export const AutoscalerTimelineKindSchema = z.enum(AUTOSCALER_TIMELINE_KINDS);
export type AutoscalerTimelineKind = z.infer<typeof AutoscalerTimelineKindSchema>;

/** One entry of the scale-up / scale-down timeline. */
export const AutoscalerTimelineEntrySchema = z.object({
  /** Last time the thing happened (ISO). */
  at: z.string(),
  firstAt: z.string(),
  kind: AutoscalerTimelineKindSchema,
  /** `event`: a cluster-autoscaler Event; `status`: a change between two stored status samples. */
  source: z.enum(['event', 'status']),
  /** The Event reason (`ScaledUpGroup`, `NotTriggerScaleUp` …) or `StatusChange`. */
  reason: z.string(),
  group: z.string().nullable(),
  from: z.number().int().nullable(),
  to: z.number().int().nullable(),
  max: z.number().int().nullable(),
  message: z.string(),
  /** `Kind namespace/name` of the object the Event is about. */
  object: z
    .object({ kind: z.string(), namespace: z.string().nullable(), name: z.string() })
    .nullable(),
  count: z.number().int(),
  /** NotTriggerScaleUp reasons, parsed from the message (`3 max node group size reached` …). */
  reasons: z.array(z.object({ count: z.number().int(), reason: z.string() })),
});
export type AutoscalerTimelineEntry = z.infer<typeof AutoscalerTimelineEntrySchema>;

/** `GET …/autoscaler/timeline` query. */
export const AutoscalerTimelineQuerySchema = AutoscalerRangeQuerySchema.extend({
  /** Comma-separated kinds to keep; all when omitted. */
  kinds: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export type AutoscalerTimelineQuery = z.infer<typeof AutoscalerTimelineQuerySchema>;

/** `GET …/autoscaler/timeline`. */
export const GetAutoscalerTimelineResponseSchema = z.object({
  cluster: z.string(),
  from: z.string(),
  to: z.string(),
  /** Newest first. */
  entries: z.array(AutoscalerTimelineEntrySchema),
  truncated: z.boolean(),
});
export type GetAutoscalerTimelineResponse = z.infer<typeof GetAutoscalerTimelineResponseSchema>;

/** A pending pod and what the autoscaler said about it. */
export const PendingPodSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  owner: z.string().nullable(),
  createdAt: z.string().nullable(),
  priority: z.number().int().nullable(),
  /** Summed container requests (canonical quantities). */
  requests: z.record(z.string(), z.string()),
  /** The pod's latest NotTriggerScaleUp Event. */
  notTriggered: z
    .object({
      message: z.string(),
      reasons: z.array(z.object({ count: z.number().int(), reason: z.string() })),
      lastSeen: z.string(),
      count: z.number().int(),
    })
    .nullable(),
  /** The pod's latest TriggeredScaleUp Event: a node is on its way. */
  triggered: z.object({ message: z.string(), lastSeen: z.string() }).nullable(),
  /** The scheduler's latest FailedScheduling message. */
  schedulerMessage: z.string().nullable(),
});
export type PendingPod = z.infer<typeof PendingPodSchema>;

/** `GET …/autoscaler/pending-pods`. */
export const ListPendingPodsResponseSchema = z.object({
  cluster: z.string(),
  pods: z.array(PendingPodSchema),
});
export type ListPendingPodsResponse = z.infer<typeof ListPendingPodsResponseSchema>;

/** `GET …/autoscaler/why-this-group`: a pending pod, or a hypothetical pod with given requests. */
export const WhyThisGroupQuerySchema = z
  .object({
    namespace: kubeNameSchema('namespace').optional(),
    pod: kubeNameSchema('pod').optional(),
    cpu: z.string().optional(),
    memory: z.string().optional(),
    /** Hypothetical replicas (default 1). */
    replicas: z.coerce.number().int().min(1).max(1000).optional(),
    /** Hypothetical tolerations: comma-separated taint keys tolerated (Exists). `*` tolerates all. */
    tolerate: z.string().optional(),
    /** Hypothetical node selector: `key=value,key2=value2`. */
    nodeSelector: z.string().optional(),
  })
  .refine((q) => (q.pod !== undefined) !== (q.cpu !== undefined || q.memory !== undefined), {
    message: 'Give either namespace and pod, or cpu and/or memory for a hypothetical pod.',
  })
  .refine((q) => q.pod === undefined || q.namespace !== undefined, {
    message: 'A pod needs its namespace.',
    path: ['namespace'],
  });
export type WhyThisGroupQuery = z.infer<typeof WhyThisGroupQuerySchema>;

/** One node group as a scale-up option for the pod(s). */
export const WhyThisGroupOptionSchema = z.object({
  nodeGroup: z.string(),
  minSize: z.number().int(),
  target: z.number().int(),
  maxSize: z.number().int(),
  /** Where the template node came from: a current node's name, or an annotation set. */
  template: z
    .object({
      source: z.enum(['node', 'annotations']),
      name: z.string(),
      cpu: z.string(),
      memory: z.string(),
      pods: z.string().nullable(),
      taints: z.array(z.string()),
    })
    .nullable(),
  /** Why this group cannot take the pod(s); null when it is an option. */
  excluded: z.string().nullable(),
  nodeCount: z.number().int(),
  podCount: z.number().int(),
  /** least-waste's score: wasted CPU fraction + wasted memory fraction (0..2, lower is better). */
  wasteScore: z.number().nullable(),
});
export type WhyThisGroupOption = z.infer<typeof WhyThisGroupOptionSchema>;

/** What one expander would do with the options. */
export const WhyThisGroupExpanderSchema = z.object({
  name: z.enum(['least-waste', 'most-pods', 'least-nodes', 'priority']),
  isDefault: z.boolean(),
  /** Groups the expander keeps (ties are broken at random by the autoscaler). */
  chosen: z.array(z.string()),
  scores: z.array(z.object({ nodeGroup: z.string(), score: z.number().nullable() })),
  note: z.string().nullable(),
  error: z.string().nullable(),
});
export type WhyThisGroupExpander = z.infer<typeof WhyThisGroupExpanderSchema>;

/** `GET …/autoscaler/why-this-group`. */
export const WhyThisGroupResponseSchema = z.object({
  cluster: z.string(),
  subject: z.object({
    kind: z.enum(['pod', 'hypothetical']),
    namespace: z.string().nullable(),
    name: z.string().nullable(),
    replicas: z.number().int(),
    requests: z.object({ cpu: z.string(), memory: z.string() }),
    tolerations: z.array(z.string()),
    nodeSelector: z.record(z.string(), z.string()),
    /** Where the pod's spec came from: the API server now, or the collector's cache (no scheduling constraints). */
    specSource: z.enum(['api', 'cache', 'query']),
  }),
  /**
   * Ready, schedulable nodes the pod fits on now (taints, affinity, free cpu/memory/pods): cluster-autoscaler never
   * scales up for such a pod, the scheduler places it. `examples` names the first few by name.
   */
  fitsExistingNodes: z.object({ count: z.number().int(), examples: z.array(z.string()) }),
  options: z.array(WhyThisGroupOptionSchema),
  expanders: z.array(WhyThisGroupExpanderSchema),
  priorityConfigMap: z.object({
    name: z.string(),
    found: z.boolean(),
    priorities: z.string().nullable(),
    error: z.string().nullable(),
  }),
  statusObservedAt: z.string().nullable(),
});
export type WhyThisGroupResponse = z.infer<typeof WhyThisGroupResponseSchema>;

/** A condition of a Cluster API object. */
export const CapiConditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  lastTransitionTime: z.string().nullable(),
});

/** A Cluster API Machine. */
export const MachineSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  machineSet: z.string().nullable(),
  machineDeployment: z.string().nullable(),
  phase: z.string().nullable(),
  version: z.string().nullable(),
  providerID: z.string().nullable(),
  nodeName: z.string().nullable(),
  /** Whether the referenced Node exists in the collector's cache. */
  nodeFound: z.boolean(),
  createdAt: z.string().nullable(),
  conditions: z.array(CapiConditionSchema),
  /** MachineHealthCheck verdicts on this Machine (`HealthCheckSucceeded`, `OwnerRemediated` conditions). */
  unhealthy: z.boolean(),
});
export type Machine = z.infer<typeof MachineSchema>;

/** A MachineSet with its Machines. */
export const MachineSetSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  machineDeployment: z.string().nullable(),
  replicas: z.number().int().nullable(),
  readyReplicas: z.number().int().nullable(),
  availableReplicas: z.number().int().nullable(),
  machines: z.array(MachineSchema),
});

/** A MachineDeployment with its MachineSets. */
export const MachineDeploymentSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  clusterName: z.string().nullable(),
  version: z.string().nullable(),
  phase: z.string().nullable(),
  replicas: z.number().int().nullable(),
  readyReplicas: z.number().int().nullable(),
  updatedReplicas: z.number().int().nullable(),
  /** cluster-autoscaler bounds from the `cluster-api-autoscaler-node-group-{min,max}-size` annotations. */
  autoscalerMin: z.number().int().nullable(),
  autoscalerMax: z.number().int().nullable(),
  machineSets: z.array(MachineSetSchema),
});
export type MachineDeployment = z.infer<typeof MachineDeploymentSchema>;

/** A MachineHealthCheck. */
export const MachineHealthCheckSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  clusterName: z.string().nullable(),
  selector: z.record(z.string(), z.string()),
  unhealthyConditions: z.array(
    z.object({ type: z.string(), status: z.string(), timeout: z.string() }),
  ),
  maxUnhealthy: z.string().nullable(),
  nodeStartupTimeout: z.string().nullable(),
  expectedMachines: z.number().int().nullable(),
  currentHealthy: z.number().int().nullable(),
  remediationsAllowed: z.number().int().nullable(),
  /** Machines the check currently targets. */
  targets: z.array(z.string()),
  conditions: z.array(CapiConditionSchema),
});
export type MachineHealthCheck = z.infer<typeof MachineHealthCheckSchema>;

/** `GET …/machines`. */
export const ListMachinesResponseSchema = z.object({
  cluster: z.string(),
  /** Whether the API server serves the `cluster.x-k8s.io` group. */
  clusterApi: z.boolean(),
  /** The served version of `cluster.x-k8s.io` (e.g. `v1beta1`). */
  apiVersion: z.string().nullable(),
  machineDeployments: z.array(MachineDeploymentSchema),
  /** Machines owned by no MachineSet (control-plane machines, standalone machines). */
  otherMachines: z.array(MachineSchema),
  machineHealthChecks: z.array(MachineHealthCheckSchema),
  /** Nodes in the cluster that no Machine references. */
  nodesWithoutMachine: z.array(z.object({ name: z.string(), pool: z.string().nullable() })),
  /** Machines whose Node is missing (not yet joined, or gone). */
  machinesWithoutNode: z.array(
    z.object({ namespace: z.string(), name: z.string(), phase: z.string().nullable() }),
  ),
});
export type ListMachinesResponse = z.infer<typeof ListMachinesResponseSchema>;

/** One pod's use of an extended resource. */
export const ExtendedResourcePodSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  phase: z.string().nullable(),
  amount: z.string(),
});

/** One extended resource on one node. */
export const ExtendedResourceOnNodeSchema = z.object({
  node: z.string(),
  resource: z.string(),
  capacity: z.string(),
  allocatable: z.string(),
  /** Sum of the requests of the node's non-terminated pods. */
  allocated: z.string(),
  /** allocatable − allocated (never negative: the scheduler does not overcommit). */
  free: z.string(),
  pods: z.array(ExtendedResourcePodSchema),
});
export type ExtendedResourceOnNode = z.infer<typeof ExtendedResourceOnNodeSchema>;

/** `GET …/extended-resources`. */
export const ListExtendedResourcesResponseSchema = z.object({
  cluster: z.string(),
  /** Per resource name: totals across nodes. */
  resources: z.array(
    z.object({
      resource: z.string(),
      nodes: z.number().int(),
      allocatable: z.string(),
      allocated: z.string(),
    }),
  ),
  nodes: z.array(ExtendedResourceOnNodeSchema),
  /** Pending pods asking for an extended resource. */
  pendingPods: z.array(
    z.object({
      namespace: z.string(),
      name: z.string(),
      requests: z.record(z.string(), z.string()),
    }),
  ),
});
export type ListExtendedResourcesResponse = z.infer<typeof ListExtendedResourcesResponseSchema>;
