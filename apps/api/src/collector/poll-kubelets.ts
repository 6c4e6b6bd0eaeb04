import type { Summary } from '@plimsoll/shared';

import type { KubeClient } from '../k8s/kube-client.js';
import { getNodeConfigz, getNodeStatsSummary, type KubeletConfigz } from '../k8s/node-proxy.js';
import type { RowSink } from './write-buffer.js';

/** Options of {@link startKubeletPoller}. */
export interface KubeletPollerOptions {
  cluster: string;
  client: KubeClient;
  sink: RowSink;
  /** The nodes to poll, read at the start of each round. */
  nodes(): string[];
  intervalMs: number;
  /** Node proxy requests in flight at once. */
  concurrency: number;
  onSample(node: string, reading: Record<string, unknown>): void;
  onConfig?(node: string, config: KubeletConfigz): void;
  onError(node: string, err: unknown): void;
}

/** A running poller. */
export interface KubeletPoller {
  /** The latest configz of each node (eviction thresholds, reserved resources). */
  configs: ReadonlyMap<string, KubeletConfigz>;
  stop(): void;
}

const big = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) ? BigInt(Math.round(n)) : null);

/** The pressure_samples row of a Summary: the signals the kubelet's eviction manager watches. */
export function toPressureSample(cluster: string, summary: Summary, fallbackAt: Date) {
  const n = summary.node;
  const at = n.memory?.time ?? n.fs?.time ?? n.rlimit?.time;
  const maxpid = n.rlimit?.maxpid;
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
  };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
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
 * API server's node proxy, with bounded concurrency; Summary readings become pressure samples.
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
        if (stopped || !summary?.node?.nodeName) return;
        const row = toPressureSample(opts.cluster, summary, new Date());
        opts.sink.push('pressureSamples', row, 'kubelet');
        opts.onSample(node, {
          at: row.at.toISOString(),
          memoryAvailableBytes: row.memoryAvailableBytes?.toString() ?? null,
          nodefsAvailableBytes: row.nodefsAvailableBytes?.toString() ?? null,
          nodefsInodesFree: row.nodefsInodesFree?.toString() ?? null,
          imagefsAvailableBytes: row.imagefsAvailableBytes?.toString() ?? null,
          pidAvailable: row.pidAvailable?.toString() ?? null,
        });
      } catch (err) {
        opts.onError(node, err);
      }
    });
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
