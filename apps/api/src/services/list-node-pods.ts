import {
  cpuSharesToCpuWeight,
  getContainerOOMScoreAdjust,
  parseQuantity,
  podRequests,
  rankPodsForEviction,
  readPressureStall,
  readSwap,
  resourceConfigForPod,
  toAllocatedPod,
  type PodStats,
  type TenantScope,
} from '@plimsoll/shared';
import type { NodePodsResponse } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import type { NodeHistoryRepository } from '../repositories/node-history-repository.js';
import {
  getNodeRows,
  getPodRequestTotals,
  groupPodsByNode,
  isNamespaceVisible,
  toRulePod,
  type RulePod,
} from './build-node-summaries.js';
import { getScopedNode } from './get-node-detail.js';
import { findCachedConfigz, thresholdsOf } from './read-kubelet-config.js';

/** podRequests of a pod in millicores and bytes. */
function requestTotals(pod: RulePod): { cpuMilli: number; memoryBytes: number } {
  const r = podRequests(pod);
  return {
    cpuMilli: Number(r['cpu']?.milliValue() ?? 0n),
    memoryBytes: Number(r['memory']?.value() ?? 0n),
  };
}

/** The eviction signal of each kubelet pressure condition. */
const SIGNAL_OF_CONDITION: Record<string, string> = {
  MemoryPressure: 'memory.available',
  DiskPressure: 'nodefs.available',
  PIDPressure: 'pid.available',
};

/**
 * The node's pods with QoS class, oom_score_adj per container, pod cgroup settings, usage against request and the
 * kubelet's eviction order for the node's pressure signal (the condition that is True, else the signal with the
 * least headroom, else memory.available). Tenant admins see their namespaces' pods only, ranked among all pods.
 */
export async function listNodePods(opts: {
  collector: ClusterCollector;
  repo: NodeHistoryRepository;
  scope: TenantScope;
  node: string;
}): Promise<NodePodsResponse> {
  const { collector } = opts;
  const node = getScopedNode(collector, opts.node, opts.scope);
  const summary = collector.kubelet.summary(node.name);
  const rows = await getNodeRows(collector, opts.repo);
  const pods = groupPodsByNode(collector).get(node.name) ?? [];
  const th = thresholdsOf(findCachedConfigz(collector, node.name));

  const pressureCondition = node.conditions.find(
    (c) => SIGNAL_OF_CONDITION[c.type] && c.status === 'True',
  );
  const rankSignal = pressureCondition
    ? (SIGNAL_OF_CONDITION[pressureCondition.type] as string)
    : (rows.byName.get(node.name)?.worstSignal ?? 'memory.available');

  const statsByKey = new Map<string, PodStats>();
  for (const s of summary?.pods ?? []) statsByKey.set(`${s.podRef.namespace}/${s.podRef.name}`, s);
  const rulePods = pods.map((p) => ({
    snapshot: p,
    pod: toRulePod(p),
    stats: statsByKey.get(`${p.namespace}/${p.name}`) ?? null,
  }));
  const rankBasis = statsByKey.size > 0 ? 'stats' : 'requests-only';
  const rankOf = new Map<RulePod, number>();
  // The eviction manager ranks the kubelet's allocated pods (getAllocatedPods, kubelet.go): a
  // resized pod counts with the requests the kubelet admitted, not the ones in its spec yet.
  const allocatedPods = rulePods.map((r) => {
    const allocated = toAllocatedPod(r.pod);
    return { allocated, r, resized: allocated !== r.pod };
  });
  const podOfAllocated = new Map(allocatedPods.map(({ allocated, r }) => [allocated, r.pod]));
  const resizedOf = new Map(
    allocatedPods.filter((a) => a.resized).map(({ allocated, r }) => [r.pod, allocated]),
  );
  try {
    rankPodsForEviction(
      rankSignal,
      allocatedPods.map(({ allocated, r }) => ({ pod: allocated, stats: r.stats })),
    ).forEach((allocated, i) => {
      const pod = podOfAllocated.get(allocated);
      if (pod) rankOf.set(pod, i + 1);
    });
  } catch {
    // A signal without a ranking function (none today): leave ranks empty.
  }

  const memCapacity = node.capacity.memory ? parseQuantity(node.capacity.memory).value() : 0n;
  const visible = rulePods.filter((r) =>
    isNamespaceVisible(collector, r.snapshot.namespace, opts.scope),
  );
  const out = visible.map(({ snapshot: p, pod, stats }) => {
    const cg = resourceConfigForPod(pod, {
      enforceCPULimits: th.cpuCFSQuota,
      cpuPeriodUs: th.cpuCFSQuotaPeriodUs,
    });
    const containerStats = new Map((stats?.containers ?? []).map((c) => [c.name, c]));
    // The request shown beside usage is the one the rank used: the allocation while a resize waits.
    const resized = resizedOf.get(pod);
    const totals = resized ? requestTotals(resized) : getPodRequestTotals(p);
    return {
      namespace: p.namespace,
      name: p.name,
      phase: p.phase,
      qosClass: p.qosClass,
      priority: p.priority,
      owner: p.ownerKind && p.ownerName ? `${p.ownerKind}/${p.ownerName}` : null,
      containers: p.containers.map((c, i) => {
        let oomScoreAdj: number | null = null;
        try {
          const container = pod.spec?.containers[i];
          if (container && memCapacity > 0n)
            oomScoreAdj = getContainerOOMScoreAdjust(pod, container, memCapacity);
        } catch {
          oomScoreAdj = null;
        }
        return {
          name: c.name,
          requests: c.requests,
          limits: c.limits,
          oomScoreAdj,
          memoryUsageBytes: containerStats.get(c.name)?.memory?.workingSetBytes ?? null,
        };
      }),
      cgroup: {
        cpuShares: cg.cpuShares ?? null,
        cpuWeight: cg.cpuShares !== undefined ? cpuSharesToCpuWeight(cg.cpuShares) : null,
        cpuQuotaUs: cg.cpuQuota ?? null,
        cpuPeriodUs: cg.cpuPeriod ?? null,
        memoryLimitBytes:
          cg.memoryLimitBytes !== undefined && cg.memoryLimitBytes > 0n
            ? Number(cg.memoryLimitBytes)
            : null,
      },
      requests: {
        cpuMilli: totals.cpuMilli,
        memoryBytes: totals.memoryBytes,
        ephemeralStorageBytes: sumEphemeralStorageRequests(p.containers),
      },
      usage: stats
        ? {
            cpuMilli:
              stats.cpu?.usageNanoCores !== undefined ? stats.cpu.usageNanoCores / 1e6 : null,
            memoryBytes: stats.memory?.workingSetBytes ?? null,
            ephemeralStorageBytes: stats['ephemeral-storage']?.usedBytes ?? null,
          }
        : null,
      evictionRank: rankOf.get(pod) ?? null,
      computedQosClass: p.computedQosClass ?? null,
      psi: stats ? readPressureStall(stats) : null,
      swap: stats ? readSwap(stats) : null,
      resize: p.resize
        ? {
            ...p.resize,
            containers: p.containers.map((c) => ({
              name: c.name,
              desired: c.requests,
              allocated: c.allocated ?? null,
              actual: c.actual?.requests ?? null,
            })),
          }
        : null,
    };
  });
  out.sort(
    (a, b) => (a.evictionRank ?? 1e9) - (b.evictionRank ?? 1e9) || (a.name < b.name ? -1 : 1),
  );
  return {
    cluster: collector.name,
    node: node.name,
    rankSignal,
    rankBasis,
    totalPodsOnNode: pods.length,
    pods: out,
    generatedAt: new Date().toISOString(),
  };
}

/** The containers' ephemeral-storage requests in bytes (a malformed quantity counts as none). */
function sumEphemeralStorageRequests(
  containers: ReadonlyArray<{ requests: Record<string, string> }>,
) {
  let total = 0;
  for (const c of containers) {
    const q = c.requests['ephemeral-storage'];
    if (!q) continue;
    try {
      total += Number(parseQuantity(q).value());
    } catch {
      // The API server validates quantities; a bad one here is a snapshot we cannot read, not a request.
    }
  }
  return total;
}
