import {
  assignedPodRequests,
  classifyNodeProblem,
  getNodeLeaseHealth,
  type getPodQOS,
  getTenantFromLabels,
  getThresholdQuantity,
  isNamespaceInScope,
  isNodeProblemCondition,
  newQuantity,
  parseQuantity,
  type EvictionThreshold,
  type NodeLeaseHealth,
  type TenantScope,
} from '@plimsoll/shared';
import type { NodeSummary, SignalHeadroom } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import type { LeaseSnapshot } from '../k8s/to-lease-snapshot.js';
import type { NodeSnapshot } from '../k8s/to-node-snapshot.js';
import type { PodSnapshot } from '../k8s/to-pod-snapshot.js';
import type {
  LatestPressure,
  NodeHistoryRepository,
} from '../repositories/node-history-repository.js';
import { findCachedConfigz, thresholdsOf, type NodeThresholds } from './read-kubelet-config.js';

/** The pod shape the shared rules read (a core/v1 Pod). */
export type RulePod = Parameters<typeof getPodQOS>[0];
type RuleLease = NonNullable<Parameters<typeof getNodeLeaseHealth>[0]['lease']>;
type RuleCondition = NonNullable<Parameters<typeof getNodeLeaseHealth>[0]['readyCondition']>;

/** Node labels that name a node pool, most specific first (Plimsoll's own, then the clouds' and Karpenter's). */
export const NODE_POOL_LABELS: readonly string[] = [
  'plimsoll.io/pool',
  'eks.amazonaws.com/nodegroup',
  'cloud.google.com/gke-nodepool',
  'kubernetes.azure.com/agentpool',
  'agentpool',
  'karpenter.sh/nodepool',
  'node.kubernetes.io/pool',
];

/** Healthy status of each kubelet condition other than Ready. */
const HEALTHY_STATUS: Record<string, string> = {
  MemoryPressure: 'False',
  DiskPressure: 'False',
  PIDPressure: 'False',
  NetworkUnavailable: 'False',
};

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/**
 * The tenant owning a node: the node carries the same tenant label as a tenant's namespaces
 * (`plimsoll.io/tenant=acme`), read by the one rule shared with namespaces (getTenantFromLabels).
 */
export function getNodeTenant(
  labels: Record<string, string>,
  tenantLabels: readonly string[],
): string | null {
  return getTenantFromLabels(labels, tenantLabels);
}

export function getNodePool(labels: Record<string, string>): string | null {
  for (const key of NODE_POOL_LABELS) {
    const v = labels[key];
    if (v) return v;
  }
  return null;
}

/**
 * Tenant admins see the nodes of their tenant's node pools only: nodes labelled with their tenant. SREs and
 * viewers see every node.
 */
export function isNodeInScope(
  node: Pick<NodeSnapshot, 'labels'>,
  scope: TenantScope,
  tenantLabels: readonly string[],
): boolean {
  if (scope.kind === 'all') return true;
  const tenant = getNodeTenant(node.labels, tenantLabels);
  return tenant !== null && scope.tenants.includes(tenant);
}

/** Whether the caller may see a namespaced object (pods, evictions, events of a namespace). */
export function isNamespaceVisible(
  collector: ClusterCollector,
  namespace: string,
  scope: TenantScope,
): boolean {
  if (scope.kind === 'all') return true;
  const ns = collector.cache.namespaces.get(namespace);
  // The configured labels (PLIMSOLL_TENANT_LABELS), as the collector, quotas and tenants read them.
  const tenant = ns ? getTenantFromLabels(ns.labels, collector.tenantLabels) : null;
  return isNamespaceInScope(namespace, tenant, scope);
}

/** Namespaces the caller may see (undefined: all). */
export function visibleNamespaces(
  collector: ClusterCollector,
  scope: TenantScope,
): string[] | undefined {
  if (scope.kind === 'all') return undefined;
  return [...collector.cache.namespaces.keys()].filter((ns) =>
    isNamespaceVisible(collector, ns, scope),
  );
}

/**
 * A slim pod snapshot in the shape the shared rules read, with what an in-place resize leaves in the status
 * (allocated and actuated resources, PodResizePending / PodResizeInProgress) for the rules that read it.
 */
export function toRulePod(p: PodSnapshot): RulePod {
  const statuses = p.containers
    .filter((c) => c.allocated || c.actual)
    .map((c) => ({
      name: c.name,
      image: '',
      imageID: '',
      ready: true,
      restartCount: 0,
      ...(c.allocated ? { allocatedResources: c.allocated } : {}),
      ...(c.actual ? { resources: { requests: c.actual.requests, limits: c.actual.limits } } : {}),
    }));
  const conditions = [
    ...(p.resize?.pending
      ? [{ type: 'PodResizePending', status: 'True', reason: p.resize.pending.reason ?? '' }]
      : []),
    ...(p.resize?.inProgress ? [{ type: 'PodResizeInProgress', status: 'True' }] : []),
  ];
  return {
    metadata: { name: p.name, namespace: p.namespace, uid: p.uid },
    spec: {
      ...(p.nodeName ? { nodeName: p.nodeName } : {}),
      ...(p.priority !== null ? { priority: p.priority } : {}),
      containers: p.containers.map((c) => ({
        name: c.name,
        resources: { requests: c.requests, limits: c.limits },
      })),
    },
    status: {
      ...(p.phase ? { phase: p.phase } : {}),
      qosClass: p.qosClass,
      ...(statuses.length ? { containerStatuses: statuses } : {}),
      ...(conditions.length ? { conditions } : {}),
    },
  } as RulePod;
}

export const isPodActive = (p: PodSnapshot) => p.phase !== 'Succeeded' && p.phase !== 'Failed';

const podTotals = new WeakMap<
  PodSnapshot,
  { cpuMilli: number; memoryBytes: number; all: Record<string, bigint> }
>();

/**
 * A pod's share of its node as the scheduler counts it (assignedPodRequests: a pod resized in place counts with
 * the larger of desired and allocated), in millicores, bytes and every resource in base units; memoised.
 */
export function getPodRequestTotals(p: PodSnapshot) {
  let t = podTotals.get(p);
  if (!t) {
    const all: Record<string, bigint> = {};
    let cpuMilli = 0;
    let memoryBytes = 0;
    try {
      for (const [name, q] of Object.entries(assignedPodRequests(toRulePod(p)))) {
        if (name === 'cpu') {
          cpuMilli = Number(q.milliValue());
          all[name] = q.milliValue();
        } else {
          all[name] = q.value();
          if (name === 'memory') memoryBytes = Number(q.value());
        }
      }
    } catch {
      // A malformed quantity already got past the collector's checks: count nothing for it.
    }
    t = { cpuMilli, memoryBytes, all };
    podTotals.set(p, t);
  }
  return t;
}

export function qty(raw: string | undefined): number {
  if (!raw) return 0;
  try {
    return Number(parseQuantity(raw).value());
  } catch {
    return 0;
  }
}

function milli(raw: string | undefined): number {
  if (!raw) return 0;
  try {
    return Number(parseQuantity(raw).milliValue());
  } catch {
    return 0;
  }
}

/**
 * Headroom of one signal: available minus the nearest threshold (the largest getThresholdQuantity of the signal's
 * hard and soft thresholds, i.e. the first the node would cross).
 */
export function computeHeadroom(
  signal: string,
  thresholds: readonly EvictionThreshold[],
  available: number | null,
  capacity: number | null,
  at: Date,
): SignalHeadroom | null {
  if (available === null) return null;
  let threshold: number | null = null;
  for (const t of thresholds) {
    if (t.signal !== signal) continue;
    if (t.value.quantity === undefined && capacity === null) continue;
    const q = getThresholdQuantity(
      t.value,
      newQuantity(BigInt(Math.max(0, Math.round(capacity ?? 0))), 'BinarySI'),
    );
    const v = Number(q.value());
    if (threshold === null || v > threshold) threshold = v;
  }
  const headroom = available - (threshold ?? 0);
  return {
    signal,
    availableBytes: available,
    capacity,
    threshold,
    headroom,
    ratio: capacity && capacity > 0 ? headroom / capacity : null,
    at: at.toISOString(),
  };
}

/** Lease health of a node by the lifecycle controller's rule (getNodeLeaseHealth). */
export function leaseHealthOf(
  node: NodeSnapshot,
  lease: LeaseSnapshot | undefined,
  now: Date,
): NodeLeaseHealth {
  const ready = node.conditions.find((c) => c.type === 'Ready');
  return getNodeLeaseHealth({
    ...(lease
      ? {
          lease: {
            spec: {
              ...(lease.holderIdentity ? { holderIdentity: lease.holderIdentity } : {}),
              ...(lease.renewTime ? { renewTime: lease.renewTime } : {}),
              ...(lease.leaseDurationSeconds !== null
                ? { leaseDurationSeconds: lease.leaseDurationSeconds }
                : {}),
            },
          } as RuleLease,
        }
      : {}),
    ...(ready
      ? {
          readyCondition: {
            type: 'Ready',
            status: ready.status,
            lastTransitionTime: ready.lastTransitionTime,
            ...(ready.lastHeartbeatTime ? { lastHeartbeatTime: ready.lastHeartbeatTime } : {}),
          } as RuleCondition,
        }
      : {}),
    ...(node.createdAt ? { nodeCreationTimestamp: node.createdAt } : {}),
    now,
  });
}

export const minorOf = (v: string | undefined | null): number | null => {
  const m = v ? /^v?(\d+)\.(\d+)/.exec(v) : null;
  return m ? Number(m[1]) * 1000 + Number(m[2]) : null;
};

/** What a kubelet reading (or an average of readings) says about the three eviction signals. */
export type HeadroomInputs = Pick<
  LatestPressure,
  | 'at'
  | 'memoryAvailableBytes'
  | 'nodefsAvailableBytes'
  | 'nodefsCapacityBytes'
  | 'pidAvailable'
  | 'pidMax'
>;

/** Memory, disk and PID headroom of a node and the worst of them. */
export function headroomsOf(
  th: NodeThresholds,
  p: HeadroomInputs | null | undefined,
  memCapacity: number,
) {
  const memory = p
    ? computeHeadroom(
        'memory.available',
        th.thresholds,
        p.memoryAvailableBytes,
        memCapacity || null,
        p.at,
      )
    : null;
  const disk = p
    ? computeHeadroom(
        'nodefs.available',
        th.thresholds,
        p.nodefsAvailableBytes,
        p.nodefsCapacityBytes,
        p.at,
      )
    : null;
  const pid = p
    ? computeHeadroom('pid.available', th.thresholds, p.pidAvailable, p.pidMax, p.at)
    : null;
  let worstHeadroom: number | null = null;
  let worstSignal: string | null = null;
  for (const h of [memory, disk, pid]) {
    if (h?.ratio === null || h?.ratio === undefined) continue;
    if (worstHeadroom === null || h.ratio < worstHeadroom) {
      worstHeadroom = h.ratio;
      worstSignal = h.signal;
    }
  }
  return { memory, disk, pid, worstHeadroom, worstSignal };
}

interface BuildContext {
  thresholdsByNode(node: string): NodeThresholds;
  pressure: ReadonlyMap<string, LatestPressure>;
  podsByNode: ReadonlyMap<string, PodSnapshot[]>;
  newestMinor: number | null;
  now: Date;
}

/** One node's table row, from the caches and the latest pressure reading. */
export function buildNodeSummary(
  collector: ClusterCollector,
  node: NodeSnapshot,
  ctx: BuildContext,
): NodeSummary {
  const readyCond = node.conditions.find((c) => c.type === 'Ready');
  const ready = (
    readyCond?.status === 'True' || readyCond?.status === 'False' ? readyCond.status : 'Unknown'
  ) as NodeSummary['ready'];
  const badConditions: string[] = [];
  const unknownConditions: string[] = [];
  const problems: NodeSummary['problems'] = [];
  for (const c of node.conditions) {
    if (c.type === 'Ready') continue;
    if (isNodeProblemCondition(c.type)) {
      if (c.status === 'True') {
        const cls = classifyNodeProblem({
          type: c.type,
          status: c.status,
          reason: c.reason ?? '',
        } as RuleCondition);
        problems.push({
          type: c.type,
          reason: c.reason ?? '',
          severity: cls?.severity ?? 'warning',
        });
      }
      continue;
    }
    const healthy = HEALTHY_STATUS[c.type];
    if (healthy === undefined || c.status === healthy) continue;
    // Unknown means the kubelet has stopped reporting (the node lifecycle controller's mark), not pressure.
    if (c.status === 'Unknown') unknownConditions.push(c.type);
    else badConditions.push(c.type);
  }
  const th = ctx.thresholdsByNode(node.name);
  const { memory, disk, pid, worstHeadroom, worstSignal } = headroomsOf(
    th,
    ctx.pressure.get(node.name),
    qty(node.capacity.memory),
  );
  let cpuReq = 0;
  let memReq = 0;
  const pods = ctx.podsByNode.get(node.name) ?? [];
  for (const pod of pods) {
    const t = getPodRequestTotals(pod);
    cpuReq += t.cpuMilli;
    memReq += t.memoryBytes;
  }
  const lease = collector.cache.leases.get(`${NODE_LEASE_NAMESPACE}/${node.name}`);
  const health = leaseHealthOf(node, lease, ctx.now);
  const minor = minorOf(node.nodeInfo.kubeletVersion);
  return {
    name: node.name,
    ready,
    badConditions,
    unknownConditions,
    problems,
    unschedulable: node.unschedulable,
    memory,
    disk,
    pid,
    worstHeadroom,
    worstSignal,
    thresholdSource: th.source,
    cpu: { allocatableMilli: milli(node.allocatable.cpu), requestedMilli: cpuReq },
    memoryAlloc: { allocatableBytes: qty(node.allocatable.memory), requestedBytes: memReq },
    pods: { count: pods.length, allocatable: qty(node.allocatable.pods) },
    taints: node.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
    kubeletVersion: node.nodeInfo.kubeletVersion ?? null,
    containerRuntimeVersion: node.nodeInfo.containerRuntimeVersion ?? null,
    kernelVersion: node.nodeInfo.kernelVersion ?? null,
    osImage: node.nodeInfo.osImage ?? null,
    kubeletSkew:
      minor !== null && ctx.newestMinor !== null ? Math.max(0, ctx.newestMinor - minor) : 0,
    pool: getNodePool(node.labels),
    tenant: getNodeTenant(node.labels, collector.tenantLabels),
    heartbeatAgeSeconds: health.probeTimestamp
      ? Math.max(0, (ctx.now.getTime() - health.probeTimestamp.getTime()) / 1000)
      : null,
    leaseState: health.state,
    createdAt: node.createdAt?.toISOString() ?? null,
  };
}

/** Every node's row of a cluster, unscoped; built at most every ROWS_TTL_MS and shared by concurrent requests. */
export interface NodeRows {
  rows: NodeSummary[];
  byName: Map<string, NodeSummary>;
  builtAt: Date;
}

const ROWS_TTL_MS = 2_000;
/**
 * Rows up to this old are answered at once while newer ones are built (stale-while-revalidate): at 5,000 nodes a
 * build takes long enough that requests waiting on it made the p99 (bench/RESULTS.md, nodes-api). Older rows wait.
 */
const ROWS_STALE_MS = 10_000;
const PRESSURE_TTL_MS = 5_000;
interface CachedRows {
  at: number;
  value: Promise<NodeRows>;
  /** The last build that finished, and when it started. */
  done?: { at: number; rows: NodeRows };
}
const rowCache = new WeakMap<ClusterCollector, CachedRows>();
const pressureCache = new WeakMap<
  ClusterCollector,
  { at: number; value: Promise<Map<string, LatestPressure>> }
>();

/** The latest pressure reading of every node, cached for a few seconds (the poller runs every 30 s). */
export function getLatestPressureMap(
  collector: ClusterCollector,
  repo: NodeHistoryRepository,
): Promise<Map<string, LatestPressure>> {
  const hit = pressureCache.get(collector);
  if (hit && Date.now() - hit.at < PRESSURE_TTL_MS) return hit.value;
  const value = repo
    .findLatestPressure(collector.name)
    .then((rows) => new Map(rows.map((r) => [r.node, r])));
  pressureCache.set(collector, { at: Date.now(), value });
  value.catch(() => pressureCache.delete(collector));
  return value;
}

/** Active pods grouped by node. */
export function groupPodsByNode(collector: ClusterCollector): Map<string, PodSnapshot[]> {
  const byNode = new Map<string, PodSnapshot[]>();
  for (const pod of collector.cache.pods.values()) {
    if (!pod.nodeName || !isPodActive(pod)) continue;
    const list = byNode.get(pod.nodeName);
    if (list) list.push(pod);
    else byNode.set(pod.nodeName, [pod]);
  }
  return byNode;
}

export function getNodeRows(
  collector: ClusterCollector,
  repo: NodeHistoryRepository,
): Promise<NodeRows> {
  const hit = rowCache.get(collector);
  const now = Date.now();
  // The last finished build, while fresh enough to answer with when a newer one is under way or due.
  const stale = hit?.done && now - hit.done.at < ROWS_STALE_MS ? hit.done : undefined;
  if (hit && now - hit.at < ROWS_TTL_MS) {
    if (hit.done?.at === hit.at) return Promise.resolve(hit.done.rows);
    return stale ? Promise.resolve(stale.rows) : hit.value;
  }
  if (hit && stale && hit.at > stale.at) return Promise.resolve(stale.rows);
  const value = buildNodeRows(collector, repo);
  const entry: CachedRows = { at: now, value, ...(hit?.done ? { done: hit.done } : {}) };
  rowCache.set(collector, entry);
  value.then(
    (rows) => {
      if (!entry.done || entry.done.at < entry.at) entry.done = { at: entry.at, rows };
    },
    () => {
      if (rowCache.get(collector) === entry) rowCache.delete(collector);
    },
  );
  return stale ? Promise.resolve(stale.rows) : value;
}

function buildNodeRows(
  collector: ClusterCollector,
  repo: NodeHistoryRepository,
): Promise<NodeRows> {
  return (async () => {
    const pressure = await getLatestPressureMap(collector, repo);
    const now = new Date();
    const nodes = [...collector.cache.nodes.values()];
    let newestMinor: number | null = null;
    for (const n of nodes) {
      const m = minorOf(n.nodeInfo.kubeletVersion);
      if (m !== null && (newestMinor === null || m > newestMinor)) newestMinor = m;
    }
    const ctx: BuildContext = {
      thresholdsByNode: (name) => thresholdsOf(findCachedConfigz(collector, name)),
      pressure,
      podsByNode: groupPodsByNode(collector),
      newestMinor,
      now,
    };
    const rows = nodes.map((n) => buildNodeSummary(collector, n, ctx));
    return { rows, byName: new Map(rows.map((r) => [r.name, r])), builtAt: now };
  })();
}

/** The rows the caller may see. */
export async function getScopedNodeRows(
  collector: ClusterCollector,
  repo: NodeHistoryRepository,
  scope: TenantScope,
): Promise<{ rows: NodeSummary[]; builtAt: Date }> {
  const all = await getNodeRows(collector, repo);
  if (scope.kind === 'all') return { rows: all.rows, builtAt: all.builtAt };
  return {
    rows: all.rows.filter((r) => r.tenant !== null && scope.tenants.includes(r.tenant)),
    builtAt: all.builtAt,
  };
}
