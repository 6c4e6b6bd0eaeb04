/**
 * What a 1.34/1.35 kubelet adds to its Summary API and Node object, for the simulated kubelets
 * of pools that run it: pressure stall information (KubeletPSI, beta and on by default since
 * 1.34), swap (NodeSwap, LimitedSwap for Burstable pods), a split image filesystem
 * (KubeletSeparateDiskGC: writable layers on nodefs, images on their own disk), every network
 * interface, and `status.runtimeHandlers` with their features.
 */
import {
  calcSwapForBurstablePods,
  getContainerSwapBehavior,
  parseQuantity,
  type FsStats,
  type PodStats,
  type PSIStats,
  type Summary,
} from '@plimsoll/shared';
import type { V1Pod } from '@kubernetes/client-node';

/** The parts of a pool that a newer kubelet shows. */
export interface NewerKubeletFeatures {
  /** The pool's kubelet version when it differs from the cluster's mix, e.g. `v1.35.0`. */
  kubeletVersion?: string;
  /** Swap on the node (GiB), used with `memorySwap.swapBehavior: LimitedSwap`. */
  swapGi?: number;
  /** A separate image disk (GiB): images there, writable layers on nodefs (split image fs). */
  imageFsGi?: number;
}

/** Whether a kubelet version reports PSI by default (KubeletPSI beta in 1.34). */
export function reportsPSI(kubeletVersion: string): boolean {
  const m = /^v1\.(\d+)\./.exec(kubeletVersion);
  return m !== null && Number(m[1]) >= 34;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * PSI of a load: nothing stalls below `knee` of the resource, then the stalled share grows to
 * `maxPct` at full use. avg60/avg300 trail avg10, as after a rise; `total` is microseconds.
 */
export function psiOfLoad(load: number, knee: number, maxPct: number, uptimeSec: number): PSIStats {
  const some = clamp01((load - knee) / (1 - knee)) * maxPct;
  const data = (pct: number) => ({
    total: Math.round((pct / 100) * uptimeSec * 1e6 * 0.6),
    avg10: round2(pct),
    avg60: round2(pct * 0.8),
    avg300: round2(pct * 0.55),
  });
  return { some: data(some), full: data(some * 0.4) };
}

/** What {@link decorateSummary} needs to know about the node and its pods. */
export interface SummaryContext {
  features: NewerKubeletFeatures;
  kubeletVersion: string;
  cpuCores: number;
  memoryBytes: number;
  uptimeSec: number;
  /** The pod object of a pod's stats, to decide its containers' swap. */
  podObject(ref: PodStats['podRef']): V1Pod | undefined;
  isCritical(ref: PodStats['podRef']): boolean;
  /** Bytes on the image disk (images), when the pool has one. */
  imageFsUsedBytes: number;
}

const GiB = 1024 ** 3;

function podLoad(p: PodStats, cores: number, memoryBytes: number) {
  return {
    cpu: (p.cpu?.usageNanoCores ?? 0) / 1e9 / cores,
    memory: (p.memory?.workingSetBytes ?? 0) / memoryBytes,
  };
}

/** Adds what a newer kubelet reports to a Summary built the 1.33 way; changes it in place. */
export function decorateSummary(summary: Summary, ctx: SummaryContext): void {
  const node = summary.node;
  const t = node.memory?.time ?? node.cpu?.time ?? new Date(0).toISOString();
  const cpuLoad = (node.cpu?.usageNanoCores ?? 0) / 1e9 / ctx.cpuCores;
  const memLoad = (node.memory?.workingSetBytes ?? 0) / ctx.memoryBytes;
  const diskLoad = (node.fs?.usedBytes ?? 0) / Math.max(1, node.fs?.capacityBytes ?? 1);

  if (reportsPSI(ctx.kubeletVersion)) {
    if (node.cpu) node.cpu.psi = psiOfLoad(cpuLoad, 0.6, 35, ctx.uptimeSec);
    if (node.memory) node.memory.psi = psiOfLoad(memLoad, 0.8, 45, ctx.uptimeSec);
    node.io = { time: t, psi: psiOfLoad(diskLoad, 0.7, 25, ctx.uptimeSec) };
    for (const p of summary.pods) {
      const load = podLoad(p, ctx.cpuCores, ctx.memoryBytes);
      // A pod stalls with the node, the more the larger its share.
      if (p.cpu) p.cpu.psi = psiOfLoad(cpuLoad * (0.7 + load.cpu), 0.6, 35, ctx.uptimeSec);
      if (p.memory) p.memory.psi = psiOfLoad(memLoad * (0.8 + load.memory), 0.8, 45, ctx.uptimeSec);
      p.io = { time: t, psi: psiOfLoad(diskLoad, 0.7, 25, ctx.uptimeSec) };
      for (const c of p.containers ?? []) {
        if (c.cpu && p.cpu?.psi) c.cpu.psi = p.cpu.psi;
        if (c.memory && p.memory?.psi) c.memory.psi = p.memory.psi;
        c.io = { time: t, ...(p.io.psi ? { psi: p.io.psi } : {}) };
      }
    }
  }

  const swapBytes = (ctx.features.swapGi ?? 0) * GiB;
  if (swapBytes > 0) {
    let nodeSwapUsed = 0;
    for (const p of summary.pods) {
      const pod = ctx.podObject(p.podRef);
      let podSwap = 0;
      for (const c of p.containers ?? []) {
        const spec = pod?.spec?.containers.find((x) => x.name === c.name);
        const behavior =
          pod && spec
            ? getContainerSwapBehavior(pod, spec, {
                swapBehavior: 'LimitedSwap',
                swapControllerAvailable: true,
                cgroupV2: true,
                criticalPod: ctx.isCritical(p.podRef),
              })
            : 'NoSwap';
        let limit = 0;
        if (behavior === 'LimitedSwap') {
          const request = Number(
            parseQuantity(spec?.resources?.requests?.['memory'] ?? '0').value(),
          );
          limit = calcSwapForBurstablePods(request, ctx.memoryBytes, swapBytes);
        }
        // Cold pages go to swap once the node is busy: a share of the working set, up to the limit.
        const used = Math.min(limit, Math.round((c.memory?.workingSetBytes ?? 0) * memLoad * 0.1));
        c.swap = { time: t, swapAvailableBytes: limit - used, swapUsageBytes: used };
        podSwap += used;
      }
      p.swap = { time: t, swapUsageBytes: podSwap };
      nodeSwapUsed += podSwap;
    }
    node.swap = {
      time: t,
      swapAvailableBytes: swapBytes - nodeSwapUsed,
      swapUsageBytes: nodeSwapUsed,
    };
  }

  const imageBytes = (ctx.features.imageFsGi ?? 0) * GiB;
  if (imageBytes > 0 && node.fs && node.runtime) {
    const inodes = Math.floor(imageBytes / 16384);
    const used = Math.min(imageBytes, ctx.imageFsUsedBytes);
    const imageFs: FsStats = {
      time: t,
      availableBytes: imageBytes - used,
      capacityBytes: imageBytes,
      usedBytes: used,
      inodesFree: inodes - Math.round(used / 65536),
      inodes,
      inodesUsed: Math.round(used / 65536),
    };
    // Split image filesystem: images on their own disk, writable layers with nodefs.
    node.runtime.imageFs = imageFs;
    node.runtime.containerFs = { ...node.fs };
  }

  // Every interface, the default one (inlined) first, as cadvisor lists them.
  if (node.network) {
    const { time: _time, interfaces: _interfaces, ...primary } = node.network;
    node.network.interfaces = [
      primary,
      {
        name: 'cni0',
        rxBytes: Math.round((primary.rxBytes ?? 0) * 0.4),
        rxErrors: 0,
        txBytes: Math.round((primary.txBytes ?? 0) * 0.4),
        txErrors: 0,
      },
    ];
  }
  for (const p of summary.pods) {
    if (p.network) {
      const { time: _time, interfaces: _interfaces, ...primary } = p.network;
      p.network.interfaces = [primary];
    }
  }
}

/**
 * `status.runtimeHandlers` (RuntimeHandlers setter, pkg/kubelet/nodestatus/setters.go): the
 * handlers in the order containerd lists them — runc, then the default (empty name), as a real
 * containerd 2.0 node shows — with the features it reports: containerd 2.x supports recursive
 * read-only mounts and user namespaces, 1.7 neither.
 */
export function runtimeHandlersFor(
  containerRuntimeVersion: string,
): Array<Record<string, unknown>> {
  const v2 = /^containerd:\/\/2\./.test(containerRuntimeVersion);
  const features = { recursiveReadOnlyMounts: v2, userNamespaces: v2 };
  return [
    { features, name: 'runc' },
    { features, name: '' },
  ];
}
