import { getPodQOSReport, getPodResizeState, toAllocatedPod, type Summary } from '@plimsoll/shared';
import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import { createObjectStore } from '../store/object-store.js';
import type { KubeObject } from '../store/types.js';
import { createSimClock } from './clock.js';
import { createSimulation } from './index.js';
import { EVENTS, NODES, PODS } from './resources.js';

const START = new Date('2026-06-02T08:00:00Z');

const status = (o: KubeObject) => (o.status ?? {}) as Record<string, unknown>;

function setup(scenario = 'demo') {
  const clock = createSimClock({ speed: 1, start: START, manual: true });
  const store = createObjectStore({ now: () => clock.now() });
  const sim = createSimulation({ store, clock, scenario, seed: 7 });
  return { clock, store, sim };
}

describe('kube-sim as a 1.35 kubelet writes pods', () => {
  it('writes allocatedResources and resources on every running container (InPlacePodVerticalScaling GA)', () => {
    const { store } = setup();
    const running = store.list(PODS).filter((p) => status(p).phase === 'Running');
    expect(running.length).toBeGreaterThan(20);
    for (const p of running) {
      const spec = (
        p.spec as { containers: Array<{ name: string; resources: { requests?: object } }> }
      ).containers;
      for (const cs of (status(p).containerStatuses as Array<Record<string, unknown>>) ?? []) {
        expect(cs.resources).toBeDefined();
        const requests = spec.find((c) => c.name === cs.name)?.resources.requests;
        const conditions = (status(p).conditions as Array<{ type: string }> | undefined) ?? [];
        if (requests && !conditions.some((c) => c.type === 'PodResizePending'))
          expect(cs.allocatedResources).toEqual(requests);
      }
    }
  });

  it('shows a deferred resize: spec 2Gi, allocated 512Mi, PodResizePending, class unchanged', () => {
    const { store } = setup();
    const pod = store
      .list(PODS)
      .find((p) => p.metadata.name.startsWith('report-builder-')) as unknown as V1Pod;
    expect(pod).toBeDefined();
    const state = getPodResizeState(pod);
    expect(state.pending).toMatchObject({ reason: 'Deferred' });
    expect(state.containers[0]).toMatchObject({
      desired: { requests: { memory: '2Gi' } },
      allocated: { memory: '512Mi' },
    });
    expect(toAllocatedPod(pod).spec?.containers[0]?.resources?.requests?.memory).toBe('512Mi');
    expect(getPodQOSReport(pod)).toEqual({
      reported: 'Burstable',
      computed: 'Burstable',
      differs: false,
    });
  });
});

describe('kube-sim as a 1.35 kubelet reports its node', () => {
  const poolNode = (store: ReturnType<typeof setup>['store'], pool: string) =>
    store.list(NODES).find((n) => n.metadata.labels?.['plimsoll.io/pool'] === pool) as KubeObject;

  it('reports PSI for cpu, memory and io on 1.35 nodes and their pods, and none before 1.34', () => {
    const { store, sim } = setup();
    const node = poolNode(store, 'memory-optimized');
    const info = status(node).nodeInfo as Record<string, unknown>;
    expect(info.kubeletVersion).toBe('v1.35.0');
    const summary = sim.cluster.kubelets.get(node.metadata.name)?.summary() as unknown as Summary;
    for (const psi of [summary.node.cpu?.psi, summary.node.memory?.psi, summary.node.io?.psi]) {
      expect(psi).toMatchObject({
        some: { avg10: expect.any(Number), avg60: expect.any(Number), avg300: expect.any(Number) },
        full: { total: expect.any(Number) },
      });
    }
    expect(summary.pods.every((p) => p.memory?.psi !== undefined && p.io?.psi !== undefined)).toBe(
      true,
    );
    const older = store
      .list(NODES)
      .find((n) =>
        /^v1\.3[123]\./.test(
          String((status(n).nodeInfo as Record<string, unknown>).kubeletVersion),
        ),
      );
    const olderSummary = sim.cluster.kubelets
      .get(older?.metadata.name ?? '')
      ?.summary() as unknown as Summary;
    expect(olderSummary.node.cpu?.psi).toBeUndefined();
  });

  it('reports swap: node capacity, LimitedSwap for the Burstable pod only, within its limit', () => {
    const { store, sim } = setup();
    const pod = store.list(PODS).find((p) => p.metadata.name.startsWith('report-builder-'));
    const nodeName = (pod?.spec as { nodeName: string }).nodeName;
    const node = store.get(NODES, undefined, nodeName) as KubeObject;
    expect((status(node).nodeInfo as { swap?: { capacity: number } }).swap?.capacity).toBe(
      8 * 1024 ** 3,
    );
    const summary = sim.cluster.kubelets.get(nodeName)?.summary() as unknown as Summary;
    expect(summary.node.swap?.swapAvailableBytes).toBeGreaterThan(0);
    const stats = summary.pods.find((p) => p.podRef.name === pod?.metadata.name);
    // 512Mi allocated (not the 2Gi asked for) of ~31Gi memory, applied to 8Gi of swap.
    const c = stats?.containers[0];
    const limit = (c?.swap?.swapAvailableBytes ?? 0) + (c?.swap?.swapUsageBytes ?? 0);
    expect(limit).toBeGreaterThan(128 * 1024 ** 2);
    expect(limit).toBeLessThan(140 * 1024 ** 2);
    const daemon = summary.pods.find((p) => p.podRef.namespace === 'kube-system');
    expect(daemon?.containers[0]?.swap?.swapUsageBytes ?? 0).toBe(0);
  });

  it('reports a split image filesystem, every network interface and the runtime handlers', () => {
    const { store, sim } = setup();
    const node = poolNode(store, 'batch');
    const summary = sim.cluster.kubelets.get(node.metadata.name)?.summary() as unknown as Summary;
    expect(summary.node.runtime?.imageFs?.capacityBytes).toBe(200 * 1024 ** 3);
    expect(summary.node.runtime?.containerFs?.capacityBytes).toBe(summary.node.fs?.capacityBytes);
    expect(summary.node.network?.interfaces?.map((i) => i.name)).toEqual(['ens5', 'cni0']);
    expect(summary.pods[0]?.network?.interfaces?.[0]?.name).toBe('eth0');
    for (const n of store.list(NODES)) {
      const handlers = status(n).runtimeHandlers as Array<{ name: string; features: object }>;
      expect(handlers.map((h) => h.name)).toEqual(['runc', '']);
      expect(handlers[0]?.features).toHaveProperty('recursiveReadOnlyMounts');
    }
  });
});

describe('kube-sim nodes announce themselves as real ones do', () => {
  it('has each node’s start-up Events at once: Starting, the three conditions, RegisteredNode, NodeReady', () => {
    const { store } = setup();
    const node = store.list(NODES)[0] as KubeObject;
    const name = node.metadata.name;
    const reasons = store
      .list(EVENTS)
      .filter((e) => (e.involvedObject as { name?: string } | undefined)?.name === name)
      .map((e) => e.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'Starting',
        'NodeHasSufficientMemory',
        'NodeHasNoDiskPressure',
        'NodeHasSufficientPID',
        'NodeAllocatableEnforced',
        'RegisteredNode',
        'NodeReady',
      ]),
    );
    const registered = store
      .list(EVENTS)
      .find(
        (e) =>
          e.reason === 'RegisteredNode' &&
          (e.involvedObject as { name?: string } | undefined)?.name === name,
      );
    expect(registered?.involvedObject).toMatchObject({ kind: 'Node', uid: node.metadata.uid });
    expect(registered?.source).toEqual({ component: 'node-controller' });
  });
});
