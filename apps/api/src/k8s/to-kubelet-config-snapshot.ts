import type { KubeletConfigz } from './node-proxy.js';
import { BadObjectError, stringRecord } from './snapshot-util.js';

/**
 * The parts of a kubelet's running KubeletConfiguration (its `/configz`) that the node views need: the eviction
 * thresholds in force, what the kubelet reserves, and the limits that decide how much fits on the node. A field is
 * absent when the configz does not carry it (an older kubelet), so the views can tell "not set" from "empty".
 */
export interface KubeletConfigSnapshot {
  node: string;
  /** When Plimsoll read it (our clock). */
  readAt: Date;
  evictionHard?: Record<string, string>;
  evictionSoft?: Record<string, string>;
  evictionSoftGracePeriod?: Record<string, string>;
  evictionMinimumReclaim?: Record<string, string>;
  /** Go duration text, e.g. `5m0s`. */
  evictionPressureTransitionPeriod?: string;
  evictionMaxPodGracePeriod?: number;
  kubeReserved?: Record<string, string>;
  systemReserved?: Record<string, string>;
  enforceNodeAllocatable?: string[];
  podPidsLimit?: number;
  maxPods?: number;
  cpuCFSQuota?: boolean;
  cpuCFSQuotaPeriod?: string;
  imageGCHighThresholdPercent?: number;
  imageGCLowThresholdPercent?: number;
  nodeStatusUpdateFrequency?: string;
  nodeStatusReportFrequency?: string;
  nodeLeaseDurationSeconds?: number;
  cgroupDriver?: string;
  memorySwapBehavior?: string;
}

const MAP_FIELDS = [
  'evictionHard',
  'evictionSoft',
  'evictionSoftGracePeriod',
  'evictionMinimumReclaim',
  'kubeReserved',
  'systemReserved',
] as const;
const STRING_FIELDS = [
  'evictionPressureTransitionPeriod',
  'cpuCFSQuotaPeriod',
  'nodeStatusUpdateFrequency',
  'nodeStatusReportFrequency',
  'cgroupDriver',
] as const;
const NUMBER_FIELDS = [
  'evictionMaxPodGracePeriod',
  'podPidsLimit',
  'maxPods',
  'imageGCHighThresholdPercent',
  'imageGCLowThresholdPercent',
  'nodeLeaseDurationSeconds',
] as const;

/** Slims a configz answer; throws BadObjectError when it has no `kubeletconfig` object. */
export function toKubeletConfigSnapshot(
  node: string,
  configz: KubeletConfigz,
  readAt: Date,
): KubeletConfigSnapshot {
  const kc = configz?.kubeletconfig;
  if (!kc || typeof kc !== 'object')
    throw new BadObjectError(`configz of node ${node}`, 'no kubeletconfig object');
  const out: KubeletConfigSnapshot = { node, readAt };
  for (const f of MAP_FIELDS) if (kc[f] && typeof kc[f] === 'object') out[f] = stringRecord(kc[f]);
  for (const f of STRING_FIELDS) if (typeof kc[f] === 'string') out[f] = kc[f] as string;
  for (const f of NUMBER_FIELDS)
    if (typeof kc[f] === 'number' && Number.isFinite(kc[f])) out[f] = kc[f] as number;
  if (Array.isArray(kc.enforceNodeAllocatable)) {
    out.enforceNodeAllocatable = kc.enforceNodeAllocatable.filter(
      (x): x is string => typeof x === 'string',
    );
  }
  if (typeof kc.cpuCFSQuota === 'boolean') out.cpuCFSQuota = kc.cpuCFSQuota;
  const swap = (kc.memorySwap as { swapBehavior?: unknown } | undefined)?.swapBehavior;
  if (typeof swap === 'string' && swap) out.memorySwapBehavior = swap;
  return out;
}
