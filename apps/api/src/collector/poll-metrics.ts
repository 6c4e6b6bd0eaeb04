import { findPreferredGroupVersion } from '../k8s/discovery.js';
import type { KubeClient } from '../k8s/kube-client.js';
import { BadObjectError } from '../k8s/snapshot-util.js';
import {
  toNodeMetricsSnapshot,
  toPodMetricsSnapshot,
  type NodeMetricsSnapshot,
  type PodMetricsSnapshot,
} from '../k8s/to-metrics-snapshot.js';

/** The latest metrics.k8s.io readings of a cluster (empty while the API is absent). */
export interface ResourceMetricsCache {
  /** NodeMetrics by node name. */
  readonly nodes: ReadonlyMap<string, NodeMetricsSnapshot>;
  /** PodMetrics by `namespace/name`. */
  readonly pods: ReadonlyMap<string, PodMetricsSnapshot>;
  /** Whether metrics.k8s.io was served at the last look. */
  readonly available: boolean;
  /** When the last complete reading finished (our clock); null before the first. */
  readonly readAt: Date | null;
}

/** Options of {@link startMetricsPoller}. */
export interface MetricsPollerOptions {
  client: KubeClient;
  intervalMs: number;
  /** How often to look again for metrics.k8s.io while it is absent. */
  discoveryIntervalMs?: number;
  onBadObject(identity: string, reason: string): void;
  onError(err: unknown): void;
}

/** A running metrics.k8s.io poller. */
export interface MetricsPoller {
  readonly cache: ResourceMetricsCache;
  stop(): void;
}

const DEFAULT_DISCOVERY_INTERVAL_MS = 5 * 60_000;

/**
 * Lists NodeMetrics and PodMetrics every interval when metrics.k8s.io is served (metrics-server or an adapter), and
 * replaces the readings wholesale: the metrics API has no watch, and a pod that stopped running drops out. Absent
 * API: not an error, looked for again every few minutes.
 */
export function startMetricsPoller(opts: MetricsPollerOptions): MetricsPoller {
  const state = {
    nodes: new Map<string, NodeMetricsSnapshot>() as ReadonlyMap<string, NodeMetricsSnapshot>,
    pods: new Map<string, PodMetricsSnapshot>() as ReadonlyMap<string, PodMetricsSnapshot>,
    available: false,
    readAt: null as Date | null,
  };
  let version: string | null = null;
  let lastDiscovery = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  function slim<S>(items: unknown[], fn: (o: unknown) => S, key: (s: S) => string): Map<string, S> {
    const out = new Map<string, S>();
    for (const item of items) {
      try {
        const s = fn(item);
        out.set(key(s), s);
      } catch (err) {
        if (!(err instanceof BadObjectError)) throw err;
        opts.onBadObject(err.identity, err.message);
      }
    }
    return out;
  }

  async function pollOnce(): Promise<void> {
    const discoveryEvery = opts.discoveryIntervalMs ?? DEFAULT_DISCOVERY_INTERVAL_MS;
    if (!version && Date.now() - lastDiscovery >= discoveryEvery) {
      version = await findPreferredGroupVersion(opts.client, 'metrics.k8s.io');
      lastDiscovery = Date.now();
      state.available = version !== null;
    }
    if (!version) return;
    const base = `/apis/metrics.k8s.io/${version}`;
    try {
      const [nodes, pods] = await Promise.all([
        opts.client.list(`${base}/nodes`, {}),
        opts.client.list(`${base}/pods`, {}),
      ]);
      if (stopped) return;
      state.nodes = slim(nodes.items, toNodeMetricsSnapshot, (s) => s.name);
      state.pods = slim(pods.items, toPodMetricsSnapshot, (s) => `${s.namespace}/${s.name}`);
      state.readAt = new Date();
    } catch (err) {
      // The adapter went away (uninstalled, or its APIService is unavailable): rediscover next time.
      if ((err as { statusCode?: number }).statusCode === 404) {
        version = null;
        state.available = false;
        lastDiscovery = Date.now();
        state.nodes = new Map();
        state.pods = new Map();
        return;
      }
      throw err;
    }
  }

  const loop = () => {
    if (stopped) return;
    pollOnce()
      .catch((err: unknown) => {
        if (!stopped) opts.onError(err);
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, opts.intervalMs);
      });
  };
  loop();

  return {
    cache: state,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
