import { parseQuantity, type Quantity, type TenantScope } from '@plimsoll/shared';
import {
  WORKLOAD_DEFAULT_RANGE_MS,
  type EvictionOffenderWire,
  type ListWorkloadsQuery,
  type ListWorkloadsResponse,
  type WorkloadDetailQuery,
  type WorkloadDetailResponse,
  type WorkloadEvictionUsage,
} from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import { AppError } from '../errors/app-error.js';
import type { EvictionFilter, EvictionRepository } from '../repositories/eviction-repository.js';
import { getPodRequestTotals, isPodActive } from './build-node-summaries.js';
import { resolveEvictionRange, scopeTenantsOf, toEvictionWire } from './eviction-query.js';
import { assertNamespaceInScope } from './resolve-tenant-scope.js';

/** The newest evictions whose usage the detail lists. */
const USAGE_ROWS = 500;

function rangeOf(q: { from?: string; to?: string }, now: Date) {
  const to = q.to ?? now.toISOString();
  const from = q.from ?? new Date(Date.parse(to) - WORKLOAD_DEFAULT_RANGE_MS).toISOString();
  return resolveEvictionRange({ from, to }, now);
}

/**
 * Repeat offenders: the workloads with the most evictions in the range (a week by default), with how many pods
 * and nodes those evictions hit and for which resources. Tenant admins see their namespaces' workloads only.
 */
export async function listWorkloads(input: {
  repo: EvictionRepository;
  cluster: string;
  query: ListWorkloadsQuery;
  scope: TenantScope;
  now: Date;
}): Promise<ListWorkloadsResponse> {
  const { from, to } = rangeOf(input.query, input.now);
  const filter: EvictionFilter = {
    cluster: input.cluster,
    from,
    to,
    namespaces: input.query.namespace ? [input.query.namespace] : undefined,
    scopeTenants: scopeTenantsOf(input.scope),
  };
  const top = await input.repo.countEvictionsByWorkload(filter, input.query.limit);
  const keyOf = (w: { namespace: string; kind: string; name: string }) =>
    `${w.namespace}/${w.kind}/${w.name}`;
  const resources = new Map<string, Record<string, number>>();
  if (top.length > 0) {
    const rows = await input.repo.countWorkloadEvictionsByResource({
      ...filter,
      owners: top.map((w) => ({ kind: w.kind, name: w.name })),
    });
    for (const r of rows) {
      const k = keyOf(r);
      resources.set(k, { ...resources.get(k), [r.resource]: Number(r.n) });
    }
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    workloads: top.map((w) => ({
      namespace: w.namespace,
      kind: w.kind,
      name: w.name,
      tenant: w.tenant,
      evictions: Number(w.n),
      pods: Number(w.pods),
      nodes: Number(w.nodes),
      resources: resources.get(keyOf(w)) ?? {},
      lastEvictedAt: new Date(w.lastEvictedAt).toISOString(),
    })),
  };
}

/**
 * What the evicted pod used of the starved resource against its request, summed over the offenders the kubelet's
 * message named (a pod-level offender, as for ephemeral storage, stands for the whole pod). The request is
 * unknown when any offender's is.
 */
export function usageAtEviction(
  offenders: readonly EvictionOffenderWire[],
): Pick<WorkloadEvictionUsage, 'usage' | 'request' | 'usageToRequest'> {
  const none = { usage: null, request: null, usageToRequest: null };
  const counted = offenders.some((o) => o.kind === 'pod')
    ? offenders.filter((o) => o.kind === 'pod')
    : offenders;
  if (counted.length === 0) return none;
  try {
    let usage: Quantity | null = null;
    let request: Quantity | null = null;
    let requestKnown = true;
    for (const o of counted) {
      const u = parseQuantity(o.usage);
      usage = usage ? usage.add(u) : u;
      if (o.request === null) requestKnown = false;
      else {
        const r = parseQuantity(o.request);
        request = request ? request.add(r) : r;
      }
    }
    if (!usage) return none;
    const req = requestKnown ? request : null;
    const ratio =
      req && !req.isZero() ? Number(usage.milliValue()) / Number(req.milliValue()) : null;
    return { usage: usage.toString(), request: req?.toString() ?? null, usageToRequest: ratio };
  } catch {
    // A usage the kubelet's message spelled in a way no quantity parses: say nothing rather than guess.
    return none;
  }
}

/**
 * One workload: its evictions over the range by node, QoS class and resource; usage against request at each of
 * the newest 500; and its pods now with their requests and working set. 404 when the cluster knows neither
 * evictions nor pods of it; 403 for a tenant admin outside the workload's namespace.
 */
export async function getWorkloadDetail(input: {
  repo: EvictionRepository;
  collector: ClusterCollector;
  cluster: string;
  workload: { namespace: string; kind: string; name: string };
  query: WorkloadDetailQuery;
  scope: TenantScope;
  now: Date;
}): Promise<WorkloadDetailResponse> {
  const { repo, cluster, workload, collector } = input;
  const tenant = await repo.findNamespaceTenant(cluster, workload.namespace);
  assertNamespaceInScope(workload.namespace, tenant, input.scope);
  const { from, to } = rangeOf(input.query, input.now);
  const filter: EvictionFilter = {
    cluster,
    from,
    to,
    namespaces: [workload.namespace],
    owners: [{ kind: workload.kind, name: workload.name }],
    scopeTenants: scopeTenantsOf(input.scope),
  };
  const [byNode, byQos, byResource, newest] = await Promise.all([
    repo.countEvictionsByGroup(filter, 'node'),
    repo.countEvictionsByGroup(filter, 'qos'),
    repo.countEvictionsByGroup(filter, 'resource'),
    repo.findEvictions(filter, { limit: USAGE_ROWS }),
  ]);
  const pods = [...collector.cache.pods.values()]
    .filter(
      (p) =>
        p.namespace === workload.namespace &&
        p.ownerKind === workload.kind &&
        p.ownerName === workload.name &&
        isPodActive(p),
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => {
      const requests = getPodRequestTotals(p);
      const stats = p.nodeName
        ? collector.kubelet
            .summary(p.nodeName)
            ?.pods.find((s) => s.podRef.namespace === p.namespace && s.podRef.name === p.name)
        : undefined;
      return {
        name: p.name,
        node: p.nodeName,
        phase: p.phase,
        qosClass: p.qosClass,
        cpuRequestMilli: requests.cpuMilli,
        memoryRequestBytes: requests.memoryBytes,
        memoryUsageBytes: stats?.memory?.workingSetBytes ?? null,
      };
    });
  const counts = (rows: Array<{ key: string; n: number }>) =>
    rows.map((r) => ({ key: r.key, n: Number(r.n) }));
  const total = byNode.reduce((s, r) => s + Number(r.n), 0);
  if (total === 0 && pods.length === 0) {
    throw new AppError(
      'NOT_FOUND',
      `No ${workload.kind} ${workload.namespace}/${workload.name} in cluster ${cluster}: no pod of it now and no eviction in the range.`,
    );
  }
  return {
    ...workload,
    tenant,
    from: from.toISOString(),
    to: to.toISOString(),
    total,
    byNode: counts(byNode),
    byQos: counts(byQos),
    byResource: counts(byResource),
    usage: newest.map((r) => {
      const e = toEvictionWire(r);
      return {
        id: e.id,
        pod: e.pod,
        node: e.node,
        qosClass: e.qosClass,
        resource: e.resource,
        evictedAt: e.evictedAt,
        ...usageAtEviction(e.offenders),
      };
    }),
    pods,
  };
}
