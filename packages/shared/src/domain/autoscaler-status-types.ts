/**
 * What cluster-autoscaler reports in its status ConfigMap, as Plimsoll reads it: the `ClusterAutoscalerStatus`
 * struct of clusterstate/api/types.go and the partial-read bookkeeping around it.
 */

/** Health of the cluster or of a node group, with the node counts behind it. */
export interface AutoscalerHealth {
  /** `Healthy` or `Unhealthy`; `''` when the writer left it out. */
  status: string;
  ready: number;
  /** Registered but unready nodes (`unready.total`). */
  unready: number;
  /** Unready because a resource such as a GPU is not yet exposed (`unready.resourceUnready`). */
  resourceUnready: number;
  notStarted: number;
  /** Text format only (1.29 and older). */
  longNotStarted?: number;
  /** Registered nodes (`registered.total`). */
  registered: number;
  /** YAML format only, omitted by the writer when zero. */
  beingDeleted?: number;
  /** YAML format only, written by the newest releases. */
  suspended?: number;
  longUnregistered: number;
  /** YAML format only. */
  unregistered?: number;
  /** Target size the cloud provider reports (node groups; some very old text versions also). */
  cloudProviderTarget?: number;
  minSize?: number;
  maxSize?: number;
  /** RFC 3339 time; absent for Go's zero time. */
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

/** Health of one node group: size bounds and target are always written. */
export interface AutoscalerNodeGroupHealth extends AutoscalerHealth {
  cloudProviderTarget: number;
  minSize: number;
  maxSize: number;
}

/** Scale-up condition (`NoActivity`, `InProgress`, `Backoff`, `Unhealthy`, …). */
export interface AutoscalerScaleUp {
  status: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

/** Why a node group is in scale-up backoff (YAML format only). */
export interface AutoscalerBackoff {
  errorCode: string;
  /** Truncated by the autoscaler to 500 bytes ending in `<truncated>`. */
  errorMessage: string;
}

/** Scale-up condition of a node group. */
export interface AutoscalerNodeGroupScaleUp extends AutoscalerScaleUp {
  backoff?: AutoscalerBackoff;
}

/** Scale-down condition (`CandidatesPresent` / `NoCandidates`). */
export interface AutoscalerScaleDown {
  status: string;
  /** Absent in YAML when zero (the field is `omitempty`). */
  candidates?: number;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

/** One node group's status. */
export interface AutoscalerNodeGroupStatus {
  name: string;
  health: AutoscalerNodeGroupHealth;
  scaleUp: AutoscalerNodeGroupScaleUp;
  scaleDown: AutoscalerScaleDown;
}

/** The parsed status ConfigMap, the same shape for both formats. */
export interface AutoscalerStatus {
  format: 'yaml' | 'text';
  /** The writer's clock in Go's `2006-01-02 15:04:05.999999999 -0700 MST` layout, verbatim. */
  time?: string;
  /** `Running` or `Initializing` (text: only `Initializing` is ever spelled out). */
  autoscalerStatus?: string;
  message?: string;
  clusterWide: {
    health: AutoscalerHealth;
    scaleUp: AutoscalerScaleUp;
    scaleDown: AutoscalerScaleDown;
  };
  nodeGroups: AutoscalerNodeGroupStatus[];
  /** The input was cut off: what was read before the cut is returned. */
  truncated: boolean;
  /**
   * Not the whole status: cut off, or a fragment without a section the writer always writes
   * (the header with its time, the cluster-wide conditions). What was readable is returned.
   */
  partial: boolean;
  /** The sections that were read, in the order the writer puts them. */
  sections: AutoscalerStatusSection[];
  /** Values that could not be kept as written (e.g. integers beyond 2^53 − 1), one line each. */
  notes: string[];
}

/** A part of the status: the header line (time, state), the cluster-wide block, node groups. */
export type AutoscalerStatusSection = 'header' | 'clusterWide' | 'nodeGroups';

/**
 * Thrown only when the input is recognisable as neither format; anything with a recognisable
 * header, section or key yields a (possibly partial) `AutoscalerStatus` instead.
 */
export class AutoscalerStatusParseError extends Error {
  override name = 'AutoscalerStatusParseError';
}

/** Statuses the autoscaler writes (clusterstate/api/types.go). */
export const AUTOSCALER_CONDITION_STATUSES = [
  'Healthy',
  'Unhealthy',
  'CandidatesPresent',
  'NoCandidates',
  'Needed',
  'NotNeeded',
  'InProgress',
  'NoActivity',
  'Backoff',
  'HasDynamicHeadroom',
] as const;
