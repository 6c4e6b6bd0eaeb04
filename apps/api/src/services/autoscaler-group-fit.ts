// Would a pod fit a node group or an existing node? The autoscaler's answer for why-this-group: node groups from
// node labels, a group's template node (a live node of the group, else the Cluster API capacity annotations), and the
// scheduler predicates the autoscaler's simulation runs (NodeUnschedulable, TaintToleration, NodeAffinity,
// NodeResourcesFit).
import {
  findMatchingUntoleratedTaint,
  getRequiredNodeAffinity,
  matchRequiredNodeAffinity,
  parseQuantity,
  type AutoscalerNodeGroupStatus,
  type Quantity,
} from '@plimsoll/shared';

import type { CapiObject } from '../k8s/read-cluster-api.js';
import type { PodSchedulingSpec } from '../k8s/read-pod.js';
import type { NodeSnapshot } from '../k8s/to-node-snapshot.js';
import type { PodSnapshot } from '../k8s/to-pod-snapshot.js';
import { getPodRequestTotals, isPodActive } from './build-node-summaries.js';
import { sumPodRequests } from './list-autoscaler-pending-pods.js';

/**
 * Node labels that name a node's group on the common providers; a node belongs to the group whose id contains
 * the label's value as a whole token (`batch` in `MachineDeployment/default/plimsoll-sim-batch`).
 */
export const NODE_GROUP_LABELS = [
  'plimsoll.io/pool',
  'eks.amazonaws.com/nodegroup',
  'alpha.eksctl.io/nodegroup-name',
  'cloud.google.com/gke-nodepool',
  'kubernetes.azure.com/agentpool',
  'agentpool',
  'kops.k8s.io/instancegroup',
  'node.cluster.x-k8s.io/deployment-name',
] as const;

/** Taints a template node drops: the autoscaler's own, and the node lifecycle's (SanitizeNode). */
const TEMPLATE_IGNORED_TAINTS =
  /^(ToBeDeletedByClusterAutoscaler|DeletionCandidateOfClusterAutoscaler|node\.kubernetes\.io\/|node\.cloudprovider\.kubernetes\.io\/uninitialized)/;

/** cluster-autoscaler's Cluster API scale-from-zero annotations (clusterapi provider README). */
const CAPACITY_ANNOTATION = 'capacity.cluster-autoscaler.kubernetes.io/';

/** A node group's template node, as the scheduler predicates see it. */
export interface Template {
  source: 'node' | 'annotations';
  name: string;
  capacity: { cpu: string; memory: string };
  allocatable: { cpu: Quantity; memory: Quantity; pods: number | null };
  labels: Record<string, string>;
  taints: Array<{ key: string; value: string | null; effect: string }>;
  daemonSet: { cpu: Quantity; memory: Quantity; pods: number };
}

/** The pod (or hypothetical pod) to place. */
export interface Subject {
  kind: 'pod' | 'hypothetical';
  namespace: string | null;
  name: string | null;
  replicas: number;
  cpu: Quantity;
  memory: Quantity;
  tolerations: PodSchedulingSpec['tolerations'];
  nodeSelector: Record<string, string>;
  requiredNodeAffinity: PodSchedulingSpec['requiredNodeAffinity'];
  specSource: 'api' | 'cache' | 'query';
}

export const ZERO = () => parseQuantity('0');
const tokenMatch = (id: string, value: string) =>
  value !== '' &&
  new RegExp(`(^|[-/_.:])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([-/_.:]|$)`).test(id);

/** What the scheduler's filters see of one node: its name and labels, its taints and the room left on it. */
interface PlacementTarget {
  name: string;
  labels: Record<string, string>;
  taints: Array<{ key: string; value: string | null; effect: string }>;
  freeCpu: Quantity;
  freeMem: Quantity;
  freePods: number;
}

/**
 * The reason the first of the scheduler's filters that rejects the pod gives, in the scheduler's words, or null
 * when the pod fits: TaintToleration (NoSchedule and NoExecute taints), NodeAffinity (nodeSelector ANDed with the
 * required affinity), NodeResourcesFit (cpu, memory, pod count).
 */
function rejectedBy(node: PlacementTarget, s: Subject): string | null {
  const taint = findMatchingUntoleratedTaint(
    node.taints.map((t) => ({
      key: t.key,
      effect: t.effect,
      ...(t.value !== null ? { value: t.value } : {}),
    })),
    s.tolerations,
    (t) => t.effect !== 'PreferNoSchedule',
  );
  if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  const placement = getRequiredNodeAffinity({
    spec: {
      nodeSelector: s.nodeSelector,
      ...(s.requiredNodeAffinity !== null
        ? {
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: s.requiredNodeAffinity,
                },
              },
            },
          }
        : {}),
    },
  });
  if (
    !matchRequiredNodeAffinity(placement, { metadata: { name: node.name, labels: node.labels } })
      .match
  ) {
    return "node(s) didn't match Pod's node affinity/selector";
  }
  if (s.cpu.cmp(node.freeCpu) > 0) return 'Insufficient cpu';
  if (s.memory.cmp(node.freeMem) > 0) return 'Insufficient memory';
  if (node.freePods < 1) return 'Too many pods';
  return null;
}

/** How many nodes a why-this-group answer names as examples of nodes that fit. */
const FITTING_EXAMPLES = 5;

/**
 * Ready, schedulable nodes the pod fits on now, by the same filters, with the room the scheduler counts (allocatable
 * minus the requests of the pods bound there). cluster-autoscaler scales up only for pods that fit nowhere
 * (filterOutSchedulable runs before any expander), so a pod that fits here is the scheduler's to place.
 */
export function existingNodesThatFit(
  nodes: Iterable<NodeSnapshot>,
  pods: Iterable<PodSnapshot>,
  s: Subject,
): { count: number; examples: string[] } {
  const used = new Map<string, { cpuMilli: number; memoryBytes: number; pods: number }>();
  for (const p of pods) {
    if (!p.nodeName || !isPodActive(p)) continue;
    const t = getPodRequestTotals(p);
    const u = used.get(p.nodeName) ?? { cpuMilli: 0, memoryBytes: 0, pods: 0 };
    u.cpuMilli += t.cpuMilli;
    u.memoryBytes += t.memoryBytes;
    u.pods++;
    used.set(p.nodeName, u);
  }
  const unschedulable = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
  const fitting: string[] = [];
  for (const node of nodes) {
    if (!isReady(node)) continue;
    // NodeUnschedulable: a cordoned node takes only pods that tolerate its unschedulable taint.
    if (
      node.unschedulable &&
      findMatchingUntoleratedTaint([unschedulable], s.tolerations, () => true)
    )
      continue;
    const u = used.get(node.name) ?? { cpuMilli: 0, memoryBytes: 0, pods: 0 };
    let target: PlacementTarget;
    try {
      target = {
        name: node.name,
        labels: node.labels,
        taints: node.taints,
        freeCpu: parseQuantity(node.allocatable.cpu ?? '0').sub(parseQuantity(`${u.cpuMilli}m`)),
        freeMem: parseQuantity(node.allocatable.memory ?? '0').sub(
          parseQuantity(`${u.memoryBytes}`),
        ),
        freePods: node.allocatable.pods ? Number(node.allocatable.pods) - u.pods : Infinity,
      };
    } catch {
      continue; // a malformed allocatable: the scheduler could not place anything there either
    }
    if (rejectedBy(target, s) === null) fitting.push(node.name);
  }
  fitting.sort((a, b) => a.localeCompare(b));
  return { count: fitting.length, examples: fitting.slice(0, FITTING_EXAMPLES) };
}

/** The group each node belongs to, by the node-group labels (longest matching value wins; ties stay unassigned). */
export function assignNodesToGroups(
  nodes: Iterable<NodeSnapshot>,
  groupIds: string[],
): Map<string, NodeSnapshot[]> {
  const out = new Map<string, NodeSnapshot[]>(groupIds.map((g) => [g, []]));
  for (const node of nodes) {
    let best: { group: string; len: number } | null = null;
    let tie = false;
    for (const label of NODE_GROUP_LABELS) {
      const v = node.labels[label];
      if (!v) continue;
      for (const g of groupIds) {
        if (!tokenMatch(g, v)) continue;
        if (!best || v.length > best.len) {
          best = { group: g, len: v.length };
          tie = false;
        } else if (v.length === best.len && best.group !== g) tie = true;
      }
    }
    if (best && !tie) out.get(best.group)?.push(node);
  }
  return out;
}

export function isReady(n: NodeSnapshot): boolean {
  return n.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

export function templateFromNode(node: NodeSnapshot, pods: Iterable<PodSnapshot>): Template {
  let dsCpu = ZERO();
  let dsMem = ZERO();
  let dsPods = 0;
  for (const p of pods) {
    if (p.nodeName !== node.name || p.ownerKind !== 'DaemonSet') continue;
    if (p.phase === 'Succeeded' || p.phase === 'Failed') continue;
    const r = sumPodRequests(p);
    if (r.cpu) dsCpu = dsCpu.add(r.cpu);
    if (r.memory) dsMem = dsMem.add(r.memory);
    dsPods++;
  }
  return {
    source: 'node',
    name: node.name,
    capacity: { cpu: node.capacity.cpu ?? '0', memory: node.capacity.memory ?? '0' },
    allocatable: {
      cpu: parseQuantity(node.allocatable.cpu ?? node.capacity.cpu ?? '0'),
      memory: parseQuantity(node.allocatable.memory ?? node.capacity.memory ?? '0'),
      pods: node.allocatable.pods ? Number(node.allocatable.pods) : null,
    },
    labels: node.labels,
    taints: node.taints.filter((t) => !TEMPLATE_IGNORED_TAINTS.test(t.key)),
    daemonSet: { cpu: dsCpu, memory: dsMem, pods: dsPods },
  };
}

/** A template from a MachineDeployment's/MachineSet's scale-from-zero capacity annotations, when it has them. */
export function templateFromAnnotations(obj: CapiObject): Template | null {
  const a = obj.metadata.annotations ?? {};
  const cpu = a[`${CAPACITY_ANNOTATION}cpu`];
  const memory = a[`${CAPACITY_ANNOTATION}memory`];
  if (!cpu || !memory) return null;
  const labels: Record<string, string> = {};
  for (const kv of (a[`${CAPACITY_ANNOTATION}labels`] ?? '').split(',')) {
    const [k, v] = kv.split('=');
    if (k) labels[k.trim()] = (v ?? '').trim();
  }
  const taints: Template['taints'] = [];
  // "key=value:Effect,key2=value2:Effect2"
  for (const t of (a[`${CAPACITY_ANNOTATION}taints`] ?? '').split(',')) {
    const m = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(t.trim());
    if (m) taints.push({ key: m[1] as string, value: m[2] ?? null, effect: m[3] as string });
  }
  const maxPods = a[`${CAPACITY_ANNOTATION}maxPods`];
  return {
    source: 'annotations',
    name: `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`,
    capacity: { cpu, memory },
    allocatable: {
      cpu: parseQuantity(cpu),
      memory: parseQuantity(memory),
      pods: maxPods ? Number(maxPods) : null,
    },
    labels,
    taints,
    daemonSet: { cpu: ZERO(), memory: ZERO(), pods: 0 },
  };
}

/** Why the group cannot host the subject (the scheduler's predicate wording), or how many nodes it would add. */
export function evaluateGroup(
  g: AutoscalerNodeGroupStatus,
  template: Template | null,
  s: Subject,
): { excluded: string | null; nodeCount: number; podCount: number } {
  const no = (excluded: string) => ({ excluded, nodeCount: 0, podCount: 0 });
  if (g.scaleUp.status === 'Backoff') {
    const b = g.scaleUp.backoff;
    return no(`in backoff after failed scale-up${b ? ` (${b.errorCode}: ${b.errorMessage})` : ''}`);
  }
  if (g.health.cloudProviderTarget >= g.health.maxSize) return no('max node group size reached');
  if (!template)
    return no(
      'no template node: the group has no nodes and no scale-from-zero capacity annotations',
    );
  const freeCpu = template.allocatable.cpu.sub(template.daemonSet.cpu);
  const freeMem = template.allocatable.memory.sub(template.daemonSet.memory);
  const freePods =
    template.allocatable.pods === null
      ? Infinity
      : template.allocatable.pods - template.daemonSet.pods;
  // sanitizeTemplateNode (cluster-autoscaler core/utils) renames a template node to
  // template-node-for-<group>-<random>, so matchFields on metadata.name never picks a template.
  const rejected = rejectedBy(
    {
      name: `template-node-for-${g.name}`,
      labels: template.labels,
      taints: template.taints,
      freeCpu,
      freeMem,
      freePods,
    },
    s,
  );
  if (rejected) return no(rejected);
  const per = (free: Quantity, req: Quantity, milli: boolean) =>
    req.isZero()
      ? Infinity
      : Number(
          (milli ? free.milliValue() : free.value()) / (milli ? req.milliValue() : req.value()),
        );
  const perNode = Math.max(
    1,
    Math.min(per(freeCpu, s.cpu, true), per(freeMem, s.memory, false), freePods),
  );
  const room = g.health.maxSize - g.health.cloudProviderTarget;
  const nodeCount = Math.min(room, Math.ceil(s.replicas / perNode));
  return {
    excluded: null,
    nodeCount,
    podCount: Math.min(s.replicas, perNode === Infinity ? s.replicas : nodeCount * perNode),
  };
}
