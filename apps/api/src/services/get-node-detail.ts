import {
  readNodeSignals,
  SIGNAL_TO_NODE_CONDITION,
  classifyNodeProblem,
  getAllocatableBreakdown,
  getThresholdQuantity,
  isNodeProblemCondition,
  newQuantity,
  parseQuantity,
  type EvictionSignal,
  type TenantScope,
} from '@plimsoll/shared';
import type { NodeDetail, NodeResourceBreakdown } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import { AppError } from '../errors/app-error.js';
import type { NodeSnapshot } from '../k8s/to-node-snapshot.js';
import type {
  LatestPressure,
  NodeHistoryRepository,
} from '../repositories/node-history-repository.js';
import {
  NODE_LEASE_NAMESPACE,
  getNodeRows,
  getPodRequestTotals,
  groupPodsByNode,
  headroomsOf,
  qty,
  isNodeInScope,
  leaseHealthOf,
} from './build-node-summaries.js';
import { findCachedConfigz, thresholdsOf } from './read-kubelet-config.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The node named in a route, or 404 when it does not exist or is outside the caller's scope (same answer). */
export function getScopedNode(
  collector: ClusterCollector,
  name: string,
  scope: TenantScope,
): NodeSnapshot {
  const node = collector.cache.nodes.get(name);
  if (!node || !isNodeInScope(node, scope, collector.tenantLabels)) {
    throw new AppError('NOT_FOUND', `No node named ${name} in cluster ${collector.name}.`);
  }
  return node;
}

function unitOf(resource: string): NodeResourceBreakdown['unit'] {
  if (resource === 'cpu') return 'millicores';
  if (
    resource === 'memory' ||
    resource === 'ephemeral-storage' ||
    resource.startsWith('hugepages-')
  )
    return 'bytes';
  return 'count';
}

const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);

/** Extended resources: domain-prefixed names (example.com/reclaimed-cpu, nvidia.com/gpu). */
export const isExtendedResource = (name: string) =>
  !STANDARD_RESOURCES.has(name) &&
  !name.startsWith('hugepages-') &&
  name.includes('/') &&
  !name.startsWith('kubernetes.io/');

/** Observation (available, capacity) of a signal from the latest kubelet reading. */
function observe(
  signal: string,
  p: LatestPressure | null,
  memCapacity: number | null,
): { available: number | null; capacity: number | null } {
  if (!p) return { available: null, capacity: null };
  switch (signal) {
    case 'memory.available':
      return { available: p.memoryAvailableBytes, capacity: memCapacity };
    case 'nodefs.available':
    case 'containerfs.available':
      return { available: p.nodefsAvailableBytes, capacity: p.nodefsCapacityBytes };
    case 'nodefs.inodesFree':
    case 'containerfs.inodesFree':
      return { available: p.nodefsInodesFree, capacity: p.nodefsInodes };
    case 'imagefs.available':
      return { available: p.imagefsAvailableBytes, capacity: p.imagefsCapacityBytes };
    case 'imagefs.inodesFree':
      return { available: p.imagefsInodesFree, capacity: null };
    case 'pid.available':
      return { available: p.pidAvailable, capacity: p.pidMax };
    default:
      return { available: null, capacity: null };
  }
}

const toNum = (v: bigint) => Number(v);

/** Everything the node detail page shows about one node. */
export async function getNodeDetail(opts: {
  collector: ClusterCollector;
  repo: NodeHistoryRepository;
  scope: TenantScope;
  node: string;
  /** Where node Events are read from (PLIMSOLL_NODE_EVENT_NAMESPACES). */
  eventNamespaces: readonly string[];
  now?: Date;
}): Promise<NodeDetail> {
  const { collector, repo } = opts;
  const node = getScopedNode(collector, opts.node, opts.scope);
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const config = findCachedConfigz(collector, node.name);
  const [pressure, leaseEpisodes, problemEpisodes, events, rows] = await Promise.all([
    repo.findNodeLatestPressure(collector.name, node.name),
    repo.findLeaseEpisodes(collector.name, { node: node.name, since, limit: 50 }),
    repo.findProblemEpisodes(collector.name, node.name, 50),
    repo.findNodeEvents(collector.name, node.name, opts.eventNamespaces, 50),
    getNodeRows(collector, repo),
  ]);
  const th = thresholdsOf(config);
  const summaryRow = rows.byName.get(node.name);
  if (!summaryRow)
    throw new AppError('NOT_FOUND', `No node named ${node.name} in cluster ${collector.name}.`);
  // The row may predate a configz read made just now or a newer reading: recompute what depends on them. It may
  // also predate a cordon (the rows are served stale while rebuilt): the node's own snapshot is current.
  const summary = {
    ...summaryRow,
    unschedulable: node.unschedulable,
    ...headroomsOf(th, pressure, node.capacity.memory ? qty(node.capacity.memory) : 0),
    thresholdSource: th.source,
  };

  const pods = groupPodsByNode(collector).get(node.name) ?? [];
  const requested: Record<string, bigint> = {};
  for (const pod of pods) {
    for (const [name, v] of Object.entries(getPodRequestTotals(pod).all))
      requested[name] = (requested[name] ?? 0n) + v;
  }

  const breakdownRows = getAllocatableBreakdown({
    capacity: node.capacity,
    ...(th.kubeReserved ? { kubeReserved: th.kubeReserved } : {}),
    ...(th.systemReserved ? { systemReserved: th.systemReserved } : {}),
    hardEvictionThresholds: th.hardOnly,
  });
  const breakdown: NodeResourceBreakdown[] = breakdownRows
    .filter((r) => !isExtendedResource(r.resource))
    .map((r) => {
      const unit = unitOf(r.resource);
      const v = (q: { value(): bigint; milliValue(): bigint }) =>
        toNum(unit === 'millicores' ? q.milliValue() : q.value());
      const reported = node.allocatable[r.resource];
      let used: number | null = null;
      if (r.resource === 'memory' && pressure?.memoryWorkingSetBytes != null)
        used = pressure.memoryWorkingSetBytes;
      if (
        r.resource === 'ephemeral-storage' &&
        pressure?.nodefsCapacityBytes != null &&
        pressure.nodefsAvailableBytes != null
      ) {
        used = pressure.nodefsCapacityBytes - pressure.nodefsAvailableBytes;
      }
      if (r.resource === 'pods') used = pods.length;
      return {
        resource: r.resource,
        unit,
        capacity: v(r.capacity),
        kubeReserved: v(r.kubeReserved),
        systemReserved: v(r.systemReserved),
        evictionThreshold: v(r.evictionThreshold),
        hugePages: v(r.hugePages),
        allocatable: v(r.allocatable),
        reportedAllocatable: reported ? v(parseQuantity(reported)) : null,
        requested: r.resource === 'pods' ? pods.length : toNum(requested[r.resource] ?? 0n),
        used,
      };
    });

  const memCapacity = node.capacity.memory
    ? toNum(parseQuantity(node.capacity.memory).value())
    : null;
  const thresholds = th.thresholds.map((t) => {
    const hard = t.gracePeriodSeconds === 0;
    const rawSignal = t.signal === 'allocatableMemory.available' ? 'memory.available' : t.signal;
    const value =
      (hard ? th.raw.hard[rawSignal] : th.raw.soft[rawSignal]) ?? th.raw.hard[rawSignal] ?? '';
    const obs =
      t.signal === 'allocatableMemory.available'
        ? { available: null, capacity: null }
        : observe(t.signal, pressure, memCapacity);
    let thresholdQuantity: number | null = null;
    if (t.value.quantity) thresholdQuantity = toNum(t.value.quantity.value());
    else if (obs.capacity !== null) {
      thresholdQuantity = toNum(
        getThresholdQuantity(
          t.value,
          newQuantity(BigInt(Math.round(obs.capacity)), 'BinarySI'),
        ).value(),
      );
    }
    return {
      signal: t.signal,
      kind: hard ? ('hard' as const) : ('soft' as const),
      value,
      gracePeriodSeconds: t.gracePeriodSeconds,
      minReclaim: th.raw.minReclaim[rawSignal] ?? null,
      thresholdQuantity,
      available: obs.available,
      capacity: obs.capacity,
      headroom:
        obs.available !== null && thresholdQuantity !== null
          ? obs.available - thresholdQuantity
          : null,
      met:
        obs.available !== null && thresholdQuantity !== null
          ? thresholdQuantity > obs.available
          : null,
      nodeCondition: SIGNAL_TO_NODE_CONDITION[t.signal as EvictionSignal] ?? null,
    };
  });

  const lease = collector.cache.leases.get(`${NODE_LEASE_NAMESPACE}/${node.name}`);
  const health = leaseHealthOf(node, lease, now);

  const problems = node.conditions
    .filter((c) => isNodeProblemCondition(c.type))
    .map((c) => {
      const cls = classifyNodeProblem({
        type: c.type,
        status: c.status,
        reason: c.reason ?? '',
      } as Parameters<typeof classifyNodeProblem>[0]);
      return {
        type: c.type,
        status: c.status,
        reason: c.reason ?? '',
        message: c.message,
        severity: cls?.severity ?? 'info',
        monitor: cls?.monitor ?? '',
        since: iso(c.lastTransitionTime),
      };
    });

  const extendedResources = Object.entries(node.capacity)
    .filter(([name]) => isExtendedResource(name))
    .map(([name, cap]) => {
      const alloc = node.allocatable[name] ?? null;
      const req = requested[name] ?? 0n;
      const allocValue = alloc ? parseQuantity(alloc).value() : 0n;
      return {
        name,
        capacity: cap,
        allocatable: alloc,
        requested: newQuantity(req, 'DecimalSI').toString(),
        ratio: allocValue > 0n ? Number(req) / Number(allocValue) : null,
      };
    });

  const kubeletSummary = collector.kubelet.summary(node.name);
  return {
    cluster: collector.name,
    summary,
    signals: kubeletSummary ? readNodeSignals(kubeletSummary.node) : null,
    labels: node.labels,
    conditions: node.conditions.map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
      lastTransitionTime: c.lastTransitionTime.toISOString(),
      lastHeartbeatTime: iso(c.lastHeartbeatTime),
    })),
    capacity: node.capacity,
    allocatable: node.allocatable,
    nodeInfo: node.nodeInfo,
    breakdown,
    thresholds,
    thresholdSource: th.source,
    reservedKnown: th.source === 'configz',
    pressureAt: iso(pressure?.at),
    lease: {
      holder: lease?.holderIdentity ?? null,
      renewTime: iso(lease?.renewTime),
      leaseDurationSeconds: lease?.leaseDurationSeconds ?? null,
      state: health.state,
      staleSince: iso(health.staleSince),
      ageSeconds: health.probeTimestamp
        ? Math.max(0, (now.getTime() - health.probeTimestamp.getTime()) / 1000)
        : null,
    },
    leaseEpisodes: leaseEpisodes.map((e) => ({
      node: e.node,
      startedAt: e.startedAt.toISOString(),
      endedAt: iso(e.endedAt),
      lastRenewBefore: iso(e.lastRenewBefore),
      longestGapSeconds: e.longestGapSeconds,
      reconstructed: e.reconstructed,
    })),
    problems,
    problemEpisodes: problemEpisodes.map((e) => ({
      ...e,
      startedAt: e.startedAt.toISOString(),
      endedAt: iso(e.endedAt),
    })),
    events: events.map((e) => {
      const cls = e.reason
        ? classifyNodeProblem({
            reason: e.reason,
            ...(e.sourceComponent ? { source: { component: e.sourceComponent } } : {}),
            ...(e.type ? { type: e.type } : {}),
          })
        : null;
      return {
        type: e.type,
        reason: e.reason,
        message: e.message,
        source: e.sourceComponent,
        count: e.count,
        firstSeen: e.firstSeen.toISOString(),
        lastSeen: e.lastSeen.toISOString(),
        problemSeverity: cls?.severity ?? null,
      };
    }),
    extendedResources,
    generatedAt: now.toISOString(),
  };
}
