import { readImageFsLayout, readPressureStall, type Summary } from '@plimsoll/shared';

import type { KubeClient } from '../k8s/kube-client.js';
import { getNodeConfigz, getNodeStatsSummary, type KubeletConfigz } from '../k8s/node-proxy.js';
import type { RowSink } from './write-buffer.js';

/**
 * A node's latest pressure reading from its Summary API: the signals the kubelet's eviction manager compares with
 * its thresholds. Byte, inode and PID counts are decimal strings (they outgrow a float's exact range on big disks),
 * null when the kubelet did not report them. Evictions store it as `node_pressure`.
 */
export interface KubeletPressureReading {
  /** The kubelet's sample time (RFC 3339). */
  at: string;
  memoryAvailableBytes: string | null;
  memoryWorkingSetBytes: string | null;
  nodefsAvailableBytes: string | null;
  nodefsCapacityBytes: string | null;
  nodefsInodesFree: string | null;
  nodefsInodes: string | null;
  imagefsAvailableBytes: string | null;
  imagefsCapacityBytes: string | null;
  imagefsInodesFree: string | null;
  pidAvailable: string | null;
  pidMax: string | null;
  /** Split image filesystem: the writable layers' disk (containerfs.* signals). */
  containerfsAvailableBytes?: string | null;
  containerfsCapacityBytes?: string | null;
  /** PSI `some avg10` in percent (KubeletPSI, 1.34+); null before. */
  psiCpuSomeAvg10?: number | null;
  psiMemorySomeAvg10?: number | null;
  psiMemoryFullAvg10?: number | null;
  psiIoSomeAvg10?: number | null;
  swapUsageBytes?: string | null;
  swapAvailableBytes?: string | null;
}

/** Options of {@link startKubeletPoller}. */
export interface KubeletPollerOptions {
  cluster: string;
  client: KubeClient;
  sink: RowSink;
  /** Whether to hand pressure samples to `sink` (only the writer does; every replica keeps the readings). */
  shouldWrite?(): boolean;
  /** The nodes to poll, read at the start of each round. */
  nodes(): string[];
  intervalMs: number;
  /** Node proxy requests in flight at once. */
  concurrency: number;
  onSample(node: string, reading: KubeletPressureReading): void;
  onSummary?(node: string, summary: Summary): void;
  onConfig?(node: string, config: KubeletConfigz): void;
  onError(node: string, err: unknown): void;
  /** A round finished (every node tried once). */
  onRound?(round: number, nodes: number): void;
}

/** A running poller. */
export interface KubeletPoller {
  /** The latest configz of each node (eviction thresholds, reserved resources). */
  configs: ReadonlyMap<string, KubeletConfigz>;
  stop(): void;
}

const big = (n: number | undefined) =>
  typeof n === 'number' && Number.isFinite(n) ? BigInt(Math.round(n)) : null;
// PSI percentages as hundredths, so the 5-minute averages of retention stay integers.
const centi = (pct: number | undefined) => big(pct === undefined ? undefined : pct * 100);

/** The pressure_samples row of a Summary: the signals the kubelet's eviction manager watches. */
export function toPressureSample(cluster: string, summary: Summary, fallbackAt: Date) {
  const n = summary.node;
  const at = n.memory?.time ?? n.fs?.time ?? n.rlimit?.time;
  const maxpid = n.rlimit?.maxpid;
  const psi = readPressureStall(n);
  const layout = readImageFsLayout(n);
  const curproc = n.rlimit?.curproc;
  return {
    cluster,
    node: n.nodeName,
    at: at ? new Date(at) : fallbackAt,
    resolutionSeconds: 0,
    memoryAvailableBytes: big(n.memory?.availableBytes),
    memoryWorkingSetBytes: big(n.memory?.workingSetBytes),
    nodefsAvailableBytes: big(n.fs?.availableBytes),
    nodefsCapacityBytes: big(n.fs?.capacityBytes),
    nodefsInodesFree: big(n.fs?.inodesFree),
    nodefsInodes: big(n.fs?.inodes),
    imagefsAvailableBytes: big(n.runtime?.imageFs?.availableBytes),
    imagefsCapacityBytes: big(n.runtime?.imageFs?.capacityBytes),
    imagefsInodesFree: big(n.runtime?.imageFs?.inodesFree),
    pidAvailable: maxpid !== undefined && curproc !== undefined ? big(maxpid - curproc) : null,
    pidMax: big(maxpid),
    // Only a split layout has a containerfs of its own; otherwise it is imagefs (or nodefs).
    ...(layout.layout === 'split'
      ? {
          containerfsAvailableBytes: big(n.runtime?.containerFs?.availableBytes),
          containerfsCapacityBytes: big(n.runtime?.containerFs?.capacityBytes),
        }
      : { containerfsAvailableBytes: null, containerfsCapacityBytes: null }),
    psiCpuSomeAvg10Centi: centi(psi.cpu?.some.avg10),
    psiMemorySomeAvg10Centi: centi(psi.memory?.some.avg10),
    psiMemoryFullAvg10Centi: centi(psi.memory?.full.avg10),
    psiIoSomeAvg10Centi: centi(psi.io?.some.avg10),
    swapUsageBytes: big(n.swap?.swapUsageBytes),
    swapAvailableBytes: big(n.swap?.swapAvailableBytes),
  };
}

/** The reading kept in memory (and stored with evictions) for a pressure_samples row. */
export function toPressureReading(
  row: ReturnType<typeof toPressureSample>,
): KubeletPressureReading {
  const s = (v: bigint | null) => (v === null ? null : v.toString());
  const pct = (v: bigint | null) => (v === null ? null : Number(v) / 100);
  return {
    at: row.at.toISOString(),
    memoryAvailableBytes: s(row.memoryAvailableBytes),
    memoryWorkingSetBytes: s(row.memoryWorkingSetBytes),
    nodefsAvailableBytes: s(row.nodefsAvailableBytes),
    nodefsCapacityBytes: s(row.nodefsCapacityBytes),
    nodefsInodesFree: s(row.nodefsInodesFree),
    nodefsInodes: s(row.nodefsInodes),
    imagefsAvailableBytes: s(row.imagefsAvailableBytes),
    imagefsCapacityBytes: s(row.imagefsCapacityBytes),
    imagefsInodesFree: s(row.imagefsInodesFree),
    pidAvailable: s(row.pidAvailable),
    pidMax: s(row.pidMax),
    containerfsAvailableBytes: s(row.containerfsAvailableBytes),
    containerfsCapacityBytes: s(row.containerfsCapacityBytes),
    psiCpuSomeAvg10: pct(row.psiCpuSomeAvg10Centi),
    psiMemorySomeAvg10: pct(row.psiMemorySomeAvg10Centi),
    psiMemoryFullAvg10: pct(row.psiMemoryFullAvg10Centi),
    psiIoSomeAvg10: pct(row.psiIoSomeAvg10Centi),
    swapUsageBytes: s(row.swapUsageBytes),
    swapAvailableBytes: s(row.swapAvailableBytes),
  };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function forEachLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

/**
 * Reads each node's Summary API (every interval) and configz (on first sight, then every 10th round) through the
 * API server's node proxy, with bounded concurrency; Summary readings become pressure samples. A node whose proxy
 * fails is reported through onError and tried again next round; it never stops the others.
 */
export function startKubeletPoller(opts: KubeletPollerOptions): KubeletPoller {
  const configs = new Map<string, KubeletConfigz>();
  let stopped = false;
  let round = 0;
  let timer: NodeJS.Timeout | undefined;

  async function pollOnce(): Promise<void> {
    const names = opts.nodes();
    const refreshConfig = round % 10 === 0;
    round += 1;
    await forEachLimited(names, opts.concurrency, async (node) => {
      if (stopped) return;
      try {
        if (refreshConfig || !configs.has(node)) {
          const cfg = await getNodeConfigz(opts.client, node);
          configs.set(node, cfg);
          opts.onConfig?.(node, cfg);
        }
        const summary = await getNodeStatsSummary(opts.client, node);
        if (stopped) return;
        if (!summary?.node?.nodeName)
          throw new Error(`node ${node}: the Summary API answer has no node stats`);
        const row = toPressureSample(opts.cluster, summary, new Date());
        if (opts.shouldWrite?.() ?? true) opts.sink.push('pressureSamples', row, 'kubelet');
        opts.onSummary?.(node, summary);
        opts.onSample(node, toPressureReading(row));
      } catch (err) {
        if (!stopped) opts.onError(node, err);
      }
    });
    const present = new Set(names);
    for (const node of configs.keys()) if (!present.has(node)) configs.delete(node);
    opts.onRound?.(round, names.length);
  }

  const loop = () => {
    if (stopped) return;
    void pollOnce().finally(() => {
      if (!stopped) timer = setTimeout(loop, opts.intervalMs);
    });
  };
  loop();

  return {
    configs,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
