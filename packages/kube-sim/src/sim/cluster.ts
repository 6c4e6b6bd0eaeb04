/**
 * The simulated cluster's moving parts in one place: kubelets by node, pods with their usage model,
 * the workloads that own them (acting as the ReplicaSet/StatefulSet/DaemonSet/Job controllers), and a
 * small scheduler that places pods the way kube-scheduler's default filters would (taints, node
 * selectors, requested resources, pod count) and writes its FailedScheduling text when it cannot.
 */
import type { ObjectStore } from '../store/types.js';
import type { EventRecorder } from './event-recorder.js';
import { recordNodeRegistrationEvents } from './node-registration-events.js';
import { toKubeTime } from './event-recorder.js';
import { Kubelet } from './kubelet.js';
import {
  buildNodeLease,
  buildNodeObject,
  createNodeIdentity,
  type NodePool,
  type Taint,
} from './node-factory.js';
import type { Random } from './random.js';
import { LEASES, NAMESPACES, NODES, PODS, PRIORITY_CLASSES } from './resources.js';
import type { TruthLog } from './truth-log.js';
import type { SimClock } from './types.js';
import {
  amountToNumber,
  buildPodObject,
  createSimPod,
  materialiseWorkload,
  nextPodName,
  podTolerations,
  toleratesTaint,
  type SimPod,
  type Workload,
} from './workloads.js';

/** Terminated pods kept before the oldest are garbage collected (--terminated-pod-gc-threshold, scaled down). */
export const TERMINATED_POD_GC_THRESHOLD = 500;

/** Priority at and above which the kubelet treats a pod as critical (scheduling.SystemCriticalPriority). */
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/** Something that reacts to nodes joining and leaving (the autoscaler, NPD). */
export interface NodeListener {
  nodeAdded?(kubelet: Kubelet): void;
  nodeRemoved?(name: string): void;
}

/** Options of {@link Cluster}. */
export interface ClusterDeps {
  store: ObjectStore;
  clock: SimClock;
  rng: Random;
  events: EventRecorder;
  truth: TruthLog;
}

/** Result of trying to place a pod. */
export interface Placement {
  kubelet?: Kubelet;
  /** The scheduler's FitError text when no node fits. */
  message?: string;
}

/** The simulated cluster. */
export class Cluster {
  readonly store: ObjectStore;
  readonly clock: SimClock;
  readonly rng: Random;
  readonly events: EventRecorder;
  readonly truth: TruthLog;
  readonly kubelets = new Map<string, Kubelet>();
  /** Live (pending or running) pods by namespace/name. */
  readonly pods = new Map<string, SimPod>();
  readonly workloads: Workload[] = [];
  readonly priorityClasses = new Map<string, number>();
  readonly listeners: NodeListener[] = [];
  /** Whether kubelets start their loops as nodes are added (off while a scenario bulk-loads). */
  running = false;
  private nodeOrdinal = 0;
  private readonly terminated: Array<[string, string]> = [];
  private readonly podRng: Random;
  private readonly nodeRng: Random;
  private readonly phaseRng: Random;

  constructor(deps: ClusterDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.rng = deps.rng;
    this.events = deps.events;
    this.truth = deps.truth;
    this.podRng = deps.rng.fork('pods');
    this.nodeRng = deps.rng.fork('nodes');
    this.phaseRng = deps.rng.fork('phases');
  }

  /** Create a namespace (idempotent). */
  ensureNamespace(name: string, labels: Record<string, string> = {}): void {
    if (this.store.get(NAMESPACES, undefined, name)) return;
    this.store.create(NAMESPACES, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  /** Create a PriorityClass and remember its value for admission. */
  addPriorityClass(name: string, value: number, description: string, globalDefault = false): void {
    this.priorityClasses.set(name, value);
    if (this.store.get(PRIORITY_CLASSES, undefined, name)) return;
    this.store.create(PRIORITY_CLASSES, {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name },
      value,
      globalDefault,
      description,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  }

  /** Register a node: its Node object, its Lease and its kubelet. */
  addNode(pool: NodePool, name?: string): Kubelet {
    const now = this.clock.now();
    const id = createNodeIdentity(pool, this.nodeOrdinal++, this.nodeRng, now, name);
    const node = this.store.create(NODES, buildNodeObject(id, this.nodeRng, now));
    const uid = node.metadata.uid ?? this.nodeRng.uuid();
    this.store.create(LEASES, buildNodeLease(id.name, uid, now));
    const kubelet = new Kubelet(this, id, uid);
    this.kubelets.set(id.name, kubelet);
    recordNodeRegistrationEvents(this.events, { name: id.name, uid });
    if (this.running) kubelet.start(this.phaseRng);
    for (const l of this.listeners) l.nodeAdded?.(kubelet);
    return kubelet;
  }

  /** Remove a node: stop its kubelet, delete its pods, Lease and Node (the cloud deleted the VM). */
  removeNode(name: string): void {
    const kubelet = this.kubelets.get(name);
    if (!kubelet) return;
    kubelet.stop();
    for (const pod of [...kubelet.pods.values()]) {
      this.store.delete(PODS, pod.namespace, pod.name);
      this.podTerminated(pod, 'Deleted');
    }
    this.kubelets.delete(name);
    this.store.delete(LEASES, 'kube-node-lease', name);
    this.store.delete(NODES, undefined, name);
    for (const l of this.listeners) l.nodeRemoved?.(name);
  }

  /** Start every kubelet (used after bulk creation). */
  start(): void {
    this.running = true;
    for (const k of this.kubelets.values()) k.start(this.phaseRng);
  }

  stop(): void {
    this.running = false;
    for (const k of this.kubelets.values()) k.stop();
  }

  /** Add a workload and create its pods through the scheduler (or leave placement to the caller). */
  addWorkload(w: Workload, opts: { place?: boolean } = {}): void {
    materialiseWorkload(w, this.podRng);
    if (w.priorityClassName && w.priority === undefined) {
      w.priority = this.priorityClasses.get(w.priorityClassName) ?? 0;
    }
    this.workloads.push(w);
    if (opts.place === false) return;
    if (w.kind === 'DaemonSet') {
      for (const k of this.kubelets.values()) {
        if (this.matchesNode(w, k)) this.createPod(w, { node: k });
      }
      return;
    }
    for (let i = 0; i < w.replicas; i++) this.createPod(w, { ordinal: i });
  }

  /** Whether a DaemonSet's pods belong on a node (selector and NoSchedule/NoExecute taints). */
  matchesNode(w: Workload, k: Kubelet): boolean {
    if (!selectorMatches(w.nodeSelector, k)) return false;
    const tolerations = podTolerations(w);
    return (k.id.pool.taints ?? []).every(
      (t) => t.effect === 'PreferNoSchedule' || toleratesTaint(tolerations, t),
    );
  }

  /**
   * Create one pod of a workload: on `node` when given (DaemonSets, bulk placement), else wherever
   * the scheduler puts it, else Pending with the scheduler's message.
   */
  createPod(w: Workload, opts: { node?: Kubelet; ordinal?: number } = {}): SimPod {
    const now = this.clock.now();
    let name = nextPodName(w, this.podRng, opts.ordinal);
    // generateName suffixes can collide in big workloads; the API server's client retries.
    while (w.kind !== 'StatefulSet' && this.pods.has(`${w.namespace}/${name}`)) {
      name = nextPodName(w, this.podRng, opts.ordinal);
    }
    const uid = this.podRng.uuid();
    const placement: Placement = opts.node ? { kubelet: opts.node } : this.findNode(w);
    const k = placement.kubelet;
    const hostIP = k?.id.internalIP;
    const podIP = k ? podIPFor(k, this.podRng) : undefined;
    const obj = buildPodObject(
      w,
      {
        name,
        uid,
        ...(k ? { nodeName: k.name, hostIP, podIP } : {}),
        now,
        ...(placement.message ? { unschedulableMessage: placement.message } : {}),
      },
      this.podRng,
    );
    const created = this.store.create(PODS, obj);
    const priority = w.priority ?? 0;
    const sim = createSimPod(
      w,
      { name, uid: created.metadata.uid ?? uid, ...(k ? { nodeName: k.name } : {}), now },
      this.podRng,
      priority >= SYSTEM_CRITICAL_PRIORITY,
    );
    this.pods.set(`${w.namespace}/${name}`, sim);
    if (k) {
      k.pods.set(`${w.namespace}/${name}`, sim);
      k.dirty = true;
    } else if (placement.message) {
      this.events.record({
        involvedObject: {
          kind: 'Pod',
          namespace: w.namespace,
          name,
          uid: sim.uid,
          apiVersion: 'v1',
        },
        type: 'Warning',
        reason: 'FailedScheduling',
        message: placement.message,
        component: 'default-scheduler',
      });
    }
    return sim;
  }

  /** Bind a pending pod to a node (after the autoscaler added capacity). */
  bindPod(sim: SimPod, k: Kubelet): void {
    const now = this.clock.now();
    const w = sim.workload;
    const obj = buildPodObject(
      w,
      {
        name: sim.name,
        uid: sim.uid,
        nodeName: k.name,
        hostIP: k.id.internalIP,
        podIP: podIPFor(k, this.podRng),
        now,
      },
      this.podRng,
    );
    this.store.mutate(PODS, sim.namespace, sim.name, (pod) => {
      pod.spec = obj.spec;
      pod.status = obj.status;
    });
    sim.nodeName = k.name;
    sim.startTime = now;
    k.pods.set(`${sim.namespace}/${sim.name}`, sim);
    k.dirty = true;
    this.events.record({
      involvedObject: {
        kind: 'Pod',
        namespace: sim.namespace,
        name: sim.name,
        uid: sim.uid,
        apiVersion: 'v1',
      },
      type: 'Normal',
      reason: 'Scheduled',
      message: `Successfully assigned ${sim.namespace}/${sim.name} to ${k.name}`,
      component: 'default-scheduler',
    });
  }

  /** Pods that are Pending (unscheduled). */
  pendingPods(): SimPod[] {
    return [...this.pods.values()].filter((p) => !p.nodeName);
  }

  /**
   * A pod stopped (evicted, failed or deleted): forget it, garbage collect old terminated pods, and let
   * its controller replace it as the real controllers do.
   */
  podTerminated(sim: SimPod, how: 'Failed' | 'Deleted' | 'Succeeded'): void {
    const key = `${sim.namespace}/${sim.name}`;
    this.pods.delete(key);
    if (sim.nodeName) {
      const k = this.kubelets.get(sim.nodeName);
      if (k) {
        k.pods.delete(key);
        k.dirty = true;
      }
    }
    if (how !== 'Deleted') {
      this.terminated.push([sim.namespace, sim.name]);
      while (this.terminated.length > TERMINATED_POD_GC_THRESHOLD) {
        const [ns, name] = this.terminated.shift() as [string, string];
        this.store.delete(PODS, ns, name);
      }
    }
    const w = sim.workload;
    if (how === 'Succeeded' || !this.workloads.includes(w)) return;
    // The owner's controller notices within a second or two and creates the replacement.
    this.clock.after(this.podRng.int(500, 2500), () => {
      if (!this.workloads.includes(w)) return;
      if (w.kind === 'DaemonSet') {
        const k = sim.nodeName ? this.kubelets.get(sim.nodeName) : undefined;
        if (k && how === 'Failed') this.createPod(w, { node: k });
        return;
      }
      if (w.kind === 'StatefulSet') {
        // The StatefulSet controller deletes the failed pod and recreates it under the same name.
        if (how === 'Failed') this.store.delete(PODS, sim.namespace, sim.name);
        const ordinal = Number(sim.name.slice(w.name.length + 1));
        this.createPod(w, { ordinal });
        return;
      }
      this.createPod(w);
    });
  }

  /** A Job pod ran to completion: Succeeded with its containers Completed. */
  completePod(sim: SimPod): void {
    const t = this.kubeNow();
    this.store.mutate(PODS, sim.namespace, sim.name, (pod) => {
      const status = pod.status as Record<string, unknown>;
      status.phase = 'Succeeded';
      for (const c of (status.conditions as Array<Record<string, unknown>> | undefined) ?? []) {
        if (c.type === 'Ready' || c.type === 'ContainersReady') {
          c.status = 'False';
          c.reason = 'PodCompleted';
          c.lastTransitionTime = t;
        }
      }
      for (const cs of (status.containerStatuses as Array<Record<string, unknown>> | undefined) ??
        []) {
        const running = (cs.state as { running?: { startedAt?: string } } | undefined)?.running;
        cs.state = {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: running?.startedAt ?? t,
            finishedAt: t,
            containerID: cs.containerID,
          },
        };
        cs.ready = false;
        cs.started = false;
      }
    });
    this.podTerminated(sim, 'Succeeded');
  }

  /** Remove a workload; its pods are deleted. */
  removeWorkload(w: Workload): void {
    const i = this.workloads.indexOf(w);
    if (i >= 0) this.workloads.splice(i, 1);
    for (const p of [...this.pods.values()]) {
      if (p.workload !== w) continue;
      this.store.delete(PODS, p.namespace, p.name);
      this.podTerminated(p, 'Deleted');
    }
  }

  /** The node's current taints, as the node controller and scenarios left them. */
  nodeTaints(k: Kubelet): Taint[] {
    const node = this.store.get(NODES, undefined, k.name);
    return ((node?.spec as { taints?: Taint[] } | undefined)?.taints ?? []) as Taint[];
  }

  /** kube-scheduler's filters in miniature; the least-allocated node wins. */
  findNode(w: Workload): Placement {
    const tolerations = podTolerations(w);
    const cpu = w.containers.reduce(
      (s, c) => s + amountToNumber(c.requests?.cpu ?? c.limits?.cpu) * 1000,
      0,
    );
    const mem = w.containers.reduce(
      (s, c) => s + amountToNumber(c.requests?.memory ?? c.limits?.memory),
      0,
    );
    const reasons = new Map<string, number>();
    let unresolvable = 0;
    const bump = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
    let best: Kubelet | undefined;
    let bestScore = Infinity;
    let total = 0;
    for (const k of this.kubelets.values()) {
      total++;
      const node = this.store.get(NODES, undefined, k.name);
      if (!node) continue;
      if ((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) {
        bump('node(s) were unschedulable');
        unresolvable++;
        continue;
      }
      const taint = ((node.spec as { taints?: Taint[] }).taints ?? []).find(
        (t) => t.effect !== 'PreferNoSchedule' && !toleratesTaint(tolerations, t),
      );
      if (taint) {
        bump(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
        unresolvable++;
        continue;
      }
      if (!selectorMatches(w.nodeSelector, k)) {
        bump("node(s) didn't match Pod's node affinity/selector");
        unresolvable++;
        continue;
      }
      let usedCpu = 0;
      let usedMem = 0;
      for (const p of k.pods.values()) {
        usedCpu += p.requestsCpuMilli;
        usedMem += p.requestsMemoryBytes;
      }
      const allocCpu = amountToNumber(k.id.allocatable.cpu) * 1000;
      const allocMem = k.id.allocatableMemoryBytes;
      const allocPods = Number(k.id.allocatable.pods ?? '110');
      let fits = true;
      if (k.pods.size + 1 > allocPods) {
        bump('Too many pods');
        fits = false;
      }
      if (usedCpu + cpu > allocCpu) {
        bump('Insufficient cpu');
        fits = false;
      }
      if (usedMem + mem > allocMem) {
        bump('Insufficient memory');
        fits = false;
      }
      if (!fits) continue;
      const score = (usedCpu + cpu) / allocCpu + (usedMem + mem) / allocMem;
      if (score < bestScore) {
        bestScore = score;
        best = k;
      }
    }
    if (best) return { kubelet: best };
    const parts = [...reasons].map(([r, n]) => `${n} ${r}`).sort();
    const resolvable = total - unresolvable;
    const preemption: string[] = [];
    if (unresolvable > 0)
      preemption.push(`${unresolvable} Preemption is not helpful for scheduling`);
    if (resolvable > 0)
      preemption.push(`${resolvable} No preemption victims found for incoming pod`);
    return {
      message:
        `0/${total} nodes are available: ${parts.join(', ')}. ` +
        `preemption: 0/${total} nodes are available: ${preemption.join(', ')}.`,
    };
  }

  /** Current time as metav1.Time. */
  kubeNow(): string {
    return toKubeTime(this.clock.now());
  }
}

function selectorMatches(selector: Record<string, string> | undefined, k: Kubelet): boolean {
  if (!selector) return true;
  const labels = nodeLabelsOf(k);
  return Object.entries(selector).every(([key, v]) => labels[key] === v);
}

function nodeLabelsOf(k: Kubelet): Record<string, string> {
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': k.name,
    'plimsoll.io/pool': k.id.pool.name,
    'node.kubernetes.io/instance-type': k.id.pool.instanceType,
    'topology.kubernetes.io/zone': k.id.zone,
  };
  if (k.id.pool.tenant) labels['plimsoll.io/tenant'] = k.id.pool.tenant;
  return labels;
}

function podIPFor(k: Kubelet, rng: Random): string {
  const base = k.id.podCIDR.split('.').slice(0, 3).join('.');
  return `${base}.${rng.int(2, 254)}`;
}
