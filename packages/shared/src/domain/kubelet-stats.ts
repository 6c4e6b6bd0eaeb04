/**
 * The kubelet Summary API (`GET /stats/summary`), as TypeScript types.
 *
 * Port of `k8s.io/kubelet/pkg/apis/stats/v1alpha1/types.go`
 * (staging/src/k8s.io/kubelet/pkg/apis/stats/v1alpha1/types.go in kubernetes/kubernetes).
 * Property names are the exact JSON names the kubelet serves (note the odd ones:
 * `ephemeral-storage`, `process_stats`, `process_count`, `maxpid`, `curproc`).
 *
 * Encoding notes that matter to readers of real kubelet output:
 * - Go `uint64`/`int64` counters arrive as JSON numbers; they are typed `number` here. Byte counts
 *   stay far below 2^53 in practice, but treat them as integers, never as floats.
 * - Fields tagged `omitempty` in Go are optional here; they are absent (not `null`) when unset.
 * - `metav1.Time` serialises as an RFC 3339 string with second precision.
 * - `PodStats.containers` and `Summary.pods` have no `omitempty`; Go would write `null` for a nil
 *   slice, but the kubelet always builds them, so they are typed as arrays.
 */

/** `metav1.Time` on the wire: an RFC 3339 timestamp such as `2024-01-02T03:04:05Z`. */
export type KubeletStatsTime = string;

/** Name of the system container tracking kubelet usage (`SystemContainerKubelet`). */
export const SYSTEM_CONTAINER_KUBELET = 'kubelet';
/** Name of the system container tracking the container runtime (`SystemContainerRuntime`). */
export const SYSTEM_CONTAINER_RUNTIME = 'runtime';
/** Name of the system container tracking non-kubernetes processes (`SystemContainerMisc`). */
export const SYSTEM_CONTAINER_MISC = 'misc';
/** Name of the system container tracking all user pods (`SystemContainerPods`); the eviction manager reads `allocatableMemory.available` from it. */
export const SYSTEM_CONTAINER_PODS = 'pods';

/** Top-level container for holding NodeStats and PodStats (`Summary`). */
export interface Summary {
  /** Overall node stats. */
  node: NodeStats;
  /** Per-pod stats. */
  pods: PodStats[];
}

/** Node-level unprocessed sample stats (`NodeStats`). */
export interface NodeStats {
  /** Reference to the measured Node. */
  nodeName: string;
  /** Stats of system daemons tracked as raw containers, named per the `SYSTEM_CONTAINER_*` constants. */
  systemContainers?: ContainerStats[];
  /** The time at which data collection for the node-scoped (i.e. aggregate) stats was (re)started. */
  startTime: KubeletStatsTime;
  /** Stats pertaining to CPU resources. */
  cpu?: CPUStats;
  /** Stats pertaining to memory (RAM) resources. */
  memory?: MemoryStats;
  /** Stats pertaining to IO resources (PSI); added with KEP-4205 `KubeletPSI` (alpha 1.33, beta 1.34). */
  io?: IOStats;
  /** Stats pertaining to network resources. */
  network?: NetworkStats;
  /** Usage of the filesystem holding the kubelet root dir (nodefs). */
  fs?: FsStats;
  /** Stats about the underlying container runtime. */
  runtime?: RuntimeStats;
  /** Stats about the rlimit of system. */
  rlimit?: RlimitStats;
  /** Stats pertaining to swap resources. Reported on non-Windows systems only. */
  swap?: SwapStats;
}

/** Rlimit stats of the OS (`RlimitStats`); the eviction manager derives `pid.available` from it. */
export interface RlimitStats {
  /** The time at which these stats were updated. */
  time: KubeletStatsTime;
  /** The max number of extant processes (threads, on Linux) of the OS. */
  maxpid?: number;
  /** The number of running processes (threads, on Linux) in the OS. */
  curproc?: number;
}

/** Stats pertaining to the underlying container runtime (`RuntimeStats`). */
export interface RuntimeStats {
  /** Filesystem where container images are stored; may be the same device as nodefs. */
  imageFs?: FsStats;
  /** Filesystem where containers' writable layers are stored; may be nodefs or imagefs. */
  containerFs?: FsStats;
}

/** Stats pertaining to processes (`ProcessStats`). */
export interface ProcessStats {
  /** Number of processes; the eviction manager ranks pods by it under PID pressure. */
  process_count?: number;
}

/** Pod-level unprocessed sample stats (`PodStats`). */
export interface PodStats {
  /** Reference to the measured Pod. */
  podRef: PodReference;
  /** The time at which data collection for the pod-scoped (e.g. network) stats was (re)started. */
  startTime: KubeletStatsTime;
  /** Stats of containers in the measured pod. */
  containers: ContainerStats[];
  /** CPU consumed by the pod cgroup (all containers plus pod overhead). */
  cpu?: CPUStats;
  /** Memory consumed by the pod cgroup (all containers plus pod overhead). */
  memory?: MemoryStats;
  /** IO stats of the pod cgroup (PSI); added with KEP-4205 `KubeletPSI`. */
  io?: IOStats;
  /** Stats pertaining to network resources. */
  network?: NetworkStats;
  /** Per-volume filesystem usage; `usedBytes` is the bytes used by the volume. */
  volume?: VolumeStats[];
  /** Total filesystem usage of the containers and emptyDir-backed volumes of the pod. */
  'ephemeral-storage'?: FsStats;
  /** Stats pertaining to processes. */
  process_stats?: ProcessStats;
  /** Stats pertaining to swap resources. Reported on non-Windows systems only. */
  swap?: SwapStats;
}

/** Container-level unprocessed sample stats (`ContainerStats`). */
export interface ContainerStats {
  /** Reference to the measured container. */
  name: string;
  /** The time at which data collection for this container was (re)started. */
  startTime: KubeletStatsTime;
  /** Stats pertaining to CPU resources. */
  cpu?: CPUStats;
  /** Stats pertaining to memory (RAM) resources. */
  memory?: MemoryStats;
  /** IO stats (PSI); added with KEP-4205 `KubeletPSI`. */
  io?: IOStats;
  /** Metrics for accelerators, one element per accelerator. */
  accelerators?: AcceleratorStats[];
  /** Container writable-layer usage; `usedBytes` is the bytes of the write layer. */
  rootfs?: FsStats;
  /** Container log usage; `usedBytes` is the bytes used by the container logs. */
  logs?: FsStats;
  /** User defined metrics exposed by containers in the pod. */
  userDefinedMetrics?: UserDefinedMetric[];
  /** Stats pertaining to swap resources. Reported on non-Windows systems only. */
  swap?: SwapStats;
}

/** Enough information to locate the referenced pod (`PodReference`). */
export interface PodReference {
  name: string;
  namespace: string;
  uid: string;
}

/** Resource value data about one network interface (`InterfaceStats`). */
export interface InterfaceStats {
  /** The name of the interface. */
  name: string;
  /** Cumulative count of bytes received. */
  rxBytes?: number;
  /** Cumulative count of receive errors encountered. */
  rxErrors?: number;
  /** Cumulative count of bytes transmitted. */
  txBytes?: number;
  /** Cumulative count of transmit errors encountered. */
  txErrors?: number;
}

/**
 * Data about network resources (`NetworkStats`). Go inlines the default interface's
 * `InterfaceStats` fields at the top level, hence the `extends`.
 */
export interface NetworkStats extends InterfaceStats {
  /** The time at which these stats were updated. */
  time: KubeletStatsTime;
  /** Every interface, the default one included. */
  interfaces?: InterfaceStats[];
}

/** Data about CPU usage (`CPUStats`). */
export interface CPUStats {
  /** The time at which these stats were updated. */
  time: KubeletStatsTime;
  /** Total CPU usage (sum of all cores) averaged over the sample window, in core-nanoseconds per second. */
  usageNanoCores?: number;
  /** Cumulative CPU usage (sum of all cores) since object creation. */
  usageCoreNanoSeconds?: number;
  /** CPU pressure stall information; added with KEP-4205 `KubeletPSI`. */
  psi?: PSIStats;
}

/** Data about memory usage (`MemoryStats`). */
export interface MemoryStats {
  /** The time at which these stats were updated. */
  time: KubeletStatsTime;
  /** Memory limit minus working set; omitted when no limit is defined. */
  availableBytes?: number;
  /** Total memory in use, regardless of when it was accessed. */
  usageBytes?: number;
  /** Working set: recently accessed, dirty and kernel memory. The eviction manager ranks on this. */
  workingSetBytes?: number;
  /** Anonymous and swap cache memory (includes transparent hugepages). */
  rssBytes?: number;
  /** Cumulative number of minor page faults. */
  pageFaults?: number;
  /** Cumulative number of major page faults. */
  majorPageFaults?: number;
  /** Memory pressure stall information; added with KEP-4205 `KubeletPSI`. */
  psi?: PSIStats;
}

/** Data about IO (`IOStats`); added with KEP-4205 `KubeletPSI`. */
export interface IOStats {
  /** The time at which these stats were updated. */
  time: KubeletStatsTime;
  /** IO pressure stall information. */
  psi?: PSIStats;
}

/** Pressure stall information for one resource (`PSIStats`); added with KEP-4205. */
export interface PSIStats {
  /** Stall data for all tasks in the cgroup. */
  full: PSIData;
  /** Stall data for some tasks in the cgroup. */
  some: PSIData;
}

/** One line of a cgroup v2 `*.pressure` file (`PSIData`); added with KEP-4205. */
export interface PSIData {
  /** Cumulative stall time as reported by the kernel. */
  total: number;
  /** Percentage of time stalled over the last 10 s. */
  avg10: number;
  /** Percentage of time stalled over the last 60 s. */
  avg60: number;
  /** Percentage of time stalled over the last 300 s. */
  avg300: number;
}

/** Data about swap usage (`SwapStats`). */
export interface SwapStats {
  /** The time at which these stats were updated. */
  time: KubeletStatsTime;
  /** Swap limit minus current swap usage; omitted when no swap limit is defined. */
  swapAvailableBytes?: number;
  /** Total swap memory in use. */
  swapUsageBytes?: number;
}

/** Stats for one accelerator attached to a container (`AcceleratorStats`). */
export interface AcceleratorStats {
  /** Make of the accelerator (nvidia, amd, google etc.). */
  make: string;
  /** Model of the accelerator (tesla-p100, tesla-k80 etc.). */
  model: string;
  /** ID of the accelerator. */
  id: string;
  /** Total accelerator memory, in bytes. */
  memoryTotal: number;
  /** Total accelerator memory allocated, in bytes. */
  memoryUsed: number;
  /** Percent of the past sample period (10s) the accelerator was actively processing. */
  dutyCycle: number;
}

/**
 * Filesystem usage of one volume (`VolumeStats`). Go inlines `FsStats`, so the usage fields sit
 * next to `name`.
 */
export interface VolumeStats extends FsStats {
  /** Name given to the volume in the pod spec. */
  name?: string;
  /** Reference to the PVC, if one exists. */
  pvcRef?: PVCReference;
  /** Volume health, when the CSI driver reports it. */
  volumeHealthStats?: VolumeHealthStats;
}

/** Data about volume health (`VolumeHealthStats`). */
export interface VolumeHealthStats {
  /** False when the volume is available and operating optimally. */
  abnormal: boolean;
}

/** Enough information to describe the referenced PVC (`PVCReference`). */
export interface PVCReference {
  name: string;
  namespace: string;
}

/** Data about filesystem usage (`FsStats`). */
export interface FsStats {
  /** The time at which these stats were updated. */
  time: KubeletStatsTime;
  /** Storage space available (bytes) for the filesystem. */
  availableBytes?: number;
  /** Total capacity (bytes) of the filesystem's underlying storage. */
  capacityBytes?: number;
  /** Bytes used for a specific task (e.g. one container's rootfs), not the whole filesystem. */
  usedBytes?: number;
  /** Free inodes in the filesystem. */
  inodesFree?: number;
  /** Total inodes in the filesystem. */
  inodes?: number;
  /** Inodes used by this task; may differ from `inodes - inodesFree` on a shared filesystem. */
  inodesUsed?: number;
}

/** How a user defined metric is interpreted (`UserDefinedMetricType`). */
export type UserDefinedMetricType = 'gauge' | 'cumulative' | 'delta';

/** Metadata describing a user defined metric (`UserDefinedMetricDescriptor`). */
export interface UserDefinedMetricDescriptor {
  /** The name of the metric. */
  name: string;
  /** Type of the metric. */
  type: UserDefinedMetricType;
  /** Display units for the stats. */
  units: string;
  /** Metadata labels associated with this metric. */
  labels?: Record<string, string>;
}

/** A metric defined and generated by users (`UserDefinedMetric`); Go inlines the descriptor. */
export interface UserDefinedMetric extends UserDefinedMetricDescriptor {
  /** The time at which these stats were updated. */
  time: KubeletStatsTime;
  /** Value of the metric. */
  value: number;
}
