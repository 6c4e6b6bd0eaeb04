/**
 * What a simulated kubelet serves at /stats/summary (the Summary API of k8s.io/kubelet/pkg/apis/stats/v1alpha1):
 * node and pod CPU, memory, filesystems, inodes, processes and network, from the kubelet's simulated usage.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { toAllocatedPod, type PodStats, type Summary } from '@plimsoll/shared';

import type { Cluster } from './cluster.js';
import { toKubeTime } from './event-recorder.js';
import { decorateSummary } from './kubelet-1-35.js';
import type { Kubelet } from './kubelet.js';
import { PODS } from './resources.js';
import type { SimPod } from './workloads.js';

/** The Summary API entry of one pod. */
export function podStatsOf(k: Kubelet, cluster: Cluster, sim: SimPod, now: Date): PodStats {
  const t = toKubeTime(now);
  const fsCap = k.id.diskBytes;
  const fsAvail = Math.max(0, fsCap - k.nodefsUsedBytes());
  const started = toKubeTime(sim.startTime);
  const uptimeSec = Math.max(0, (now.getTime() - sim.startTime.getTime()) / 1000);
  let memTotal = 0;
  let cpuTotal = 0;
  let procs = 0;
  const containers = sim.containers.map((c) => {
    memTotal += c.memoryBytes;
    cpuTotal += c.cpuMilli;
    procs += c.processCount;
    const ws = Math.round(c.memoryBytes);
    return {
      name: c.name,
      startTime: started,
      cpu: {
        time: t,
        usageNanoCores: c.cpuMilli * 1_000_000,
        usageCoreNanoSeconds: Math.round(c.cpuMilli * 1_000_000 * uptimeSec),
      },
      memory: {
        time: t,
        usageBytes: Math.round(ws * 1.12),
        workingSetBytes: ws,
        rssBytes: Math.round(ws * 0.86),
        pageFaults: Math.round(ws / 4096),
        majorPageFaults: 0,
      },
      rootfs: {
        time: t,
        availableBytes: fsAvail,
        capacityBytes: fsCap,
        usedBytes: Math.round(c.rootfsBytes),
        inodesFree: k.id.inodes - k.inodesUsed(),
        inodes: k.id.inodes,
        inodesUsed: 20 + Math.round(c.rootfsBytes / 65536),
      },
      logs: {
        time: t,
        availableBytes: fsAvail,
        capacityBytes: fsCap,
        usedBytes: Math.round(c.logsBytes),
        inodesFree: k.id.inodes - k.inodesUsed(),
        inodes: k.id.inodes,
        inodesUsed: 2,
      },
    };
  });
  const diskUsed = k.podDiskBytes(sim);
  const stats: PodStats = {
    podRef: { name: sim.name, namespace: sim.namespace, uid: sim.uid },
    startTime: started,
    containers,
    cpu: {
      time: t,
      usageNanoCores: cpuTotal * 1_000_000,
      usageCoreNanoSeconds: Math.round(cpuTotal * 1_000_000 * uptimeSec),
    },
    memory: {
      time: t,
      usageBytes: Math.round(memTotal * 1.12),
      workingSetBytes: Math.round(memTotal),
      rssBytes: Math.round(memTotal * 0.86),
      pageFaults: Math.round(memTotal / 4096),
      majorPageFaults: 0,
    },
    network: {
      time: t,
      name: 'eth0',
      rxBytes: Math.round(uptimeSec * 2048),
      rxErrors: 0,
      txBytes: Math.round(uptimeSec * 1536),
      txErrors: 0,
    },
    volume: [
      ...(sim.emptyDirBytes > 0
        ? [
            {
              time: t,
              availableBytes: fsAvail,
              capacityBytes: fsCap,
              usedBytes: Math.round(sim.emptyDirBytes),
              inodesFree: k.id.inodes - k.inodesUsed(),
              inodes: k.id.inodes,
              inodesUsed: 1 + Math.round(sim.emptyDirBytes / 65536),
              name: 'scratch',
            },
          ]
        : []),
      {
        time: t,
        availableBytes: Math.round(k.id.memoryBytes / 2),
        capacityBytes: Math.round(k.id.memoryBytes / 2),
        usedBytes: 12288,
        inodesFree: 1_000_000,
        inodes: 1_000_009,
        inodesUsed: 9,
        name: 'kube-api-access',
      },
    ],
    'ephemeral-storage': {
      time: t,
      availableBytes: fsAvail,
      capacityBytes: fsCap,
      usedBytes: Math.round(diskUsed + 12288),
      inodesFree: k.id.inodes - k.inodesUsed(),
      inodes: k.id.inodes,
      inodesUsed: 60 + Math.round(diskUsed / 65536),
    },
    process_stats: { process_count: procs },
  };
  return stats;
}

/** GET /stats/summary. */
export function summaryOf(k: Kubelet, cluster: Cluster): Summary {
  const now = cluster.clock.now();
  const t = toKubeTime(now);
  const boot = toKubeTime(k.id.bootTime);
  const memUsed = k.systemMemoryBytes + k.podsMemoryBytes();
  const cpuMilli = k.cpuMilliUsed();
  const fsUsed = k.nodefsUsedBytes();
  const fs = {
    time: t,
    availableBytes: k.id.diskBytes - fsUsed,
    capacityBytes: k.id.diskBytes,
    usedBytes: fsUsed,
    inodesFree: k.id.inodes - k.inodesUsed(),
    inodes: k.id.inodes,
    inodesUsed: k.inodesUsed(),
  };
  const sys = (name: string, memMi: number, milli: number) => ({
    name,
    startTime: boot,
    cpu: {
      time: t,
      usageNanoCores: milli * 1_000_000,
      usageCoreNanoSeconds: milli * 1_000_000 * 86_400,
    },
    memory: {
      time: t,
      usageBytes: memMi * 1024 * 1024 * 1.3,
      workingSetBytes: memMi * 1024 * 1024,
      rssBytes: memMi * 1024 * 1024 * 0.8,
      pageFaults: 120_000,
      majorPageFaults: 12,
    },
  });
  const summary: Summary = {
    node: {
      nodeName: k.name,
      systemContainers: [
        sys('kubelet', 96, 40),
        sys('runtime', 180, 25),
        {
          ...sys('pods', 0, 0),
          memory: {
            time: t,
            availableBytes: Math.max(
              0,
              k.id.memoryBytes - k.systemMemoryBytes - k.podsMemoryBytes(),
            ),
            usageBytes: Math.round(k.podsMemoryBytes() * 1.12),
            workingSetBytes: k.podsMemoryBytes(),
            rssBytes: Math.round(k.podsMemoryBytes() * 0.86),
            pageFaults: 0,
            majorPageFaults: 0,
          },
        },
      ],
      startTime: boot,
      cpu: {
        time: t,
        usageNanoCores: cpuMilli * 1_000_000,
        usageCoreNanoSeconds: Math.round(k.cpuSecondsTotal * 1e9),
      },
      memory: {
        time: t,
        availableBytes: Math.max(0, k.id.memoryBytes - memUsed),
        usageBytes: Math.round(memUsed * 1.25),
        workingSetBytes: memUsed,
        rssBytes: Math.round(memUsed * 0.7),
        pageFaults: 4_100_000,
        majorPageFaults: 1_900,
      },
      network: {
        time: t,
        name: 'ens5',
        rxBytes: 9_871_234_567,
        rxErrors: 0,
        txBytes: 6_123_456_789,
        txErrors: 0,
      },
      fs,
      runtime: { imageFs: fs, containerFs: fs },
      rlimit: { time: t, maxpid: k.id.pidMax, curproc: k.processes() },
      swap: { time: t, swapAvailableBytes: 0, swapUsageBytes: 0 },
    },
    pods: [...k.pods.values()].map((p) => podStatsOf(k, cluster, p, now)),
  };
  decorateSummary(summary, {
    features: k.id.pool,
    kubeletVersion: k.id.kubeletVersion,
    cpuCores: k.id.pool.cpu,
    memoryBytes: k.id.memoryBytes,
    uptimeSec: (now.getTime() - k.id.bootTime.getTime()) / 1000,
    // The running containers were configured with the allocated resources.
    podObject: (ref) => {
      const obj = cluster.store.get(PODS, ref.namespace, ref.name);
      return obj ? toAllocatedPod(obj as unknown as V1Pod) : undefined;
    },
    isCritical: (ref) => k.pods.get(`${ref.namespace}/${ref.name}`)?.critical ?? false,
    imageFsUsedBytes: k.reclaimableImageBytes + 6 * 1024 ** 3,
  });
  return summary;
}
