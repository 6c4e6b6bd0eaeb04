import { parseAutoscalerStatus, parseEvictionMessage, rankPodsForEviction } from '@plimsoll/shared';
import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import { createObjectStore } from '../store/object-store.js';
import type { KubeObject } from '../store/types.js';
import { createSimClock } from './clock.js';
import { createSimulation } from './index.js';
import { CONFIGMAPS, EVENTS, LEASES, NODES, PODS } from './resources.js';

const START = new Date('2025-06-02T08:00:00Z');

function setup(
  scenario: string,
  extra: { nodes?: number; seed?: number; podsPerNode?: number } = {},
) {
  const clock = createSimClock({ speed: 1, start: START, manual: true });
  const store = createObjectStore({ now: () => clock.now() });
  const sim = createSimulation({ store, clock, scenario, seed: extra.seed ?? 7, ...extra });
  return { clock, store, sim };
}

function events(store: ReturnType<typeof createObjectStore>, reason: string): KubeObject[] {
  return store.list(EVENTS).filter((e) => e.reason === reason);
}

describe('createSimClock', () => {
  it('runs timers in due order at their own simulated time', () => {
    const clock = createSimClock({ speed: 1, start: START, manual: true });
    const seen: string[] = [];
    clock.after(3000, () => seen.push(`b@${clock.now().toISOString()}`));
    clock.after(1000, () => seen.push(`a@${clock.now().toISOString()}`));
    const cancel = clock.every(2000, () => seen.push(`e@${clock.now().toISOString()}`));
    clock.advance(4000);
    cancel();
    clock.advance(4000);
    expect(seen).toEqual([
      'a@2025-06-02T08:00:01.000Z',
      'e@2025-06-02T08:00:02.000Z',
      'b@2025-06-02T08:00:03.000Z',
      'e@2025-06-02T08:00:04.000Z',
    ]);
    expect(clock.now().toISOString()).toBe('2025-06-02T08:00:08.000Z');
  });

  it('follows the wall clock at its speed', async () => {
    const clock = createSimClock({ speed: 1000, start: START });
    // A wall millisecond is a simulated second at this speed, so measure from the moment of arming
    // (the clock may have moved on since it was created).
    const armed = clock.now().getTime();
    const wallStart = Date.now();
    const fired = await new Promise<Date>((resolve) =>
      clock.after(60_000, () => resolve(clock.now())),
    );
    expect(fired.getTime() - armed).toBe(60_000);
    expect(armed - START.getTime()).toBeLessThan(60_000);
    expect(Date.now() - wallStart).toBeGreaterThanOrEqual(55);
    clock.stop();
  });
});

describe('cluster setup', () => {
  it('registers nodes, leases and pods in Kubernetes formats', () => {
    const { store, sim } = setup('demo');
    const nodes = store.list(NODES);
    expect(nodes.length).toBeGreaterThanOrEqual(28);
    const node = nodes.find((n) => !n.metadata.name.startsWith('master')) as KubeObject;
    const status = node.status as Record<string, any>;
    expect(status.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\/(1\.7|2\.0)\.\d+$/);
    expect(status.nodeInfo.kubeletVersion).toMatch(/^v1\.3[123]\.\d+$/);
    expect(Object.keys(status.capacity)).toEqual(
      expect.arrayContaining(['cpu', 'memory', 'pods', 'ephemeral-storage', 'hugepages-2Mi']),
    );
    const ready = status.conditions.find((c: any) => c.type === 'Ready');
    expect(ready).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
    });
    expect(status.conditions.find((c: any) => c.type === 'KernelDeadlock')).toMatchObject({
      status: 'False',
      reason: 'KernelHasNoDeadlock',
    });
    const lease = store.get(LEASES, 'kube-node-lease', node.metadata.name) as KubeObject;
    expect(lease.spec).toMatchObject({
      holderIdentity: node.metadata.name,
      leaseDurationSeconds: 40,
    });
    expect((lease.spec as any).renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const configz = sim.nodeProxy(node.metadata.name, 'configz') as {
      kubeletconfig: Record<string, unknown>;
    };
    expect(configz.kubeletconfig.evictionHard).toMatchObject({
      'memory.available': expect.any(String),
    });
    const summary = sim.nodeProxy(node.metadata.name, 'stats/summary') as any;
    expect(summary.node.nodeName).toBe(node.metadata.name);
    expect(summary.pods.length).toBeGreaterThan(0);
    expect(summary.pods[0].containers[0].memory.workingSetBytes).toBeGreaterThan(0);
    const pods = store.list(PODS);
    const qos = new Set(pods.map((p) => (p.status as any).qosClass));
    expect([...qos].sort()).toEqual(['BestEffort', 'Burstable', 'Guaranteed']);
    const kinds = new Set(pods.map((p) => (p.metadata.ownerReferences?.[0] as any)?.kind));
    expect([...kinds].sort()).toEqual(['DaemonSet', 'ReplicaSet', 'StatefulSet']);
    expect(store.list(LEASES, 'kube-system').map((l) => l.metadata.name)).toEqual(
      expect.arrayContaining(['kube-controller-manager', 'kube-scheduler']),
    );
    expect(sim.nodeMetrics()[0]).toMatchObject({
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'NodeMetrics',
    });
  });

  it('creates the tenants with their deliberate isolation mistakes', () => {
    const { store } = setup('tenants');
    const ns = store.list('core/v1/namespaces');
    expect(ns.find((n) => n.metadata.name === 'acme-prod')?.metadata.labels).toMatchObject({
      'capsule.clastix.io/tenant': 'acme',
    });
    expect(ns.find((n) => n.metadata.name === 'globex-prod')?.metadata.labels).toMatchObject({
      'plimsoll.io/tenant': 'globex',
    });
    expect(store.list('networking.k8s.io/v1/networkpolicies', 'globex-sandbox')).toHaveLength(0);
    const cross = store.get(
      'rbac.authorization.k8s.io/v1/rolebindings',
      'globex-prod',
      'acme-support',
    );
    expect((cross as any).subjects[0].name).toBe('alice@acme.example');
    const quota = store.get('core/v1/resourcequotas', 'acme-prod', 'not-best-effort') as any;
    expect(quota.spec.scopes).toEqual(['NotBestEffort']);
    expect(Number(quota.status.used.pods)).toBeGreaterThan(0);
    const privileged = store
      .list(PODS, 'acme-dev')
      .filter((p) => (p.spec as any).containers[0].securityContext?.privileged);
    expect(privileged).toHaveLength(1);
  });
});

describe('memory-storm', () => {
  it('evicts in rankPodsForEviction order with messages parseEvictionMessage reads', () => {
    const { store, clock, sim } = setup('memory-storm');
    const checked: string[] = [];
    store.subscribe((e) => {
      const pod = e.object;
      if (e.resource !== PODS || e.type !== 'MODIFIED' || (pod.status as any)?.reason !== 'Evicted')
        return;
      if ((pod.status as any).phase !== 'Failed' || checked.includes(pod.metadata.name)) return;
      const k = sim.cluster.kubelets.get((pod.spec as any).nodeName);
      if (!k) throw new Error('no kubelet');
      const candidates = [...k.pods.values()].map((p) => ({
        pod: (p.name === pod.metadata.name
          ? pod
          : store.get(PODS, p.namespace, p.name)) as unknown as V1Pod,
        stats: k.podStats(p, clock.now()),
      }));
      const signal = (pod.status as any).message.includes('ephemeral-storage')
        ? 'nodefs.available'
        : 'memory.available';
      const first = rankPodsForEviction(signal, candidates).find((p) => {
        const s = k.pods.get(`${p.metadata?.namespace}/${p.metadata?.name}`);
        return s && !s.critical;
      });
      expect(first?.metadata?.name).toBe(pod.metadata.name);
      checked.push(pod.metadata.name);
    });
    sim.start();
    clock.advance(15 * 60_000);
    const evictions = sim.truth().filter((t) => t.kind === 'eviction');
    expect(evictions.length).toBeGreaterThan(0);
    expect(checked.length).toBe(evictions.length);
    for (const e of evictions) {
      const pod = store.get(PODS, e.details.namespace as string, e.details.pod as string) as any;
      // A StatefulSet replaces its evicted pod under the same name; only the original carries the status.
      if (pod?.metadata.uid === e.details.uid) {
        expect(pod.status).toMatchObject({
          phase: 'Failed',
          reason: 'Evicted',
          message: e.details.message,
        });
        expect(pod.status.conditions[0]).toMatchObject({
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'TerminationByKubelet',
          message: e.details.message,
        });
      }
      const parsed = parseEvictionMessage(e.details.message as string);
      expect(parsed?.resource).toBe('memory');
      expect(parsed?.threshold).not.toBeNull();
    }
    const evicted = events(store, 'Evicted')[0] as any;
    expect(evicted.source).toEqual({ component: 'kubelet', host: evicted.reportingInstance });
    expect(evicted.metadata.annotations.starved_resource).toBe('memory');
    expect(events(store, 'EvictionThresholdMet')[0]?.message).toBe('Attempting to reclaim memory');
    expect(events(store, 'NodeHasInsufficientMemory').length).toBeGreaterThan(0);
    const transitions = sim
      .truth()
      .filter((t) => t.kind === 'condition-transition' && t.details.type === 'MemoryPressure');
    expect(transitions.some((t) => t.details.to === 'True')).toBe(true);
    expect(transitions.some((t) => t.details.to === 'False')).toBe(true);
    sim.stop();
  });
});

describe('disk-fill', () => {
  it('sets DiskPressure and evicts for ephemeral-storage', () => {
    const { store, clock, sim } = setup('disk-fill');
    sim.start();
    clock.advance(12 * 60_000);
    const evictions = sim.truth().filter((t) => t.kind === 'eviction');
    expect(evictions.length).toBeGreaterThan(0);
    expect(evictions[0]?.details.resource).toBe('ephemeral-storage');
    expect(parseEvictionMessage(evictions[0]?.details.message as string)?.resource).toBe(
      'ephemeral-storage',
    );
    expect(events(store, 'NodeHasDiskPressure').length).toBeGreaterThan(0);
    sim.stop();
  });
});

describe('lease-loss', () => {
  it("marks a silent node Unknown with the controller's reasons and taints, then recovers", () => {
    const { store, clock, sim } = setup('lease-loss');
    sim.start();
    clock.advance(30_000 + 60_000 + 10_000);
    const lost = sim.truth().find((t) => t.kind === 'lease-episode' && t.details.phase === 'start');
    expect(lost).toBeDefined();
    const node = store.get(NODES, undefined, lost?.details.node as string) as any;
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      expect(node.status.conditions.find((c: any) => c.type === type)).toMatchObject({
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      });
    }
    expect(node.spec.taints).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }),
        expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }),
      ]),
    );
    expect(
      events(store, 'NodeNotReady').some((e: any) => e.source.component === 'node-controller'),
    ).toBe(true);
    clock.advance(5 * 60_000);
    const after = store.get(NODES, undefined, lost?.details.node as string) as any;
    expect(after.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
    });
    expect(after.spec.taints ?? []).toEqual([]);
    expect(
      sim.truth().filter((t) => t.kind === 'lease-episode' && t.details.phase === 'end').length,
    ).toBe(2);
    sim.stop();
  });
});

describe('npd-kernel', () => {
  it('reports NPD events and conditions as node-problem-detector does', () => {
    const { store, clock, sim } = setup('npd-kernel');
    sim.start();
    clock.advance(3 * 60_000);
    const oops = events(store, 'KernelOops')[0] as any;
    expect(oops).toMatchObject({ type: 'Warning', source: { component: 'kernel-monitor' } });
    expect(oops.message).toMatch(/^BUG: unable to handle kernel NULL pointer dereference at /);
    expect(events(store, 'OOMKilling')[0]?.message).toMatch(
      /Killed process \d+ \(\w+\) total-vm:\d+kB, anon-rss:\d+kB, file-rss:\d+kB/,
    );
    const deadlocked = sim
      .truth()
      .find((t) => t.kind === 'npd-event' && t.details.condition === 'KernelDeadlock');
    const node = store.get(NODES, undefined, deadlocked?.details.node as string) as any;
    expect(node.status.conditions.find((c: any) => c.type === 'KernelDeadlock')).toMatchObject({
      status: 'True',
      reason: 'DockerHung',
    });
    sim.stop();
  });
});

describe('autoscale', () => {
  it('scales up for pending pods, reports backoff, and writes the status ConfigMap', () => {
    const { store, clock, sim } = setup('autoscale');
    sim.start();
    clock.advance(5 * 60_000);
    const up = sim.truth().find((t) => t.kind === 'scale-up' && !t.details.failed);
    expect(up).toBeDefined();
    expect(events(store, 'TriggeredScaleUp')[0]?.message).toMatch(
      /^pod triggered scale-up: \[\{MachineDeployment\/default\/plimsoll-sim-batch \d+->\d+ \(max: 5\)\}\]$/,
    );
    expect(events(store, 'NotTriggerScaleUp')[0]?.message).toMatch(
      /^pod didn't trigger scale-up: /,
    );
    expect(events(store, 'FailedToScaleUpGroup').length).toBeGreaterThan(0);
    const cm = store.get(CONFIGMAPS, 'kube-system', 'cluster-autoscaler-status') as any;
    const status = parseAutoscalerStatus(cm.data.status);
    expect(status.format).toBe('yaml');
    expect(status.nodeGroups.find((g) => g.name.endsWith('gpu'))?.scaleUp.status).toBe('Backoff');
    expect(store.list('cluster.x-k8s.io/v1beta1/machines').length).toBeGreaterThan(0);
    clock.advance(25 * 60_000);
    expect(sim.truth().some((t) => t.kind === 'scale-down')).toBe(true);
    sim.stop();
  });
});

describe('determinism', () => {
  it('plays the same scenario the same way under a seed', () => {
    const run = () => {
      const { clock, sim, store } = setup('memory-storm', { seed: 42 });
      sim.start();
      clock.advance(10 * 60_000);
      sim.stop();
      const strip = (d: Record<string, unknown>) => {
        const { uid: _uid, ...rest } = d;
        return rest;
      };
      return {
        truth: sim.truth().map((t) => ({ ...t, details: strip(t.details) })),
        nodes: store.list(NODES).map((n) => n.metadata.name),
      };
    };
    expect(run()).toEqual(run());
  });
});

describe('scale', () => {
  it('builds N nodes × M pods in bulk', () => {
    const t0 = Date.now();
    const { store } = setup('scale', { nodes: 200, podsPerNode: 30 });
    expect(store.list(NODES)).toHaveLength(200);
    expect(store.list(PODS)).toHaveLength(200 * 30);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
