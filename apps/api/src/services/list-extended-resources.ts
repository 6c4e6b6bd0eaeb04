import { parseQuantity, type Quantity } from '@plimsoll/shared';
import type {
  ExtendedResourceOnNode,
  ListExtendedResourcesResponse,
} from '@plimsoll/shared/schemas';

import { getClusterCollector } from './get-cluster.js';
import { isUnscheduledPod, sumPodRequests } from './list-autoscaler-pending-pods.js';
import type { ServiceContext } from './service-context.js';

/**
 * IsExtendedResourceName (pkg/apis/core/helper/helpers.go): a domain-prefixed name outside kubernetes.io, not
 * a quota `requests.` name. (The same rule is private in @plimsoll/shared's quota-usage.ts.)
 */
export function isExtendedResourceName(name: string): boolean {
  if (!name.includes('/') || name.includes('kubernetes.io/')) return false;
  if (name.startsWith('requests.')) return false;
  const [prefix = '', local = ''] = name.split('/');
  return (
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(prefix) &&
    /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(local)
  );
}

const isTerminated = (phase: string | null) => phase === 'Succeeded' || phase === 'Failed';

/**
 * Nodes advertising extended resources in status.capacity and what the pods bound to them request. Extended
 * resources are integers, never overcommitted (requests must equal limits) and never reclaimed by eviction.
 */
export function listExtendedResources(
  ctx: ServiceContext,
  cluster: string,
): ListExtendedResourcesResponse {
  const collector = getClusterCollector(ctx, cluster);
  const podsByNode = new Map<
    string,
    Array<{
      namespace: string;
      name: string;
      phase: string | null;
      requests: Record<string, Quantity>;
    }>
  >();
  const pendingPods: ListExtendedResourcesResponse['pendingPods'] = [];
  for (const p of collector.cache.pods.values()) {
    if (isTerminated(p.phase)) continue;
    const req = sumPodRequests(p);
    const ext = Object.fromEntries(Object.entries(req).filter(([k]) => isExtendedResourceName(k)));
    if (Object.keys(ext).length === 0) continue;
    if (isUnscheduledPod(p)) {
      pendingPods.push({
        namespace: p.namespace,
        name: p.name,
        requests: Object.fromEntries(Object.entries(ext).map(([k, q]) => [k, q.toString()])),
      });
      continue;
    }
    if (!p.nodeName) continue;
    podsByNode.set(p.nodeName, [
      ...(podsByNode.get(p.nodeName) ?? []),
      { namespace: p.namespace, name: p.name, phase: p.phase, requests: ext },
    ]);
  }
  const nodes: ExtendedResourceOnNode[] = [];
  const totals = new Map<string, { nodes: number; allocatable: Quantity; allocated: Quantity }>();
  for (const n of [...collector.cache.nodes.values()].sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const names = new Set(
      [...Object.keys(n.capacity), ...Object.keys(n.allocatable)].filter(isExtendedResourceName),
    );
    for (const resource of [...names].sort()) {
      const allocatable = parseQuantity(n.allocatable[resource] ?? '0');
      let allocated = parseQuantity('0');
      const pods = [];
      for (const p of podsByNode.get(n.name) ?? []) {
        const q = p.requests[resource];
        if (!q) continue;
        allocated = allocated.add(q);
        pods.push({ namespace: p.namespace, name: p.name, phase: p.phase, amount: q.toString() });
      }
      const free = allocatable.sub(allocated);
      nodes.push({
        node: n.name,
        resource,
        capacity: n.capacity[resource] ?? '0',
        allocatable: allocatable.toString(),
        allocated: allocated.toString(),
        free: free.sign() < 0 ? '0' : free.toString(),
        pods,
      });
      const t = totals.get(resource) ?? {
        nodes: 0,
        allocatable: parseQuantity('0'),
        allocated: parseQuantity('0'),
      };
      totals.set(resource, {
        nodes: t.nodes + 1,
        allocatable: t.allocatable.add(allocatable),
        allocated: t.allocated.add(allocated),
      });
    }
  }
  return {
    cluster,
    resources: [...totals].map(([resource, t]) => ({
      resource,
      nodes: t.nodes,
      allocatable: t.allocatable.toString(),
      allocated: t.allocated.toString(),
    })),
    nodes,
    pendingPods,
  };
}
