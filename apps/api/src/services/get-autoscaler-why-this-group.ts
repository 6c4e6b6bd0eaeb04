import {
  DEFAULT_EXPANDER,
  leastNodesBestOptions,
  leastWasteBestOptions,
  leastWasteScore,
  mostPodsBestOptions,
  parsePriorityExpanderConfig,
  parseQuantity,
  priorityBestOptions,
  PRIORITY_CONFIG_MAP_KEY,
  PRIORITY_CONFIG_MAP_NAME,
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
import { readClusterApiObjects } from '../k8s/read-cluster-api.js';
import { readConfigMapData } from '../k8s/read-configmap.js';
import { readPodSchedulingSpec, type PodSchedulingSpec } from '../k8s/read-pod.js';
import type { PodSnapshot } from '../k8s/to-pod-snapshot.js';
import {
  ZERO,
  assignNodesToGroups,
  evaluateGroup,
  existingNodesThatFit,
  isReady,
  templateFromAnnotations,
  templateFromNode,
  type Subject,
  type Template,
} from './autoscaler-group-fit.js';
import { getAutoscalerStatus } from './get-autoscaler-status.js';
import { getClusterCollector } from './get-cluster.js';
import { sumPodRequests } from './list-autoscaler-pending-pods.js';
import type { ServiceContext } from './service-context.js';

/** The namespace the autoscaler reads its priority-expander ConfigMap from (its own; kube-system by default). */
const PRIORITY_NAMESPACE = 'kube-system';

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
