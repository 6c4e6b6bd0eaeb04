import { parseQuantity, type AutoscalerNodeGroupStatus } from '@plimsoll/shared';
import { describe, expect, it } from 'vitest';

import { toNodeSnapshot } from '../../src/k8s/to-node-snapshot.js';
import { toPodSnapshot } from '../../src/k8s/to-pod-snapshot.js';
import {
  evaluateGroup,
  existingNodesThatFit,
  type Subject,
  type Template,
} from '../../src/services/autoscaler-group-fit.js';

// A group with room to grow and not in backoff, so only the scheduling predicates decide.
const group = {
  name: 'pool-a',
  health: { status: 'Healthy', minSize: 0, maxSize: 10, cloudProviderTarget: 1 },
  scaleUp: { status: 'NoActivity' },
  scaleDown: { status: 'NoCandidates' },
} as unknown as AutoscalerNodeGroupStatus;

function template(labels: Record<string, string>, taints: Template['taints'] = []): Template {
  return {
    source: 'node',
    name: 'node-a-1',
    capacity: { cpu: '4', memory: '16Gi' },
    allocatable: { cpu: parseQuantity('4'), memory: parseQuantity('16Gi'), pods: 110 },
    labels,
    taints,
    daemonSet: { cpu: parseQuantity('0'), memory: parseQuantity('0'), pods: 0 },
  };
}

function pod(overrides: Partial<Subject>): Subject {
  return {
    kind: 'pod',
    namespace: 'default',
    name: 'web-0',
    replicas: 1,
    cpu: parseQuantity('100m'),
    memory: parseQuantity('128Mi'),
    tolerations: [],
    nodeSelector: {},
    requiredNodeAffinity: null,
    specSource: 'api',
    ...overrides,
  };
}

const gt5 = [{ matchExpressions: [{ key: 'generation', operator: 'Gt', values: ['5'] }] }];
const AFFINITY = "node(s) didn't match Pod's node affinity/selector";

describe('why-this-group: the scheduler predicates as Kubernetes evaluates them', () => {
  it('reads Gt/Lt label values with strconv.ParseInt: "1e3" is no number (Number() said 1000 > 5)', () => {
    const s = pod({ requiredNodeAffinity: gt5 });
    expect(evaluateGroup(group, template({ generation: '1e3' }), s).excluded).toBe(AFFINITY);
    expect(evaluateGroup(group, template({ generation: ' 6' }), s).excluded).toBe(AFFINITY);
    expect(evaluateGroup(group, template({ generation: '1000' }), s).excluded).toBeNull();
  });

  it('lets a toleration with an empty key and operator Equal tolerate a taint without a value', () => {
    const taints = [{ key: 'dedicated', value: null, effect: 'NoSchedule' }];
    const s = pod({ tolerations: [{ operator: 'Equal' }] });
    expect(evaluateGroup(group, template({}, taints), s).excluded).toBeNull();
    const valued = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }];
    expect(evaluateGroup(group, template({}, valued), s).excluded).toBe(
      'node(s) had untolerated taint {dedicated: gpu}',
    );
  });

  it('matches no node for a required affinity with no terms or with an empty term', () => {
    expect(evaluateGroup(group, template({}), pod({ requiredNodeAffinity: [] })).excluded).toBe(
      AFFINITY,
    );
    expect(
      evaluateGroup(group, template({}), pod({ requiredNodeAffinity: [{ matchExpressions: [] }] }))
        .excluded,
    ).toBe(AFFINITY);
    expect(evaluateGroup(group, template({}), pod({})).excluded).toBeNull();
  });

  it('ANDs the nodeSelector map with the required affinity', () => {
    const s = pod({ nodeSelector: { zone: 'a' }, requiredNodeAffinity: gt5 });
    expect(evaluateGroup(group, template({ zone: 'a', generation: '7' }), s).excluded).toBeNull();
    expect(evaluateGroup(group, template({ zone: 'b', generation: '7' }), s).excluded).toBe(
      AFFINITY,
    );
  });
});

function node(
  name: string,
  opts: { ready?: boolean; cordoned?: boolean; taints?: object[]; cpu?: string } = {},
) {
  return toNodeSnapshot({
    metadata: { name, uid: `u-${name}`, resourceVersion: '1', labels: { zone: 'a' } },
    spec: {
      ...(opts.cordoned ? { unschedulable: true } : {}),
      taints: [
        ...(opts.taints ?? []),
        ...(opts.cordoned
          ? [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]
          : []),
      ],
    },
    status: {
      capacity: { cpu: opts.cpu ?? '2', memory: '8Gi', pods: '110' },
      allocatable: { cpu: opts.cpu ?? '2', memory: '8Gi', pods: '110' },
      conditions: [
        {
          type: 'Ready',
          status: opts.ready === false ? 'Unknown' : 'True',
          lastTransitionTime: '2026-12-01T00:00:00Z',
        },
      ],
    },
  });
}

function boundPod(name: string, nodeName: string, cpu: string, phase = 'Running') {
  return toPodSnapshot({
    metadata: { name, namespace: 'default', uid: `u-${name}`, resourceVersion: '1' },
    spec: {
      nodeName,
      containers: [{ name: 'c', resources: { requests: { cpu, memory: '1Gi' } } }],
    },
    status: { phase, qosClass: 'Burstable' },
  });
}

describe('why-this-group: does the pod fit on a node that exists now?', () => {
  const nodes = [
    node('busy'), // 1.5 of 2 cpus requested by a running pod
    node('roomy'),
    node('cordoned', { cordoned: true }),
    node('lost', { ready: false }),
    node('gpu', { taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }] }),
    node('small', { cpu: '500m' }),
  ];
  const pods = [
    boundPod('hog', 'busy', '1500m'),
    // Finished pods hold nothing (the scheduler's NodeInfo skips them).
    boundPod('done', 'roomy', '2', 'Succeeded'),
  ];

  it('counts Ready, uncordoned nodes whose taints, labels and free room admit it', () => {
    const fit = existingNodesThatFit(nodes, pods, pod({ cpu: parseQuantity('1') }));
    expect(fit).toEqual({ count: 1, examples: ['roomy'] });
    // A smaller pod also fits beside the hog, not on the 500m node's 500m.
    const half = existingNodesThatFit(nodes, pods, pod({ cpu: parseQuantity('500m') }));
    expect(half).toEqual({ count: 3, examples: ['busy', 'roomy', 'small'] });
  });

  it('lets a pod that tolerates the taints onto the GPU and the cordoned node, and none past its selector', () => {
    const tolerant = pod({ cpu: parseQuantity('1'), tolerations: [{ operator: 'Exists' }] });
    expect(existingNodesThatFit(nodes, pods, tolerant).examples).toEqual([
      'cordoned',
      'gpu',
      'roomy',
    ]);
    const elsewhere = pod({ cpu: parseQuantity('100m'), nodeSelector: { zone: 'b' } });
    expect(existingNodesThatFit(nodes, pods, elsewhere)).toEqual({ count: 0, examples: [] });
  });
});
