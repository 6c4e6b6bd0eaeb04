import type { V1Container, V1Pod, V1Volume } from '@kubernetes/client-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  compareByDisk,
  compareByExceedDiskRequests,
  compareByExceedMemoryRequests,
  compareByMemory,
  compareByPriority,
  compareByProcess,
  FS_STATS_LOCAL_VOLUME_SOURCE,
  FS_STATS_LOGS,
  FS_STATS_ROOT,
  orderPodsBy,
  rankPodsForEviction,
  type EvictionCandidate,
  type FsStatsType,
  type PodStatsLookup,
} from './eviction-rank.js';
import type { PodStats } from './kubelet-stats.js';
import { parseQuantity } from './quantity.js';

// Fixtures mirror the helpers at the bottom of pkg/kubelet/eviction/helpers_test.go and the
// priority constants of eviction_manager_test.go.
const lowPriority = -1;
const defaultPriority = 0;
const highPriority = 1;
const T = '2024-01-01T00:00:00Z';

function newResourceList(cpu: string, memory: string, disk: string): Record<string, string> {
  const res: Record<string, string> = {};
  if (cpu !== '') res.cpu = cpu;
  if (memory !== '') res.memory = memory;
  if (disk !== '') res['ephemeral-storage'] = disk;
  return res;
}

function newContainer(
  name: string,
  requests: Record<string, string>,
  limits: Record<string, string>,
): V1Container {
  return { name, resources: { requests, limits } };
}

// newPod uses the name as the uid, as upstream does.
function newPod(
  name: string,
  priority: number,
  containers: V1Container[],
  volumes?: V1Volume[],
): V1Pod {
  return { metadata: { name, uid: name }, spec: { containers, volumes, priority } };
}

const localVolume = (): V1Volume[] => [{ name: 'local-volume', emptyDir: {} }];

function bytes(q: string): number {
  return Number(parseQuantity(q).value());
}

function podRef(pod: V1Pod): PodStats['podRef'] {
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    uid: pod.metadata?.uid ?? '',
  };
}

function localVolumeNames(pod: V1Pod): string[] {
  return (pod.spec?.volumes ?? [])
    .filter(
      (v) =>
        v.hostPath !== undefined ||
        v.gitRepo !== undefined ||
        v.configMap !== undefined ||
        (v.emptyDir !== undefined && (v.emptyDir.medium ?? '') === ''),
    )
    .map((v) => v.name);
}

function newPodDiskStats(
  pod: V1Pod,
  rootFsUsed: string,
  logsUsed: string,
  perLocalVolumeUsed: string,
): PodStats {
  return {
    podRef: podRef(pod),
    startTime: T,
    containers: (pod.spec?.containers ?? []).map(() => ({
      name: '',
      startTime: T,
      rootfs: { time: T, usedBytes: bytes(rootFsUsed) },
      logs: { time: T, usedBytes: bytes(logsUsed) },
    })),
    volume: localVolumeNames(pod).map((name) => ({
      time: T,
      name,
      usedBytes: bytes(perLocalVolumeUsed),
    })),
  };
}

function newPodInodeStats(
  pod: V1Pod,
  rootFsInodesUsed: string,
  logsInodesUsed: string,
  perLocalVolumeInodesUsed: string,
): PodStats {
  return {
    podRef: podRef(pod),
    startTime: T,
    containers: (pod.spec?.containers ?? []).map(() => ({
      name: '',
      startTime: T,
      rootfs: { time: T, inodesUsed: bytes(rootFsInodesUsed) },
      logs: { time: T, inodesUsed: bytes(logsInodesUsed) },
    })),
    volume: localVolumeNames(pod).map((name) => ({
      time: T,
      name,
      inodesUsed: bytes(perLocalVolumeInodesUsed),
    })),
  };
}

function newPodMemoryStats(pod: V1Pod, workingSet: string): PodStats {
  const workingSetBytes = bytes(workingSet);
  return {
    podRef: podRef(pod),
    startTime: T,
    memory: { time: T, workingSetBytes },
    volume: [{ time: T, usedBytes: workingSetBytes, name: 'local-volume' }],
    containers: [
      {
        name: pod.metadata?.name ?? '',
        startTime: T,
        logs: { time: T, usedBytes: workingSetBytes },
        rootfs: { time: T, usedBytes: workingSetBytes },
      },
    ],
    'ephemeral-storage': { time: T, usedBytes: workingSetBytes },
  };
}

function newPodProcessStats(pod: V1Pod, num: number): PodStats {
  return {
    podRef: podRef(pod),
    startTime: T,
    containers: [],
    process_stats: { process_count: num },
  };
}

function statsFnOf(stats: Map<V1Pod, PodStats>): PodStatsLookup {
  return (pod) => stats.get(pod);
}

const names = (pods: V1Pod[]): string[] => pods.map((p) => p.metadata?.name ?? '');
const allFs: FsStatsType[] = [FS_STATS_ROOT, FS_STATS_LOGS, FS_STATS_LOCAL_VOLUME_SOURCE];

describe('eviction ranking — pkg/kubelet/eviction/helpers_test.go', () => {
  it('TestOrderedByExceedsRequestMemory: a pod over its memory request goes first', () => {
    const below = newPod('below-requests', -1, [
      newContainer('below-requests', newResourceList('', '200Mi', ''), newResourceList('', '', '')),
    ]);
    const exceeds = newPod('exceeds-requests', 1, [
      newContainer(
        'exceeds-requests',
        newResourceList('', '100Mi', ''),
        newResourceList('', '', ''),
      ),
    ]);
    const stats = new Map([
      [below, newPodMemoryStats(below, '199Mi')], // -1 relative to request
      [exceeds, newPodMemoryStats(exceeds, '101Mi')], // 1 relative to request
    ]);
    const pods = orderPodsBy(compareByExceedMemoryRequests(statsFnOf(stats)))([below, exceeds]);
    expect(pods).toEqual([exceeds, below]);
  });

  it('TestOrderedByExceedsRequestDisk: a pod over its ephemeral-storage request goes first', () => {
    const below = newPod('below-requests', -1, [
      newContainer('below-requests', { 'ephemeral-storage': '200Mi' }, newResourceList('', '', '')),
    ]);
    const exceeds = newPod('exceeds-requests', 1, [
      newContainer(
        'exceeds-requests',
        { 'ephemeral-storage': '100Mi' },
        newResourceList('', '', ''),
      ),
    ]);
    const stats = new Map([
      [below, newPodDiskStats(below, '100Mi', '99Mi', '0Mi')], // -1 relative to request
      [exceeds, newPodDiskStats(exceeds, '90Mi', '11Mi', '0Mi')], // 1 relative to request
    ]);
    const pods = orderPodsBy(
      compareByExceedDiskRequests(statsFnOf(stats), allFs, 'ephemeral-storage'),
    )([below, exceeds]);
    expect(pods).toEqual([exceeds, below]);
  });

  it('TestOrderedByPriority: lower priority goes first', () => {
    const low = newPod('low-priority', -134, [
      newContainer('low-priority', newResourceList('', '', ''), newResourceList('', '', '')),
    ]);
    const medium = newPod('medium-priority', 1, [
      newContainer(
        'medium-priority',
        newResourceList('100m', '100Mi', ''),
        newResourceList('200m', '200Mi', ''),
      ),
    ]);
    const high = newPod('high-priority', 12534, [
      newContainer(
        'high-priority',
        newResourceList('200m', '200Mi', ''),
        newResourceList('200m', '200Mi', ''),
      ),
    ]);
    expect(orderPodsBy(compareByPriority)([high, medium, low])).toEqual([low, medium, high]);
  });

  it('TestOrderedbyDisk: the largest disk consumer relative to its request goes first', () => {
    const mk = (name: string, req: string, lim: string) =>
      newPod(
        name,
        defaultPriority,
        [newContainer(name, newResourceList('', '', req), newResourceList('', '', lim))],
        localVolume(),
      );
    const pod1 = mk('best-effort-high', '', '');
    const pod2 = mk('best-effort-low', '', '');
    const pod3 = mk('burstable-high', '100Mi', '400Mi');
    const pod4 = mk('burstable-low', '100Mi', '400Mi');
    const pod5 = mk('guaranteed-high', '400Mi', '400Mi');
    const pod6 = mk('guaranteed-low', '400Mi', '400Mi');
    const stats = new Map([
      [pod1, newPodDiskStats(pod1, '50Mi', '100Mi', '150Mi')], // 300Mi - 0 = 300Mi
      [pod2, newPodDiskStats(pod2, '25Mi', '25Mi', '50Mi')], // 100Mi - 0 = 100Mi
      [pod3, newPodDiskStats(pod3, '150Mi', '150Mi', '50Mi')], // 350Mi - 100Mi = 250Mi
      [pod4, newPodDiskStats(pod4, '25Mi', '35Mi', '50Mi')], // 110Mi - 100Mi = 10Mi
      [pod5, newPodDiskStats(pod5, '225Mi', '100Mi', '50Mi')], // 375Mi - 400Mi = -25Mi
      [pod6, newPodDiskStats(pod6, '25Mi', '45Mi', '50Mi')], // 120Mi - 400Mi = -280Mi
    ]);
    const pods = orderPodsBy(compareByDisk(statsFnOf(stats), allFs, 'ephemeral-storage'))([
      pod1,
      pod2,
      pod3,
      pod4,
      pod5,
      pod6,
    ]);
    expect(pods).toEqual([pod1, pod3, pod2, pod4, pod5, pod6]);
  });

  it('TestOrderedbyInodes: the largest inode consumer goes first', () => {
    const mk = (name: string) =>
      newPod(
        name,
        defaultPriority,
        [newContainer(name, newResourceList('', '', ''), newResourceList('', '', ''))],
        localVolume(),
      );
    const low = mk('low');
    const medium = mk('medium');
    const high = mk('high');
    const stats = new Map([
      [low, newPodInodeStats(low, '50000', '100000', '50000')], // 200000
      [medium, newPodInodeStats(medium, '100000', '150000', '50000')], // 300000
      [high, newPodInodeStats(high, '200000', '150000', '50000')], // 400000
    ]);
    const pods = orderPodsBy(compareByDisk(statsFnOf(stats), allFs, 'inodes'))([low, medium, high]);
    expect(pods).toEqual([high, medium, low]);
  });

  it('TestOrderedByPriorityDisk: exceeds-request, then priority, then disk usage relative to request', () => {
    const mk = (name: string, priority: number, req: string) =>
      newPod(
        name,
        priority,
        [newContainer(name, newResourceList('', '', req), newResourceList('', '', ''))],
        localVolume(),
      );
    const pod1 = mk('above-requests-low-priority-high-usage', lowPriority, '');
    const pod2 = mk('above-requests-low-priority-low-usage', lowPriority, '');
    const pod3 = mk('above-requests-high-priority-high-usage', highPriority, '100Mi');
    const pod4 = mk('above-requests-high-priority-low-usage', highPriority, '100Mi');
    const pod5 = mk('below-requests-low-priority-high-usage', lowPriority, '1Gi');
    const pod6 = mk('below-requests-low-priority-low-usage', lowPriority, '1Gi');
    const pod7 = mk('below-requests-high-priority-high-usage', highPriority, '1Gi');
    const pod8 = mk('below-requests-high-priority-low-usage', highPriority, '1Gi');
    const stats = new Map([
      [pod1, newPodDiskStats(pod1, '200Mi', '100Mi', '200Mi')], // 500 relative to request
      [pod2, newPodDiskStats(pod2, '10Mi', '10Mi', '30Mi')], // 50 relative to request
      [pod3, newPodDiskStats(pod3, '200Mi', '150Mi', '250Mi')], // 500 relative to request
      [pod4, newPodDiskStats(pod4, '90Mi', '50Mi', '10Mi')], // 50 relative to request
      [pod5, newPodDiskStats(pod5, '500Mi', '200Mi', '100Mi')], // -200 relative to request
      [pod6, newPodDiskStats(pod6, '50Mi', '100Mi', '50Mi')], // -800 relative to request
      [pod7, newPodDiskStats(pod7, '250Mi', '500Mi', '50Mi')], // -200 relative to request
      [pod8, newPodDiskStats(pod8, '100Mi', '60Mi', '40Mi')], // -800 relative to request
    ]);
    const statsFn = statsFnOf(stats);
    const expected = [pod1, pod2, pod3, pod4, pod5, pod6, pod7, pod8];
    const pods = orderPodsBy(
      compareByExceedDiskRequests(statsFn, allFs, 'ephemeral-storage'),
      compareByPriority,
      compareByDisk(statsFn, allFs, 'ephemeral-storage'),
    )([pod8, pod7, pod6, pod5, pod4, pod3, pod2, pod1]);
    expect(names(pods)).toEqual(names(expected));
    // The same order through the public entry point (single filesystem: nodefs measures everything).
    const candidates = [pod8, pod7, pod6, pod5, pod4, pod3, pod2, pod1].map((pod) => ({
      pod,
      stats: stats.get(pod) ?? null,
    }));
    expect(rankPodsForEviction('nodefs.available', candidates)).toEqual(expected);
  });

  it('TestOrderedByPriorityInodes: priority, then inode usage', () => {
    const mk = (name: string, priority: number) =>
      newPod(
        name,
        priority,
        [newContainer(name, newResourceList('', '', ''), newResourceList('', '', ''))],
        localVolume(),
      );
    const pod1 = mk('low-priority-high-usage', lowPriority);
    const pod2 = mk('low-priority-low-usage', lowPriority);
    const pod3 = mk('high-priority-high-usage', highPriority);
    const pod4 = mk('high-priority-low-usage', highPriority);
    const stats = new Map([
      [pod1, newPodInodeStats(pod1, '50000', '100000', '250000')], // 400000
      [pod2, newPodInodeStats(pod2, '60000', '30000', '10000')], // 100000
      [pod3, newPodInodeStats(pod3, '150000', '150000', '50000')], // 350000
      [pod4, newPodInodeStats(pod4, '10000', '40000', '100000')], // 150000
    ]);
    const pods = orderPodsBy(
      compareByPriority,
      compareByDisk(statsFnOf(stats), allFs, 'inodes'),
    )([pod4, pod3, pod2, pod1]);
    expect(pods).toEqual([pod1, pod2, pod3, pod4]);
  });

  it('TestOrderedByMemory: the greediest memory consumer relative to request goes first', () => {
    const mk = (name: string, req: string, lim: string) =>
      newPod(name, defaultPriority, [
        newContainer(name, newResourceList('', req, ''), newResourceList('', lim, '')),
      ]);
    const pod1 = mk('best-effort-high', '', '');
    const pod2 = mk('best-effort-low', '', '');
    const pod3 = mk('burstable-high', '100Mi', '1Gi');
    const pod4 = mk('burstable-low', '100Mi', '1Gi');
    const pod5 = mk('guaranteed-high', '1Gi', '1Gi');
    const pod6 = mk('guaranteed-low', '1Gi', '1Gi');
    const stats = new Map([
      [pod1, newPodMemoryStats(pod1, '500Mi')], // 500 relative to request
      [pod2, newPodMemoryStats(pod2, '300Mi')], // 300 relative to request
      [pod3, newPodMemoryStats(pod3, '800Mi')], // 700 relative to request
      [pod4, newPodMemoryStats(pod4, '300Mi')], // 200 relative to request
      [pod5, newPodMemoryStats(pod5, '800Mi')], // -200 relative to request
      [pod6, newPodMemoryStats(pod6, '200Mi')], // -800 relative to request
    ]);
    const pods = orderPodsBy(compareByMemory(statsFnOf(stats)))([
      pod1,
      pod2,
      pod3,
      pod4,
      pod5,
      pod6,
    ]);
    expect(pods).toEqual([pod3, pod1, pod2, pod4, pod5, pod6]);
  });

  it('TestOrderedByPriorityMemory: exceeds-request, then priority, then memory relative to request', () => {
    const mk = (name: string, priority: number, req: string) =>
      newPod(name, priority, [
        newContainer(name, newResourceList('', req, ''), newResourceList('', '', '')),
      ]);
    const pod1 = mk('above-requests-low-priority-high-usage', lowPriority, '');
    const pod2 = mk('above-requests-low-priority-low-usage', lowPriority, '');
    const pod3 = mk('above-requests-high-priority-high-usage', highPriority, '100Mi');
    const pod4 = mk('above-requests-high-priority-low-usage', highPriority, '100Mi');
    const pod5 = mk('below-requests-low-priority-high-usage', lowPriority, '1Gi');
    const pod6 = mk('below-requests-low-priority-low-usage', lowPriority, '1Gi');
    const pod7 = mk('below-requests-high-priority-high-usage', highPriority, '1Gi');
    const pod8 = mk('below-requests-high-priority-low-usage', highPriority, '1Gi');
    const stats = new Map([
      [pod1, newPodMemoryStats(pod1, '500Mi')], // 500 relative to request
      [pod2, newPodMemoryStats(pod2, '50Mi')], // 50 relative to request
      [pod3, newPodMemoryStats(pod3, '600Mi')], // 500 relative to request
      [pod4, newPodMemoryStats(pod4, '150Mi')], // 50 relative to request
      [pod5, newPodMemoryStats(pod5, '800Mi')], // -200 relative to request
      [pod6, newPodMemoryStats(pod6, '200Mi')], // -800 relative to request
      [pod7, newPodMemoryStats(pod7, '800Mi')], // -200 relative to request
      [pod8, newPodMemoryStats(pod8, '200Mi')], // -800 relative to request
    ]);
    const statsFn = statsFnOf(stats);
    const input = [pod8, pod7, pod6, pod5, pod4, pod3, pod2, pod1];
    const expected = [pod1, pod2, pod3, pod4, pod5, pod6, pod7, pod8];
    const pods = orderPodsBy(
      compareByExceedMemoryRequests(statsFn),
      compareByPriority,
      compareByMemory(statsFn),
    )(input);
    expect(pods).toEqual(expected);
    const candidates = input.map((pod) => ({ pod, stats: stats.get(pod) ?? null }));
    expect(rankPodsForEviction('memory.available', candidates)).toEqual(expected);
    expect(rankPodsForEviction('allocatableMemory.available', candidates)).toEqual(expected);
  });

  it('TestOrderedByPriorityProcess: priority, then process count (rankPIDPressure)', () => {
    const pod1 = newPod('low-priority-high-usage', lowPriority, []);
    const pod2 = newPod('low-priority-low-usage', lowPriority, []);
    const pod3 = newPod('high-priority-high-usage', highPriority, []);
    const pod4 = newPod('high-priority-low-usage', highPriority, []);
    const stats = new Map([
      [pod1, newPodProcessStats(pod1, 20)],
      [pod2, newPodProcessStats(pod2, 6)],
      [pod3, newPodProcessStats(pod3, 20)],
      [pod4, newPodProcessStats(pod4, 5)],
    ]);
    const input = [pod4, pod3, pod2, pod1];
    expect(orderPodsBy(compareByPriority, compareByProcess(statsFnOf(stats)))(input)).toEqual([
      pod1,
      pod2,
      pod3,
      pod4,
    ]);
    const candidates = input.map((pod) => ({ pod, stats: stats.get(pod) ?? null }));
    expect(rankPodsForEviction('pid.available', candidates)).toEqual([pod1, pod2, pod3, pod4]);
  });
});

describe('rankPodsForEviction — buildSignalToRankFunc and missing stats (pkg/kubelet/eviction/helpers.go)', () => {
  // a: large writable layer; b: large logs; c: large emptyDir. No requests, same priority.
  const mk = (name: string) =>
    newPod(name, defaultPriority, [newContainer(name, {}, {})], localVolume());
  const a = mk('big-rootfs');
  const b = mk('big-logs');
  const c = mk('big-volume');
  const candidates: EvictionCandidate[] = [
    { pod: c, stats: newPodDiskStats(c, '1Mi', '2Mi', '300Mi') },
    { pod: b, stats: newPodDiskStats(b, '1Mi', '200Mi', '3Mi') },
    { pod: a, stats: newPodDiskStats(a, '100Mi', '2Mi', '3Mi') },
  ];

  it('measures rootfs, logs and volumes for every disk signal on a single filesystem', () => {
    for (const signal of ['nodefs.available', 'imagefs.available', 'containerfs.available']) {
      expect(names(rankPodsForEviction(signal, candidates))).toEqual([
        'big-volume',
        'big-logs',
        'big-rootfs',
      ]);
    }
  });

  it('leaves writable layers out of nodefs and puts them on imagefs/containerfs with a dedicated imagefs', () => {
    const opts = { dedicatedImageFs: true };
    expect(names(rankPodsForEviction('nodefs.available', candidates, opts))).toEqual([
      'big-volume',
      'big-logs',
      'big-rootfs',
    ]);
    // imagefs measures only rootfs: a (100Mi) first, then b and c tie at 1Mi and keep input order.
    expect(names(rankPodsForEviction('imagefs.available', candidates, opts))).toEqual([
      'big-rootfs',
      'big-volume',
      'big-logs',
    ]);
    expect(names(rankPodsForEviction('containerfs.available', candidates, opts))).toEqual([
      'big-rootfs',
      'big-volume',
      'big-logs',
    ]);
  });

  it('measures nothing per pod for imagefs on a split imagefs, and writable layers on nodefs/containerfs', () => {
    const opts = { dedicatedImageFs: true, splitContainerImageFs: true };
    // containerUsage ignores image layers, so every pod ties at zero and the input order survives.
    expect(names(rankPodsForEviction('imagefs.available', candidates, opts))).toEqual([
      'big-volume',
      'big-logs',
      'big-rootfs',
    ]);
    // nodefs (and containerfs with it) measures logs, volumes and writable layers: 303Mi, 204Mi, 105Mi.
    const reordered = [candidates[2], candidates[0], candidates[1]].filter((c) => c !== undefined);
    expect(names(rankPodsForEviction('containerfs.available', reordered, opts))).toEqual([
      'big-volume',
      'big-logs',
      'big-rootfs',
    ]);
    expect(names(rankPodsForEviction('nodefs.available', reordered, opts))).toEqual([
      'big-volume',
      'big-logs',
      'big-rootfs',
    ]);
  });

  it('ranks by inodes for inodesFree signals, and every pod using inodes exceeds its (absent) inode request', () => {
    const low = newPod('low-inodes', lowPriority, [newContainer('x', {}, {})], localVolume());
    const high = newPod('high-inodes', highPriority, [newContainer('y', {}, {})], localVolume());
    const idle = newPod('no-inodes', lowPriority, [newContainer('z', {}, {})], localVolume());
    const ranked = rankPodsForEviction('nodefs.inodesFree', [
      { pod: idle, stats: newPodInodeStats(idle, '0', '0', '0') },
      { pod: high, stats: newPodInodeStats(high, '10', '10', '10') },
      { pod: low, stats: newPodInodeStats(low, '1', '1', '1') },
    ]);
    expect(names(ranked)).toEqual(['low-inodes', 'high-inodes', 'no-inodes']);
  });

  it('counts only hostPath, disk-backed emptyDir, configMap and gitRepo volumes', () => {
    const withMemoryVolume = newPod(
      'memory-emptydir',
      defaultPriority,
      [newContainer('m', {}, {})],
      [{ name: 'tmpfs', emptyDir: { medium: 'Memory' } }],
    );
    const withPvc = newPod(
      'pvc',
      defaultPriority,
      [newContainer('p', {}, {})],
      [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    );
    const withHostPath = newPod(
      'host-path',
      defaultPriority,
      [newContainer('h', {}, {})],
      [{ name: 'host', hostPath: { path: '/var/log' } }],
    );
    const stat = (pod: V1Pod, volume: string): PodStats => ({
      podRef: podRef(pod),
      startTime: T,
      containers: [],
      volume: [{ time: T, name: volume, usedBytes: bytes('1Gi') }],
    });
    const ranked = rankPodsForEviction('nodefs.available', [
      { pod: withMemoryVolume, stats: stat(withMemoryVolume, 'tmpfs') },
      { pod: withPvc, stats: stat(withPvc, 'data') },
      { pod: withHostPath, stats: stat(withHostPath, 'host') },
    ]);
    expect(names(ranked)).toEqual(['host-path', 'memory-emptydir', 'pvc']);
  });

  it('puts pods without stats first, then orders them by priority', () => {
    const p = (name: string, priority: number) =>
      newPod(name, priority, [newContainer(name, { memory: '100Mi' }, {})]);
    const withStats = p('with-stats', lowPriority);
    const noStats1 = p('no-stats-1', highPriority);
    const noStats2 = p('no-stats-2', lowPriority);
    const ranked = rankPodsForEviction('memory.available', [
      { pod: withStats, stats: newPodMemoryStats(withStats, '1Gi') },
      { pod: noStats1, stats: null },
      { pod: noStats2, stats: null },
    ]);
    // Missing stats tie on the usage comparators, so priority decides between the two.
    expect(names(ranked)).toEqual(['no-stats-2', 'no-stats-1', 'with-stats']);
  });

  it('treats a missing priority as 0', () => {
    const none: V1Pod = { metadata: { name: 'none', uid: 'none' }, spec: { containers: [] } };
    const negative = newPod('negative', -5, []);
    const positive = newPod('positive', 5, []);
    expect(names(orderPodsBy(compareByPriority)([positive, none, negative]))).toEqual([
      'negative',
      'none',
      'positive',
    ]);
  });

  it('adds pod overhead to a non-zero request and uses pod-level requests when set', () => {
    // Request 100Mi + 50Mi overhead = 150Mi; usage 120Mi does not exceed it.
    const withOverhead: V1Pod = {
      metadata: { name: 'overhead', uid: 'overhead' },
      spec: {
        containers: [newContainer('c', { memory: '100Mi' }, {})],
        overhead: { memory: '50Mi' },
      },
    };
    // Pod-level request 1Gi replaces the 10Mi container request; usage 200Mi does not exceed it.
    const podLevel: V1Pod = {
      metadata: { name: 'pod-level', uid: 'pod-level' },
      spec: {
        containers: [newContainer('c', { memory: '10Mi' }, {})],
        resources: { requests: { memory: '1Gi' } },
      },
    };
    const exceeding = newPod('exceeding', defaultPriority, [
      newContainer('c', { memory: '100Mi' }, {}),
    ]);
    const candidates = [
      { pod: withOverhead, stats: newPodMemoryStats(withOverhead, '120Mi') },
      { pod: podLevel, stats: newPodMemoryStats(podLevel, '200Mi') },
      { pod: exceeding, stats: newPodMemoryStats(exceeding, '101Mi') },
    ];
    // exceeding first; then -30Mi (overhead) before -824Mi (pod-level).
    expect(names(rankPodsForEviction('memory.available', candidates))).toEqual([
      'exceeding',
      'overhead',
      'pod-level',
    ]);
  });

  it('drops container-level requests of a pod with pod-level resources while PodLevelResources is on', () => {
    // Pod-level resources cover cpu and memory only, so with the gate on this pod requests no
    // ephemeral-storage at all and its 500Mi exceeds "nothing"; with the gate off its container's
    // 1Gi request counts again.
    const podLevel: V1Pod = {
      metadata: { name: 'pod-level', uid: 'pod-level' },
      spec: {
        containers: [newContainer('c', { 'ephemeral-storage': '1Gi' }, {})],
        resources: { requests: { memory: '1Gi' } },
        volumes: localVolume(),
      },
    };
    const other = newPod('other', defaultPriority, [newContainer('c', {}, {})], localVolume());
    const candidates = [
      { pod: other, stats: newPodDiskStats(other, '5Mi', '5Mi', '0') },
      { pod: podLevel, stats: newPodDiskStats(podLevel, '100Mi', '100Mi', '300Mi') },
    ];
    expect(names(rankPodsForEviction('nodefs.available', candidates))).toEqual([
      'pod-level',
      'other',
    ]);
    expect(
      names(
        rankPodsForEviction('nodefs.available', candidates, { podLevelResourcesEnabled: false }),
      ),
    ).toEqual(['other', 'pod-level']);
  });

  it('rejects a signal the kubelet cannot rank for', () => {
    expect(() => rankPodsForEviction('memory.free', [])).toThrow(
      'unsupported eviction signal memory.free',
    );
  });
});

describe('rankPodsForEviction — invariants', () => {
  const podArb = fc.record({
    priority: fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }),
    requestMi: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
    usageMi: fc.integer({ min: 0, max: 12 }),
    hasStats: fc.boolean(),
  });
  const build = (
    specs: Array<{
      priority: number | undefined;
      requestMi: number | undefined;
      usageMi: number;
      hasStats: boolean;
    }>,
  ) =>
    specs.map((s, i): EvictionCandidate & { exceeds: boolean; priority: number } => {
      const requests: Record<string, string> =
        s.requestMi === undefined ? {} : { memory: `${s.requestMi}Mi` };
      const pod: V1Pod = {
        metadata: { name: `p${i}`, uid: `p${i}` },
        spec: { containers: [newContainer('c', requests, {})], priority: s.priority },
      };
      return {
        pod,
        stats: s.hasStats ? newPodMemoryStats(pod, `${s.usageMi}Mi`) : null,
        exceeds: s.usageMi > (s.requestMi ?? 0),
        priority: s.priority ?? 0,
      };
    });

  it('returns a permutation of its input for every signal', () => {
    const signals = [
      'memory.available',
      'pid.available',
      'nodefs.available',
      'imagefs.inodesFree',
      'containerfs.available',
    ];
    fc.assert(
      fc.property(
        fc.array(podArb, { maxLength: 12 }),
        fc.constantFrom(...signals),
        fc.boolean(),
        fc.boolean(),
        (specs, signal, dedicatedImageFs, splitContainerImageFs) => {
          const candidates = build(specs);
          const ranked = rankPodsForEviction(signal, candidates, {
            dedicatedImageFs,
            splitContainerImageFs,
          });
          expect(ranked).toHaveLength(candidates.length);
          expect(new Set(ranked)).toEqual(new Set(candidates.map((c) => c.pod)));
        },
      ),
    );
  });

  it('under memory.available never ranks a pod over its request after one within it, and orders priority within each group', () => {
    fc.assert(
      fc.property(fc.array(podArb, { maxLength: 12 }), (specs) => {
        const candidates = build(specs);
        const info = new Map(candidates.map((c) => [c.pod, c]));
        const ranked = rankPodsForEviction('memory.available', candidates).flatMap(
          (p) => info.get(p) ?? [],
        );
        const withStats = ranked.filter((c) => c.stats !== null);
        // Pods without stats all come first.
        expect(
          ranked.slice(0, ranked.length - withStats.length).every((c) => c.stats === null),
        ).toBe(true);
        withStats.forEach((earlier, i) => {
          for (const later of withStats.slice(i + 1)) {
            expect(!earlier.exceeds && later.exceeds).toBe(false);
            if (earlier.exceeds === later.exceeds) {
              expect(earlier.priority).toBeLessThanOrEqual(later.priority);
            }
          }
        });
      }),
    );
  });

  it('keeps the input order of pods the comparators tie on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), (n) => {
        const candidates = Array.from({ length: n }, (_, i) => {
          const pod = newPod(`tie-${i}`, 0, [newContainer('c', { memory: '1Gi' }, {})]);
          return { pod, stats: newPodMemoryStats(pod, '100Mi') };
        });
        expect(rankPodsForEviction('memory.available', candidates)).toEqual(
          candidates.map((c) => c.pod),
        );
      }),
    );
  });
});
