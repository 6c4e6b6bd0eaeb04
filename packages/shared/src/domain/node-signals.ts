import type { FsStats, NodeStats, PodStats, PSIStats } from './kubelet-stats.js';

/**
 * The 1.33–1.35 signals of a Summary API reading, in the shape the node and pod views show:
 * pressure stall information (KEP-4205 `KubeletPSI`), swap (KEP-2400 `NodeSwap`) and the image
 * filesystem layout (KEP-4191 `KubeletSeparateDiskGC`: `containerfs.*` eviction signals).
 */

/** avg10/avg60/avg300 of `some` and `full`, percent of time stalled. */
export interface PressureStall {
  some: { avg10: number; avg60: number; avg300: number };
  full: { avg10: number; avg60: number; avg300: number };
}

/** PSI per resource; a resource is null when the kubelet did not report it (before 1.34, cgroup v1). */
export interface PressureStallSignals {
  cpu: PressureStall | null;
  memory: PressureStall | null;
  io: PressureStall | null;
}

/** Swap as the Summary API reports it. */
export interface SwapSignal {
  usageBytes: number;
  /** Limit minus usage; null when no limit applies. */
  availableBytes: number | null;
}

/** Where the runtime keeps images and writable layers. */
export interface ImageFsLayout {
  /**
   * `shared`: images and writable layers on nodefs; `dedicated`: both on their own imagefs;
   * `split`: images on imagefs, writable layers on containerfs (its own eviction signals).
   */
  layout: 'shared' | 'dedicated' | 'split';
  imageFs: { availableBytes: number | null; capacityBytes: number | null } | null;
  containerFs: { availableBytes: number | null; capacityBytes: number | null } | null;
}

/** The node's PSI, swap and filesystem layout. */
export interface NodeSignals {
  psi: PressureStallSignals;
  swap: SwapSignal | null;
  imageFs: ImageFsLayout;
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

function stall(psi: PSIStats | undefined): PressureStall | null {
  if (psi === undefined || psi === null || typeof psi !== 'object') return null;
  const line = (d: PSIStats['some'] | undefined) => ({
    avg10: finite(d?.avg10) ? d.avg10 : 0,
    avg60: finite(d?.avg60) ? d.avg60 : 0,
    avg300: finite(d?.avg300) ? d.avg300 : 0,
  });
  if (!finite(psi.some?.avg10) && !finite(psi.full?.avg10)) return null;
  return { some: line(psi.some), full: line(psi.full) };
}

/** PSI of a node or pod entry of the Summary API. */
export function readPressureStall(
  stats: Pick<NodeStats | PodStats, 'cpu' | 'memory' | 'io'>,
): PressureStallSignals {
  return { cpu: stall(stats.cpu?.psi), memory: stall(stats.memory?.psi), io: stall(stats.io?.psi) };
}

/** Swap of a node or pod entry; null when the kubelet reported none (swap off, Windows). */
export function readSwap(stats: Pick<NodeStats | PodStats, 'swap'>): SwapSignal | null {
  const s = stats.swap;
  if (s === undefined || !finite(s.swapUsageBytes)) return null;
  return {
    usageBytes: s.swapUsageBytes,
    availableBytes: finite(s.swapAvailableBytes) ? s.swapAvailableBytes : null,
  };
}

const sameFs = (a: FsStats | undefined, b: FsStats | undefined) =>
  a !== undefined &&
  b !== undefined &&
  a.capacityBytes === b.capacityBytes &&
  a.availableBytes === b.availableBytes;

const space = (f: FsStats | undefined) =>
  f === undefined
    ? null
    : { availableBytes: f.availableBytes ?? null, capacityBytes: f.capacityBytes ?? null };

// HasDedicatedImageFs / IsContainerFsSeparateFromImageFs (pkg/kubelet/eviction/helpers.go,
// pkg/kubelet/stats): devices compared through the stats the Summary API exposes.
/** How the node lays out nodefs, imagefs and containerfs. */
export function readImageFsLayout(node: Pick<NodeStats, 'fs' | 'runtime'>): ImageFsLayout {
  const imageFs = node.runtime?.imageFs;
  const containerFs = node.runtime?.containerFs ?? imageFs;
  const layout =
    imageFs === undefined || sameFs(imageFs, node.fs)
      ? 'shared'
      : sameFs(imageFs, containerFs)
        ? 'dedicated'
        : 'split';
  return { layout, imageFs: space(imageFs), containerFs: space(containerFs) };
}

/** Everything above for a node entry. */
export function readNodeSignals(node: NodeStats): NodeSignals {
  return { psi: readPressureStall(node), swap: readSwap(node), imageFs: readImageFsLayout(node) };
}
