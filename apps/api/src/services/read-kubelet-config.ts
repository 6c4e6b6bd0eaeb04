import {
  DEFAULT_EVICTION_HARD_LINUX,
  parseEvictionThresholds,
  type EvictionThreshold,
  type Summary,
} from '@plimsoll/shared';

import type { ClusterCollector } from '../collector/collector.js';
import type { KubeClient } from '../k8s/kube-client.js';
import { getNodeConfigz, getNodeStatsSummary, type KubeletConfigz } from '../k8s/node-proxy.js';

/**
 * What the node views read from kubelets. The collector's poller reads configz and the Summary API, but keeps the
 * configz in memory only and stores node-level stats only. Until the collector exposes them (`kubeletConfigs`, the
 * poller's map, or `client`, its KubeClient — both looked up here without depending on them), the views read configz
 * and pod stats through the collector's client on demand, cached, and otherwise say they show the kubelet defaults.
 */
interface CollectorKubeletSeams {
  /** Per node: a configz answer (`{ kubeletconfig }`) or its slim snapshot (the KubeletConfiguration fields). */
  kubeletConfigs?: ReadonlyMap<string, object>;
  kubelet?: { configs?: ReadonlyMap<string, object>; summaries?: ReadonlyMap<string, Summary> };
  kubeletSummaries?: ReadonlyMap<string, Summary>;
  client?: KubeClient;
}

const wrapped = new WeakMap<object, KubeletConfigz>();

/** A configz answer, or a slim snapshot of its KubeletConfiguration, as a configz answer. */
function asConfigz(v: object | undefined): KubeletConfigz | undefined {
  if (!v) return undefined;
  if ('kubeletconfig' in v) return v as KubeletConfigz;
  let w = wrapped.get(v);
  if (!w) {
    w = { kubeletconfig: v as KubeletConfigz['kubeletconfig'] };
    wrapped.set(v, w);
  }
  return w;
}

function collectorConfigs(collector: ClusterCollector): ReadonlyMap<string, object> | undefined {
  const s = seams(collector);
  return s.kubeletConfigs ?? s.kubelet?.configs;
}

const CONFIGZ_TTL_MS = 10 * 60_000;
const STATS_TTL_MS = 10_000;
const WARM_CONCURRENCY = 8;

interface ClusterKubeletCache {
  configz: Map<string, { at: number; config: KubeletConfigz }>;
  stats: Map<string, { at: number; summary: Summary }>;
  warming: boolean;
}

const caches = new WeakMap<ClusterCollector, ClusterKubeletCache>();

function cacheOf(collector: ClusterCollector): ClusterKubeletCache {
  let c = caches.get(collector);
  if (!c) {
    c = { configz: new Map(), stats: new Map(), warming: false };
    caches.set(collector, c);
  }
  return c;
}

const seams = (collector: ClusterCollector) => collector as unknown as CollectorKubeletSeams;

/** The configz Plimsoll holds for a node right now, without any request. */
export function findCachedConfigz(
  collector: ClusterCollector,
  node: string,
): KubeletConfigz | undefined {
  const fromCollector = asConfigz(collectorConfigs(collector)?.get(node));
  if (fromCollector) return fromCollector;
  const hit = cacheOf(collector).configz.get(node);
  return hit && Date.now() - hit.at < CONFIGZ_TTL_MS * 3 ? hit.config : undefined;
}

/** The node's configz: held, else read through the collector's client (when it exposes one). */
export async function readConfigz(
  collector: ClusterCollector,
  node: string,
): Promise<KubeletConfigz | undefined> {
  const fromCollector = asConfigz(collectorConfigs(collector)?.get(node));
  if (fromCollector) return fromCollector;
  const cache = cacheOf(collector);
  const hit = cache.configz.get(node);
  if (hit && Date.now() - hit.at < CONFIGZ_TTL_MS) return hit.config;
  const client = seams(collector).client;
  if (!client) return hit?.config;
  try {
    const config = await getNodeConfigz(client, node);
    cache.configz.set(node, { at: Date.now(), config });
    return config;
  } catch {
    return hit?.config;
  }
}

/** Reads the configz of nodes Plimsoll holds none for, a few at a time, in the background. */
export function warmConfigz(collector: ClusterCollector, nodes: readonly string[]): void {
  if (collectorConfigs(collector) || !seams(collector).client) return;
  const cache = cacheOf(collector);
  if (cache.warming) return;
  const missing = nodes.filter((n) => {
    const hit = cache.configz.get(n);
    return !hit || Date.now() - hit.at > CONFIGZ_TTL_MS;
  });
  if (missing.length === 0) return;
  cache.warming = true;
  let next = 0;
  const worker = async () => {
    while (next < missing.length) {
      const node = missing[next++] as string;
      await readConfigz(collector, node);
    }
  };
  void Promise.all(
    Array.from({ length: Math.min(WARM_CONCURRENCY, missing.length) }, worker),
  ).finally(() => {
    cache.warming = false;
  });
}

/** The kubelet Summary (with per-pod stats) of a node, cached briefly; undefined when unreadable. */
export async function readStatsSummary(
  collector: ClusterCollector,
  node: string,
): Promise<Summary | undefined> {
  const s = seams(collector);
  const held = (s.kubeletSummaries ?? s.kubelet?.summaries)?.get(node);
  if (held?.pods) return held;
  const client = s.client;
  const cache = cacheOf(collector);
  const hit = cache.stats.get(node);
  if (hit && Date.now() - hit.at < STATS_TTL_MS) return hit.summary;
  if (!client) return undefined;
  try {
    const summary = await getNodeStatsSummary(client, node);
    cache.stats.set(node, { at: Date.now(), summary });
    return summary;
  } catch {
    return hit?.summary;
  }
}

/** The eviction thresholds in force, and where they come from. */
export interface NodeThresholds {
  source: 'configz' | 'default';
  thresholds: EvictionThreshold[];
  /** The raw configured values by signal, for display (`100Mi`, `10%`). */
  raw: {
    hard: Record<string, string>;
    soft: Record<string, string>;
    minReclaim: Record<string, string>;
  };
  kubeReserved?: Record<string, string>;
  systemReserved?: Record<string, string>;
  hardOnly: EvictionThreshold[];
  cpuCFSQuota: boolean;
  cpuCFSQuotaPeriodUs: number;
}

const parsedByConfig = new WeakMap<KubeletConfigz, NodeThresholds>();
let defaults: NodeThresholds | undefined;

/** Go duration text (`100ms`) → microseconds, for cpuCFSQuotaPeriod. */
function durationToMicros(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(us|µs|ms|s)$/.exec(text.trim());
  if (!m) return undefined;
  const v = Number(m[1]);
  return m[2] === 's' ? v * 1e6 : m[2] === 'ms' ? v * 1e3 : v;
}

/** parseEvictionThresholds of the node's configz, else of DEFAULT_EVICTION_HARD_LINUX. */
export function thresholdsOf(config: KubeletConfigz | undefined): NodeThresholds {
  const kc = config?.kubeletconfig;
  if (kc && config) {
    const cached = parsedByConfig.get(config);
    if (cached) return cached;
    try {
      const evictionHard = kc.evictionHard ?? { ...DEFAULT_EVICTION_HARD_LINUX };
      const thresholds = parseEvictionThresholds({
        evictionHard,
        ...(kc.evictionSoft ? { evictionSoft: kc.evictionSoft } : {}),
        ...(kc.evictionSoftGracePeriod
          ? { evictionSoftGracePeriod: kc.evictionSoftGracePeriod }
          : {}),
        ...(kc.evictionMinimumReclaim ? { evictionMinimumReclaim: kc.evictionMinimumReclaim } : {}),
        ...(kc.enforceNodeAllocatable ? { allocatableConfig: kc.enforceNodeAllocatable } : {}),
      });
      const result: NodeThresholds = {
        source: 'configz',
        thresholds,
        raw: {
          hard: evictionHard,
          soft: kc.evictionSoft ?? {},
          minReclaim: kc.evictionMinimumReclaim ?? {},
        },
        ...(kc.kubeReserved ? { kubeReserved: kc.kubeReserved } : {}),
        ...(kc.systemReserved ? { systemReserved: kc.systemReserved } : {}),
        hardOnly: parseEvictionThresholds({ evictionHard }),
        cpuCFSQuota: kc.cpuCFSQuota !== false,
        cpuCFSQuotaPeriodUs: durationToMicros(kc.cpuCFSQuotaPeriod) ?? 100_000,
      };
      parsedByConfig.set(config, result);
      return result;
    } catch {
      // A configz the rules cannot parse: fall through to the defaults, which the UI labels as such.
    }
  }
  if (!defaults) {
    const thresholds = parseEvictionThresholds({
      evictionHard: { ...DEFAULT_EVICTION_HARD_LINUX },
    });
    defaults = {
      source: 'default',
      thresholds,
      raw: { hard: { ...DEFAULT_EVICTION_HARD_LINUX }, soft: {}, minReclaim: {} },
      hardOnly: thresholds,
      cpuCFSQuota: true,
      cpuCFSQuotaPeriodUs: 100_000,
    };
  }
  return defaults;
}
