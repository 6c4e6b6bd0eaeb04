import type {
  V1Container,
  V1ContainerStatus,
  V1Pod,
  V1PodCondition,
  V1ResourceRequirements,
} from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import {
  aggregateContainerLimits,
  aggregateContainerRequests,
  assignedPodRequests,
  isPodLevelLimitsSet,
  isPodLevelResourcesSet,
  isPodResizeDeferred,
  isPodResizeInfeasible,
  isRestartableInitContainer,
  isSupportedPodLevelResource,
  podLimits,
  podRequests,
  type PodResourcesOptions,
  type ResourceList,
} from './pod-resources.js';
import { parseQuantity } from './quantity.js';

type Raw = Record<string, string>;

const UPSTREAM = 'staging/src/k8s.io/component-helpers/resource/helpers_test.go';

function expectList(actual: ResourceList, expected: Raw): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, value] of Object.entries(expected)) {
    const got = actual[name];
    expect(got, name).toBeDefined();
    expect(got?.cmp(parseQuantity(value)), `${name}: got ${got?.toString()}, want ${value}`).toBe(
      0,
    );
  }
}

function res(requests?: Raw, limits?: Raw): V1ResourceRequirements {
  return {
    ...(requests !== undefined ? { requests } : {}),
    ...(limits !== undefined ? { limits } : {}),
  };
}

function ctr(name: string, resources: V1ResourceRequirements = {}, sidecar = false): V1Container {
  return { name, resources, ...(sidecar ? { restartPolicy: 'Always' } : {}) };
}

function status(
  name: string,
  s: { requests?: Raw; limits?: Raw; allocated?: Raw; noResources?: boolean },
): V1ContainerStatus {
  return {
    name,
    image: '',
    imageID: '',
    ready: false,
    restartCount: 0,
    ...(s.noResources ? {} : { resources: res(s.requests, s.limits) }),
    ...(s.allocated !== undefined ? { allocatedResources: s.allocated } : {}),
  };
}

const INFEASIBLE: V1PodCondition[] = [
  { type: 'PodResizePending', status: 'True', reason: 'Infeasible' },
];

interface PodShape {
  containers?: V1Container[];
  initContainers?: V1Container[];
  overhead?: Raw;
  podResources?: V1ResourceRequirements;
  containerStatuses?: V1ContainerStatus[];
  initContainerStatuses?: V1ContainerStatus[];
  conditions?: V1PodCondition[];
  statusResources?: V1ResourceRequirements;
  allocated?: Raw;
}

function pod(p: PodShape): V1Pod {
  return {
    spec: {
      containers: p.containers ?? [],
      ...(p.initContainers !== undefined ? { initContainers: p.initContainers } : {}),
      ...(p.overhead !== undefined ? { overhead: p.overhead } : {}),
      ...(p.podResources !== undefined ? { resources: p.podResources } : {}),
    },
    status: {
      ...(p.containerStatuses !== undefined ? { containerStatuses: p.containerStatuses } : {}),
      ...(p.initContainerStatuses !== undefined
        ? { initContainerStatuses: p.initContainerStatuses }
        : {}),
      ...(p.conditions !== undefined ? { conditions: p.conditions } : {}),
      ...(p.statusResources !== undefined ? { resources: p.statusResources } : {}),
      ...(p.allocated !== undefined ? { allocatedResources: p.allocated } : {}),
    },
  };
}

// getPod (helpers_test.go): one container and one init container with the same resources.
function getPod(r: {
  cpuRequest?: string;
  cpuLimit?: string;
  memoryRequest?: string;
  memoryLimit?: string;
  cpuOverhead?: string;
  memoryOverhead?: string;
}): V1Pod {
  const limits: Raw = {};
  const requests: Raw = {};
  const overhead: Raw = {};
  if (r.cpuLimit !== undefined) limits['cpu'] = r.cpuLimit;
  if (r.memoryLimit !== undefined) limits['memory'] = r.memoryLimit;
  if (r.cpuRequest !== undefined) requests['cpu'] = r.cpuRequest;
  if (r.memoryRequest !== undefined) requests['memory'] = r.memoryRequest;
  if (r.cpuOverhead !== undefined) overhead['cpu'] = r.cpuOverhead;
  if (r.memoryOverhead !== undefined) overhead['memory'] = r.memoryOverhead;
  return pod({
    containers: [ctr('foo', res(requests, limits))],
    initContainers: [ctr('init-foo', res(requests, limits))],
    overhead,
  });
}

describe(`TestPodRequestsAndLimits — ${UPSTREAM}`, () => {
  const cases: { name: string; pod: V1Pod; requests: Raw; limits: Raw }[] = [
    {
      name: 'just-limit-no-overhead',
      pod: getPod({ cpuLimit: '9' }),
      requests: {},
      limits: { cpu: '9' },
    },
    {
      name: 'just-overhead',
      pod: getPod({ cpuOverhead: '5', memoryOverhead: '5' }),
      requests: { cpu: '5', memory: '5' },
      limits: {},
    },
    {
      name: 'req-and-overhead',
      pod: getPod({ cpuRequest: '1', memoryRequest: '10', cpuOverhead: '5', memoryOverhead: '5' }),
      requests: { cpu: '6', memory: '15' },
      limits: {},
    },
    {
      name: 'all-req-lim-and-overhead',
      pod: getPod({
        cpuRequest: '1',
        cpuLimit: '2',
        memoryRequest: '10',
        memoryLimit: '12',
        cpuOverhead: '5',
        memoryOverhead: '5',
      }),
      requests: { cpu: '6', memory: '15' },
      limits: { cpu: '7', memory: '17' },
    },
    {
      name: 'req-some-lim-and-overhead',
      pod: getPod({
        cpuRequest: '1',
        cpuLimit: '2',
        memoryRequest: '10',
        cpuOverhead: '5',
        memoryOverhead: '5',
      }),
      requests: { cpu: '6', memory: '15' },
      limits: { cpu: '7' },
    },
  ];
  it.each(cases)('$name', ({ pod: p, requests, limits }) => {
    expectList(podRequests(p), requests);
    expectList(podLimits(p), limits);
  });
});

describe(`TestPodRequestsAndLimitsWithoutOverhead — ${UPSTREAM}`, () => {
  const twoContainers = [
    ctr('foobar', res({ cpu: '1', memory: '5' }, { cpu: '2', memory: '10' })),
    ctr('foobar2', res({ cpu: '4', memory: '12' }, { cpu: '8', memory: '24' })),
  ];
  const overhead = { cpu: '3', memory: '8' };
  const cases: { name: string; pod: V1Pod; requests: Raw; limits: Raw }[] = [
    {
      name: 'two container no overhead - should just be sum of containers',
      pod: pod({ containers: twoContainers }),
      requests: { cpu: '5', memory: '17' },
      limits: { cpu: '10', memory: '34' },
    },
    {
      name: "two container with overhead - shouldn't consider overhead",
      pod: pod({ containers: twoContainers, overhead }),
      requests: { cpu: '5', memory: '17' },
      limits: { cpu: '10', memory: '34' },
    },
    {
      name: 'two container with overhead, massive init - should just be the largest init',
      pod: pod({
        containers: twoContainers,
        overhead,
        initContainers: [
          ctr('small-init', res({ cpu: '1', memory: '5' }, { cpu: '1', memory: '5' })),
          ctr('big-init', res({ cpu: '40', memory: '120' }, { cpu: '80', memory: '240' })),
        ],
      }),
      requests: { cpu: '40', memory: '120' },
      limits: { cpu: '80', memory: '240' },
    },
  ];
  it.each(cases)('$name', ({ pod: p, requests, limits }) => {
    expectList(podRequests(p, { excludeOverhead: true }), requests);
    expectList(podLimits(p, { excludeOverhead: true }), limits);
  });
});

interface ResourceCase {
  name: string;
  options?: PodResourcesOptions;
  pod: PodShape;
  expected: Raw;
}

const cpuReq = (cpu: string) => res({ cpu });
const cpuLim = (cpu: string) => res(undefined, { cpu });

describe(`TestPodResourceRequests — ${UPSTREAM}`, () => {
  const useStatus: PodResourcesOptions = { useStatusResources: true };
  const cases: ResourceCase[] = [
    {
      name: 'nil options, larger init container',
      pod: { initContainers: [ctr('', cpuReq('4'))], containers: [ctr('', cpuReq('1'))] },
      expected: { cpu: '4' },
    },
    {
      name: 'nil options, larger containers',
      pod: {
        initContainers: [ctr('', cpuReq('2'))],
        containers: [ctr('', cpuReq('2')), ctr('', cpuReq('3'))],
      },
      expected: { cpu: '5' },
    },
    {
      name: 'pod overhead excluded',
      options: { excludeOverhead: true },
      pod: {
        overhead: { cpu: '1' },
        initContainers: [ctr('', cpuReq('2'))],
        containers: [ctr('', cpuReq('2')), ctr('', cpuReq('3'))],
      },
      expected: { cpu: '5' },
    },
    {
      name: 'pod overhead included',
      pod: {
        overhead: { cpu: '1', memory: '1Gi' },
        initContainers: [ctr('', res({ cpu: '2' }, { cpu: '2' }))],
        containers: [ctr('', cpuReq('2')), ctr('', cpuReq('3'))],
      },
      expected: { cpu: '6', memory: '1Gi' },
    },
    {
      name: 'resized, infeasible',
      options: useStatus,
      pod: {
        conditions: INFEASIBLE,
        containers: [ctr('container-1', cpuReq('4'))],
        containerStatuses: [status('container-1', { requests: { cpu: '2' } })],
      },
      expected: { cpu: '2' },
    },
    {
      name: 'resized, infeasible & in-progress',
      options: useStatus,
      pod: {
        conditions: INFEASIBLE,
        containers: [ctr('container-1', cpuReq('6'))],
        containerStatuses: [
          status('container-1', { allocated: { cpu: '4' }, requests: { cpu: '2' } }),
        ],
      },
      expected: { cpu: '4' },
    },
    {
      name: 'resized, no resize status',
      options: useStatus,
      pod: {
        containers: [ctr('container-1', cpuReq('4'))],
        containerStatuses: [status('container-1', { requests: { cpu: '2' } })],
      },
      expected: { cpu: '4' },
    },
    {
      name: 'resized: per-resource 3-way maximum',
      options: useStatus,
      pod: {
        containers: [
          ctr('container-1', res({ cpu: '30m', memory: '20M', 'ephemeral-storage': '10G' })),
        ],
        containerStatuses: [
          status('container-1', {
            allocated: { cpu: '20m', memory: '10M', 'ephemeral-storage': '30G' },
            requests: { cpu: '10m', memory: '30M', 'ephemeral-storage': '20G' },
          }),
        ],
      },
      expected: { cpu: '30m', memory: '30M', 'ephemeral-storage': '30G' },
    },
    {
      name: "resized, infeasible, but don't use status",
      options: { useStatusResources: false },
      pod: {
        conditions: INFEASIBLE,
        containers: [ctr('container-1', cpuReq('4'))],
        containerStatuses: [status('container-1', { requests: { cpu: '2' } })],
      },
      expected: { cpu: '4' },
    },
    {
      name: 'resized, restartable init container, infeasible',
      options: useStatus,
      pod: {
        conditions: INFEASIBLE,
        initContainers: [ctr('restartable-init-1', cpuReq('4'), true)],
        initContainerStatuses: [status('restartable-init-1', { requests: { cpu: '2' } })],
      },
      expected: { cpu: '2' },
    },
    {
      name: 'resized, restartable init container, no resize status',
      options: useStatus,
      pod: {
        initContainers: [ctr('restartable-init-1', cpuReq('4'), true)],
        initContainerStatuses: [status('restartable-init-1', { requests: { cpu: '2' } })],
      },
      expected: { cpu: '4' },
    },
    {
      name: "resized, restartable init container, infeasible, but don't use status",
      options: { useStatusResources: false },
      pod: {
        conditions: INFEASIBLE,
        initContainers: [ctr('restartable-init-1', cpuReq('4'), true)],
        initContainerStatuses: [status('restartable-init-1', { requests: { cpu: '2' } })],
      },
      expected: { cpu: '4' },
    },
    {
      name: 'restartable init container',
      pod: {
        initContainers: [ctr('restartable-init-1', cpuReq('1'), true)],
        containers: [ctr('container-1', cpuReq('1'))],
      },
      expected: { cpu: '2' },
    },
    {
      // max(5, restartable init containers(3+2+1) + regular(1)) = 7
      name: 'multiple restartable init containers',
      pod: {
        initContainers: [
          ctr('init-1', cpuReq('5')),
          ctr('restartable-init-1', cpuReq('1'), true),
          ctr('restartable-init-2', cpuReq('2'), true),
          ctr('restartable-init-3', cpuReq('3'), true),
        ],
        containers: [ctr('container-1', cpuReq('1'))],
      },
      expected: { cpu: '7' },
    },
    {
      // init-2 needs 5 + the restartable init containers started before it (1+2) = 8.
      name: 'multiple restartable and regular init containers',
      pod: {
        initContainers: [
          ctr('init-1', cpuReq('5')),
          ctr('restartable-init-1', cpuReq('1'), true),
          ctr('restartable-init-2', cpuReq('2'), true),
          ctr('init-2', cpuReq('5')),
          ctr('restartable-init-3', cpuReq('3'), true),
        ],
        containers: [ctr('container-1', cpuReq('1'))],
      },
      expected: { cpu: '8' },
    },
    {
      name: 'restartable-init, init and regular',
      pod: {
        initContainers: [
          ctr('restartable-init-1', cpuReq('10'), true),
          ctr('init-1', cpuReq('200')),
        ],
        containers: [ctr('container-1', cpuReq('100'))],
      },
      expected: { cpu: '210' },
    },
    {
      name: 'aggregate request resolves max of sums instead of sum of maxes',
      options: useStatus,
      pod: {
        containers: [ctr('c1', cpuReq('1')), ctr('c2', cpuReq('2'))],
        containerStatuses: [
          status('c1', { noResources: true, allocated: { cpu: '2' } }),
          status('c2', { noResources: true, allocated: { cpu: '1' } }),
        ],
      },
      expected: { cpu: '3' },
    },
  ];
  it.each(cases)('$name', ({ pod: p, options, expected }) => {
    expectList(podRequests(pod(p), options), expected);
  });
});

describe(`TestPodResourceLimits — ${UPSTREAM}`, () => {
  const useStatus: PodResourcesOptions = { useStatusResources: true };
  const memLim = (memory: string) => res(undefined, { memory });
  const cases: ResourceCase[] = [
    {
      name: 'nil options, larger init container',
      pod: { initContainers: [ctr('', cpuLim('4'))], containers: [ctr('', cpuLim('1'))] },
      expected: { cpu: '4' },
    },
    {
      name: 'nil options, larger containers',
      pod: {
        initContainers: [ctr('', cpuLim('2'))],
        containers: [ctr('', cpuLim('2')), ctr('', cpuLim('3'))],
      },
      expected: { cpu: '5' },
    },
    {
      name: 'pod overhead excluded',
      options: { excludeOverhead: true },
      pod: {
        overhead: { cpu: '1' },
        initContainers: [ctr('', cpuLim('2'))],
        containers: [ctr('', cpuLim('2')), ctr('', cpuLim('3'))],
      },
      expected: { cpu: '5' },
    },
    {
      // Overhead is only added to non-zero limits, so there is no memory limit.
      name: 'pod overhead included',
      pod: {
        overhead: { cpu: '1', memory: '1Gi' },
        initContainers: [ctr('', cpuLim('2'))],
        containers: [ctr('', cpuLim('2')), ctr('', cpuLim('3'))],
      },
      expected: { cpu: '6' },
    },
    {
      name: 'no limited containers should result in no limits for the pod',
      pod: { initContainers: [], containers: [ctr('')] },
      expected: {},
    },
    {
      name: "one limited and one unlimited container should result in the limited container's limits for the pod",
      pod: {
        initContainers: [],
        containers: [ctr('', res(undefined, { cpu: '2', memory: '2Gi' })), ctr('')],
      },
      expected: { cpu: '2', memory: '2Gi' },
    },
    {
      name: "one limited and one unlimited init container should result in the limited init container's limits for the pod",
      pod: {
        initContainers: [ctr('', res(undefined, { cpu: '2', memory: '2Gi' })), ctr('')],
        containers: [ctr('', res(undefined, { cpu: '1', memory: '1Gi' }))],
      },
      expected: { cpu: '2', memory: '2Gi' },
    },
    {
      name: 'restartable init container',
      pod: {
        initContainers: [ctr('restartable-init-1', cpuLim('1'), true)],
        containers: [ctr('container-1', cpuLim('1'))],
      },
      expected: { cpu: '2' },
    },
    {
      name: 'multiple restartable init containers',
      pod: {
        initContainers: [
          ctr('init-1', cpuLim('5')),
          ctr('restartable-init-1', cpuLim('1'), true),
          ctr('restartable-init-2', cpuLim('2'), true),
          ctr('restartable-init-3', cpuLim('3'), true),
        ],
        containers: [ctr('container-1', cpuLim('1'))],
      },
      expected: { cpu: '7' },
    },
    {
      name: 'multiple restartable and regular init containers',
      pod: {
        initContainers: [
          ctr('init-1', cpuLim('5')),
          ctr('restartable-init-1', cpuLim('1'), true),
          ctr('restartable-init-2', cpuLim('2'), true),
          ctr('init-2', cpuLim('5')),
          ctr('restartable-init-3', cpuLim('3'), true),
        ],
        containers: [ctr('container-1', cpuLim('1'))],
      },
      expected: { cpu: '8' },
    },
    {
      name: 'restartable-init, init and regular',
      pod: {
        initContainers: [
          ctr('restartable-init-1', cpuLim('10'), true),
          ctr('init-1', cpuLim('200')),
        ],
        containers: [ctr('container-1', cpuLim('100'))],
      },
      expected: { cpu: '210' },
    },
    {
      name: 'pod scaled up',
      options: useStatus,
      pod: {
        containers: [ctr('container-1', memLim('2Gi'))],
        containerStatuses: [status('container-1', { limits: { memory: '1Gi' } })],
      },
      expected: { memory: '2Gi' },
    },
    {
      name: 'pod scaled down',
      options: useStatus,
      pod: {
        containers: [ctr('container-1', memLim('1Gi'))],
        containerStatuses: [status('container-1', { limits: { memory: '2Gi' } })],
      },
      expected: { memory: '2Gi' },
    },
    {
      name: "pod scaled down, don't use status",
      options: { useStatusResources: false },
      pod: {
        containers: [ctr('container-1', memLim('1Gi'))],
        containerStatuses: [status('container-1', { limits: { memory: '2Gi' } })],
      },
      expected: { memory: '1Gi' },
    },
    {
      name: 'pod scaled up with restartable init containers',
      options: useStatus,
      pod: {
        initContainers: [ctr('restartable-init-1', memLim('2Gi'), true)],
        initContainerStatuses: [status('restartable-init-1', { limits: { memory: '1Gi' } })],
      },
      expected: { memory: '2Gi' },
    },
    {
      name: 'pod scaled down with restartable init containers',
      options: useStatus,
      pod: {
        initContainers: [ctr('restartable-init-1', memLim('1Gi'), true)],
        initContainerStatuses: [status('restartable-init-1', { limits: { memory: '2Gi' } })],
      },
      expected: { memory: '2Gi' },
    },
    {
      name: "pod scaled down with restartable init containers, don't use status",
      options: { useStatusResources: false },
      pod: {
        initContainers: [ctr('restartable-init-1', memLim('1Gi'), true)],
        initContainerStatuses: [status('restartable-init-1', { limits: { memory: '2Gi' } })],
      },
      expected: { memory: '1Gi' },
    },
    {
      name: 'aggregate limit resolves max of sums instead of sum of maxes',
      options: useStatus,
      pod: {
        containers: [ctr('c1', cpuLim('1')), ctr('c2', cpuLim('2'))],
        containerStatuses: [
          status('c1', { limits: { cpu: '2' } }),
          status('c2', { limits: { cpu: '1' } }),
        ],
      },
      expected: { cpu: '3' },
    },
  ];
  it.each(cases)('$name', ({ pod: p, options, expected }) => {
    expectList(podLimits(pod(p), options), expected);
  });
});

describe(`TestIsPodLevelResourcesSet — ${UPSTREAM}`, () => {
  const cases: { name: string; resources?: V1ResourceRequirements; expected: boolean }[] = [
    { name: 'nil resources struct', expected: false },
    { name: 'empty resources struct', resources: {}, expected: false },
    {
      name: 'only unsupported resource requests set',
      resources: res({ 'ephemeral-storage': '1Mi' }),
      expected: false,
    },
    {
      name: 'only unsupported resource limits set',
      resources: res(undefined, { 'ephemeral-storage': '1Mi' }),
      expected: false,
    },
    {
      name: 'unsupported and suported resources requests set',
      resources: res({ 'ephemeral-storage': '1Mi', cpu: '1m' }),
      expected: true,
    },
    {
      name: 'unsupported and suported resources limits set',
      resources: res(undefined, { 'ephemeral-storage': '1Mi', cpu: '1m' }),
      expected: true,
    },
  ];
  it.each(cases)('$name', ({ resources, expected }) => {
    expect(isPodLevelResourcesSet(pod(resources ? { podResources: resources } : {}))).toBe(
      expected,
    );
  });
});

describe(`TestIsPodLevelLimitsSet — ${UPSTREAM}`, () => {
  const cases: { name: string; resources?: V1ResourceRequirements; expected: boolean }[] = [
    { name: 'nil resources struct', expected: false },
    { name: 'empty resources struct', resources: {}, expected: false },
    { name: 'only resource requests set', resources: res({ memory: '100Mi' }), expected: false },
    {
      name: 'only unsupported resource limits set',
      resources: res(undefined, { 'ephemeral-storage': '1Mi' }),
      expected: false,
    },
    {
      name: 'unsupported and suported resources limits set',
      resources: res(undefined, { 'ephemeral-storage': '1Mi', cpu: '1m' }),
      expected: true,
    },
  ];
  it.each(cases)('$name', ({ resources, expected }) => {
    expect(isPodLevelLimitsSet(pod(resources ? { podResources: resources } : {}))).toBe(expected);
  });
});

describe(`TestPodLevelResourceRequests — ${UPSTREAM}`, () => {
  const noSkip: PodResourcesOptions = { skipPodLevelResources: false };
  const statusOpts: PodResourcesOptions = {
    useStatusResources: true,
    inPlacePodLevelResourcesVerticalScalingEnabled: true,
  };
  const cm = (cpu: string, memory: string) => res({ memory, cpu });
  const overhead = { cpu: '100m', memory: '10Mi' };
  const spec1 = res({ cpu: '1', memory: '100Mi' });
  const cases: (ResourceCase & { pod: PodShape })[] = [
    { name: 'nil', pod: { podResources: {} }, expected: {} },
    {
      name: 'pod level memory resource with SkipPodLevelResources true',
      options: { skipPodLevelResources: true },
      pod: { podResources: res({ memory: '2Mi' }) },
      expected: {},
    },
    {
      name: 'pod level memory resource with SkipPodLevelResources false',
      options: noSkip,
      pod: { podResources: res({ memory: '2Mi' }) },
      expected: { memory: '2Mi' },
    },
    {
      name: 'pod level memory and container level cpu resources with SkipPodLevelResources false',
      options: noSkip,
      pod: { podResources: res({ memory: '2Mi' }), containers: [ctr('', res({ cpu: '2m' }))] },
      expected: { memory: '2Mi', cpu: '2m' },
    },
    {
      name: 'pod level unsupported resources set at both pod-level and container-level with SkipPodLevelResources false',
      options: noSkip,
      pod: {
        podResources: res({ storage: '2Mi' }),
        containers: [ctr('', res({ storage: '3Mi' }))],
      },
      expected: { storage: '3Mi' },
    },
    {
      name: 'pod level unsupported resources set at pod-level with SkipPodLevelResources false',
      options: noSkip,
      pod: { podResources: res({ storage: '2Mi' }), containers: [ctr('', res({ memory: '3Mi' }))] },
      expected: { memory: '3Mi' },
    },
    {
      name: 'only container level resources set with SkipPodLevelResources false',
      options: noSkip,
      pod: { podResources: {}, containers: [ctr('', cm('2m', '3Mi'))] },
      expected: { memory: '3Mi', cpu: '2m' },
    },
    {
      name: 'both container-level and pod-level resources set with SkipPodLevelResources false',
      options: noSkip,
      pod: { podResources: cm('8m', '6Mi'), containers: [ctr('', cm('2m', '3Mi'))] },
      expected: { memory: '6Mi', cpu: '8m' },
    },
    {
      name: 'container-level resources and init container set with SkipPodLevelResources false',
      options: noSkip,
      pod: {
        podResources: {},
        containers: [ctr('', cm('2m', '3Mi'))],
        initContainers: [ctr('', cm('4m', '5Mi'))],
      },
      expected: { memory: '5Mi', cpu: '4m' },
    },
    {
      name: 'container-level resources and init container set with SkipPodLevelResources true',
      options: { skipPodLevelResources: true },
      pod: {
        podResources: {},
        containers: [ctr('', cm('2m', '3Mi'))],
        initContainers: [ctr('', cm('4m', '5Mi'))],
      },
      expected: { memory: '5Mi', cpu: '4m' },
    },
    {
      name: 'container-level resources and sidecar container set with SkipPodLevelResources false',
      options: noSkip,
      pod: {
        podResources: {},
        containers: [ctr('', cm('2m', '3Mi'))],
        initContainers: [ctr('', cm('4m', '5Mi'), true)],
      },
      expected: { memory: '8Mi', cpu: '6m' },
    },
    {
      name: 'container-level resources, init and sidecar container set with SkipPodLevelResources false',
      options: noSkip,
      pod: {
        podResources: {},
        containers: [ctr('', cm('2m', '3Mi'))],
        initContainers: [ctr('', cm('4m', '5Mi'), true), ctr('', cm('8m', '6Mi'))],
      },
      expected: { memory: '11Mi', cpu: '12m' },
    },
    {
      name: 'pod-level resources, container-level resources, init and sidecar container set with SkipPodLevelResources false',
      options: noSkip,
      pod: {
        podResources: cm('18m', '15Mi'),
        containers: [ctr('', cm('2m', '3Mi'))],
        initContainers: [ctr('', cm('4m', '5Mi'), true), ctr('', cm('8m', '6Mi'))],
      },
      expected: { memory: '15Mi', cpu: '18m' },
    },
    {
      name: 'pod-level resources, hugepage request/limit single page size',
      options: noSkip,
      pod: {
        podResources: res({ memory: '10Mi', 'hugepages-2Mi': '2Mi' }, { 'hugepages-2Mi': '2Mi' }),
      },
      expected: { memory: '10Mi', 'hugepages-2Mi': '2Mi' },
    },
    {
      name: 'pod-level resources, hugepage request/limit multiple page sizes',
      options: noSkip,
      pod: {
        podResources: res(
          { cpu: '1', 'hugepages-2Mi': '2Mi', 'hugepages-1Gi': '1Gi' },
          { 'hugepages-2Mi': '2Mi', 'hugepages-1Gi': '1Gi' },
        ),
      },
      expected: { cpu: '1', 'hugepages-2Mi': '2Mi', 'hugepages-1Gi': '1Gi' },
    },
    {
      name: 'pod-level resources, container-level resources, hugepage request/limit single page size',
      options: noSkip,
      pod: {
        podResources: res({ cpu: '1', 'hugepages-2Mi': '10Mi' }, { 'hugepages-2Mi': '10Mi' }),
        containers: [ctr('', res({ 'hugepages-2Mi': '6Mi' }, { 'hugepages-2Mi': '6Mi' }))],
      },
      expected: { cpu: '1', 'hugepages-2Mi': '10Mi' },
    },
    {
      name: 'pod-level resources, container-level resources, hugepage request/limit multiple page sizes',
      options: noSkip,
      pod: {
        podResources: res(
          { cpu: '1', 'hugepages-2Mi': '10Mi', 'hugepages-1Gi': '2Gi' },
          { 'hugepages-2Mi': '10Mi', 'hugepages-1Gi': '2Gi' },
        ),
        containers: [
          ctr('', res({ cpu: '1', 'hugepages-1Gi': '2Gi' }, { 'hugepages-1Gi': '2Gi' })),
        ],
      },
      expected: { cpu: '1', 'hugepages-2Mi': '10Mi', 'hugepages-1Gi': '2Gi' },
    },
    {
      name: 'pod-level resources, container-level resources, hugepage request/limit multiple page sizes between pod-level and container-level',
      options: noSkip,
      pod: {
        podResources: res({ cpu: '1', 'hugepages-2Mi': '10Mi' }, { 'hugepages-2Mi': '10Mi' }),
        containers: [
          ctr('', res({ memory: '4Mi', 'hugepages-1Gi': '1Gi' }, { 'hugepages-1Gi': '1Gi' })),
        ],
      },
      expected: { cpu: '1', memory: '4Mi', 'hugepages-2Mi': '10Mi', 'hugepages-1Gi': '1Gi' },
    },
    {
      name: 'status resources include overhead for all pod-level resources',
      options: statusOpts,
      pod: {
        podResources: spec1,
        overhead,
        statusResources: res({ cpu: '1100m', memory: '110Mi' }),
        allocated: { cpu: '1100m', memory: '110Mi' },
      },
      expected: { cpu: '1100m', memory: '110Mi' },
    },
    {
      name: 'status resources include overhead for only one pod-level resource',
      options: statusOpts,
      pod: {
        podResources: spec1,
        overhead,
        statusResources: res({ cpu: '1100m' }),
        allocated: { cpu: '1100m' },
      },
      expected: { cpu: '1100m', memory: '110Mi' },
    },
    {
      name: 'status resources without overhead still receive overhead',
      options: statusOpts,
      pod: {
        podResources: spec1,
        overhead,
        statusResources: res({ cpu: '1', memory: '100Mi' }),
        allocated: { cpu: '1', memory: '100Mi' },
      },
      expected: { cpu: '1100m', memory: '110Mi' },
    },
    {
      name: 'allocated resources include overhead when status requests do not',
      options: statusOpts,
      pod: {
        podResources: spec1,
        overhead,
        statusResources: res({ cpu: '1', memory: '100Mi' }),
        allocated: { cpu: '1100m', memory: '110Mi' },
      },
      expected: { cpu: '1100m', memory: '110Mi' },
    },
    {
      name: 'allocated resources include stale overhead during resize',
      options: statusOpts,
      pod: {
        podResources: spec1,
        overhead,
        statusResources: res({ cpu: '1', memory: '100Mi' }),
        allocated: { cpu: '1050m', memory: '105Mi' },
      },
      expected: { cpu: '1100m', memory: '110Mi' },
    },
  ];
  it.each(cases)('$name', ({ pod: p, options, expected }) => {
    expectList(podRequests(pod(p), options), expected);
  });

  it('treats a disabled PodLevelResources gate like SkipPodLevelResources', () => {
    const p = pod({ podResources: res({ memory: '2Mi' }) });
    expectList(podRequests(p, { podLevelResourcesEnabled: false }), {});
  });
});

describe(`TestIsSupportedPodLevelResource — ${UPSTREAM}`, () => {
  it.each([
    ['cpu', true],
    ['memory', true],
    ['ephemeral-storage', false],
    ['hugepages-2Mi', true],
    ['hugepages-1Gi', true],
  ] as const)('%s → %s', (name, expected) => {
    expect(isSupportedPodLevelResource(name)).toBe(expected);
  });
});

describe(`TestAggregateContainerRequestsAndLimits — ${UPSTREAM}`, () => {
  const useStatus: PodResourcesOptions = { useStatusResources: true };
  const plrScaling: PodResourcesOptions = {
    useStatusResources: true,
    inPlacePodLevelResourcesVerticalScalingEnabled: true,
  };
  const cases: {
    name: string;
    options?: PodResourcesOptions;
    pod: PodShape;
    requests: Raw;
    limits: Raw;
  }[] = [
    {
      name: 'one container with limits',
      pod: { containers: [ctr('', cpuLim('9'))] },
      requests: {},
      limits: { cpu: '9' },
    },
    {
      name: 'two containers with limits',
      pod: { containers: [ctr('', cpuLim('9')), ctr('', cpuLim('9'))] },
      requests: {},
      limits: { cpu: '18' },
    },
    {
      name: 'one container with requests',
      pod: { containers: [ctr('', cpuReq('9'))] },
      requests: { cpu: '9' },
      limits: {},
    },
    {
      name: 'two containers with requests',
      pod: { containers: [ctr('', cpuReq('9')), ctr('', cpuReq('9'))] },
      requests: { cpu: '18' },
      limits: {},
    },
    {
      name: 'regular and init containers with requests',
      pod: { containers: [ctr('', cpuReq('9'))], initContainers: [ctr('', cpuReq('9'))] },
      requests: { cpu: '9' },
      limits: {},
    },
    {
      name: 'regular, init and sidecar containers with requests',
      pod: {
        containers: [ctr('', cpuReq('9'))],
        initContainers: [ctr('', cpuReq('8'), true), ctr('', cpuReq('6'))],
      },
      requests: { cpu: '17' },
      limits: {},
    },
    {
      name: 'regular and init containers with limits',
      pod: { containers: [ctr('', cpuLim('9'))], initContainers: [ctr('', cpuLim('9'))] },
      requests: {},
      limits: { cpu: '9' },
    },
    {
      name: 'regular, init and sidecar containers with limits',
      pod: {
        containers: [ctr('', cpuLim('9'))],
        initContainers: [ctr('', cpuLim('8'), true), ctr('', cpuLim('6'))],
      },
      requests: {},
      limits: { cpu: '17' },
    },
    {
      name: 'regularcontainers with empty requests, but status with non-empty requests',
      options: useStatus,
      pod: {
        containers: [ctr('container-1', {})],
        containerStatuses: [status('container-1', { requests: { cpu: '2' } })],
      },
      requests: { cpu: '2' },
      limits: {},
    },
    {
      name: 'always-restart init containers with empty requests, but status with non-empty requests',
      options: useStatus,
      pod: {
        initContainers: [ctr('container-1', {}, true)],
        initContainerStatuses: [status('container-1', { requests: { cpu: '2' } })],
      },
      requests: { cpu: '2' },
      limits: {},
    },
    {
      name: 'aggregate container request resolves max of sums instead of sum of maxes',
      options: useStatus,
      pod: {
        containers: [ctr('c1', cpuReq('1')), ctr('c2', cpuReq('2'))],
        containerStatuses: [
          status('c1', { noResources: true, allocated: { cpu: '2' } }),
          status('c2', { noResources: true, allocated: { cpu: '1' } }),
        ],
      },
      requests: { cpu: '3' },
      limits: {},
    },
    {
      name: 'aggregate container limit resolves max of sums instead of sum of maxes',
      options: useStatus,
      pod: {
        containers: [ctr('c1', cpuLim('1')), ctr('c2', cpuLim('2'))],
        containerStatuses: [
          status('c1', { limits: { cpu: '2' } }),
          status('c2', { limits: { cpu: '1' } }),
        ],
      },
      requests: {},
      limits: { cpu: '3' },
    },
    {
      name: 'aggregate container request/limit resolves directly from pod status when PLR vertical scaling enabled',
      options: plrScaling,
      pod: {
        containers: [ctr('c1', res({ cpu: '1' }, { cpu: '2' }))],
        allocated: { cpu: '4' },
        statusResources: res({ cpu: '3' }, { cpu: '5' }),
      },
      requests: { cpu: '4' },
      limits: { cpu: '5' },
    },
    {
      name: 'falls back to container status aggregation when PLR vertical scaling enabled but podAllocatedResources is nil',
      options: plrScaling,
      pod: {
        containers: [ctr('c1', res({ cpu: '1' }, { cpu: '2' }))],
        containerStatuses: [
          status('c1', { allocated: { cpu: '6' }, requests: { cpu: '5' }, limits: { cpu: '7' } }),
        ],
        statusResources: res({ cpu: '3' }, { cpu: '7' }),
      },
      requests: { cpu: '6' },
      limits: { cpu: '7' },
    },
    {
      name: 'falls back to container status aggregation when PLR vertical scaling enabled but podResources is nil',
      options: plrScaling,
      pod: {
        containers: [ctr('c1', res({ cpu: '1' }, { cpu: '2' }))],
        containerStatuses: [
          status('c1', { allocated: { cpu: '6' }, requests: { cpu: '5' }, limits: { cpu: '8' } }),
        ],
        allocated: { cpu: '6' },
      },
      requests: { cpu: '6' },
      limits: { cpu: '8' },
    },
  ];
  it.each(cases)('$name', ({ pod: p, options, requests, limits }) => {
    expectList(aggregateContainerRequests(pod(p), options), requests);
    expectList(aggregateContainerLimits(pod(p), options), limits);
  });
});

describe(`TestPodRequestsAndLimitsVerticalScalingWrappers — ${UPSTREAM}`, () => {
  const plrScaling: PodResourcesOptions = {
    useStatusResources: true,
    inPlacePodLevelResourcesVerticalScalingEnabled: true,
  };
  const c1 = ctr('c1', res({ cpu: '1' }, { cpu: '2' }));
  const cases: {
    name: string;
    options: PodResourcesOptions;
    pod: PodShape;
    requests: Raw;
    limits: Raw;
  }[] = [
    {
      name: 'pod level requests/limits with PLR vertical scaling enabled and status populated',
      options: plrScaling,
      pod: {
        podResources: res({ cpu: '2' }, { cpu: '4' }),
        containers: [c1],
        allocated: { cpu: '3' },
        statusResources: res({ cpu: '3.5' }, { cpu: '5' }),
      },
      requests: { cpu: '3.5' },
      limits: { cpu: '5' },
    },
    {
      name: 'pod level requests/limits with PLR vertical scaling enabled, status.resources nil, status.allocatedResources set',
      options: plrScaling,
      pod: {
        podResources: res({ cpu: '2' }, { cpu: '4' }),
        containers: [c1],
        allocated: { cpu: '3' },
      },
      requests: { cpu: '3' },
      limits: { cpu: '4' },
    },
    {
      name: 'pod level requests/limits with PLR vertical scaling enabled and infeasible resize',
      options: plrScaling,
      pod: {
        podResources: res({ cpu: '10' }, { cpu: '20' }),
        containers: [c1],
        conditions: INFEASIBLE,
        allocated: { cpu: '3' },
        statusResources: res({ cpu: '4' }, { cpu: '8' }),
      },
      requests: { cpu: '4' },
      limits: { cpu: '8' },
    },
    {
      name: 'container limits aggregation with infeasible resize',
      options: { useStatusResources: true },
      pod: {
        containers: [ctr('c1', cpuLim('10'))],
        conditions: INFEASIBLE,
        containerStatuses: [status('c1', { limits: { cpu: '6' } })],
      },
      requests: {},
      limits: { cpu: '6' },
    },
    {
      name: 'non missing container requests applied to init container',
      options: { nonMissingContainerRequests: { memory: parseQuantity('100Mi') } },
      pod: { initContainers: [ctr('i1', cpuReq('1'))] },
      requests: { cpu: '1', memory: '100Mi' },
      limits: {},
    },
    {
      name: 'non missing container requests applied to regular container',
      options: { nonMissingContainerRequests: { memory: parseQuantity('100Mi') } },
      pod: { containers: [ctr('c1', cpuReq('1'))] },
      requests: { cpu: '1', memory: '100Mi' },
      limits: {},
    },
    {
      name: 'pod level requests/limits with PLR vertical scaling enabled, overhead set, and status populated',
      options: plrScaling,
      pod: {
        overhead: { cpu: '1', memory: '500Mi' },
        podResources: res({ cpu: '2', memory: '2Gi' }, { cpu: '4', memory: '4Gi' }),
        allocated: { cpu: '3', memory: '2.5Gi' },
        statusResources: res({ cpu: '3', memory: '2.5Gi' }, { cpu: '5', memory: '4.5Gi' }),
      },
      requests: { cpu: '3', memory: '2.5Gi' },
      limits: { cpu: '5', memory: '4.5Gi' },
    },
  ];
  it.each(cases)('$name', ({ pod: p, options, requests, limits }) => {
    expectList(podRequests(pod(p), options), requests);
    expectList(podLimits(pod(p), options), limits);
  });

  it('ignores status resources when the InPlacePodVerticalScaling gate is off', () => {
    const p = pod({
      containers: [ctr('c1', cpuLim('10'))],
      conditions: INFEASIBLE,
      containerStatuses: [status('c1', { limits: { cpu: '6' } })],
    });
    expectList(
      podLimits(p, { useStatusResources: true, inPlacePodVerticalScalingEnabled: false }),
      { cpu: '10' },
    );
  });
});

describe(`TestResizeConditionsAndSupportedResources — ${UPSTREAM}`, () => {
  it('reads the PodResizePending reason', () => {
    const deferred = pod({
      conditions: [{ type: 'PodResizePending', status: 'True', reason: 'Deferred' }],
    });
    expect(isPodResizeDeferred(deferred)).toBe(true);
    expect(isPodResizeInfeasible(deferred)).toBe(false);
    const other = pod({
      conditions: [{ type: 'PodResizePending', status: 'True', reason: 'Other' }],
    });
    expect(isPodResizeDeferred(other)).toBe(false);
    expect(isSupportedPodLevelResource('cpu')).toBe(true);
  });
});

describe('isRestartableInitContainer', () => {
  it('treats only restartPolicy Always as a sidecar', () => {
    expect(isRestartableInitContainer(ctr('s', {}, true))).toBe(true);
    expect(isRestartableInitContainer(ctr('i'))).toBe(false);
    expect(isRestartableInitContainer({ name: 'n', restartPolicy: 'Never' })).toBe(false);
  });
});

// TestCalculatePodResourcesWithResize (pkg/scheduler/framework/types_test.go): a resized pod's share
// of its node, with InPlacePodVerticalScaling and InPlacePodLevelResourcesVerticalScaling on as there.
describe('assignedPodRequests (TestCalculatePodResourcesWithResize)', () => {
  const m500 = { cpu: '500m', memory: '500M' };
  const m700 = { cpu: '700m', memory: '500M' };
  const big = { cpu: '700m', memory: '800M' };
  const inProgress: V1PodCondition[] = [{ type: 'PodResizeInProgress', status: 'True' }];
  const deferred: V1PodCondition[] = [
    { type: 'PodResizePending', status: 'True', reason: 'Deferred' },
  ];
  const cases: Array<{
    name: string;
    podLevelRequests?: Raw;
    podLevelStatusResources?: Raw;
    requests: Raw;
    statusResources: Raw;
    initRequests?: Raw;
    initStatusResources?: Raw;
    sidecarRequests?: Raw;
    sidecarStatusResources?: Raw;
    resizeStatus?: V1PodCondition[];
    expected: Raw;
  }> = [
    { name: 'Pod with no pending resize', requests: m500, statusResources: m500, expected: m500 },
    {
      name: 'Pod with pod-level resources no pending resize',
      podLevelRequests: m700,
      requests: m500,
      podLevelStatusResources: m500,
      statusResources: m700,
      expected: m700,
    },
    {
      name: 'Pod with resize in progress',
      requests: m500,
      statusResources: m500,
      resizeStatus: inProgress,
      expected: m500,
    },
    {
      name: 'Pod with pod-level resources and resize in progress',
      podLevelRequests: m700,
      requests: m500,
      podLevelStatusResources: m500,
      statusResources: m700,
      resizeStatus: inProgress,
      expected: m700,
    },
    {
      name: 'Pod with deferred resize',
      requests: big,
      statusResources: m500,
      resizeStatus: deferred,
      expected: big,
    },
    {
      name: 'Pod with pod-level resources and with deferred resize',
      podLevelRequests: big,
      requests: m500,
      podLevelStatusResources: m500,
      statusResources: m500,
      resizeStatus: deferred,
      expected: big,
    },
    {
      name: 'Pod with infeasible resize',
      requests: big,
      statusResources: m500,
      resizeStatus: INFEASIBLE,
      expected: m500,
    },
    {
      name: 'Pod with init container and no pending resize',
      requests: m500,
      statusResources: m500,
      initRequests: big,
      initStatusResources: big,
      expected: big,
    },
    {
      name: 'Pod with sider container and no pending resize',
      requests: m500,
      statusResources: m500,
      initRequests: big,
      initStatusResources: big,
      sidecarRequests: big,
      sidecarStatusResources: big,
      expected: { cpu: '1200m', memory: '1300M' },
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const initContainers: V1Container[] = [];
      const initContainerStatuses: V1ContainerStatus[] = [];
      if (tc.initRequests) initContainers.push(ctr('i1', res(tc.initRequests)));
      if (tc.initStatusResources)
        initContainerStatuses.push(status('i1', { requests: tc.initStatusResources }));
      if (tc.sidecarRequests) initContainers.push(ctr('s1', res(tc.sidecarRequests), true));
      if (tc.sidecarStatusResources)
        initContainerStatuses.push(status('s1', { requests: tc.sidecarStatusResources }));
      const p = pod({
        containers: [ctr('c1', res(tc.requests))],
        containerStatuses: [status('c1', { requests: tc.statusResources })],
        ...(initContainers.length ? { initContainers, initContainerStatuses } : {}),
        ...(tc.podLevelRequests ? { podResources: res(tc.podLevelRequests) } : {}),
        ...(tc.podLevelStatusResources ? { statusResources: res(tc.podLevelStatusResources) } : {}),
        ...(tc.resizeStatus ? { conditions: tc.resizeStatus } : {}),
      });
      expectList(
        assignedPodRequests(p, { inPlacePodLevelResourcesVerticalScaling: true }),
        tc.expected,
      );
    });
  }

  it('counts the desired requests only when status resources are off (PodRequests default)', () => {
    const p = pod({
      containers: [ctr('c1', res(big))],
      containerStatuses: [status('c1', { requests: m500 })],
      conditions: INFEASIBLE,
    });
    expectList(podRequests(p), big);
    expectList(assignedPodRequests(p), m500);
  });
});
