import { z } from 'zod';

import { kubeNameSchema } from './input.js';

// Wire contracts of the node views (issue 6): the nodes table, node detail, condition history and the node's pods.
// Quantities travel as numbers of base units (bytes, millicores, count) so the UI can sort and draw them; the
// arithmetic behind them (thresholds, allocatable, QoS, ranks) is done in the API with the shared domain rules.

/** `/api/v1/clusters/{cluster}/…` path parameter. */
export const NodeClusterParamsSchema = z.object({
  cluster: z.string().min(1).max(253).meta({ example: 'sim' }),
});

/** `/api/v1/clusters/{cluster}/nodes/{node}/…` path parameters. */
export const NodeRouteParamsSchema = NodeClusterParamsSchema.extend({
  node: kubeNameSchema('node').meta({ example: 'ip-10-0-12-34.eu-west-1.compute.internal' }),
});
export type NodeRouteParams = z.infer<typeof NodeRouteParamsSchema>;

/** Where the eviction thresholds shown for a node come from. */
export const ThresholdSourceSchema = z
  .enum(['configz', 'default'])
  .describe(
    "`configz`: the kubelet's running configuration; `default`: the kubelet's built-in Linux evictionHard " +
      '(DEFAULT_EVICTION_HARD_LINUX), used when Plimsoll has not read the configz of the node',
  );
export type ThresholdSource = z.infer<typeof ThresholdSourceSchema>;

/** Headroom of one eviction signal: what is available above the threshold at which the kubelet evicts. */
export const SignalHeadroomSchema = z.object({
  signal: z.string().meta({ example: 'memory.available' }),
  availableBytes: z
    .number()
    .describe('Available amount (bytes, inodes or PIDs) from the latest kubelet reading'),
  capacity: z.number().nullable(),
  /** null when no threshold is set for the signal (e.g. pid.available by default). */
  threshold: z.number().nullable(),
  /** available − threshold (or available when no threshold is set); negative means the threshold is met. */
  headroom: z.number(),
  /** headroom / capacity; null without capacity. */
  ratio: z.number().nullable(),
  at: z.string().describe('Time of the kubelet reading'),
});
export type SignalHeadroom = z.infer<typeof SignalHeadroomSchema>;

/** projectHeadroomCrossing on the wire. */
export const HeadroomProjectionWireSchema = z.object({
  /** Change of headroom per hour over the last 30 minutes of readings (negative: falling). */
  ratePerHour: z.number(),
  /** When headroom reaches the threshold at that rate; null when steady or rising. */
  crossesAt: z.string().nullable(),
  secondsLeft: z.number().nullable(),
  samples: z.number().int(),
});
export type HeadroomProjectionWire = z.infer<typeof HeadroomProjectionWireSchema>;

/** One eviction signal of a node: its latest headroom and projected crossing. */
export const SignalHeadroomTrendSchema = z.object({
  signal: z.enum(['memory.available', 'nodefs.available', 'pid.available']),
  latest: SignalHeadroomSchema.nullable(),
  projection: HeadroomProjectionWireSchema,
});
export type SignalHeadroomTrend = z.infer<typeof SignalHeadroomTrendSchema>;

export const NodeReadySchema = z.enum(['True', 'False', 'Unknown']);
export type NodeReady = z.infer<typeof NodeReadySchema>;

export const NodeLeaseStateSchema = z.enum(['fresh', 'late', 'stale']);

/** A node's taint. */
export const NodeTaintSchema = z.object({
  key: z.string(),
  value: z.string().nullable(),
  effect: z.string(),
});

/** A row of the nodes table. */
export const NodeSummarySchema = z.object({
  name: z.string(),
  ready: NodeReadySchema,
  /**
   * Condition types other than Ready whose status is the unhealthy one (MemoryPressure=True,
   * NetworkUnavailable=True …). Unknown is not pressure: see `unknownConditions`.
   */
  badConditions: z.array(z.string()),
  /**
   * Condition types other than Ready whose status is Unknown: the node lifecycle controller marks
   * every condition so when the kubelet stops posting status; nobody knows whether there is pressure.
   */
  unknownConditions: z.array(z.string()),
  /** node-problem-detector problems currently True, classified by severity. */
  problems: z.array(
    z.object({
      type: z.string(),
      reason: z.string(),
      severity: z.enum(['critical', 'warning', 'info']),
    }),
  ),
  unschedulable: z.boolean(),
  memory: SignalHeadroomSchema.nullable(),
  disk: SignalHeadroomSchema.nullable(),
  pid: SignalHeadroomSchema.nullable(),
  /** The lowest headroom ratio of memory, disk and PIDs; null without a kubelet reading. */
  worstHeadroom: z.number().nullable(),
  worstSignal: z.string().nullable(),
  thresholdSource: ThresholdSourceSchema,
  cpu: z.object({ allocatableMilli: z.number(), requestedMilli: z.number() }),
  memoryAlloc: z.object({ allocatableBytes: z.number(), requestedBytes: z.number() }),
  pods: z.object({ count: z.number(), allocatable: z.number() }),
  taints: z.array(NodeTaintSchema),
  kubeletVersion: z.string().nullable(),
  containerRuntimeVersion: z.string().nullable(),
  kernelVersion: z.string().nullable(),
  osImage: z.string().nullable(),
  /** Minor versions this kubelet is behind the newest kubelet of the cluster (0 = newest). */
  kubeletSkew: z.number().int(),
  pool: z.string().nullable(),
  tenant: z.string().nullable(),
  /** Seconds since the node's last sign of life (lease renewal or Ready heartbeat). */
  heartbeatAgeSeconds: z.number().nullable(),
  leaseState: NodeLeaseStateSchema,
  createdAt: z.string().nullable(),
});
export type NodeSummary = z.infer<typeof NodeSummarySchema>;

export const NODE_SORT_KEYS = [
  'name',
  'ready',
  'headroom',
  'memory',
  'disk',
  'pid',
  'cpuRequested',
  'memoryRequested',
  'pods',
  'kubelet',
  'pool',
  'tenant',
  'heartbeat',
  'age',
] as const;
export type NodeSortKey = (typeof NODE_SORT_KEYS)[number];

export const NODE_CONDITION_FILTERS = [
  'ready',
  'not-ready',
  'unknown',
  'memory-pressure',
  'disk-pressure',
  'pid-pressure',
  'any-pressure',
  'problem',
  'unschedulable',
  'stale',
] as const;
export type NodeConditionFilter = (typeof NODE_CONDITION_FILTERS)[number];

const csvEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)));

/** Query of `GET /nodes`: filters (all combined with AND; values of one filter with OR), sort and a cursor. */
export const ListNodesQuerySchema = z.object({
  q: z
    .string()
    .max(200)
    .optional()
    .describe('Text filter on name, pool, tenant, versions, labels and taints'),
  condition: csvEnum(NODE_CONDITION_FILTERS)
    .optional()
    .describe('Comma-separated condition filters'),
  pool: z.string().max(253).optional(),
  tenant: z.string().max(253).optional(),
  skew: z
    .enum(['skewed', 'current'])
    .optional()
    .describe('`skewed`: kubelet behind the newest; `current`: not'),
  sort: z.enum(NODE_SORT_KEYS).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  cursor: z.string().max(2000).optional().describe('nextCursor of the previous page'),
});
export type ListNodesQuery = z.input<typeof ListNodesQuerySchema>;

export const ListNodesResponseSchema = z.object({
  cluster: z.string(),
  items: z.array(NodeSummarySchema),
  /** Rows matching the filters (all pages). */
  total: z.number().int(),
  nextCursor: z.string().nullable(),
  /** Values present in the caller's nodes, for the filter menus. */
  facets: z.object({
    pools: z.array(z.string()),
    tenants: z.array(z.string()),
    kubeletVersions: z.array(z.string()),
  }),
  generatedAt: z.string(),
});
export type ListNodesResponse = z.infer<typeof ListNodesResponseSchema>;

/** A condition as it stands now. */
export const NodeConditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  lastTransitionTime: z.string(),
  lastHeartbeatTime: z.string().nullable(),
});

/** One resource of the capacity → allocatable bar (getAllocatableBreakdown) plus requested and used. */
export const NodeResourceBreakdownSchema = z.object({
  resource: z.string(),
  unit: z.enum(['bytes', 'millicores', 'count']),
  capacity: z.number(),
  kubeReserved: z.number(),
  systemReserved: z.number(),
  evictionThreshold: z.number(),
  hugePages: z.number(),
  allocatable: z.number(),
  /** What the node itself reports as allocatable (may differ from the computed value). */
  reportedAllocatable: z.number().nullable(),
  requested: z.number(),
  used: z.number().nullable(),
});
export type NodeResourceBreakdown = z.infer<typeof NodeResourceBreakdownSchema>;

/** One eviction threshold in force and the current observation of its signal. */
export const NodeEvictionThresholdSchema = z.object({
  signal: z.string(),
  kind: z.enum(['hard', 'soft']),
  /** As configured: `100Mi` or `10%`. */
  value: z.string(),
  gracePeriodSeconds: z.number(),
  minReclaim: z.string().nullable(),
  /** getThresholdQuantity for the signal's capacity; null without an observed capacity. */
  thresholdQuantity: z.number().nullable(),
  available: z.number().nullable(),
  capacity: z.number().nullable(),
  headroom: z.number().nullable(),
  met: z.boolean().nullable(),
  nodeCondition: z.string().nullable(),
});

export const NodeLeaseInfoSchema = z.object({
  holder: z.string().nullable(),
  renewTime: z.string().nullable(),
  leaseDurationSeconds: z.number().nullable(),
  state: NodeLeaseStateSchema,
  staleSince: z.string().nullable(),
  ageSeconds: z.number().nullable(),
});

export const LeaseEpisodeSchema = z.object({
  node: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  lastRenewBefore: z.string().nullable(),
  longestGapSeconds: z.number(),
  reconstructed: z.boolean(),
});
export type LeaseEpisode = z.infer<typeof LeaseEpisodeSchema>;

export const NodeProblemSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string(),
  message: z.string().nullable(),
  severity: z.enum(['critical', 'warning', 'info']),
  monitor: z.string(),
  since: z.string().nullable(),
});

export const NodeProblemEpisodeSchema = z.object({
  conditionType: z.string(),
  reason: z.string(),
  message: z.string().nullable(),
  severity: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
});

export const NodeEventSchema = z.object({
  type: z.string().nullable(),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  source: z.string().nullable(),
  count: z.number(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** NPD classification when the event is node-problem-detector's. */
  problemSeverity: z.enum(['critical', 'warning', 'info']).nullable(),
});

export const ExtendedResourceSchema = z.object({
  name: z.string(),
  capacity: z.string(),
  allocatable: z.string().nullable(),
  requested: z.string(),
  /** requested / allocatable; null when allocatable is zero or absent. */
  ratio: z.number().nullable(),
});

const StallSchema = z.object({ avg10: z.number(), avg60: z.number(), avg300: z.number() });
const PressureStallSchema = z.object({ some: StallSchema, full: StallSchema }).nullable();

/** PSI per resource (KubeletPSI, 1.34+); null per resource when not reported. */
export const PressureStallSignalsSchema = z.object({
  cpu: PressureStallSchema,
  memory: PressureStallSchema,
  io: PressureStallSchema,
});

/** Swap usage (Summary API); availableBytes is the limit minus usage, null without a limit. */
export const SwapSignalSchema = z.object({
  usageBytes: z.number(),
  availableBytes: z.number().nullable(),
});

const FsSpaceSchema = z
  .object({ availableBytes: z.number().nullable(), capacityBytes: z.number().nullable() })
  .nullable();

/** The node's 1.33–1.35 signals from its Summary API reading (readNodeSignals). */
export const NodeSignalsSchema = z.object({
  psi: PressureStallSignalsSchema,
  swap: SwapSignalSchema.nullable(),
  imageFs: z.object({
    /** shared: all on nodefs; dedicated: images and layers on imagefs; split: layers on containerfs. */
    layout: z.enum(['shared', 'dedicated', 'split']),
    imageFs: FsSpaceSchema,
    containerFs: FsSpaceSchema,
  }),
});
export type NodeSignalsWire = z.infer<typeof NodeSignalsSchema>;

export const NodeDetailSchema = z.object({
  cluster: z.string(),
  summary: NodeSummarySchema,
  labels: z.record(z.string(), z.string()),
  conditions: z.array(NodeConditionSchema),
  capacity: z.record(z.string(), z.string()),
  allocatable: z.record(z.string(), z.string()),
  nodeInfo: z.record(z.string(), z.string()),
  breakdown: z.array(NodeResourceBreakdownSchema),
  thresholds: z.array(NodeEvictionThresholdSchema),
  thresholdSource: ThresholdSourceSchema,
  /** kubeReserved / systemReserved come from configz too; absent configz means they are shown as zero. */
  reservedKnown: z.boolean(),
  pressureAt: z.string().nullable(),
  lease: NodeLeaseInfoSchema,
  leaseEpisodes: z.array(LeaseEpisodeSchema),
  problems: z.array(NodeProblemSchema),
  problemEpisodes: z.array(NodeProblemEpisodeSchema),
  events: z.array(NodeEventSchema),
  extendedResources: z.array(ExtendedResourceSchema),
  /** PSI, swap and image filesystem layout from the latest Summary reading; null without one. */
  signals: NodeSignalsSchema.nullable().optional(),
  generatedAt: z.string(),
});
export type NodeDetail = z.infer<typeof NodeDetailSchema>;

/** `?from&to` (ISO times) of the condition history; default: the last 24 hours. */
export const NodeConditionsQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional().meta({ example: '2026-11-20T00:00:00Z' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ example: '2026-11-27T00:00:00Z' }),
});
export type NodeConditionsQuery = z.infer<typeof NodeConditionsQuerySchema>;

export const ConditionSegmentSchema = z.object({
  status: z.string(),
  reason: z.string().nullable(),
  from: z.string(),
  to: z.string(),
});

export const NodeConditionHistorySchema = z.object({
  cluster: z.string(),
  node: z.string(),
  from: z.string(),
  to: z.string(),
  /** One lane per condition type; segments cover [from, to] where the status is known. */
  lanes: z.array(z.object({ type: z.string(), segments: z.array(ConditionSegmentSchema) })),
  transitions: z.array(
    z.object({
      type: z.string(),
      status: z.string(),
      reason: z.string().nullable(),
      message: z.string().nullable(),
      at: z.string(),
      reconstructed: z.boolean(),
    }),
  ),
  /** True when the range held more transitions than returned (the oldest were dropped). */
  truncated: z.boolean(),
});
export type NodeConditionHistory = z.infer<typeof NodeConditionHistorySchema>;

/**
 * A node's PSI and swap over [from, to] from the stored kubelet Summary readings (pressure_samples), averaged per
 * bucket of `bucketSeconds`. PSI is `some avg10` (and memory `full avg10`) in percent; null where the kubelet
 * reported none (before KubeletPSI, 1.34) — as swap is on nodes without swap.
 */
export const NodePressureHistorySchema = z.object({
  cluster: z.string(),
  node: z.string(),
  from: z.string(),
  to: z.string(),
  bucketSeconds: z.number().int().positive(),
  samples: z.array(
    z.object({
      at: z.string(),
      psiCpuSomeAvg10: z.number().nullable(),
      psiMemorySomeAvg10: z.number().nullable(),
      psiMemoryFullAvg10: z.number().nullable(),
      psiIoSomeAvg10: z.number().nullable(),
      swapUsageBytes: z.number().nullable(),
      swapAvailableBytes: z.number().nullable(),
      /** (available − threshold) / capacity of memory.available, nodefs.available and pid.available. */
      memoryHeadroomRatio: z.number().nullable(),
      diskHeadroomRatio: z.number().nullable(),
      pidHeadroomRatio: z.number().nullable(),
    }),
  ),
  /** Each signal's latest headroom and where its recent trend leads (projectHeadroomCrossing). */
  headroom: z.array(SignalHeadroomTrendSchema),
});
export type NodePressureHistory = z.infer<typeof NodePressureHistorySchema>;

export const NodePodContainerSchema = z.object({
  name: z.string(),
  requests: z.record(z.string(), z.string()),
  limits: z.record(z.string(), z.string()),
  oomScoreAdj: z.number().nullable(),
  memoryUsageBytes: z.number().nullable(),
});

const QosClassSchema = z.enum(['Guaranteed', 'Burstable', 'BestEffort']);

const ResizeConditionSchema = z.object({
  reason: z.string().nullable(),
  message: z.string().nullable(),
  lastTransitionTime: z.string().nullable(),
});

/** PodResizePending / PodResizeInProgress and each container's desired, allocated, actual resources. */
export const PodResizeWireSchema = z.object({
  /** `Deferred` or `Infeasible`: the kubelet has not allocated the resize. */
  pending: ResizeConditionSchema.nullable(),
  /** Allocated, not yet applied by the runtime (`Error` when applying failed). */
  inProgress: ResizeConditionSchema.nullable(),
  /** Deprecated `status.resize` (kubelets 1.27–1.32). */
  legacyStatus: z.string().nullable(),
  containers: z.array(
    z.object({
      name: z.string(),
      desired: z.record(z.string(), z.string()),
      allocated: z.record(z.string(), z.string()).nullable(),
      actual: z.record(z.string(), z.string()).nullable(),
    }),
  ),
});
export type PodResizeWire = z.infer<typeof PodResizeWireSchema>;

export const NodePodSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  phase: z.string().nullable(),
  qosClass: z.enum(['Guaranteed', 'Burstable', 'BestEffort']),
  priority: z.number().nullable(),
  owner: z.string().nullable(),
  containers: z.array(NodePodContainerSchema),
  /** Pod cgroup (resourceConfigForPod): cpu.shares, the v2 cpu.weight, CFS quota/period, memory limit. */
  cgroup: z.object({
    cpuShares: z.number().nullable(),
    cpuWeight: z.number().nullable(),
    cpuQuotaUs: z.number().nullable(),
    cpuPeriodUs: z.number().nullable(),
    memoryLimitBytes: z.number().nullable(),
  }),
  /** Sums of the containers' requests; ephemeral storage is what a nodefs ranking compares usage with. */
  requests: z.object({
    cpuMilli: z.number(),
    memoryBytes: z.number(),
    ephemeralStorageBytes: z.number(),
  }),
  /** From the kubelet Summary API: working set, and the pod's ephemeral-storage usedBytes. */
  usage: z
    .object({
      cpuMilli: z.number().nullable(),
      memoryBytes: z.number().nullable(),
      ephemeralStorageBytes: z.number().nullable(),
    })
    .nullable(),
  /** 1-based position in the kubelet's eviction order for `rankSignal` among every pod of the node. */
  evictionRank: z.number().nullable(),
  /** ComputePodQOS of the spec when it differs from `qosClass` (which is `status.qosClass`). */
  computedQosClass: QosClassSchema.nullable().optional(),
  /** In-place resize state, when a resize is pending or in progress (else null or absent). */
  resize: PodResizeWireSchema.nullable().optional(),
  /** The pod cgroup's PSI (KubeletPSI); null without a Summary reading. */
  psi: PressureStallSignalsSchema.nullable().optional(),
  /** The pod's swap usage (LimitedSwap); null when none is reported. */
  swap: SwapSignalSchema.nullable().optional(),
});
export type NodePod = z.infer<typeof NodePodSchema>;

export const NodePodsResponseSchema = z.object({
  cluster: z.string(),
  node: z.string(),
  /** The signal the ranking is for: the node's current pressure signal, else memory.available. */
  rankSignal: z.string(),
  /** `stats`: ranked with the kubelet's Summary API usage; `requests-only`: no usage was readable. */
  rankBasis: z.enum(['stats', 'requests-only']),
  /** Pods on the node in total (a tenant admin sees only theirs, ranked among all). */
  totalPodsOnNode: z.number().int(),
  pods: z.array(NodePodSchema),
  generatedAt: z.string(),
});
export type NodePodsResponse = z.infer<typeof NodePodsResponseSchema>;

// The node list's filter and sort rules live in domain/node-list.ts; re-exported here for existing importers.
export {
  applyNodeListQuery,
  compareNodeRows,
  filterNodeRows,
  nodeSortValue,
  type NodeSortValue,
} from '../domain/node-list.js';
