import type { V1Pod, V1PodCondition } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import type { PodStats } from './kubelet-stats.js';
import { rankPodsForEviction } from './eviction-rank.js';
import { getPodQOSReport, getPodResizeState, toAllocatedPod } from './pod-resize.js';

const T = '2026-01-01T00:00:00Z';

// A Burstable pod resized from 256Mi to 1Gi of memory request; `allocated` is what the kubelet
// admitted so far, `actual` what the runtime applied.
function resizedPod(
  name: string,
  opts: { allocated: string; actual: string; conditions?: V1PodCondition[] },
): V1Pod {
  return {
    metadata: { name, namespace: 'default', uid: name },
    spec: {
      containers: [
        {
          name: 'app',
          resources: { requests: { cpu: '100m', memory: '1Gi' }, limits: { memory: '2Gi' } },
        },
      ],
    },
    status: {
      qosClass: 'Burstable',
      ...(opts.conditions ? { conditions: opts.conditions } : {}),
      containerStatuses: [
        {
          name: 'app',
          image: 'app',
          imageID: '',
          ready: true,
          restartCount: 0,
          allocatedResources: { cpu: '100m', memory: opts.allocated },
          resources: { requests: { cpu: '100m', memory: opts.actual }, limits: { memory: '2Gi' } },
        },
      ],
    },
  };
}

function plainPod(name: string, memoryRequest: string): V1Pod {
  return {
    metadata: { name, namespace: 'default', uid: name },
    spec: {
      containers: [
        { name: 'app', resources: { requests: { cpu: '100m', memory: memoryRequest } } },
      ],
    },
    status: { qosClass: 'Burstable' },
  };
}

function stats(pod: V1Pod, workingSetMi: number): PodStats {
  const bytes = workingSetMi * 1024 * 1024;
  return {
    podRef: { name: pod.metadata?.name ?? '', namespace: 'default', uid: pod.metadata?.uid ?? '' },
    startTime: T,
    memory: { time: T, workingSetBytes: bytes },
    containers: [{ name: 'app', startTime: T, memory: { time: T, workingSetBytes: bytes } }],
  };
}

describe('getPodResizeState — PodResizePending / PodResizeInProgress (core/v1 types.go)', () => {
  it('reports a deferred resize with desired, allocated and actual resources apart', () => {
    const pod = resizedPod('web', {
      allocated: '256Mi',
      actual: '256Mi',
      conditions: [
        {
          type: 'PodResizePending',
          status: 'True',
          reason: 'Deferred',
          message: "Node didn't have enough resource: memory",
          lastTransitionTime: new Date(T),
        },
      ],
    });
    const state = getPodResizeState(pod);
    expect(state.pending).toEqual({
      reason: 'Deferred',
      message: "Node didn't have enough resource: memory",
      lastTransitionTime: T.replace('Z', '.000Z'),
    });
    expect(state.inProgress).toBeNull();
    expect(state.allocatedDiffersFromDesired).toBe(true);
    expect(state.containers).toEqual([
      {
        name: 'app',
        desired: { requests: { cpu: '100m', memory: '1Gi' }, limits: { memory: '2Gi' } },
        allocated: { cpu: '100m', memory: '256Mi' },
        actual: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '2Gi' } },
      },
    ]);
  });

  it('reports a resize in progress: allocated, not yet applied', () => {
    const pod = resizedPod('web', {
      allocated: '1Gi',
      actual: '256Mi',
      conditions: [{ type: 'PodResizeInProgress', status: 'True' }],
    });
    const state = getPodResizeState(pod);
    expect(state.pending).toBeNull();
    expect(state.inProgress).toEqual({ reason: null, message: null, lastTransitionTime: null });
    expect(state.allocatedDiffersFromDesired).toBe(false);
  });

  it('reports nothing for a pod that was never resized, and reads the deprecated status.resize', () => {
    const state = getPodResizeState(plainPod('a', '1Gi'));
    expect(state).toMatchObject({ pending: null, inProgress: null, legacyStatus: null });
    expect(state.containers[0]?.allocated).toBeNull();
    const legacy = { ...plainPod('b', '1Gi') };
    (legacy.status as Record<string, unknown>)['resize'] = 'Infeasible';
    expect(getPodResizeState(legacy).legacyStatus).toBe('Infeasible');
  });
});

describe('toAllocatedPod — the pods the eviction manager ranks (kubelet getAllocatedPods)', () => {
  it('ranks a pod resized up but not yet allocated on its allocated request, as the kubelet does', () => {
    // Both use 600Mi. On the spec, the resized pod (1Gi) is under its request and the other
    // (512Mi) over it; with the allocation (256Mi) the resized pod is the one over by more.
    const resized = resizedPod('resized', { allocated: '256Mi', actual: '256Mi' });
    const other = plainPod('other', '512Mi');
    const bySpec = rankPodsForEviction('memory.available', [
      { pod: resized, stats: stats(resized, 600) },
      { pod: other, stats: stats(other, 600) },
    ]);
    expect(bySpec.map((p) => p.metadata?.name)).toEqual(['other', 'resized']);

    const allocated = [toAllocatedPod(resized), toAllocatedPod(other)];
    const byAllocation = rankPodsForEviction('memory.available', [
      { pod: allocated[0] as V1Pod, stats: stats(resized, 600) },
      { pod: allocated[1] as V1Pod, stats: stats(other, 600) },
    ]);
    expect(byAllocation.map((p) => p.metadata?.name)).toEqual(['resized', 'other']);
  });

  it('returns the same object when the allocation matches the spec', () => {
    const pod = resizedPod('web', { allocated: '1Gi', actual: '1Gi' });
    expect(toAllocatedPod(pod)).toBe(pod);
    const plain = plainPod('p', '1Gi');
    expect(toAllocatedPod(plain)).toBe(plain);
  });

  it('uses the allocation of restartable init containers too', () => {
    const pod: V1Pod = {
      metadata: { name: 's', uid: 's' },
      spec: {
        containers: [{ name: 'app' }],
        initContainers: [
          { name: 'proxy', restartPolicy: 'Always', resources: { requests: { memory: '1Gi' } } },
        ],
      },
      status: {
        initContainerStatuses: [
          {
            name: 'proxy',
            image: 'p',
            imageID: '',
            ready: true,
            restartCount: 0,
            allocatedResources: { memory: '128Mi' },
          },
        ],
      },
    };
    expect(toAllocatedPod(pod).spec?.initContainers?.[0]?.resources?.requests).toEqual({
      memory: '128Mi',
    });
    expect(getPodResizeState(pod).containers.map((c) => c.name)).toEqual(['proxy', 'app']);
  });
});

describe('getPodQOSReport — GetPodQOS beside ComputePodQOS', () => {
  it('goes by status.qosClass and flags a spec that computes to another class', () => {
    // Requests equal limits now, yet the pod was admitted Burstable: the status wins.
    const pod: V1Pod = {
      spec: {
        containers: [
          {
            name: 'a',
            resources: {
              requests: { cpu: '1', memory: '1Gi' },
              limits: { cpu: '1', memory: '1Gi' },
            },
          },
        ],
      },
      status: { qosClass: 'Burstable' },
    };
    expect(getPodQOSReport(pod)).toEqual({
      reported: 'Burstable',
      computed: 'Guaranteed',
      differs: true,
    });
  });

  it('does not flag a pod whose status has no class yet', () => {
    expect(getPodQOSReport({ spec: { containers: [{ name: 'a' }] } })).toEqual({
      reported: null,
      computed: 'BestEffort',
      differs: false,
    });
  });
});
