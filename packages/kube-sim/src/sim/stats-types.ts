/**
 * Summary API types. The shapes live in @plimsoll/shared (kubelet-stats.ts); its package root does
 * not re-export that file yet, so the pod entry is taken from the eviction ranking's input type.
 */
import type { EvictionCandidate } from '@plimsoll/shared';

/** The Summary API's pod entry (stats/v1alpha1 PodStats). */
export type PodStats = NonNullable<EvictionCandidate['stats']>;
type FsStats = NonNullable<PodStats['ephemeral-storage']>;
type CpuStats = NonNullable<PodStats['cpu']>;
type MemoryStats = NonNullable<PodStats['memory']>;
type NetworkStats = NonNullable<PodStats['network']>;
type ContainerStats = PodStats['containers'][number];

/** The Summary API's node entry (stats/v1alpha1 NodeStats). */
export interface NodeStats {
  nodeName: string;
  systemContainers?: ContainerStats[];
  startTime: string;
  cpu?: CpuStats;
  memory?: MemoryStats;
  network?: NetworkStats;
  fs?: FsStats;
  runtime?: { imageFs?: FsStats; containerFs?: FsStats };
  rlimit?: { time: string; maxpid?: number; curproc?: number };
  swap?: { time: string; swapAvailableBytes?: number; swapUsageBytes?: number };
}

/** GET /stats/summary (stats/v1alpha1 Summary). */
export interface Summary {
  node: NodeStats;
  pods: PodStats[];
}
