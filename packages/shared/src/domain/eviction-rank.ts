import type { V1Pod } from '@kubernetes/client-node';

import type { FsStats, MemoryStats, PodStats, ProcessStats } from './kubelet-stats.js';
import { isPodLevelResourcesSet, podRequests } from './pod-resources.js';
import { newQuantity, parseQuantity, type Quantity, type QuantityFormat } from './quantity.js';

/**
 * The kubelet's pod ranking for node-pressure eviction, ported from
 * kubernetes/kubernetes `pkg/kubelet/eviction/helpers.go` (rankMemoryPressure, rankPIDPressure,
 * rankDiskPressureFunc, buildSignalToRankFunc and the comparators they are built from).
 */

/** A pod and the kubelet Summary API stats for it; `null` stats means the summary had no entry. */
export interface EvictionCandidate {
  pod: V1Pod;
  stats: PodStats | null;
}

/** How the node's filesystems are laid out, which decides what each disk signal measures. */
export interface RankPodsForEvictionOptions {
  /** The image filesystem is on a different device from nodefs (`HasDedicatedImageFs`). Default false. */
  dedicatedImageFs?: boolean;
  /**
   * Container writable layers live on a different device from images
   * (`IsContainerFsSeparateFromImageFs`, KubeletSeparateDiskGC). Default false.
   */
  splitContainerImageFs?: boolean;
  /** The PodLevelResources feature gate (beta and on by default since 1.34). Default true. */
  podLevelResourcesEnabled?: boolean;
}

/** `cmpFunc`: negative when p1 should be evicted before p2, positive when after, 0 when tied. */
export type PodComparator = (p1: V1Pod, p2: V1Pod) => number;

/** `statsFunc`: the summary stats of a pod, or undefined when the summary has none. */
export type PodStatsLookup = (pod: V1Pod) => PodStats | undefined;

/** `fsStatsType`: which parts of a pod's filesystem usage a disk signal measures. */
export type FsStatsType = 'localVolumeSource' | 'logs' | 'root' | 'images';

/** `fsStatsLocalVolumeSource`: the pod's local volumes (emptyDir on disk, configMap, gitRepo, hostPath). */
export const FS_STATS_LOCAL_VOLUME_SOURCE: FsStatsType = 'localVolumeSource';
/** `fsStatsLogs`: container logs. */
export const FS_STATS_LOGS: FsStatsType = 'logs';
/** `fsStatsRoot`: container writable layers. */
export const FS_STATS_ROOT: FsStatsType = 'root';
/**
 * `fsStatsImages`: container read-only layers. The kubelet lists it for imagefs signals but
 * `containerUsage` never reads it, so on its own it measures nothing; we keep that behaviour.
 */
export const FS_STATS_IMAGES: FsStatsType = 'images';

/** The disk resource a disk signal ranks by: bytes (`ephemeral-storage`) or `inodes`. */
export type DiskResourceName = 'ephemeral-storage' | 'inodes';

const RESOURCE_MEMORY = 'memory';
const RESOURCE_EPHEMERAL_STORAGE = 'ephemeral-storage';
const RESOURCE_INODES = 'inodes';

type RankFunc = (
  pods: V1Pod[],
  stats: PodStatsLookup,
  podLevelResourcesEnabled: boolean,
) => V1Pod[];

/**
 * Orders pods the way the kubelet's eviction manager would before evicting under `signal`
 * (`memory.available`, `allocatableMemory.available`, `nodefs.available`, `nodefs.inodesFree`,
 * `imagefs.available`, `imagefs.inodesFree`, `containerfs.available`, `containerfs.inodesFree`,
 * `pid.available`). The first pod is the one the kubelet tries to evict first.
 *
 * Go sorts with `sort.Sort`, which is not stable, so the kubelet's order among pods the
 * comparators consider equal is an implementation accident. We sort stably with the same
 * comparator chain: ties keep their input order, so the result is deterministic.
 *
 * @throws Error for a signal the kubelet has no ranking function for.
 */
export function rankPodsForEviction(
  signal: string,
  candidates: ReadonlyArray<EvictionCandidate>,
  options: RankPodsForEvictionOptions = {},
): V1Pod[] {
  const rank = buildSignalToRankFunc(
    options.dedicatedImageFs ?? false,
    options.splitContainerImageFs ?? false,
  ).get(signal);
  if (rank === undefined) {
    throw new Error(`unsupported eviction signal ${signal}`);
  }
  const byPod = new Map<V1Pod, PodStats | null>();
  for (const candidate of candidates) {
    byPod.set(candidate.pod, candidate.stats);
  }
  const stats: PodStatsLookup = (pod) => byPod.get(pod) ?? undefined;
  return rank(
    candidates.map((c) => c.pod),
    stats,
    options.podLevelResourcesEnabled ?? true,
  );
}

// buildSignalToRankFunc (pkg/kubelet/eviction/helpers.go)
function buildSignalToRankFunc(
  withImageFs: boolean,
  imageContainerSplitFs: boolean,
): Map<string, RankFunc> {
  const m = new Map<string, RankFunc>([
    ['memory.available', rankMemoryPressure],
    ['allocatableMemory.available', rankMemoryPressure],
    ['pid.available', rankPIDPressure],
  ]);
  // Each branch picks what nodefs and imagefs measure, then points containerfs at whichever
  // device holds the writable layers.
  const setDisk = (fs: 'nodefs' | 'imagefs' | 'containerfs', measure: FsStatsType[]): void => {
    m.set(`${fs}.available`, rankDiskPressureFunc(measure, RESOURCE_EPHEMERAL_STORAGE));
    m.set(`${fs}.inodesFree`, rankDiskPressureFunc(measure, RESOURCE_INODES));
  };
  if (withImageFs && !imageContainerSplitFs) {
    // A dedicated imagefs holds images and writable layers: nodefs only carries logs and volumes.
    setDisk('nodefs', [FS_STATS_LOGS, FS_STATS_LOCAL_VOLUME_SOURCE]);
    setDisk('imagefs', [FS_STATS_ROOT, FS_STATS_IMAGES]);
    setDisk('containerfs', [FS_STATS_ROOT, FS_STATS_IMAGES]);
  } else if (withImageFs && imageContainerSplitFs) {
    // Writable layers share nodefs with logs and volumes; imagefs holds only read-only layers.
    setDisk('nodefs', [FS_STATS_LOGS, FS_STATS_LOCAL_VOLUME_SOURCE, FS_STATS_ROOT]);
    setDisk('containerfs', [FS_STATS_LOGS, FS_STATS_LOCAL_VOLUME_SOURCE, FS_STATS_ROOT]);
    setDisk('imagefs', [FS_STATS_IMAGES]);
  } else {
    // One device for everything: every signal measures every kind of usage.
    const allFs = [FS_STATS_IMAGES, FS_STATS_ROOT, FS_STATS_LOGS, FS_STATS_LOCAL_VOLUME_SOURCE];
    setDisk('nodefs', allFs);
    setDisk('imagefs', allFs);
    setDisk('containerfs', allFs);
  }
  return m;
}

// rankMemoryPressure (pkg/kubelet/eviction/helpers.go)
function rankMemoryPressure(pods: V1Pod[], stats: PodStatsLookup, plr: boolean): V1Pod[] {
  return orderPodsBy(
    compareByExceedMemoryRequests(stats, plr),
    compareByPriority,
    compareByMemory(stats, plr),
  )(pods);
}

// rankPIDPressure (pkg/kubelet/eviction/helpers.go)
function rankPIDPressure(pods: V1Pod[], stats: PodStatsLookup): V1Pod[] {
  return orderPodsBy(compareByPriority, compareByProcess(stats))(pods);
}

// rankDiskPressureFunc (pkg/kubelet/eviction/helpers.go)
function rankDiskPressureFunc(
  fsStatsToMeasure: FsStatsType[],
  diskResource: DiskResourceName,
): RankFunc {
  return (pods, stats, plr) =>
    orderPodsBy(
      compareByExceedDiskRequests(stats, fsStatsToMeasure, diskResource, plr),
      compareByPriority,
      compareByDisk(stats, fsStatsToMeasure, diskResource, plr),
    )(pods);
}

/**
 * Port of `orderedBy(cmp...).Sort(pods)` (multiSorter in pkg/kubelet/eviction/helpers.go): the
 * comparators are tried in turn and the first non-zero result decides. Returns a sorted copy.
 * Unlike Go's unstable `sort.Sort`, ties keep their input order.
 */
export function orderPodsBy(...cmp: PodComparator[]): (pods: ReadonlyArray<V1Pod>) => V1Pod[] {
  return (pods) =>
    [...pods].sort((p1, p2) => {
      for (const c of cmp) {
        const result = c(p1, p2);
        if (result !== 0) {
          return result;
        }
      }
      return 0;
    });
}

/**
 * Caches a value derived from one pod for the life of one comparator (one ranking). Go recomputes it at every
 * comparison; the values are pure functions of the pod and its stats, so caching changes nothing but the speed.
 */
function perPod<T>(fn: (pod: V1Pod) => T): (pod: V1Pod) => T {
  const cache = new Map<V1Pod, T>();
  return (pod) => {
    if (cache.has(pod)) return cache.get(pod) as T;
    const value = fn(pod);
    cache.set(pod, value);
    return value;
  };
}

/**
 * The comparator shape of `exceedMemoryRequests` / `exceedDiskRequests`: pods over their request first; a pod
 * without stats (undefined) sorts before every pod with stats.
 */
function byExceedsRequest(exceeds: (pod: V1Pod) => boolean | undefined): PodComparator {
  const cached = perPod(exceeds);
  return (p1, p2) => {
    const e1 = cached(p1);
    const e2 = cached(p2);
    if (e1 === undefined || e2 === undefined) return cmpBool(e1 === undefined, e2 === undefined);
    return cmpBool(e1, e2);
  };
}

/**
 * The comparator shape of `memory` / `disk`: the larger usage above request first; a pod without stats
 * (undefined) sorts before every pod with stats.
 */
function byAmountAboveRequest(aboveRequest: (pod: V1Pod) => Quantity | undefined): PodComparator {
  const cached = perPod(aboveRequest);
  return (p1, p2) => {
    const a1 = cached(p1);
    const a2 = cached(p2);
    if (a1 === undefined || a2 === undefined) return cmpBool(a1 === undefined, a2 === undefined);
    return a2.cmp(a1);
  };
}

// PodPriority (k8s.io/component-helpers/scheduling/corev1/helpers.go)
function podPriority(pod: V1Pod): number {
  // A nil priority means the pod predates priority admission; the kubelet treats it as 0.
  return pod.spec?.priority ?? 0;
}

/** Port of `priority`: lower `spec.priority` is evicted first; a missing priority counts as 0. */
export const compareByPriority: PodComparator = (p1, p2) => {
  const priority1 = podPriority(p1);
  const priority2 = podPriority(p2);
  if (priority1 === priority2) {
    return 0;
  }
  return priority1 > priority2 ? 1 : -1;
};

// cmpBool (pkg/kubelet/eviction/helpers.go): true sorts before false.
function cmpBool(a: boolean, b: boolean): number {
  if (a === b) {
    return 0;
  }
  return !b ? -1 : 1;
}

/**
 * Port of `exceedMemoryRequests`: pods whose working set exceeds their memory request are
 * evicted first. A pod without stats sorts before every pod with stats.
 */
export function compareByExceedMemoryRequests(
  stats: PodStatsLookup,
  podLevelResourcesEnabled = true,
): PodComparator {
  return byExceedsRequest((pod) => {
    const podStats = stats(pod);
    return podStats === undefined
      ? undefined
      : memoryUsage(podStats.memory).cmp(
          getResourceRequestQuantity(pod, RESOURCE_MEMORY, podLevelResourcesEnabled),
        ) === 1;
  });
}

/**
 * Port of `memory`: the pod whose working set is furthest above its memory request is evicted
 * first. A pod without stats sorts before every pod with stats.
 */
export function compareByMemory(
  stats: PodStatsLookup,
  podLevelResourcesEnabled = true,
): PodComparator {
  return byAmountAboveRequest((pod) => {
    const podStats = stats(pod);
    return podStats === undefined
      ? undefined
      : memoryUsage(podStats.memory).sub(
          getResourceRequestQuantity(pod, RESOURCE_MEMORY, podLevelResourcesEnabled),
        );
  });
}

/**
 * Port of `process`: the pod running more processes is evicted first. A pod without stats sorts
 * before every pod with stats. Go computes `int(p2 - p1)` on uint64 counts, whose sign matches
 * the true difference for any realistic count; we compare exactly.
 */
export function compareByProcess(stats: PodStatsLookup): PodComparator {
  return (p1, p2) => {
    const p1Stats = stats(p1);
    const p2Stats = stats(p2);
    if (p1Stats === undefined || p2Stats === undefined) {
      return cmpBool(p1Stats === undefined, p2Stats === undefined);
    }
    return Math.sign(processUsage(p2Stats.process_stats) - processUsage(p1Stats.process_stats));
  };
}

/**
 * Port of `exceedDiskRequests`: pods whose measured disk usage exceeds their request for
 * `diskResource` are evicted first. Nobody requests `inodes`, so under an inode signal any pod
 * using an inode counts as exceeding. A pod without stats sorts first.
 */
export function compareByExceedDiskRequests(
  stats: PodStatsLookup,
  fsStatsToMeasure: ReadonlyArray<FsStatsType>,
  diskResource: DiskResourceName,
  podLevelResourcesEnabled = true,
): PodComparator {
  return byExceedsRequest((pod) => {
    const podStats = stats(pod);
    return podStats === undefined
      ? undefined
      : podDiskUsage(podStats, pod, fsStatsToMeasure)[diskResource].cmp(
          getResourceRequestQuantity(pod, diskResource, podLevelResourcesEnabled),
        ) === 1;
  });
}

/**
 * Port of `disk`: the pod whose measured usage is furthest above its request is evicted first.
 * Upstream always subtracts the `ephemeral-storage` request, even when ranking by inodes; we do
 * the same. A pod without stats sorts first.
 */
export function compareByDisk(
  stats: PodStatsLookup,
  fsStatsToMeasure: ReadonlyArray<FsStatsType>,
  diskResource: DiskResourceName,
  podLevelResourcesEnabled = true,
): PodComparator {
  return byAmountAboveRequest((pod) => {
    const podStats = stats(pod);
    return podStats === undefined
      ? undefined
      : podDiskUsage(podStats, pod, fsStatsToMeasure)[diskResource].sub(
          getResourceRequestQuantity(pod, RESOURCE_EPHEMERAL_STORAGE, podLevelResourcesEnabled),
        );
  });
}

// Stats counters are integral JSON numbers; truncating guards BigInt against a stray fraction.
function toBigInt(n: number): bigint {
  return BigInt(Math.trunc(n));
}

// diskUsage (pkg/kubelet/eviction/helpers.go)
function diskUsage(fsStats: FsStats | undefined): Quantity {
  if (fsStats?.usedBytes === undefined) {
    return newQuantity(0n, 'BinarySI');
  }
  return newQuantity(toBigInt(fsStats.usedBytes), 'BinarySI');
}

// inodeUsage (pkg/kubelet/eviction/helpers.go)
function inodeUsage(fsStats: FsStats | undefined): Quantity {
  if (fsStats?.inodesUsed === undefined) {
    return newQuantity(0n, 'DecimalSI');
  }
  return newQuantity(toBigInt(fsStats.inodesUsed), 'DecimalSI');
}

// memoryUsage (pkg/kubelet/eviction/helpers.go)
function memoryUsage(memStats: MemoryStats | undefined): Quantity {
  if (memStats?.workingSetBytes === undefined) {
    return newQuantity(0n, 'BinarySI');
  }
  return newQuantity(toBigInt(memStats.workingSetBytes), 'BinarySI');
}

// processUsage (pkg/kubelet/eviction/helpers.go)
function processUsage(processStats: ProcessStats | undefined): number {
  return processStats?.process_count ?? 0;
}

// IsLocalEphemeralVolume (pkg/volume/util/util.go)
function isLocalEphemeralVolume(
  volume: NonNullable<NonNullable<V1Pod['spec']>['volumes']>[number],
): boolean {
  return (
    volume.gitRepo !== undefined ||
    (volume.emptyDir !== undefined && (volume.emptyDir.medium ?? '') === '') ||
    volume.configMap !== undefined
  );
}

// localVolumeNames (pkg/kubelet/eviction/helpers.go)
function localVolumeNames(pod: V1Pod): string[] {
  const result: string[] = [];
  for (const volume of pod.spec?.volumes ?? []) {
    if (volume.hostPath !== undefined || isLocalEphemeralVolume(volume)) {
      result.push(volume.name);
    }
  }
  return result;
}

interface DiskUsage {
  'ephemeral-storage': Quantity;
  inodes: Quantity;
}

// containerUsage (pkg/kubelet/eviction/helpers.go)
function containerUsage(podStats: PodStats, statsToMeasure: ReadonlyArray<FsStatsType>): DiskUsage {
  let disk = newQuantity(0n, 'BinarySI');
  let inodes = newQuantity(0n, 'DecimalSI');
  for (const container of podStats.containers ?? []) {
    if (statsToMeasure.includes(FS_STATS_ROOT)) {
      disk = disk.add(diskUsage(container.rootfs));
      inodes = inodes.add(inodeUsage(container.rootfs));
    }
    if (statsToMeasure.includes(FS_STATS_LOGS)) {
      disk = disk.add(diskUsage(container.logs));
      inodes = inodes.add(inodeUsage(container.logs));
    }
  }
  return { 'ephemeral-storage': disk, inodes };
}

// podLocalVolumeUsage (pkg/kubelet/eviction/helpers.go)
function podLocalVolumeUsage(volumeNames: string[], podStats: PodStats): DiskUsage {
  let disk = newQuantity(0n, 'BinarySI');
  let inodes = newQuantity(0n, 'DecimalSI');
  for (const volumeName of volumeNames) {
    const volumeStats = (podStats.volume ?? []).find((v) => v.name === volumeName);
    if (volumeStats !== undefined) {
      disk = disk.add(diskUsage(volumeStats));
      inodes = inodes.add(inodeUsage(volumeStats));
    }
  }
  return { 'ephemeral-storage': disk, inodes };
}

// podDiskUsage (pkg/kubelet/eviction/helpers.go)
function podDiskUsage(
  podStats: PodStats,
  pod: V1Pod,
  statsToMeasure: ReadonlyArray<FsStatsType>,
): DiskUsage {
  const containers = containerUsage(podStats, statsToMeasure);
  let disk = containers['ephemeral-storage'];
  let inodes = containers.inodes;
  if (statsToMeasure.includes(FS_STATS_LOCAL_VOLUME_SOURCE)) {
    const volumes = podLocalVolumeUsage(localVolumeNames(pod), podStats);
    disk = disk.add(volumes['ephemeral-storage']);
    inodes = inodes.add(volumes.inodes);
  }
  return { 'ephemeral-storage': disk, inodes };
}

// GetResourceRequestQuantity (pkg/api/v1/resource/helpers.go)
function getResourceRequestQuantity(
  pod: V1Pod,
  resourceName: string,
  podLevelResourcesEnabled: boolean,
): Quantity {
  const format: QuantityFormat =
    resourceName === 'memory' || resourceName === 'storage' || resourceName === 'ephemeral-storage'
      ? 'BinarySI'
      : 'DecimalSI';
  let requestQuantity = newQuantity(0n, format);
  // With pod-level resources set only the supported pod-level requests count, so e.g.
  // ephemeral-storage then requests nothing. Upstream does not pass the gate on to PodRequests.
  const hasPodLevelResources = podLevelResourcesEnabled && isPodLevelResourcesSet(pod);
  const request = podRequests(pod, {
    skipContainerLevelResources: hasPodLevelResources,
    excludeOverhead: true,
  })[resourceName];
  if (request !== undefined) {
    requestQuantity = requestQuantity.add(request);
  }
  // Overhead only counts for a resource the pod actually requests.
  const overhead = pod.spec?.overhead?.[resourceName];
  if (overhead !== undefined && !requestQuantity.isZero()) {
    requestQuantity = requestQuantity.add(parseQuantity(overhead));
  }
  return requestQuantity;
}
