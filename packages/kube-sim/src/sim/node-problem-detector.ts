/**
 * node-problem-detector on every node: the conditions of its default monitors (healthy reasons and
 * messages from the shared NPD catalogue), temporary problems reported as Events and permanent ones
 * as conditions plus an Event, with the monitor's source component and the kernel log line as the
 * message, as NPD's k8s exporter writes them.
 */
import { NPD_MONITORS } from '@plimsoll/shared';

import type { Cluster, NodeListener } from './cluster.js';
import { toKubeTime } from './event-recorder.js';
import type { Kubelet } from './kubelet.js';
import type { Random } from './random.js';
import { NODES } from './resources.js';

/** Problems the simulation can inject. */
export type NodeProblemKind =
  | 'KernelOops'
  | 'TaskHung'
  | 'OOMKilling'
  | 'KernelDeadlock'
  | 'ReadonlyFilesystem'
  | 'FrequentKubeletRestart'
  | 'FrequentContainerdRestart';

// The monitors a typical containerd node runs (docker monitors are absent on containerd nodes).
const ENABLED_MONITORS = ['kernel-monitor.json', 'systemd-monitor-counter.json'];

interface ConditionDefault {
  type: string;
  reason: string;
  message: string;
  source: string;
}

function defaultConditions(): ConditionDefault[] {
  const out: ConditionDefault[] = [];
  for (const m of NPD_MONITORS) {
    if (!ENABLED_MONITORS.includes(m.config)) continue;
    for (const c of m.conditions) {
      if (!c.defaultReason || !c.defaultMessage) continue;
      if (out.some((o) => o.type === c.type)) continue;
      out.push({
        type: c.type,
        reason: c.defaultReason,
        message: c.defaultMessage,
        source: m.source,
      });
    }
  }
  return out;
}

function sourceOf(reason: string): string {
  for (const m of NPD_MONITORS) {
    if (!ENABLED_MONITORS.includes(m.config)) continue;
    if (m.rules.some((r) => r.reason === reason)) return m.source;
  }
  return 'kernel-monitor';
}

/** Simulated node-problem-detector DaemonSet. */
export class NodeProblemDetector implements NodeListener {
  private readonly defaults = defaultConditions();
  private readonly rng: Random;
  private readonly cancels: Array<() => void> = [];

  constructor(private readonly cluster: Cluster) {
    this.rng = cluster.rng.fork('npd');
  }

  /** Write the healthy NPD conditions on a node (NPD's initial condition update). */
  nodeAdded(k: Kubelet): void {
    const t = this.cluster.kubeNow();
    this.cluster.store.mutate(NODES, undefined, k.name, (node) => {
      const status = node.status as { conditions?: Array<Record<string, unknown>> };
      const conditions = status.conditions ?? [];
      for (const d of this.defaults) {
        if (conditions.some((c) => c.type === d.type)) continue;
        conditions.unshift({
          type: d.type,
          status: 'False',
          lastHeartbeatTime: t,
          lastTransitionTime: t,
          reason: d.reason,
          message: d.message,
        });
      }
      status.conditions = conditions;
    });
  }

  start(): void {
    for (const k of this.cluster.kubelets.values()) this.nodeAdded(k);
    // NPD's exporter re-posts its conditions every heartbeat period (5 minutes).
    this.cancels.push(
      this.cluster.clock.every(5 * 60_000, () => {
        const t = this.cluster.kubeNow();
        for (const k of this.cluster.kubelets.values()) {
          if (!k.connected) continue;
          this.cluster.store.mutate(NODES, undefined, k.name, (node) => {
            for (const c of (node.status as { conditions?: Array<Record<string, unknown>> })
              .conditions ?? []) {
              if (this.defaults.some((d) => d.type === c.type)) c.lastHeartbeatTime = t;
            }
          });
        }
      }),
    );
  }

  stop(): void {
    for (const c of this.cancels.splice(0)) c();
  }

  /** The kernel log line NPD would have matched for a problem. */
  private messageFor(kind: NodeProblemKind): string {
    const pid = this.rng.int(1000, 65000);
    switch (kind) {
      case 'KernelOops':
        return `BUG: unable to handle kernel NULL pointer dereference at 00000000000000${this.rng.hex(2)}`;
      case 'TaskHung':
        return `task ${this.rng.pick(['mysqld', 'java', 'postgres', 'jbd2/nvme0n1p1-8'])}:${pid} blocked for more than 120 seconds.`;
      case 'OOMKilling': {
        const proc = this.rng.pick(['java', 'python3', 'node', 'ruby']);
        const rss = this.rng.int(900_000, 3_900_000);
        return (
          `Kill process ${pid} (${proc}) score ${this.rng.int(900, 1999)} or sacrifice child\n` +
          `Killed process ${pid} (${proc}) total-vm:${rss * 2 + 123456}kB, anon-rss:${rss}kB, file-rss:${this.rng.int(0, 9000)}kB, shmem-rss:0kB`
        );
      }
      case 'KernelDeadlock':
        return `task docker:${pid} blocked for more than 120 seconds.`;
      case 'ReadonlyFilesystem':
        return 'Remounting filesystem read-only';
      case 'FrequentKubeletRestart':
      case 'FrequentContainerdRestart':
        return 'Found 5 matching logs, which meets the threshold of 5';
    }
  }

  /** Report a problem on a node, as NPD would on matching a log line. */
  inject(nodeName: string, kind: NodeProblemKind): void {
    const k = this.cluster.kubelets.get(nodeName);
    if (!k) return;
    const message = this.messageFor(kind);
    const permanent: Partial<Record<NodeProblemKind, { type: string; reason: string }>> = {
      KernelDeadlock: { type: 'KernelDeadlock', reason: 'DockerHung' },
      ReadonlyFilesystem: { type: 'ReadonlyFilesystem', reason: 'FilesystemIsReadOnly' },
      FrequentKubeletRestart: { type: 'FrequentKubeletRestart', reason: 'FrequentKubeletRestart' },
      FrequentContainerdRestart: {
        type: 'FrequentContainerdRestart',
        reason: 'FrequentContainerdRestart',
      },
    };
    const cond = permanent[kind];
    const reason = cond?.reason ?? kind;
    const source = sourceOf(reason);
    if (cond) this.setCondition(k, cond.type, 'True', reason, message);
    this.cluster.events.record({
      involvedObject: { kind: 'Node', name: nodeName, uid: nodeName },
      type: 'Warning',
      reason,
      message,
      component: source,
      host: nodeName,
    });
    this.cluster.truth.record('npd-event', {
      node: nodeName,
      source,
      reason,
      message,
      ...(cond ? { condition: cond.type, status: 'True' } : {}),
    });
  }

  /** Clear a permanent problem (the node was repaired or rebooted and NPD re-initialised). */
  clear(nodeName: string, conditionType: string): void {
    const k = this.cluster.kubelets.get(nodeName);
    const d = this.defaults.find((x) => x.type === conditionType);
    if (!k || !d) return;
    if (!this.setCondition(k, d.type, 'False', d.reason, d.message)) return;
    this.cluster.events.record({
      involvedObject: { kind: 'Node', name: nodeName, uid: nodeName },
      type: 'Normal',
      reason: d.reason,
      message: d.message,
      component: d.source,
      host: nodeName,
    });
    this.cluster.truth.record('npd-event', {
      node: nodeName,
      source: d.source,
      reason: d.reason,
      message: d.message,
      condition: d.type,
      status: 'False',
    });
  }

  private setCondition(
    k: Kubelet,
    type: string,
    status: string,
    reason: string,
    message: string,
  ): boolean {
    const t = toKubeTime(this.cluster.clock.now());
    let changed = false;
    let from = 'None';
    this.cluster.store.mutate(NODES, undefined, k.name, (node) => {
      const st = node.status as { conditions?: Array<Record<string, unknown>> };
      const conditions = st.conditions ?? [];
      let c = conditions.find((x) => x.type === type);
      if (!c) {
        c = { type };
        conditions.unshift(c);
      }
      from = String(c.status ?? 'None');
      changed = c.status !== status;
      c.status = status;
      c.lastHeartbeatTime = t;
      if (changed) c.lastTransitionTime = t;
      c.reason = reason;
      c.message = message;
      st.conditions = conditions;
    });
    if (changed) {
      this.cluster.truth.record('condition-transition', {
        node: k.name,
        source: 'node-problem-detector',
        type,
        from,
        to: status,
        reason,
      });
    }
    return changed;
  }
}
