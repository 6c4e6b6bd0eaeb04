/**
 * The disruption controller of kube-controller-manager (pkg/controller/disruption/disruption.go): keeps each
 * PodDisruptionBudget's status — currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed,
 * observedGeneration, the DisruptionAllowed condition — in step with the pods it selects, which the Eviction API
 * (server/eviction.ts) reads as the real API server does.
 */
import type { KubeObject, ObjectStore } from '../store/types.js';
import { toKubeTime } from './event-recorder.js';
import type { Cluster } from './cluster.js';
import { PODS } from './resources.js';

/** Store key of policy/v1 PodDisruptionBudgets. */
export const PDBS = 'policy/v1/poddisruptionbudgets';

/** DeletionTimeout: an eviction not followed by the pod's deletion within this is forgotten. */
const DELETION_TIMEOUT_MS = 2 * 60_000;

/** The scale of each workload kind a PDB's pods may belong to (getExpectedScale's finders). */
const SCALE_KEYS: Record<string, string> = {
  ReplicaSet: 'apps/v1/replicasets',
  StatefulSet: 'apps/v1/statefulsets',
  ReplicationController: 'core/v1/replicationcontrollers',
};

interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.LabelSelectorAsSelector; a nil selector matches nothing, an empty one everything (policy/v1). */
export function selectorMatches(
  selector: LabelSelectorSpec | undefined | null,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const ls = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (ls[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(ls, e.key);
    const v = ls[e.key];
    const values = e.values ?? [];
    if (e.operator === 'In' && !(has && values.includes(v as string))) return false;
    if (e.operator === 'NotIn' && has && values.includes(v as string)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** podutil.IsPodReady, and not being deleted (the controller's countHealthyPods). */
export function isPodHealthy(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions;
  return conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** The PDBs of `pod`'s namespace that select it (getPodDisruptionBudgets). */
export function findPodDisruptionBudgets(store: ObjectStore, pod: KubeObject): KubeObject[] {
  return store
    .list(PDBS, pod.metadata.namespace)
    .filter((pdb) =>
      selectorMatches(
        (pdb.spec as { selector?: LabelSelectorSpec } | undefined)?.selector,
        pod.metadata.labels,
      ),
    );
}

/** An IntOrString against a total: a percentage rounds up, as GetScaledValueFromIntOrPercent(…, true). */
function scaled(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(v);
}

/** The PDB's status from its pods now (getExpectedPodCount, countHealthyPods, updatePdbStatus). */
export function computePdbStatus(store: ObjectStore, pdb: KubeObject, now: Date) {
  const spec = (pdb.spec ?? {}) as {
    selector?: LabelSelectorSpec;
    minAvailable?: number | string;
    maxUnavailable?: number | string;
  };
  const old = (pdb.status ?? {}) as { disruptedPods?: Record<string, string> };
  const pods = store
    .list(PODS, pdb.metadata.namespace)
    .filter((p) => selectorMatches(spec.selector, p.metadata.labels));
  // Evictions still waiting for their pod to go count as unhealthy until then (or until the timeout).
  const disruptedPods: Record<string, string> = {};
  for (const [name, at] of Object.entries(old.disruptedPods ?? {})) {
    const pod = pods.find((p) => p.metadata.name === name);
    if (
      pod &&
      !pod.metadata.deletionTimestamp &&
      now.getTime() - Date.parse(at) < DELETION_TIMEOUT_MS
    )
      disruptedPods[name] = at;
  }
  const currentHealthy = pods.filter(
    (p) => isPodHealthy(p) && !disruptedPods[p.metadata.name],
  ).length;
  let expectedPods = pods.length;
  if (spec.maxUnavailable !== undefined || typeof spec.minAvailable === 'string') {
    // The controllers' scale, one per controller (getExpectedScale).
    const scales = new Map<string, number>();
    for (const p of pods) {
      const refs = p.metadata.ownerReferences as
        { kind: string; name: string; controller?: boolean }[] | undefined;
      const ref = refs?.find((r) => r.controller === true);
      const key = ref ? SCALE_KEYS[ref.kind] : undefined;
      const owner = ref && key ? store.get(key, p.metadata.namespace, ref.name) : undefined;
      const replicas = (owner?.spec as { replicas?: number } | undefined)?.replicas;
      if (ref && replicas !== undefined) scales.set(`${ref.kind}/${ref.name}`, replicas);
      else scales.set(`pod/${p.metadata.name}`, 1);
    }
    expectedPods = [...scales.values()].reduce((a, b) => a + b, 0);
  }
  const desiredHealthy =
    spec.maxUnavailable !== undefined
      ? Math.max(0, expectedPods - scaled(spec.maxUnavailable, expectedPods))
      : scaled(spec.minAvailable ?? 0, expectedPods);
  const disruptionsAllowed = Math.max(0, currentHealthy - desiredHealthy);
  const allowed = disruptionsAllowed > 0;
  return {
    observedGeneration: pdb.metadata.generation ?? 1,
    disruptedPods,
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods,
    conditions: [
      {
        type: 'DisruptionAllowed',
        status: allowed ? 'True' : 'False',
        reason: allowed ? 'SufficientPods' : 'InsufficientPods',
        message: '',
        observedGeneration: pdb.metadata.generation ?? 1,
        lastTransitionTime: toKubeTime(now),
      },
    ],
  };
}

/** Recomputes every PDB's status; writes only the ones that changed (keeping lastTransitionTime otherwise). */
export function syncPodDisruptionBudgets(store: ObjectStore, now: Date): void {
  for (const pdb of store.list(PDBS)) {
    const next = computePdbStatus(store, pdb, now);
    const prev = (pdb.status ?? {}) as typeof next;
    const same =
      prev.observedGeneration === next.observedGeneration &&
      prev.disruptionsAllowed === next.disruptionsAllowed &&
      prev.currentHealthy === next.currentHealthy &&
      prev.desiredHealthy === next.desiredHealthy &&
      prev.expectedPods === next.expectedPods &&
      JSON.stringify(prev.disruptedPods ?? {}) === JSON.stringify(next.disruptedPods);
    if (same) continue;
    const prevCond = prev.conditions?.[0];
    if (prevCond && prevCond.status === next.conditions[0]?.status && next.conditions[0])
      next.conditions[0].lastTransitionTime = prevCond.lastTransitionTime;
    store.mutate(PDBS, pdb.metadata.namespace, pdb.metadata.name, (o) => {
      o.status = next;
    });
  }
}

/** Runs {@link syncPodDisruptionBudgets} soon after any pod or PDB changes, and every few seconds. */
export class DisruptionController {
  private readonly stops: (() => void)[] = [];
  private pending = false;

  constructor(private readonly cluster: Cluster) {}

  start(): void {
    const { store, clock } = this.cluster;
    const schedule = () => {
      if (this.pending) return;
      this.pending = true;
      this.stops.push(
        clock.after(100, () => {
          this.pending = false;
          syncPodDisruptionBudgets(store, clock.now());
        }),
      );
    };
    this.stops.push(
      store.subscribe((e) => {
        if (e.resource === PODS || e.resource === PDBS) schedule();
      }),
    );
    this.stops.push(clock.every(5_000, () => syncPodDisruptionBudgets(store, clock.now())));
  }

  stop(): void {
    for (const s of this.stops.splice(0)) s();
  }
}
