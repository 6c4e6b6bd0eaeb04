import {
  cpuSharesToCpuWeight,
  getContainerOOMScoreAdjust,
  parseQuantity,
  rankPodsForEviction,
  resourceConfigForPod,
  type PodStats,
  type TenantScope,
} from '@plimsoll/shared';
import type { NodePodsResponse } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/collector.js';
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
  try {
    rankPodsForEviction(
      rankSignal,
      rulePods.map((r) => ({ pod: r.pod, stats: r.stats })),
    ).forEach((pod, i) => rankOf.set(pod, i + 1));
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
    const totals = getPodRequestTotals(p);
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
      requests: { cpuMilli: totals.cpuMilli, memoryBytes: totals.memoryBytes },
      usage: stats
        ? {
            cpuMilli:
              stats.cpu?.usageNanoCores !== undefined ? stats.cpu.usageNanoCores / 1e6 : null,
            memoryBytes: stats.memory?.workingSetBytes ?? null,
          }
        : null,
      evictionRank: rankOf.get(pod) ?? null,
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
