/**
 * The node lifecycle controller of kube-controller-manager (pkg/controller/nodelifecycle): watches
 * node Leases and Ready heartbeats, marks a silent node's conditions Unknown after the grace period
 * (shared markNodeConditionsUnknown), taints it unreachable (NoSchedule and NoExecute), marks its pods
 * not ready, and maps node conditions to NoSchedule taints (doNoScheduleTaintingPass).
 */
import {
  DEFAULT_NODE_MONITOR_GRACE_PERIOD_SECONDS,
  markNodeConditionsUnknown,
  NODE_LEASE_NAMESPACE,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
} from '@plimsoll/shared';
import type { V1NodeCondition } from '@kubernetes/client-node';

import type { KubeObject, StoreEvent } from '../store/types.js';
import type { Cluster } from './cluster.js';
import { toKubeTime } from './event-recorder.js';
import type { Taint } from './node-factory.js';
import { LEASES, NODES, PODS } from './resources.js';

/** nodeMonitorPeriod default. */
export const NODE_MONITOR_PERIOD_MS = 5_000;

// nodeConditionToTaintKeyStatusMap (node_lifecycle_controller.go).
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const CONDITION_TAINT_KEYS = new Set(
  Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)),
);

interface NodeHealth {
  /** When the controller last saw the lease renewed or the Ready heartbeat move. */
  probeTimestamp: number;
  lastRenewTime?: string;
  lastHeartbeat?: string;
  readyStatus?: string;
  staleSince?: number;
}

/** The simulated node lifecycle controller. */
export class NodeLifecycleController {
  private readonly health = new Map<string, NodeHealth>();
  private readonly taintQueue = new Set<string>();
  private taintFlush: (() => void) | undefined;
  private readonly cancels: Array<() => void> = [];
  private readonly gracePeriodMs = DEFAULT_NODE_MONITOR_GRACE_PERIOD_SECONDS * 1000;

  constructor(private readonly cluster: Cluster) {}

  start(): void {
    const { store, clock } = this.cluster;
    this.cancels.push(store.subscribe((e) => this.observe(e)));
    this.cancels.push(clock.every(NODE_MONITOR_PERIOD_MS, () => this.monitorNodeHealth()));
  }

  stop(): void {
    for (const c of this.cancels.splice(0)) c();
    this.taintFlush?.();
  }

  private observe(e: StoreEvent): void {
    if (e.resource === LEASES && e.object.metadata.namespace === NODE_LEASE_NAMESPACE) {
      if (e.type === 'DELETED') return;
      const h = this.entry(e.object.metadata.name);
      const renew = (e.object.spec as { renewTime?: string } | undefined)?.renewTime;
      if (renew !== h.lastRenewTime) {
        h.lastRenewTime = renew;
        h.probeTimestamp = this.cluster.clock.now().getTime();
      }
      return;
    }
    if (e.resource !== NODES) return;
    const name = e.object.metadata.name;
    if (e.type === 'DELETED') {
      this.health.delete(name);
      return;
    }
    const h = this.entry(name);
    const ready = conditionsOf(e.object).find((c) => c.type === 'Ready');
    const hb = ready?.lastHeartbeatTime as string | undefined;
    if (hb !== h.lastHeartbeat) {
      h.lastHeartbeat = hb;
      h.probeTimestamp = this.cluster.clock.now().getTime();
    }
    h.readyStatus = ready?.status as string | undefined;
    this.enqueueTaintPass(name);
  }

  private entry(name: string): NodeHealth {
    let h = this.health.get(name);
    if (!h) {
      h = { probeTimestamp: this.cluster.clock.now().getTime() };
      this.health.set(name, h);
    }
    return h;
  }

  /** monitorNodeHealth + tryUpdateNodeHealth for every node. */
  monitorNodeHealth(): void {
    const now = this.cluster.clock.now();
    for (const [name, h] of this.health) {
      const stale = now.getTime() > h.probeTimestamp + this.gracePeriodMs;
      if (stale && h.readyStatus !== 'Unknown') this.markUnknown(name, h, now);
      else if (!stale && h.staleSince !== undefined && h.readyStatus === 'True')
        this.markReachable(name, h);
    }
  }

  private markUnknown(name: string, h: NodeHealth, now: Date): void {
    const { store, events, truth } = this.cluster;
    const transitions: Array<Record<string, unknown>> = [];
    let uid: string | undefined;
    const node = store.mutate(NODES, undefined, name, (n) => {
      uid = n.metadata.uid;
      const status = n.status as Record<string, unknown>;
      const before = conditionsOf(n);
      const created = n.metadata.creationTimestamp
        ? new Date(n.metadata.creationTimestamp)
        : undefined;
      const after = markNodeConditionsUnknown(before as unknown as V1NodeCondition[], {
        now,
        ...(created ? { nodeCreationTimestamp: created } : {}),
      }).map((c) => jsonCondition(c as unknown as Record<string, unknown>));
      for (const c of after) {
        const prev = before.find((b) => b.type === c.type);
        if (!prev || prev.status !== c.status) {
          transitions.push({
            type: c.type,
            from: prev?.status ?? 'None',
            to: c.status,
            reason: c.reason,
          });
        }
      }
      status.conditions = after;
      addTaint(n, { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute', timeAdded: toKubeTime(now) });
      removeTaint(n, TAINT_NODE_NOT_READY, 'NoExecute');
    });
    if (!node) return;
    h.readyStatus = 'Unknown';
    h.staleSince = now.getTime();
    truth.record('lease-episode', {
      node: name,
      phase: 'start',
      lastRenewTime: h.lastRenewTime ?? null,
      gracePeriodSeconds: this.gracePeriodMs / 1000,
    });
    for (const tr of transitions) {
      truth.record('condition-transition', { node: name, source: 'node-controller', ...tr });
    }
    // RecordNodeStatusChange
    events.record({
      involvedObject: { kind: 'Node', name, uid: uid ?? '' },
      type: 'Normal',
      reason: 'NodeNotReady',
      message: `Node ${name} status is now: NodeNotReady`,
      component: 'node-controller',
    });
    this.markPodsNotReady(name, now);
  }

  /** MarkPodsNotReady (pkg/controller/util/node/controller_utils.go). */
  private markPodsNotReady(nodeName: string, now: Date): void {
    const k = this.cluster.kubelets.get(nodeName);
    if (!k) return;
    const t = toKubeTime(now);
    for (const sim of k.pods.values()) {
      this.cluster.store.mutate(PODS, sim.namespace, sim.name, (pod) => {
        const conditions =
          (pod.status as { conditions?: Array<Record<string, unknown>> }).conditions ?? [];
        for (const c of conditions) {
          if (c.type === 'Ready' && c.status !== 'False') {
            c.status = 'False';
            c.lastTransitionTime = t;
          }
        }
      });
      this.cluster.events.record({
        involvedObject: {
          kind: 'Pod',
          namespace: sim.namespace,
          name: sim.name,
          uid: sim.uid,
          apiVersion: 'v1',
        },
        type: 'Warning',
        reason: 'NodeNotReady',
        message: 'Node is not ready',
        component: 'node-controller',
      });
    }
  }

  /** markNodeAsReachable: the kubelet is back; drop the unreachable taints, pods turn ready again. */
  private markReachable(name: string, h: NodeHealth): void {
    const { store, truth, clock } = this.cluster;
    store.mutate(NODES, undefined, name, (n) => {
      removeTaint(n, TAINT_NODE_UNREACHABLE, 'NoExecute');
      removeTaint(n, TAINT_NODE_NOT_READY, 'NoExecute');
    });
    const started = h.staleSince ?? clock.now().getTime();
    h.staleSince = undefined;
    truth.record('lease-episode', {
      node: name,
      phase: 'end',
      durationSeconds: Math.round((clock.now().getTime() - started) / 1000),
    });
    const k = this.cluster.kubelets.get(name);
    if (!k) return;
    const t = toKubeTime(clock.now());
    // The kubelet's status manager reports the pods ready again once it is back.
    for (const sim of k.pods.values()) {
      store.mutate(PODS, sim.namespace, sim.name, (pod) => {
        const status = pod.status as {
          phase?: string;
          conditions?: Array<Record<string, unknown>>;
        };
        if (status.phase !== 'Running') return;
        for (const c of status.conditions ?? []) {
          if (c.type === 'Ready' && c.status !== 'True') {
            c.status = 'True';
            c.lastTransitionTime = t;
          }
        }
      });
    }
  }

  private enqueueTaintPass(name: string): void {
    this.taintQueue.add(name);
    if (this.taintFlush) return;
    // The node update workqueue drains within a moment; batching also keeps store writes out of
    // the store's own change notification.
    this.taintFlush = this.cluster.clock.after(100, () => {
      this.taintFlush = undefined;
      const names = [...this.taintQueue];
      this.taintQueue.clear();
      for (const n of names) this.doNoScheduleTaintingPass(n);
    });
  }

  /** doNoScheduleTaintingPass: node conditions → NoSchedule taints. */
  private doNoScheduleTaintingPass(name: string): void {
    const { store, clock } = this.cluster;
    const node = store.get(NODES, undefined, name);
    if (!node) return;
    const want = new Set<string>();
    for (const c of conditionsOf(node)) {
      const key = CONDITION_TAINTS[c.type as string]?.[c.status as string];
      if (key) want.add(key);
    }
    const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []) as Taint[];
    const have = new Set(
      taints
        .filter((t) => t.effect === 'NoSchedule' && CONDITION_TAINT_KEYS.has(t.key))
        .map((t) => t.key),
    );
    const add = [...want].filter((k) => !have.has(k));
    const del = [...have].filter((k) => !want.has(k));
    if (add.length === 0 && del.length === 0) return;
    const t = toKubeTime(clock.now());
    store.mutate(NODES, undefined, name, (n) => {
      for (const key of del) removeTaint(n, key, 'NoSchedule');
      // SwapNodeControllerTaint stamps timeAdded on every taint it adds.
      for (const key of add) addTaint(n, { key, effect: 'NoSchedule', timeAdded: t });
    });
  }
}

function conditionsOf(node: KubeObject): Array<Record<string, unknown>> {
  return (
    (node.status as { conditions?: Array<Record<string, unknown>> } | undefined)?.conditions ?? []
  );
}

function jsonCondition(c: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) out[k] = v instanceof Date ? toKubeTime(v) : v;
  return out;
}

/** Add a taint unless one with the same key and effect exists. */
export function addTaint(node: KubeObject, taint: Taint): void {
  const spec = (node.spec ??= {}) as { taints?: Taint[] };
  const taints = spec.taints ?? [];
  if (taints.some((t) => t.key === taint.key && t.effect === taint.effect)) return;
  spec.taints = [...taints, taint];
}

/** Remove the taint with this key and effect. */
export function removeTaint(node: KubeObject, key: string, effect: Taint['effect']): void {
  const spec = node.spec as { taints?: Taint[] } | undefined;
  if (!spec?.taints) return;
  const next = spec.taints.filter((t) => !(t.key === key && t.effect === effect));
  if (next.length === 0) delete spec.taints;
  else spec.taints = next;
}
