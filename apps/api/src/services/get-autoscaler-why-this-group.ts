import {
  DEFAULT_EXPANDER,
  findMatchingUntoleratedTaint,
  getRequiredNodeAffinity,
  leastNodesBestOptions,
  leastWasteBestOptions,
  leastWasteScore,
  matchRequiredNodeAffinity,
  mostPodsBestOptions,
  parsePriorityExpanderConfig,
  parseQuantity,
  priorityBestOptions,
  PRIORITY_CONFIG_MAP_KEY,
  PRIORITY_CONFIG_MAP_NAME,
  type AutoscalerNodeGroupStatus,
  type ExpanderNodeInfos,
  type ExpansionOption,
  type PriorityConfig,
  type Quantity,
} from '@plimsoll/shared';
import type {
  WhyThisGroupExpander,
  WhyThisGroupOption,
  WhyThisGroupQuery,
  WhyThisGroupResponse,
} from '@plimsoll/shared/schemas';

import { AppError } from '../errors/app-error.js';
import { readClusterApiObjects, type CapiObject } from '../k8s/read-cluster-api.js';
import { readConfigMapData } from '../k8s/read-configmap.js';
import { readPodSchedulingSpec, type PodSchedulingSpec } from '../k8s/read-pod.js';
import type { NodeSnapshot } from '../k8s/to-node-snapshot.js';
import type { PodSnapshot } from '../k8s/to-pod-snapshot.js';
import { getPodRequestTotals, isPodActive } from './build-node-summaries.js';
import { getAutoscalerStatus } from './get-autoscaler-status.js';
import { getClusterCollector } from './get-cluster.js';
import { sumPodRequests } from './list-autoscaler-pending-pods.js';
import type { ServiceContext } from './service-context.js';

/** The namespace the autoscaler reads its priority-expander ConfigMap from (its own; kube-system by default). */
const PRIORITY_NAMESPACE = 'kube-system';

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

const ZERO = () => parseQuantity('0');
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

function isReady(n: NodeSnapshot): boolean {
  return n.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

function templateFromNode(node: NodeSnapshot, pods: Iterable<PodSnapshot>): Template {
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
function templateFromAnnotations(obj: CapiObject): Template | null {
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

type ExpanderPod = ExpansionOption['pods'][number];

function expanderPod(s: Subject): ExpanderPod {
  return {
    spec: {
      containers: [
        {
          name: 'c',
          resources: { requests: { cpu: s.cpu.toString(), memory: s.memory.toString() } },
        },
      ],
    },
  } as ExpanderPod;
}

async function resolveSubject(
  ctx: ServiceContext,
  cluster: string,
  q: WhyThisGroupQuery,
): Promise<Subject> {
  const collector = getClusterCollector(ctx, cluster);
  if (q.pod !== undefined && q.namespace !== undefined) {
    const cached = collector.cache.pods.get(`${q.namespace}/${q.pod}`);
    let spec: PodSchedulingSpec | null = null;
    try {
      spec = await readPodSchedulingSpec(collector.client, q.namespace, q.pod);
    } catch {
      spec = null;
    }
    if (!spec && !cached)
      throw new AppError('NOT_FOUND', `No pod ${q.namespace}/${q.pod} in cluster ${cluster}.`);
    const containers = spec
      ? spec.containers.map((c) => ({
          name: c.name ?? '',
          requests: c.resources?.requests ?? {},
          limits: c.resources?.limits ?? {},
        }))
      : (cached as PodSnapshot).containers;
    const r = sumPodRequests({ containers });
    return {
      kind: 'pod',
      namespace: q.namespace,
      name: q.pod,
      replicas: 1,
      cpu: r.cpu ?? ZERO(),
      memory: r.memory ?? ZERO(),
      tolerations: spec?.tolerations ?? [],
      nodeSelector: spec?.nodeSelector ?? {},
      requiredNodeAffinity: spec?.requiredNodeAffinity ?? null,
      specSource: spec ? 'api' : 'cache',
    };
  }
  let cpu: Quantity;
  let memory: Quantity;
  try {
    cpu = parseQuantity(q.cpu ?? '0');
    memory = parseQuantity(q.memory ?? '0');
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', `Bad quantity: ${(err as Error).message}`);
  }
  const tolerate = (q.tolerate ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const nodeSelector: Record<string, string> = {};
  for (const kv of (q.nodeSelector ?? '').split(',')) {
    const [k, ...v] = kv.split('=');
    if (k?.trim()) nodeSelector[k.trim()] = v.join('=').trim();
  }
  return {
    kind: 'hypothetical',
    namespace: null,
    name: null,
    replicas: q.replicas ?? 1,
    cpu,
    memory,
    tolerations: tolerate.map((key) =>
      key === '*' ? { operator: 'Exists' } : { key, operator: 'Exists' },
    ),
    nodeSelector,
    requiredNodeAffinity: null,
    specSource: 'query',
  };
}

function priorityScores(
  options: ExpansionOption[],
  config: PriorityConfig,
): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const o of options) {
    let best: number | null = null;
    for (const [prio, res] of config)
      if (res.some((re) => re.test(o.nodeGroup)) && (best === null || prio > best)) best = prio;
    out.set(o.nodeGroup, best);
  }
  return out;
}

/**
 * Which node group each expander would grow for a pending pod or a hypothetical one: the node groups of the
 * current status as options (template node = a Ready node of the group, else Cluster API scale-from-zero
 * annotations), filtered by the scheduler's predicates, then least-waste, most-pods, least-nodes and priority
 * from @plimsoll/shared.
 */
export async function getAutoscalerWhyThisGroup(
  ctx: ServiceContext,
  cluster: string,
  q: WhyThisGroupQuery,
): Promise<WhyThisGroupResponse> {
  const collector = getClusterCollector(ctx, cluster);
  const [subject, current] = await Promise.all([
    resolveSubject(ctx, cluster, q),
    getAutoscalerStatus(ctx, cluster),
  ]);
  const groups = current.status?.nodeGroups ?? [];
  const byGroup = assignNodesToGroups(
    collector.cache.nodes.values(),
    groups.map((g) => g.name),
  );
  const client = collector.client;

  // Scale-from-zero templates: only needed, and only read, for groups without a node.
  const capiTemplates = new Map<string, Template>();
  if (
    groups.some(
      (g) => (byGroup.get(g.name) ?? []).length === 0 && /^Machine(Deployment|Set)\//.test(g.name),
    )
  ) {
    try {
      const capi = await readClusterApiObjects(client);
      for (const obj of [...capi.machineDeployments, ...capi.machineSets]) {
        const kind = capi.machineDeployments.includes(obj) ? 'MachineDeployment' : 'MachineSet';
        const t = templateFromAnnotations(obj);
        if (t) capiTemplates.set(`${kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`, t);
      }
    } catch {
      // No templates from annotations; such groups are reported as having no template.
    }
  }

  const podSnapshots = [...collector.cache.pods.values()];
  const options: WhyThisGroupOption[] = groups.map((g) => {
    const nodes = (byGroup.get(g.name) ?? []).slice().sort((a, b) => a.name.localeCompare(b.name));
    const node = nodes.find(isReady) ?? nodes[0];
    const template = node
      ? templateFromNode(node, podSnapshots)
      : (capiTemplates.get(g.name) ?? null);
    const verdict = evaluateGroup(g, template, subject);
    return {
      nodeGroup: g.name,
      minSize: g.health.minSize,
      target: g.health.cloudProviderTarget,
      maxSize: g.health.maxSize,
      template: template
        ? {
            source: template.source,
            name: template.name,
            cpu: template.capacity.cpu,
            memory: template.capacity.memory,
            pods: template.allocatable.pods === null ? null : String(template.allocatable.pods),
            taints: template.taints.map(
              (t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`,
            ),
          }
        : null,
      excluded: verdict.excluded,
      nodeCount: verdict.nodeCount,
      podCount: verdict.podCount,
      wasteScore: null,
    };
  });

  const pod = expanderPod(subject);
  const candidates: ExpansionOption[] = options
    .filter((o) => o.excluded === null)
    .map((o) => ({
      nodeGroup: o.nodeGroup,
      nodeCount: o.nodeCount,
      pods: Array.from({ length: o.podCount }, () => pod),
    }));
  const nodeInfos: ExpanderNodeInfos = {};
  for (const o of options)
    if (o.template)
      nodeInfos[o.nodeGroup] = { capacity: { cpu: o.template.cpu, memory: o.template.memory } };
  for (const o of options) {
    const c = candidates.find((x) => x.nodeGroup === o.nodeGroup);
    const score = c ? leastWasteScore(c, nodeInfos) : undefined;
    o.wasteScore = score === undefined || !Number.isFinite(score) ? null : score;
  }

  const noOptions =
    candidates.length === 0 ? 'No node group can take the pod: nothing to expand.' : null;
  const expanders: WhyThisGroupExpander[] = [];
  const lw = leastWasteBestOptions(candidates, nodeInfos);
  expanders.push({
    name: 'least-waste',
    isDefault: DEFAULT_EXPANDER === 'least-waste',
    chosen: lw.map((s) => s.option.nodeGroup),
    scores: candidates.map((c) => ({
      nodeGroup: c.nodeGroup,
      score: options.find((o) => o.nodeGroup === c.nodeGroup)?.wasteScore ?? null,
    })),
    note:
      noOptions ?? 'Lowest wasted CPU fraction + wasted memory fraction of the new nodes (0–2).',
    error: null,
  });
  const mp = mostPodsBestOptions(candidates);
  expanders.push({
    name: 'most-pods',
    isDefault: false,
    chosen: mp.map((s) => s.option.nodeGroup),
    scores: candidates.map((c) => ({ nodeGroup: c.nodeGroup, score: c.pods.length })),
    note: noOptions ?? 'Most pending pods scheduled.',
    error: null,
  });
  const ln = leastNodesBestOptions(candidates);
  expanders.push({
    name: 'least-nodes',
    isDefault: false,
    chosen: ln.map((s) => s.option.nodeGroup),
    scores: candidates.map((c) => ({ nodeGroup: c.nodeGroup, score: c.nodeCount })),
    note: noOptions ?? 'Fewest new nodes.',
    error: null,
  });

  const priorityConfigMap = {
    name: `${PRIORITY_NAMESPACE}/${PRIORITY_CONFIG_MAP_NAME}`,
    found: false,
    priorities: null as string | null,
    error: null as string | null,
  };
  const prio: WhyThisGroupExpander = {
    name: 'priority',
    isDefault: false,
    chosen: [],
    scores: [],
    note: null,
    error: null,
  };
  try {
    const data = await readConfigMapData(client, PRIORITY_NAMESPACE, PRIORITY_CONFIG_MAP_NAME);
    if (data === null) {
      priorityConfigMap.error = `ConfigMap ${priorityConfigMap.name} does not exist: with --expander=priority the autoscaler would log an error and not expand.`;
      prio.error = priorityConfigMap.error;
    } else {
      priorityConfigMap.found = true;
      priorityConfigMap.priorities = data[PRIORITY_CONFIG_MAP_KEY] ?? null;
      const config = parsePriorityExpanderConfig(data[PRIORITY_CONFIG_MAP_KEY] ?? '');
      const best = priorityBestOptions(candidates, config);
      const scores = priorityScores(candidates, config);
      prio.chosen = best.map((s) => s.option.nodeGroup);
      prio.scores = candidates.map((c) => ({
        nodeGroup: c.nodeGroup,
        score: scores.get(c.nodeGroup) ?? null,
      }));
      prio.note =
        noOptions ??
        (best.length > 0 && best.every((s) => s.score === undefined)
          ? 'No group matches any priority pattern: every option is kept.'
          : 'Highest priority whose pattern matches the node group id.');
    }
  } catch (err) {
    priorityConfigMap.error = (err as Error).message;
    prio.error = (err as Error).message;
  }
  expanders.push(prio);

  return {
    cluster,
    subject: {
      kind: subject.kind,
      namespace: subject.namespace,
      name: subject.name,
      replicas: subject.replicas,
      requests: { cpu: subject.cpu.toString(), memory: subject.memory.toString() },
      tolerations: subject.tolerations.map((t) =>
        t.key
          ? `${t.key}${t.operator === 'Exists' ? '' : `=${t.value ?? ''}`}${t.effect ? `:${t.effect}` : ''}`
          : '*',
      ),
      nodeSelector: subject.nodeSelector,
      specSource: subject.specSource,
    },
    fitsExistingNodes: existingNodesThatFit(collector.cache.nodes.values(), podSnapshots, subject),
    options,
    expanders,
    priorityConfigMap,
    statusObservedAt: current.observedAt,
  };
}
