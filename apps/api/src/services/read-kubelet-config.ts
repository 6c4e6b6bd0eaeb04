import {
  DEFAULT_EVICTION_HARD_LINUX,
  parseEvictionThresholds,
  type EvictionThreshold,
} from '@plimsoll/shared';

import type { ClusterCollector } from '../collector/collector.js';
import type { KubeletConfigz } from '../k8s/node-proxy.js';

/** The configz the collector's kubelet poller holds for a node (every replica polls; see ClusterCollector). */
export function findCachedConfigz(
  collector: ClusterCollector,
  node: string,
): KubeletConfigz | undefined {
  return collector.kubeletConfigs.get(node);
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
