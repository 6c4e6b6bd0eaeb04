/**
 * One simulated kubelet: renews its node Lease, posts node status on change and every
 * nodeStatusReportFrequency, serves /configz and /stats/summary, and runs the eviction manager's
 * synchronize loop (pkg/kubelet/eviction/eviction_manager.go) against the node's simulated usage,
 * using the shared ports of ParseThresholdConfig, thresholdsMet, rankPodsForEviction and
 * evictionMessage.
 */
import {
  EVICTION_REASON,
  formatEvictionMessage,
  getNodeConditionsForThresholds,
  getThresholdsFirstObservedAt,
  getThresholdsMet,
  getThresholdsMetGracePeriod,
  isHardEvictionThreshold,
  newQuantity,
  NODE_LEASE_NAMESPACE,
  NODE_LEASE_RENEW_INTERVAL_SECONDS,
  rankPodsForEviction,
  toAllocatedPod,
  SIGNAL_TO_RESOURCE,
} from '@plimsoll/shared';
import type {
  EvictionSignal,
  EvictionSignalObservation,
  EvictionThreshold,
  PodStats,
  Summary,
} from '@plimsoll/shared';
import type { V1Pod } from '@kubernetes/client-node';

import type { KubeObject } from '../store/types.js';
import type { Cluster } from './cluster.js';
import { podStatsOf, summaryOf } from './kubelet-summary.js';
import { toKubeTime, toMicroTime } from './event-recorder.js';
import type { NodeIdentity } from './node-factory.js';
import { LEASES, NODES, PODS } from './resources.js';
import type { SimPod } from './workloads.js';

/** nodeStatusReportFrequency default: post status at least this often even without changes. */
export const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60 * 1000;
/** nodeStatusUpdateFrequency default: how often the kubelet computes node status. */
export const NODE_STATUS_UPDATE_FREQUENCY_MS = 10 * 1000;
/** The eviction manager's monitoring interval (evictionMonitoringPeriod). */
export const EVICTION_MONITORING_PERIOD_MS = 10 * 1000;
/** evictionPressureTransitionPeriod default. */
export const EVICTION_PRESSURE_TRANSITION_PERIOD_MS = 5 * 60 * 1000;

type PressureCondition = 'MemoryPressure' | 'DiskPressure' | 'PIDPressure';

interface ConditionText {
  trueReason: string;
  trueMessage: string;
  trueEvent: string;
  falseReason: string;
  falseMessage: string;
  falseEvent: string;
}

// The kubelet's condition setters (pkg/kubelet/nodestatus/setters.go).
const PRESSURE_TEXT: Record<PressureCondition, ConditionText> = {
  MemoryPressure: {
    trueReason: 'KubeletHasInsufficientMemory',
    trueMessage: 'kubelet has insufficient memory available',
    trueEvent: 'NodeHasInsufficientMemory',
    falseReason: 'KubeletHasSufficientMemory',
    falseMessage: 'kubelet has sufficient memory available',
    falseEvent: 'NodeHasSufficientMemory',
  },
  DiskPressure: {
    trueReason: 'KubeletHasDiskPressure',
    trueMessage: 'kubelet has disk pressure',
    trueEvent: 'NodeHasDiskPressure',
    falseReason: 'KubeletHasNoDiskPressure',
    falseMessage: 'kubelet has no disk pressure',
    falseEvent: 'NodeHasNoDiskPressure',
  },
  PIDPressure: {
    trueReason: 'KubeletHasInsufficientPID',
    trueMessage: 'kubelet has insufficient PID available',
    trueEvent: 'NodeHasInsufficientPID',
    falseReason: 'KubeletHasSufficientPID',
    falseMessage: 'kubelet has sufficient PID available',
    falseEvent: 'NodeHasSufficientPID',
  },
};

/** Signals whose resource is memory sort first (byEvictionPriority in eviction/helpers.go). */
function byEvictionPriority(thresholds: EvictionThreshold[]): EvictionThreshold[] {
  const isMemory = (t: EvictionThreshold) =>
    t.signal === 'memory.available' || t.signal === 'allocatableMemory.available';
  return [...thresholds].sort((a, b) => Number(isMemory(b)) - Number(isMemory(a)));
}

function mergeThresholds(a: EvictionThreshold[], b: EvictionThreshold[]): EvictionThreshold[] {
  const out = [...a];
  for (const t of b) if (!out.includes(t)) out.push(t);
  return out;
}

const bytes = (n: number) => newQuantity(BigInt(Math.max(0, Math.round(n))), 'BinarySI');
const count = (n: number) => newQuantity(BigInt(Math.max(0, Math.round(n))), 'DecimalSI');

/** A simulated kubelet. */
export class Kubelet {
  /** Pods bound to this node and running, by namespace/name. */
  readonly pods = new Map<string, SimPod>();
  /** Whether the kubelet reaches the API server (false during a lease-loss episode). */
  connected = true;
  /** Non-pod memory working set (OS, kubelet, containerd). */
  systemMemoryBytes: number;
  /** nodefs bytes used outside pods (OS, images, kubelet state). */
  systemDiskBytes: number;
  /** Bytes of unused images that image garbage collection can free. */
  reclaimableImageBytes: number;
  systemInodes: number;
  systemProcesses: number;
  /** Usage changes since the last synchronize: skip the threshold maths on quiet nodes. */
  dirty = true;
  cpuSecondsTotal = 0;

  private thresholdsMet: EvictionThreshold[] = [];
  private thresholdsFirstObservedAt = new Map<EvictionThreshold, Date>();
  private nodeConditionsLastObservedAt = new Map<string, Date>();
  private pressure = new Set<PressureCondition>();
  private lastStatusPost = 0;
  private lastGrowthAt: number;
  private readonly cancels: Array<() => void> = [];

  constructor(
    private readonly cluster: Cluster,
    readonly id: NodeIdentity,
    readonly uid: string,
  ) {
    const rng = cluster.rng.fork(`kubelet/${id.name}`);
    this.systemMemoryBytes = Math.round(id.memoryBytes * rng.float(0.05, 0.08));
    this.systemDiskBytes = Math.round(id.diskBytes * rng.float(0.22, 0.35));
    this.reclaimableImageBytes = Math.round(id.diskBytes * rng.float(0.03, 0.06));
    this.systemInodes = rng.int(180_000, 320_000);
    this.systemProcesses = rng.int(180, 320);
    this.lastGrowthAt = cluster.clock.now().getTime();
  }

  get name(): string {
    return this.id.name;
  }

  /** Start the lease, status and eviction loops, each with its own phase so nodes do not beat in step. */
  start(phaseRng: { int(min: number, max: number): number }): void {
    const clock = this.cluster.clock;
    const renewMs = NODE_LEASE_RENEW_INTERVAL_SECONDS * 1000;
    this.lastStatusPost = clock.now().getTime();
    this.cancels.push(
      clock.after(phaseRng.int(0, renewMs - 1), () => {
        this.renewLease();
        this.cancels.push(clock.every(renewMs, () => this.renewLease()));
      }),
      clock.after(phaseRng.int(0, NODE_STATUS_UPDATE_FREQUENCY_MS - 1), () => {
        this.sync();
        this.cancels.push(clock.every(NODE_STATUS_UPDATE_FREQUENCY_MS, () => this.sync()));
      }),
    );
  }

  stop(): void {
    for (const c of this.cancels.splice(0)) c();
  }

  /** Renew the node Lease (nodelease controller: renewTime = now). */
  renewLease(): void {
    if (!this.connected) return;
    const now = this.cluster.clock.now();
    this.cluster.store.mutate(LEASES, NODE_LEASE_NAMESPACE, this.name, (lease) => {
      (lease.spec as Record<string, unknown>).renewTime = toMicroTime(now);
    });
  }

  /** One kubelet period: grow usage, run the eviction manager, post status when due. */
  sync(): void {
    this.applyGrowth();
    this.synchronizeEviction();
    this.postStatus(false);
  }

  private applyGrowth(): void {
    const now = this.cluster.clock.now().getTime();
    const minutes = (now - this.lastGrowthAt) / 60_000;
    this.lastGrowthAt = now;
    this.cpuSecondsTotal += (this.cpuMilliUsed() / 1000) * minutes * 60;
    if (minutes <= 0) return;
    for (const pod of this.pods.values()) {
      const g = pod.growth;
      if (!g) continue;
      const c = pod.containers[0];
      if (!c) continue;
      if (g.memoryBytesPerMin)
        c.memoryBytes = Math.max(0, c.memoryBytes + g.memoryBytesPerMin * minutes);
      if (g.diskBytesPerMin) c.logsBytes = Math.max(0, c.logsBytes + g.diskBytesPerMin * minutes);
      if (g.processesPerMin) {
        c.processCount = Math.max(1, Math.round(c.processCount + g.processesPerMin * minutes));
      }
      this.dirty = true;
    }
  }

  // ---- usage aggregates ----

  podsMemoryBytes(): number {
    let s = 0;
    for (const p of this.pods.values()) for (const c of p.containers) s += c.memoryBytes;
    return s;
  }

  cpuMilliUsed(): number {
    let s = 150;
    for (const p of this.pods.values()) for (const c of p.containers) s += c.cpuMilli;
    return s;
  }

  podDiskBytes(p: SimPod): number {
    let s = p.emptyDirBytes;
    for (const c of p.containers) s += c.rootfsBytes + c.logsBytes;
    return s;
  }

  nodefsUsedBytes(): number {
    let s = this.systemDiskBytes;
    for (const p of this.pods.values()) s += this.podDiskBytes(p);
    return Math.min(s, this.id.diskBytes);
  }

  inodesUsed(): number {
    let s = this.systemInodes;
    for (const p of this.pods.values()) s += 60 + Math.round(this.podDiskBytes(p) / 65536);
    return Math.min(s, this.id.inodes);
  }

  processes(): number {
    let s = this.systemProcesses;
    for (const p of this.pods.values()) for (const c of p.containers) s += c.processCount;
    return s;
  }

  /** makeSignalObservations (eviction/helpers.go) from the simulated usage. */
  observations(now: Date): Record<string, EvictionSignalObservation> {
    const memCap = this.id.memoryBytes;
    const podsMem = this.podsMemoryBytes();
    const allocMem = this.id.allocatableMemoryBytes;
    const fsCap = this.id.diskBytes;
    const fsUsed = this.nodefsUsedBytes();
    const inodesUsed = this.inodesUsed();
    const nodefs = { available: bytes(fsCap - fsUsed), capacity: bytes(fsCap), time: now };
    const inodes = {
      available: count(this.id.inodes - inodesUsed),
      capacity: count(this.id.inodes),
      time: now,
    };
    return {
      'memory.available': {
        available: bytes(memCap - this.systemMemoryBytes - podsMem),
        capacity: bytes(memCap),
        time: now,
      },
      'allocatableMemory.available': {
        available: bytes(allocMem - podsMem),
        capacity: bytes(allocMem),
        time: now,
      },
      'nodefs.available': nodefs,
      'nodefs.inodesFree': inodes,
      // Images live on the root filesystem: the kubelet observes imagefs = nodefs then.
      'imagefs.available': nodefs,
      'imagefs.inodesFree': inodes,
      'pid.available': {
        available: count(this.id.pidMax - this.processes()),
        capacity: count(this.id.pidMax),
        time: now,
      },
    };
  }

  /** managerImpl.synchronize: observe, update pressure conditions, evict at most one pod. */
  synchronizeEviction(): void {
    if (!this.dirty && this.thresholdsMet.length === 0 && this.pressure.size === 0) return;
    this.dirty = false;
    const now = this.cluster.clock.now();
    const observations = this.observations(now);
    let thresholds = getThresholdsMet(this.id.thresholds, observations, false);
    if (this.thresholdsMet.length > 0) {
      // Previously met thresholds stay met until the minimum reclaim is satisfied.
      const notYetResolved = getThresholdsMet(this.thresholdsMet, observations, true);
      thresholds = mergeThresholds(thresholds, notYetResolved);
    }
    const firstObservedAt = getThresholdsFirstObservedAt(
      thresholds,
      this.thresholdsFirstObservedAt,
      now,
    );
    for (const c of getNodeConditionsForThresholds(thresholds)) {
      this.nodeConditionsLastObservedAt.set(c, now);
    }
    // nodeConditionsObservedSince: a condition holds for the pressure transition period.
    const pressure = new Set<PressureCondition>();
    for (const [c, at] of this.nodeConditionsLastObservedAt) {
      if (now.getTime() - at.getTime() < EVICTION_PRESSURE_TRANSITION_PERIOD_MS) {
        pressure.add(c as PressureCondition);
      } else {
        this.nodeConditionsLastObservedAt.delete(c);
      }
    }
    const actionable = getThresholdsMetGracePeriod(firstObservedAt, now);
    this.thresholdsMet = thresholds;
    this.thresholdsFirstObservedAt = firstObservedAt;
    const changed =
      pressure.size !== this.pressure.size || [...pressure].some((c) => !this.pressure.has(c));
    this.pressure = pressure;
    if (changed) this.postStatus(true);
    // Keep re-checking while any threshold or condition is live.
    if (thresholds.length > 0 || pressure.size > 0) this.dirty = true;
    if (actionable.length === 0 || !this.connected) return;

    const ordered = byEvictionPriority(actionable);
    const threshold = ordered.find((t) => Object.hasOwn(SIGNAL_TO_RESOURCE, t.signal));
    if (!threshold) return;
    const resourceToReclaim = SIGNAL_TO_RESOURCE[threshold.signal as EvictionSignal];
    this.cluster.events.record({
      involvedObject: { kind: 'Node', name: this.name, uid: this.name },
      type: 'Warning',
      reason: 'EvictionThresholdMet',
      message: `Attempting to reclaim ${resourceToReclaim}`,
      component: 'kubelet',
      host: this.name,
    });
    if (this.reclaimNodeLevelResources(threshold)) return;

    const candidates = this.activeCandidates();
    if (candidates.length === 0) return;
    const ranked = rankPodsForEviction(threshold.signal, candidates);
    for (const pod of ranked) {
      const sim = this.pods.get(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
      if (!sim || sim.critical) continue;
      const stats = candidates.find((c) => c.pod === pod)?.stats ?? null;
      const { message, annotations } = formatEvictionMessage({
        resourceToReclaim,
        pod,
        stats,
        thresholds: actionable,
        observations,
      });
      const maxGrace = (this.id.kubeletConfig.evictionMaxPodGracePeriod as number | undefined) ?? 0;
      const grace = isHardEvictionThreshold(threshold)
        ? 0
        : Math.min(pod.spec?.terminationGracePeriodSeconds ?? 30, maxGrace);
      this.evictPod(sim, threshold.signal, resourceToReclaim, message, annotations, grace);
      // The kubelet evicts at most one pod per monitoring interval.
      return;
    }
  }

  /** reclaimNodeLevelResources: image garbage collection for disk signals. */
  private reclaimNodeLevelResources(threshold: EvictionThreshold): boolean {
    if (!threshold.signal.startsWith('nodefs') && !threshold.signal.startsWith('imagefs'))
      return false;
    if (this.reclaimableImageBytes <= 0) return false;
    // DeleteAllUnusedImages: the eviction manager frees what image GC can before evicting pods.
    this.systemDiskBytes = Math.max(0, this.systemDiskBytes - this.reclaimableImageBytes);
    this.reclaimableImageBytes = 0;
    const after = this.observations(this.cluster.clock.now());
    return getThresholdsMet([threshold], after, true).length === 0;
  }

  private activeCandidates(): Array<{ pod: V1Pod; stats: PodStats | null }> {
    const now = this.cluster.clock.now();
    const out: Array<{ pod: V1Pod; stats: PodStats | null }> = [];
    for (const sim of this.pods.values()) {
      const obj = this.cluster.store.get(PODS, sim.namespace, sim.name);
      if (!obj) continue;
      // getAllocatedPods (kubelet_pods.go): ranked on the resources the kubelet admitted.
      out.push({ pod: toAllocatedPod(obj as unknown as V1Pod), stats: this.podStats(sim, now) });
    }
    return out;
  }

  /** managerImpl.evictPod + killPodFunc: the eviction event, status and the owner's reaction. */
  private evictPod(
    sim: SimPod,
    signal: string,
    resource: string,
    message: string,
    annotations: Record<string, string>,
    gracePeriodSeconds: number,
  ): void {
    const { store, events, truth, clock } = this.cluster;
    const podRef = {
      kind: 'Pod',
      namespace: sim.namespace,
      name: sim.name,
      uid: sim.uid,
      apiVersion: 'v1',
    };
    events.record({
      involvedObject: podRef,
      type: 'Warning',
      reason: EVICTION_REASON,
      message,
      annotations,
      component: 'kubelet',
      host: this.name,
    });
    for (const c of sim.containers) {
      events.record({
        involvedObject: { ...podRef, fieldPath: `spec.containers{${c.name}}` },
        type: 'Normal',
        reason: 'Killing',
        message: `Stopping container ${c.name}`,
        component: 'kubelet',
        host: this.name,
      });
    }
    const now = clock.now();
    const t = toKubeTime(now);
    let qosClass = '';
    store.mutate(PODS, sim.namespace, sim.name, (pod) => {
      const status = pod.status as Record<string, unknown>;
      qosClass = String(status.qosClass ?? '');
      status.phase = 'Failed';
      status.reason = EVICTION_REASON;
      status.message = message;
      const conditions = (
        (status.conditions as Array<Record<string, unknown>> | undefined) ?? []
      ).filter((c) => c.type !== 'DisruptionTarget');
      for (const c of conditions) {
        if (c.type === 'Ready' || c.type === 'ContainersReady') {
          c.status = 'False';
          c.reason = 'PodFailed';
          c.lastTransitionTime = t;
        }
        if (c.type === 'PodReadyToStartContainers') {
          c.status = 'False';
          c.lastTransitionTime = t;
        }
      }
      conditions.unshift({
        type: 'DisruptionTarget',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: t,
        reason: 'TerminationByKubelet',
        message,
      });
      status.conditions = conditions;
      const statuses =
        (status.containerStatuses as Array<Record<string, unknown>> | undefined) ?? [];
      for (const cs of statuses) {
        const running = (cs.state as { running?: { startedAt?: string } } | undefined)?.running;
        cs.state = {
          terminated: {
            exitCode: 137,
            reason: 'Error',
            startedAt: running?.startedAt ?? t,
            finishedAt: toKubeTime(new Date(now.getTime() + gracePeriodSeconds * 1000)),
            containerID: cs.containerID,
          },
        };
        cs.ready = false;
        cs.started = false;
      }
    });
    truth.record('eviction', {
      node: this.name,
      namespace: sim.namespace,
      pod: sim.name,
      uid: sim.uid,
      signal,
      resource,
      qosClass,
      priority: sim.priority,
      gracePeriodSeconds,
      message,
    });
    this.cluster.podTerminated(sim, 'Failed');
  }

  /** Post node status when a condition changed or the report frequency elapsed (syncNodeStatus). */
  postStatus(force: boolean): void {
    if (!this.connected) return;
    const now = this.cluster.clock.now();
    if (!force && now.getTime() - this.lastStatusPost < NODE_STATUS_REPORT_FREQUENCY_MS) return;
    this.lastStatusPost = now.getTime();
    const t = toKubeTime(now);
    const transitions: Array<{ type: string; from: string; to: string; reason: string }> = [];
    const nodeEvents: string[] = [];
    this.cluster.store.mutate(NODES, undefined, this.name, (node) => {
      const status = node.status as Record<string, unknown>;
      const conditions = (status.conditions as Array<Record<string, unknown>> | undefined) ?? [];
      const set = (
        type: string,
        want: 'True' | 'False',
        reason: string,
        message: string,
        event: string,
      ) => {
        let c = conditions.find((x) => x.type === type);
        if (!c) {
          c = { type, status: 'Unknown' };
          conditions.push(c);
        }
        c.lastHeartbeatTime = t;
        if (c.status !== want) {
          transitions.push({ type, from: String(c.status), to: want, reason });
          c.status = want;
          c.reason = reason;
          c.message = message;
          c.lastTransitionTime = t;
          nodeEvents.push(event);
        }
      };
      for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure'] as const) {
        const text = PRESSURE_TEXT[type];
        if (this.pressure.has(type)) {
          set(type, 'True', text.trueReason, text.trueMessage, text.trueEvent);
        } else {
          set(type, 'False', text.falseReason, text.falseMessage, text.falseEvent);
        }
      }
      set('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', 'NodeReady');
      // The kubelet keeps its own conditions in this order; NPD's conditions come after.
      status.conditions = conditions;
    });
    for (const reason of nodeEvents) {
      this.cluster.events.record({
        involvedObject: { kind: 'Node', name: this.name, uid: this.name },
        type: 'Normal',
        reason,
        message: `Node ${this.name} status is now: ${reason}`,
        component: 'kubelet',
        host: this.name,
      });
    }
    for (const tr of transitions) {
      this.cluster.truth.record('condition-transition', {
        node: this.name,
        source: 'kubelet',
        ...tr,
      });
    }
  }

  /** Restore connectivity after a lease-loss episode: renew at once and post status. */
  reconnect(): void {
    this.connected = true;
    this.renewLease();
    this.postStatus(true);
  }

  // ---- Summary API (kubelet-summary.ts) ----

  /** The Summary API entry of one pod. */
  podStats(sim: SimPod, now: Date): PodStats {
    return podStatsOf(this, this.cluster, sim, now);
  }

  /** GET /stats/summary. */
  summary(): Summary {
    return summaryOf(this, this.cluster);
  }

  /** GET /configz. */
  configz(): { kubeletconfig: Record<string, unknown> } {
    return { kubeletconfig: structuredClone(this.id.kubeletConfig) };
  }

  /** The Node's current API object, for callers that need its labels or taints. */
  nodeObject(): KubeObject | undefined {
    return this.cluster.store.get(NODES, undefined, this.name);
  }
}
