import type { V1Pod } from '@kubernetes/client-node';

import {
  isPodLevelResourcesSet,
  isRestartableInitContainer,
  parseResourceList,
  podLimits,
  podRequests,
  type ResourceList,
} from './pod-resources.js';
import { getPodQOS } from './qos.js';
import { parseQuantity } from './quantity.js';

/** Smallest cpu.shares the kernel accepts (`MinShares`, kernel/sched/sched.h). */
export const MIN_SHARES = 2;
/** Largest cpu.shares the kernel accepts (`MaxShares`, kernel/sched/sched.h). */
export const MAX_SHARES = 262144;
/** cpu.shares of one CPU (`SharesPerCPU`), the kernel default for a new cgroup. */
export const SHARES_PER_CPU = 1024;
/** milliCPU in one CPU (`MilliCPUToCPU`). */
export const MILLI_CPU_TO_CPU = 1000;
/** Default CFS period in microseconds, 100ms (`QuotaPeriod`). */
export const QUOTA_PERIOD = 100000;
/** Smallest CFS quota in microseconds, 1ms (`MinQuotaPeriod`, kernel/sched/core.c). */
export const MIN_QUOTA_PERIOD = 1000;
/** Smallest meaningful CPU limit: MinQuotaPeriod * MilliCPUToCPU / QuotaPeriod (`MinMilliCPULimit`). */
export const MIN_MILLI_CPU_LIMIT = 10;

/** cgroup v2 cpu.weight bounds. */
const MIN_CPU_WEIGHT = 1;
const MAX_CPU_WEIGHT = 10000;

const HUGE_PAGES_PREFIX = 'hugepages-';

/** The pod-level cgroup settings the kubelet derives from a pod (`cm.ResourceConfig`, subset). */
export interface PodResourceConfig {
  /** cpu.shares (cgroup v1) before any v2 conversion. */
  cpuShares?: number;
  /** cpu.cfs_quota_us; -1 means unlimited (CPU CFS quota enforcement off). */
  cpuQuota?: number;
  /** cpu.cfs_period_us. */
  cpuPeriod?: number;
  /** memory.limit_in_bytes / memory.max. */
  memoryLimitBytes?: bigint;
  /** Huge page size in bytes → limit in bytes, from the pod's hugepages-* requests. */
  hugePageLimits: Map<bigint, bigint>;
}

/** Options for {@link resourceConfigForPod}. */
export interface ResourceConfigForPodOptions {
  /** Kubelet `cpuCFSQuota`: when false the quota is written as -1 (unlimited). */
  enforceCPULimits: boolean;
  /** Kubelet `cpuCFSQuotaPeriod` in microseconds (100000 by default). */
  cpuPeriodUs: number;
  /** State of the `PodLevelResources` feature gate. Default: `true` (beta since 1.34). */
  podLevelResources?: boolean;
}

function toInt64(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer`);
  return BigInt(value);
}

// MilliCPUToShares (pkg/kubelet/cm/helpers_linux.go)
/**
 * CFS cpu.shares for a CPU request in milliCPU: `milliCPU * 1024 / 1000` truncated, clamped to
 * [2, 262144]. Zero maps to 2, not to "unset", because the runtime would turn unset into the kernel
 * default of 1024. The upper clamp was added in newer releases (older ones only had the minimum).
 */
export function milliCPUToShares(milliCPU: number): number {
  const milli = toInt64(milliCPU, 'milliCPU');
  if (milli === 0n) return MIN_SHARES;
  const shares = (milli * BigInt(SHARES_PER_CPU)) / BigInt(MILLI_CPU_TO_CPU);
  if (shares < BigInt(MIN_SHARES)) return MIN_SHARES;
  if (shares > BigInt(MAX_SHARES)) return MAX_SHARES;
  return Number(shares);
}

// MilliCPUToQuota (pkg/kubelet/cm/helpers_linux.go)
/**
 * CFS quota in microseconds for a CPU limit in milliCPU over `periodUs`: `milliCPU * period / 1000`
 * truncated, at least 1ms; 0 for no limit. Uses the configured period as current releases do;
 * releases where the `CustomCPUCFSQuotaPeriod` gate was off ignored it and used 100000.
 */
export function milliCPUToQuota(milliCPU: number, periodUs: number): number {
  const milli = toInt64(milliCPU, 'milliCPU');
  if (milli === 0n) return 0;
  const quota = (milli * toInt64(periodUs, 'periodUs')) / BigInt(MILLI_CPU_TO_CPU);
  return quota < BigInt(MIN_QUOTA_PERIOD) ? MIN_QUOTA_PERIOD : Number(quota);
}

// HugePageLimits (pkg/kubelet/cm/helpers_linux.go)
/**
 * Huge page size in bytes → summed amount in bytes, for every `hugepages-<size>` entry of a
 * resource list. A size that does not parse lands under key 0, as Go's ignored parse error does.
 */
export function hugePageLimits(resourceList: ResourceList): Map<bigint, bigint> {
  const limits = new Map<bigint, bigint>();
  for (const [name, quantity] of Object.entries(resourceList)) {
    if (!name.startsWith(HUGE_PAGES_PREFIX)) continue;
    let pageSize = 0n;
    try {
      pageSize = parseQuantity(name.slice(HUGE_PAGES_PREFIX.length)).value();
    } catch {
      pageSize = 0n;
    }
    limits.set(pageSize, (limits.get(pageSize) ?? 0n) + quantity.value());
  }
  return limits;
}

function isZeroOrMissing(list: ResourceList | undefined, name: string): boolean {
  const quantity = list?.[name];
  return quantity === undefined || quantity.isZero();
}

// Mirrors the ContainerFn callback ResourceConfigForPod passes to PodLimits: it sees each regular
// container's limits and, for each init container, the limits in force while it runs (its own plus
// the sidecars started before it; for a sidecar, the running total of sidecars).
function containerLimitsDeclared(pod: V1Pod): { cpu: boolean; memory: boolean } {
  const declared = { cpu: true, memory: true };
  const visit = (limits: ResourceList | undefined): void => {
    if (isZeroOrMissing(limits, 'cpu')) declared.cpu = false;
    if (isZeroOrMissing(limits, 'memory')) declared.memory = false;
  };
  for (const container of pod.spec?.containers ?? []) {
    visit(parseResourceList(container.resources?.limits));
  }
  const sidecarLimits: ResourceList = {};
  const addInto = (target: ResourceList, source: ResourceList | undefined): void => {
    for (const [name, quantity] of Object.entries(source ?? {})) {
      const existing = target[name];
      target[name] = existing === undefined ? quantity : existing.add(quantity);
    }
  };
  for (const container of pod.spec?.initContainers ?? []) {
    const own = parseResourceList(container.resources?.limits);
    if (isRestartableInitContainer(container)) {
      addInto(sidecarLimits, own);
      visit(sidecarLimits);
    } else {
      const combined: ResourceList = {};
      addInto(combined, own);
      addInto(combined, sidecarLimits);
      visit(combined);
    }
  }
  return declared;
}

// ResourceConfigForPod (pkg/kubelet/cm/helpers_linux.go)
/**
 * The pod-level cgroup the kubelet creates. BestEffort: cpu.shares = 2 and nothing else.
 * Guaranteed: shares from the requests, quota/period from the limits, memory limit = summed
 * limits. Burstable: shares always; quota/period only if every container (init phases included)
 * declares a CPU limit, or pod-level CPU limits are set; the memory limit likewise. The
 * `enforceMemoryQoS` unified settings (memory.min / memory.low) and DRA node-allocatable claims
 * are not ported.
 */
export function resourceConfigForPod(
  pod: V1Pod,
  opts: ResourceConfigForPodOptions,
): PodResourceConfig {
  const podLevelResourcesEnabled = opts.podLevelResources ?? true;
  const reqs = podRequests(pod, {
    skipPodLevelResources: !podLevelResourcesEnabled,
    useStatusResources: false,
  });
  const limits = podLimits(pod, { skipPodLevelResources: !podLevelResourcesEnabled });
  const declared = containerLimitsDeclared(pod);

  if (podLevelResourcesEnabled && isPodLevelResourcesSet(pod)) {
    const podLevelLimits = parseResourceList(pod.spec?.resources?.limits);
    if (!isZeroOrMissing(podLevelLimits, 'cpu')) declared.cpu = true;
    if (!isZeroOrMissing(podLevelLimits, 'memory')) declared.memory = true;
  }

  const cpuRequests = reqs['cpu']?.milliValue() ?? 0n;
  const cpuLimits = limits['cpu']?.milliValue() ?? 0n;
  const memoryLimits = limits['memory']?.value() ?? 0n;

  const cpuShares = milliCPUToShares(Number(cpuRequests));
  // Quota is not capped when CFS quota enforcement is disabled.
  const cpuQuota = opts.enforceCPULimits
    ? milliCPUToQuota(Number(cpuLimits), opts.cpuPeriodUs)
    : -1;
  const cpuPeriod = opts.cpuPeriodUs;
  const result: PodResourceConfig = { hugePageLimits: hugePageLimits(reqs) };

  switch (getPodQOS(pod, { podLevelResources: podLevelResourcesEnabled })) {
    case 'Guaranteed':
      return { ...result, cpuShares, cpuQuota, cpuPeriod, memoryLimitBytes: memoryLimits };
    case 'Burstable':
      return {
        ...result,
        cpuShares,
        ...(declared.cpu ? { cpuQuota, cpuPeriod } : {}),
        ...(declared.memory ? { memoryLimitBytes: memoryLimits } : {}),
      };
    case 'BestEffort':
      return { ...result, cpuShares: MIN_SHARES };
  }
}

// ConvertCPUSharesToCgroupV2Value (github.com/opencontainers/cgroups/utils.go)
/**
 * cgroup v2 cpu.weight for a cgroup v1 cpu.shares value, as the container runtime writes it for
 * container cgroups. This is the quadratic mapping of opencontainers/cgroups (vendored by current
 * Kubernetes; runc ≥ 1.3.2 / crun ≥ 1.23), fitted through (2→1), (1024→100), (262144→10000), so the
 * default share maps to the default weight. It replaced the linear `1 + ((shares-2)*9999)/262142`,
 * which mapped 1024 shares to weight 39 (kubernetes/kubernetes#131216); see
 * {@link cpuSharesToCpuWeightLinear}. 0 means unset and stays 0. Float rounding follows IEEE
 * doubles, as Go's `math` does.
 */
export function cpuSharesToCpuWeight(shares: number): number {
  toInt64(shares, 'shares');
  if (shares <= 0) return 0;
  if (shares <= MIN_SHARES) return MIN_CPU_WEIGHT;
  if (shares >= MAX_SHARES) return MAX_CPU_WEIGHT;
  const l = Math.log2(shares);
  const exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
  return Math.ceil(Math.pow(10, exponent));
}

// cpuSharesToCPUWeight (pkg/kubelet/cm/cgroup_v2_manager_linux.go)
/**
 * The linear shares → weight mapping `((shares - 2) * 9999) / 262142 + 1` (KEP-2254). The kubelet
 * still uses it for the pod and QoS cgroups it writes itself, and runtimes used it for containers
 * before the quadratic {@link cpuSharesToCpuWeight}. Defined for shares in [2, 262144]; Go's uint64
 * arithmetic would wrap below 2, so a RangeError is thrown instead.
 */
export function cpuSharesToCpuWeightLinear(shares: number): number {
  const s = toInt64(shares, 'shares');
  if (s < BigInt(MIN_SHARES)) throw new RangeError('shares must be at least 2');
  return Number(((s - 2n) * 9999n) / 262142n + 1n);
}

// cpuWeightToCPUShares (pkg/kubelet/cm/cgroup_v2_manager_linux.go)
/**
 * Inverse of {@link cpuSharesToCpuWeightLinear}: `((weight - 1) * 262142) / 9999 + 2`, used by the
 * kubelet to read pod cgroups back. Lossy: 51 shares → weight 2 → 28 shares. Defined for weights
 * in [1, 10000]; a RangeError is thrown below 1.
 */
export function cpuWeightToCpuSharesLinear(weight: number): number {
  const w = toInt64(weight, 'weight');
  if (w < BigInt(MIN_CPU_WEIGHT)) throw new RangeError('weight must be at least 1');
  return Number(((w - 1n) * 262142n) / 9999n + 2n);
}
