/**
 * A cluster-autoscaler over the autoscaled node pools: pending pods trigger scale-ups (or
 * NotTriggerScaleUp with the autoscaler's aggregated reasons), new nodes join after a boot delay, empty
 * nodes are removed after scale-down-unneeded-time, a failing group goes into backoff, and
 * kube-system/cluster-autoscaler-status is written with the shared formatters. With Cluster API
 * enabled each group is a MachineDeployment → MachineSet → Machines with providerID and nodeRef.
 */
import { formatAutoscalerStatusText, formatAutoscalerStatusYaml } from '@plimsoll/shared';
import type { AutoscalerNodeGroupStatus, AutoscalerStatusToWrite } from '@plimsoll/shared';

import {
  CAPI_NAMESPACE,
  CLUSTER_NAME,
  createMachine,
  writeClusterApiObjects,
  type NodeGroup,
} from './cluster-api-objects.js';
import type { Cluster, NodeListener } from './cluster.js';
import { toKubeTime } from './event-recorder.js';
import { advertiseExtendedResources, dongleWorkload } from './extended-resources.js';
import type { Kubelet } from './kubelet.js';
import type { NodePool } from './node-factory.js';
import { addTaint } from './node-lifecycle-controller.js';
import type { Random } from './random.js';
import { CONFIGMAPS, MACHINE_DEPLOYMENTS, MACHINE_SETS, MACHINES, NODES } from './resources.js';
import { podTolerations, toleratesTaint, type SimPod } from './workloads.js';

const SCAN_INTERVAL_MS = 10_000;
const SCALE_DOWN_UNNEEDED_MS = 10 * 60_000;
const SCALE_DOWN_DELAY_AFTER_ADD_MS = 10 * 60_000;
const INITIAL_BACKOFF_MS = 5 * 60_000;
const STATUS_CONFIGMAP = 'cluster-autoscaler-status';
const PRIORITY_CONFIGMAP = 'cluster-autoscaler-priority-expander';
/** The priority expander's configuration: batch groups first, anything else after (expander/priority README). */
const PRIORITIES = '10:\n  - .*\n50:\n  - .*batch.*\n';

/** Options of {@link ClusterAutoscaler}. */
export interface ClusterAutoscalerOptions {
  statusFormat: 'yaml' | 'text';
  clusterApi: boolean;
  /** Simulated seconds a new VM takes to register its Node. */
  bootSeconds: number;
}

/** The simulated cluster-autoscaler. */
export class ClusterAutoscaler implements NodeListener {
  readonly groups: NodeGroup[] = [];
  private readonly rng: Random;
  private readonly cancels: Array<() => void> = [];
  private readonly startedAt: number;
  private lastScaleDownProbe = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly opts: ClusterAutoscalerOptions,
  ) {
    this.rng = cluster.rng.fork('cluster-autoscaler');
    this.startedAt = cluster.clock.now().getTime();
  }

  /** Declare an autoscaled pool as a node group. */
  addGroup(pool: NodePool): NodeGroup {
    const id = this.opts.clusterApi
      ? `MachineDeployment/${CAPI_NAMESPACE}/${CLUSTER_NAME}-${pool.name}`
      : `${pool.name}-asg`;
    const g: NodeGroup = {
      pool,
      id,
      target: 0,
      nodes: new Set(),
      emptySince: new Map(),
      scaleUpTransition: this.cluster.clock.now().getTime(),
    };
    this.groups.push(g);
    return g;
  }

  groupOf(name: string): NodeGroup | undefined {
    return this.groups.find((g) => g.nodes.has(name));
  }

  nodeAdded(k: Kubelet): void {
    const g = this.groups.find((x) => x.pool === k.id.pool);
    if (!g) return;
    g.nodes.add(k.name);
    if (g.target < g.nodes.size) g.target = g.nodes.size;
    advertiseExtendedResources(this.cluster, k);
    if (this.opts.clusterApi) createMachine(this.cluster, g, k);
  }

  nodeRemoved(name: string): void {
    for (const g of this.groups) {
      if (g.nodes.delete(name)) g.emptySince.delete(name);
    }
  }

  /** Write the Cluster API objects for the groups (after the initial nodes exist). */
  setup(): void {
    const { store } = this.cluster;
    if (!store.get(CONFIGMAPS, 'kube-system', PRIORITY_CONFIGMAP)) {
      store.create(CONFIGMAPS, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: PRIORITY_CONFIGMAP, namespace: 'kube-system' },
        data: { priorities: PRIORITIES },
      });
    }
    if (this.groups.some((g) => g.pool.name === 'batch'))
      this.cluster.addWorkload(dongleWorkload());
    if (!this.opts.clusterApi) return;
    writeClusterApiObjects(this.cluster, this.groups, this.rng);
  }

  start(): void {
    this.cancels.push(this.cluster.clock.every(SCAN_INTERVAL_MS, () => this.runOnce()));
    this.writeStatus();
  }

  stop(): void {
    for (const c of this.cancels.splice(0)) c();
  }

  /** Bytes cut off the end of the status as written; 0 writes it whole (see {@link cutStatus}). */
  private statusCutBytes = 0;

  /**
   * Publish the status cut short by `bytes` from now on (0: whole again), and at once: the end of
   * the document goes, as when a copy of it stops early. Readers must show what was readable and say
   * that it was cut (POST /sim/v1/autoscaler).
   */
  cutStatus(bytes: number): void {
    this.statusCutBytes = Math.max(0, Math.floor(bytes));
    this.writeStatus();
  }

  /** Make a group's scale-ups fail (a cloud quota error) until cleared with `undefined`. */
  setFailing(poolName: string, error: { code: string; message: string } | undefined): void {
    const g = this.groups.find((x) => x.pool.name === poolName);
    if (g) g.failing = error;
  }

  /** Why a group cannot host a pod (a scheduler predicate message), or null when it can. */
  private rejection(g: NodeGroup, pod: SimPod): string | null {
    const w = pod.workload;
    const tolerations = podTolerations(w);
    const taint = (g.pool.taints ?? []).find(
      (t) => t.effect !== 'PreferNoSchedule' && !toleratesTaint(tolerations, t),
    );
    if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
    const labels: Record<string, string> = {
      'plimsoll.io/pool': g.pool.name,
      'node.kubernetes.io/instance-type': g.pool.instanceType,
    };
    if (g.pool.tenant) labels['plimsoll.io/tenant'] = g.pool.tenant;
    if (w.nodeSelector && Object.entries(w.nodeSelector).some(([k, v]) => labels[k] !== v)) {
      return "node(s) didn't match Pod's node affinity/selector";
    }
    if (pod.requestsCpuMilli > g.pool.cpu * 1000 * 0.9) return 'Insufficient cpu';
    if (pod.requestsMemoryBytes > g.pool.memoryGi * 1024 ** 3 * 0.85) return 'Insufficient memory';
    return null;
  }

  runOnce(): void {
    const now = this.cluster.clock.now().getTime();
    this.retryPending();
    const pending = this.cluster.pendingPods();
    if (pending.length > 0) this.scaleUp(pending, now);
    this.scaleDown(now);
    this.writeStatus();
  }

  /** Pods pending before the new nodes arrived go to them as soon as they are Ready. */
  private retryPending(): void {
    for (const p of this.cluster.pendingPods()) {
      const placement = this.cluster.findNode(p.workload);
      if (placement.kubelet) this.cluster.bindPod(p, placement.kubelet);
    }
  }

  private scaleUp(pending: SimPod[], now: number): void {
    const { events, truth } = this.cluster;
    const upcoming = new Map<NodeGroup, number>();
    for (const g of this.groups) upcoming.set(g, g.target - g.nodes.size);
    const byGroup = new Map<NodeGroup, SimPod[]>();
    for (const pod of pending) {
      // Pods that will fit on nodes already being provisioned wait for them.
      const waiting = this.groups.find(
        (g) => (upcoming.get(g) ?? 0) > 0 && this.rejection(g, pod) === null,
      );
      if (waiting) continue;
      const reasons = new Map<string, number>();
      let chosen: NodeGroup | undefined;
      for (const g of this.groups) {
        let reason: string | null = null;
        if (g.backoffUntil !== undefined && now < g.backoffUntil)
          reason = 'in backoff after failed scale-up';
        else if (g.target >= (g.pool.autoscaling?.max ?? 0)) reason = 'max node group size reached';
        else reason = this.rejection(g, pod);
        if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        else if (!chosen) chosen = g;
      }
      if (chosen) {
        const list = byGroup.get(chosen) ?? [];
        list.push(pod);
        byGroup.set(chosen, list);
        continue;
      }
      const message = [...reasons].map(([r, n]) => `${n} ${r}`).join(', ');
      events.record({
        involvedObject: {
          kind: 'Pod',
          namespace: pod.namespace,
          name: pod.name,
          uid: pod.uid,
          apiVersion: 'v1',
        },
        type: 'Normal',
        reason: 'NotTriggerScaleUp',
        message: `pod didn't trigger scale-up: ${message}`,
        component: 'cluster-autoscaler',
      });
    }
    for (const [g, pods] of byGroup) {
      const cpu = pods.reduce((s, p) => s + p.requestsCpuMilli, 0);
      const mem = pods.reduce((s, p) => s + p.requestsMemoryBytes, 0);
      const perNodeCpu = g.pool.cpu * 1000 * 0.9;
      const perNodeMem = g.pool.memoryGi * 1024 ** 3 * 0.85;
      const need = Math.max(1, Math.ceil(Math.max(cpu / perNodeCpu, mem / perNodeMem)));
      const max = g.pool.autoscaling?.max ?? 0;
      const current = g.target;
      const next = Math.min(max, current + need);
      const statusRef = {
        kind: 'ConfigMap',
        namespace: 'kube-system',
        name: STATUS_CONFIGMAP,
        apiVersion: 'v1',
      };
      events.record({
        involvedObject: statusRef,
        type: 'Normal',
        reason: 'ScaledUpGroup',
        message: `Scale-up: setting group ${g.id} size to ${next} instead of ${current} (max: ${max})`,
        component: 'cluster-autoscaler',
      });
      if (g.failing) {
        events.record({
          involvedObject: statusRef,
          type: 'Warning',
          reason: 'FailedToScaleUpGroup',
          message: `Scale-up failed for group ${g.id}: ${g.failing.message}`,
          component: 'cluster-autoscaler',
        });
        g.backoffUntil = now + INITIAL_BACKOFF_MS;
        g.backoffError = { code: g.failing.code, message: g.failing.message };
        g.scaleUpTransition = now;
        truth.record('scale-up', {
          group: g.id,
          from: current,
          to: next,
          max,
          failed: true,
          error: g.failing.message,
        });
        continue;
      }
      g.backoffUntil = undefined;
      g.backoffError = undefined;
      g.target = next;
      g.lastScaleUp = now;
      g.scaleUpTransition = now;
      events.record({
        involvedObject: statusRef,
        type: 'Normal',
        reason: 'ScaledUpGroup',
        message: `Scale-up: group ${g.id} size set to ${next} instead of ${current} (max: ${max})`,
        component: 'cluster-autoscaler',
      });
      for (const p of pods) {
        events.record({
          involvedObject: {
            kind: 'Pod',
            namespace: p.namespace,
            name: p.name,
            uid: p.uid,
            apiVersion: 'v1',
          },
          type: 'Normal',
          reason: 'TriggeredScaleUp',
          message: `pod triggered scale-up: [{${g.id} ${current}->${next} (max: ${max})}]`,
          component: 'cluster-autoscaler',
        });
      }
      truth.record('scale-up', {
        group: g.id,
        from: current,
        to: next,
        max,
        pods: pods.map((p) => `${p.namespace}/${p.name}`),
      });
      this.updateReplicas(g);
      for (let i = current; i < next; i++) {
        this.cluster.clock.after(this.opts.bootSeconds * 1000 + this.rng.int(0, 20_000), () => {
          this.cluster.addNode(g.pool);
        });
      }
    }
  }

  private updateReplicas(g: NodeGroup): void {
    if (!this.opts.clusterApi || !g.machineSet) return;
    const mdName = `${CLUSTER_NAME}-${g.pool.name}`;
    this.cluster.store.mutate(MACHINE_DEPLOYMENTS, CAPI_NAMESPACE, mdName, (md) => {
      (md.spec as Record<string, unknown>).replicas = g.target;
      (md.status as Record<string, unknown>).replicas = g.target;
    });
    this.cluster.store.mutate(MACHINE_SETS, CAPI_NAMESPACE, g.machineSet, (ms) => {
      (ms.spec as Record<string, unknown>).replicas = g.target;
      (ms.status as Record<string, unknown>).replicas = g.target;
    });
  }

  private scaleDown(now: number): void {
    const { events, truth, store } = this.cluster;
    this.lastScaleDownProbe = now;
    for (const g of this.groups) {
      if (g.lastScaleUp !== undefined && now - g.lastScaleUp < SCALE_DOWN_DELAY_AFTER_ADD_MS)
        continue;
      for (const name of [...g.nodes]) {
        const k = this.cluster.kubelets.get(name);
        if (!k) continue;
        const busy = [...k.pods.values()].some((p) => p.workload.kind !== 'DaemonSet');
        if (busy) {
          g.emptySince.delete(name);
          continue;
        }
        const since = g.emptySince.get(name) ?? now;
        g.emptySince.set(name, since);
        if (now - since < SCALE_DOWN_UNNEEDED_MS) continue;
        if (g.target <= (g.pool.autoscaling?.min ?? 0)) continue;
        events.record({
          involvedObject: {
            kind: 'ConfigMap',
            namespace: 'kube-system',
            name: STATUS_CONFIGMAP,
            apiVersion: 'v1',
          },
          type: 'Normal',
          reason: 'ScaleDownEmpty',
          message: `Scale-down: removing empty node "${name}"`,
          component: 'cluster-autoscaler',
        });
        store.mutate(NODES, undefined, name, (n) => {
          addTaint(n, {
            key: 'ToBeDeletedByClusterAutoscaler',
            value: String(Math.floor(now / 1000)),
            effect: 'NoSchedule',
          });
        });
        events.record({
          involvedObject: { kind: 'Node', name, uid: k.uid, apiVersion: 'v1' },
          type: 'Normal',
          reason: 'ScaleDown',
          message: 'marked the node as toBeDeleted/unschedulable',
          component: 'cluster-autoscaler',
        });
        const from = g.target;
        g.target--;
        g.emptySince.delete(name);
        truth.record('scale-down', {
          group: g.id,
          node: name,
          from,
          to: g.target,
          reason: 'ScaleDownEmpty',
        });
        this.updateReplicas(g);
        this.cluster.clock.after(5_000 + this.rng.int(0, 5_000), () => {
          if (this.opts.clusterApi && g.machineSet) {
            store.delete(MACHINES, CAPI_NAMESPACE, `${g.machineSet}-${k.id.providerID.slice(-5)}`);
          }
          this.cluster.removeNode(name);
        });
      }
    }
  }

  /** The status the autoscaler would write now. */
  status(): AutoscalerStatusToWrite {
    const now = this.cluster.clock.now();
    const t = toKubeTime(now);
    const boot = toKubeTime(new Date(this.startedAt));
    let ready = 0;
    let unready = 0;
    let registered = 0;
    const nodeGroups: AutoscalerNodeGroupStatus[] = this.groups.map((g) => {
      let gReady = 0;
      let gUnready = 0;
      for (const name of g.nodes) {
        const node = this.cluster.store.get(NODES, undefined, name);
        const readyCond = (
          (node?.status as { conditions?: Array<{ type: string; status: string }> })?.conditions ??
          []
        ).find((c) => c.type === 'Ready');
        if (readyCond?.status === 'True') gReady++;
        else gUnready++;
      }
      ready += gReady;
      unready += gUnready;
      registered += g.nodes.size;
      const notStarted = Math.max(0, g.target - g.nodes.size);
      const backoff = g.backoffUntil !== undefined && now.getTime() < g.backoffUntil;
      const healthy = gUnready <= Math.max(3, g.nodes.size * 0.45);
      return {
        name: g.id,
        health: {
          status: healthy ? 'Healthy' : 'Unhealthy',
          ready: gReady,
          unready: gUnready,
          resourceUnready: 0,
          notStarted,
          registered: g.nodes.size,
          longUnregistered: 0,
          cloudProviderTarget: g.target,
          minSize: g.pool.autoscaling?.min ?? 0,
          maxSize: g.pool.autoscaling?.max ?? 0,
          lastProbeTime: t,
          lastTransitionTime: boot,
        },
        scaleUp: {
          status: backoff ? 'Backoff' : notStarted > 0 ? 'InProgress' : 'NoActivity',
          ...(backoff && g.backoffError
            ? { backoff: { errorCode: g.backoffError.code, errorMessage: g.backoffError.message } }
            : {}),
          lastProbeTime: t,
          lastTransitionTime: toKubeTime(new Date(g.scaleUpTransition)),
        },
        scaleDown: {
          status: g.emptySince.size > 0 ? 'CandidatesPresent' : 'NoCandidates',
          ...(g.emptySince.size > 0 ? { candidates: g.emptySince.size } : {}),
          lastProbeTime: t,
          lastTransitionTime: boot,
        },
      };
    });
    // Nodes outside node groups still count cluster-wide.
    for (const k of this.cluster.kubelets.values()) {
      if (this.groupOf(k.name)) continue;
      registered++;
      if (k.connected) ready++;
      else unready++;
    }
    const anyInProgress = nodeGroups.some((g) => g.scaleUp.status === 'InProgress');
    const candidates = nodeGroups.reduce((s, g) => s + (g.scaleDown.candidates ?? 0), 0);
    return {
      format: this.opts.statusFormat,
      time: goTime(now),
      autoscalerStatus: 'Running',
      clusterWide: {
        health: {
          status: 'Healthy',
          ready,
          unready,
          resourceUnready: 0,
          notStarted: nodeGroups.reduce((s, g) => s + g.health.notStarted, 0),
          registered,
          longUnregistered: 0,
          lastProbeTime: t,
          lastTransitionTime: boot,
        },
        scaleUp: {
          status: anyInProgress ? 'InProgress' : 'NoActivity',
          lastProbeTime: t,
          lastTransitionTime: boot,
        },
        scaleDown: {
          status: candidates > 0 ? 'CandidatesPresent' : 'NoCandidates',
          ...(candidates > 0 ? { candidates } : {}),
          lastProbeTime: toKubeTime(new Date(this.lastScaleDownProbe || now.getTime())),
          lastTransitionTime: boot,
        },
      },
      nodeGroups,
      truncated: false,
    };
  }

  private writeStatus(): void {
    const status = this.status();
    const whole =
      this.opts.statusFormat === 'yaml'
        ? formatAutoscalerStatusYaml(status)
        : formatAutoscalerStatusText(status);
    const data = this.statusCutBytes > 0 ? whole.slice(0, -this.statusCutBytes) : whole;
    const { store } = this.cluster;
    const annotations = { 'cluster-autoscaler.kubernetes.io/last-updated': status.time ?? '' };
    if (!store.get(CONFIGMAPS, 'kube-system', STATUS_CONFIGMAP)) {
      store.create(CONFIGMAPS, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: STATUS_CONFIGMAP, namespace: 'kube-system', annotations },
        data: { status: data },
      });
      return;
    }
    store.mutate(CONFIGMAPS, 'kube-system', STATUS_CONFIGMAP, (cm) => {
      cm.metadata.annotations = annotations;
      cm.data = { status: data };
    });
  }
}

/** Go's time.Time.String() layout for UTC: 2006-01-02 15:04:05.999999999 -0700 MST. */
export function goTime(d: Date): string {
  const iso = d.toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''} +0000 UTC`;
}
