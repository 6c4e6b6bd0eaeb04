import {
  DEFAULT_EVICTION_HARD_LINUX,
  parseEvictionThresholds,
  parseGoDurationNanos,
  type EvictionThreshold,
} from '@plimsoll/shared';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import type { KubeletConfigz } from '../k8s/node-proxy.js';

/** The configz the collector's kubelet poller holds for a node (every replica polls; see ClusterCollector). */
export function findCachedConfigz(
  collector: ClusterCollector,
  node: string,
): KubeletConfigz | undefined {
  return collector.kubelet.config(node);
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

/**
 * A Go duration (`100ms`, `1m30s`, as metav1.Duration marshals it) → whole microseconds, for cpuCFSQuotaPeriod:
 * the kubelet divides the Duration by time.Microsecond. Undefined when absent or not a Go duration.
 */
export function durationToMicros(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return Number(parseGoDurationNanos(text) / 1000n);
  } catch {
    return undefined;
  }
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
