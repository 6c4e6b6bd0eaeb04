import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import {
  BESTEFFORT_OOM_SCORE_ADJ,
  getContainerOOMScoreAdjust,
  GUARANTEED_OOM_SCORE_ADJ,
  isCriticalPod,
  isMirrorPod,
  isNodeCriticalPod,
  isStaticPod,
  KUBE_PROXY_OOM_SCORE_ADJ,
  KUBELET_OOM_SCORE_ADJ,
  SYSTEM_CRITICAL_PRIORITY,
} from './oom-score.js';

const UPSTREAM = 'pkg/kubelet/qos/policy_test.go';

type Raw = Record<string, string>;

const STANDARD_MEMORY_AMOUNT = 8000000000;

function c(name: string, requests?: Raw, limits?: Raw, sidecar = false): V1Container {
  return {
    name,
    resources: {
      ...(requests ? { requests } : {}),
      ...(limits ? { limits } : {}),
    },
    ...(sidecar ? { restartPolicy: 'Always' } : {}),
  };
}

function p(
  containers: V1Container[],
  extra: {
    initContainers?: V1Container[];
    resources?: { requests?: Raw; limits?: Raw };
    priorityClassName?: string;
    priority?: number;
  } = {},
): V1Pod {
  return { spec: { containers, ...extra } };
}

const mem = (n: number) => String(n);
const sampleDefaultMemRequest = mem(STANDARD_MEMORY_AMOUNT / 8);
const sampleDefaultMemLimit = mem(1000 + STANDARD_MEMORY_AMOUNT / 8);
const sampleDefaultPodMemRequest = mem(STANDARD_MEMORY_AMOUNT / 4);
const sampleDefaultPodMemLimit = mem(1000 + STANDARD_MEMORY_AMOUNT / 4);

const sampleContainer = c(
  'main-1',
  { memory: sampleDefaultMemRequest },
  { memory: sampleDefaultMemLimit },
);
const sampleInitContainer = c(
  'init-container',
  { memory: sampleDefaultMemRequest },
  { memory: sampleDefaultMemLimit },
);
const sampleSidecarContainer = c(
  'sidecar-container',
  { memory: sampleDefaultMemRequest },
  { memory: sampleDefaultMemLimit },
  true,
);
const sampleSmallSidecarContainer = c(
  'sidecar-small-container',
  { memory: mem(STANDARD_MEMORY_AMOUNT / 20) },
  { memory: sampleDefaultMemLimit },
  true,
);
const sampleBigSidecarContainer = c(
  'sidecar-big-container',
  { memory: mem(STANDARD_MEMORY_AMOUNT / 2) },
  { memory: sampleDefaultMemLimit },
  true,
);

const guaranteedPodLevel = {
  requests: { cpu: '5m', memory: sampleDefaultPodMemRequest },
  limits: { cpu: '5m', memory: sampleDefaultPodMemRequest },
};
const burstablePodLevel = {
  requests: { cpu: '5m', memory: sampleDefaultPodMemRequest },
  limits: { cpu: '5m', memory: sampleDefaultPodMemLimit },
};
const guaranteedContainer = (name: string) =>
  c(
    name,
    { cpu: '5m', memory: sampleDefaultMemRequest },
    { cpu: '5m', memory: sampleDefaultMemRequest },
  );

const pods = {
  cpuLimit: p([c('cpu-limit', undefined, { cpu: '10' })]),
  memoryLimitCPURequest: p([c('memory-limit-cpu-request', { cpu: '0' }, { memory: '10G' })]),
  zeroMemoryLimit: p([c('zero-memory-limit', undefined, { memory: '0' })]),
  noRequestLimit: p([c('no-request-limit')]),
  equalRequestLimitCPUMemory: p([
    c('equal-request-limit-cpu-memory', { memory: '10G', cpu: '5m' }, { cpu: '5m', memory: '10G' }),
  ]),
  cpuUnlimitedMemoryLimitedWithRequests: p([
    c(
      'cpu-unlimited-memory-limited-with-requests',
      { memory: mem(STANDARD_MEMORY_AMOUNT / 2), cpu: '5m' },
      { memory: '10G' },
    ),
  ]),
  requestNoLimit: p([
    c('request-no-limit', { memory: mem(STANDARD_MEMORY_AMOUNT - 1), cpu: '5m' }),
  ]),
  clusterCritical: p([c('cluster-critical')], {
    priorityClassName: 'system-cluster-critical',
    priority: SYSTEM_CRITICAL_PRIORITY,
  }),
  nodeCritical: p([c('node-critical')], {
    priorityClassName: 'system-node-critical',
    priority: SYSTEM_CRITICAL_PRIORITY + 1000,
  }),
  burstableUniqueContainerPod: p([
    c(
      'burstable-unique-container',
      { memory: sampleDefaultMemRequest },
      { memory: sampleDefaultMemLimit },
    ),
  ]),
  burstableMixedUniqueMainContainerPod: p([sampleContainer], {
    initContainers: [sampleInitContainer],
  }),
  burstableMixedMultiContainerSameRequestPod: p([sampleContainer], {
    initContainers: [sampleInitContainer, sampleSidecarContainer],
  }),
  burstableMixedMultiContainerSmallSidecarPod: p([sampleContainer], {
    initContainers: [sampleInitContainer, sampleSmallSidecarContainer],
  }),
  burstableMixedMultiContainerBigSidecarContainerPod: p([sampleContainer], {
    initContainers: [sampleInitContainer, sampleBigSidecarContainer],
  }),
  guaranteedPodResourcesNoContainerResources: p(
    [c('no-request-limit-1'), c('no-request-limit-2')],
    { resources: guaranteedPodLevel },
  ),
  guaranteedPodResourcesEqualContainerRequests: p(
    [guaranteedContainer('guaranteed-container-1'), guaranteedContainer('guaranteed-container-2')],
    { resources: guaranteedPodLevel },
  ),
  guaranteedPodResourcesUnequalContainerRequests: p(
    [
      c(
        'burstable-container',
        { cpu: '3m', memory: sampleDefaultMemRequest },
        { cpu: '5m', memory: sampleDefaultMemLimit },
      ),
      c('best-effort-container'),
    ],
    { resources: guaranteedPodLevel },
  ),
  burstablePodResourcesNoContainerResources: p([c('no-request-limit-1'), c('no-request-limit-2')], {
    resources: burstablePodLevel,
  }),
  burstablePodResourcesEqualContainerRequests: p(
    [guaranteedContainer('guaranteed-container-1'), guaranteedContainer('guaranteed-container-2')],
    { resources: burstablePodLevel },
  ),
  burstablePodResourcesUnequalContainerRequests: p(
    [
      c(
        'burstable-container',
        { cpu: '3m', memory: sampleDefaultMemRequest },
        { cpu: '5m', memory: sampleDefaultMemRequest },
      ),
      c('best-effort-container'),
    ],
    { resources: burstablePodLevel },
  ),
  burstablePodResourcesNoContainerResourcesWithSidecar: p([c('no-request-limit')], {
    resources: burstablePodLevel,
    initContainers: [c('no-request-limit-sidecar', undefined, undefined, true)],
  }),
  burstablePodResourcesEqualContainerRequestsWithSidecar: p(
    [
      c(
        'burstable-container',
        { cpu: '5m', memory: sampleDefaultMemRequest },
        { cpu: '5m', memory: sampleDefaultMemLimit },
      ),
    ],
    {
      resources: burstablePodLevel,
      initContainers: [
        c(
          'burstable-sidecar',
          { cpu: '5m', memory: sampleDefaultMemRequest },
          { cpu: '5m', memory: sampleDefaultMemLimit },
          true,
        ),
      ],
    },
  ),
  burstablePodResourcesUnequalContainerRequestsWithSidecar: p(
    [
      c(
        'burstable-container-1',
        { cpu: '5m', memory: '1000000000' },
        { cpu: '5m', memory: sampleDefaultPodMemLimit },
      ),
      c(
        'burstable-container-2',
        { cpu: '5m', memory: '500000000' },
        { cpu: '5m', memory: sampleDefaultPodMemLimit },
      ),
    ],
    {
      resources: {
        requests: { cpu: '5m', memory: '2000000000' },
        limits: { cpu: '5m', memory: sampleDefaultPodMemLimit },
      },
      initContainers: [
        c(
          'burstable-sidecar',
          { cpu: '5m', memory: '200000000' },
          { cpu: '5m', memory: sampleDefaultPodMemLimit },
          true,
        ),
      ],
    },
  ),
};

interface OOMTest {
  name: string;
  pod: V1Pod;
  memoryCapacity: number;
  // container name → [lowest, highest] acceptable oom_score_adj
  lowHigh: Record<string, [number, number]>;
  podLevelResourcesFeatureEnabled?: boolean;
}

const oomTests: OOMTest[] = [
  {
    name: 'cpu-limit',
    pod: pods.cpuLimit,
    memoryCapacity: 4000000000,
    lowHigh: { 'cpu-limit': [999, 999] },
  },
  {
    name: 'memory-limit-cpu-request',
    pod: pods.memoryLimitCPURequest,
    memoryCapacity: 8000000000,
    lowHigh: { 'memory-limit-cpu-request': [999, 999] },
  },
  {
    name: 'zero-memory-limit',
    pod: pods.zeroMemoryLimit,
    memoryCapacity: 7230457451,
    lowHigh: { 'zero-memory-limit': [1000, 1000] },
  },
  {
    name: 'no-request-limit',
    pod: pods.noRequestLimit,
    memoryCapacity: 4000000000,
    lowHigh: { 'no-request-limit': [1000, 1000] },
  },
  {
    name: 'equal-request-limit-cpu-memory',
    pod: pods.equalRequestLimitCPUMemory,
    memoryCapacity: 123456789,
    lowHigh: { 'equal-request-limit-cpu-memory': [-997, -997] },
  },
  {
    name: 'cpu-unlimited-memory-limited-with-requests',
    pod: pods.cpuUnlimitedMemoryLimitedWithRequests,
    memoryCapacity: STANDARD_MEMORY_AMOUNT,
    lowHigh: { 'cpu-unlimited-memory-limited-with-requests': [495, 505] },
  },
  {
    name: 'request-no-limit',
    pod: pods.requestNoLimit,
    memoryCapacity: STANDARD_MEMORY_AMOUNT,
    lowHigh: { 'request-no-limit': [3, 3] },
  },
  {
    name: 'cluster-critical',
    pod: pods.clusterCritical,
    memoryCapacity: 4000000000,
    lowHigh: { 'cluster-critical': [1000, 1000] },
  },
  {
    name: 'node-critical',
    pod: pods.nodeCritical,
    memoryCapacity: 4000000000,
    lowHigh: { 'node-critical': [-997, -997] },
  },
  {
    name: 'burstable-unique-container-pod',
    pod: pods.burstableUniqueContainerPod,
    memoryCapacity: STANDARD_MEMORY_AMOUNT,
    lowHigh: { 'burstable-unique-container': [875, 880] },
  },
  {
    name: 'burstable-mixed-unique-main-container-pod',
    pod: pods.burstableMixedUniqueMainContainerPod,
    memoryCapacity: STANDARD_MEMORY_AMOUNT,
    lowHigh: { 'init-container': [875, 880], 'main-1': [875, 880] },
  },
  {
    name: 'burstable-mixed-multi-container-small-sidecar-pod',
    pod: pods.burstableMixedMultiContainerSmallSidecarPod,
    memoryCapacity: STANDARD_MEMORY_AMOUNT,
    lowHigh: {
      'init-container': [875, 880],
      'sidecar-small-container': [875, 875],
      'main-1': [875, 875],
    },
  },
  {
    name: 'burstable-mixed-multi-container-sample-request-pod',
    pod: pods.burstableMixedMultiContainerSameRequestPod,
    memoryCapacity: STANDARD_MEMORY_AMOUNT,
    lowHigh: {
      'init-container': [875, 880],
      'sidecar-container': [875, 875],
      'main-1': [875, 875],
    },
  },
  {
    name: 'burstable-mixed-multi-container-big-sidecar-container-pod',
    pod: pods.burstableMixedMultiContainerBigSidecarContainerPod,
    memoryCapacity: STANDARD_MEMORY_AMOUNT,
    lowHigh: {
      'init-container': [875, 880],
      'sidecar-big-container': [500, 500],
      'main-1': [875, 875],
    },
  },
  {
    name: 'guaranteed-pod-resources-no-container-resources',
    pod: pods.guaranteedPodResourcesNoContainerResources,
    memoryCapacity: 4000000000,
    lowHigh: { 'no-request-limit-1': [-997, -997], 'no-request-limit-2': [-997, -997] },
    podLevelResourcesFeatureEnabled: true,
  },
  {
    name: 'guaranteed-pod-resources-equal-container-resources',
    pod: pods.guaranteedPodResourcesEqualContainerRequests,
    memoryCapacity: 4000000000,
    lowHigh: { 'guaranteed-container-1': [-997, -997], 'guaranteed-container-2': [-997, -997] },
    podLevelResourcesFeatureEnabled: true,
  },
  {
    name: 'guaranteed-pod-resources-unequal-container-requests',
    pod: pods.guaranteedPodResourcesUnequalContainerRequests,
    memoryCapacity: 4000000000,
    lowHigh: { 'burstable-container': [-997, -997], 'best-effort-container': [-997, -997] },
    podLevelResourcesFeatureEnabled: true,
  },
  {
    name: 'burstable-pod-resources-no-container-resources',
    pod: pods.burstablePodResourcesNoContainerResources,
    memoryCapacity: 4000000000,
    lowHigh: { 'no-request-limit-1': [750, 750], 'no-request-limit-2': [750, 750] },
    podLevelResourcesFeatureEnabled: true,
  },
  {
    name: 'burstable-pod-resources-equal-container-requests',
    pod: pods.burstablePodResourcesEqualContainerRequests,
    memoryCapacity: 4000000000,
    lowHigh: { 'guaranteed-container-1': [750, 750], 'guaranteed-container-2': [750, 750] },
    podLevelResourcesFeatureEnabled: true,
  },
  {
    name: 'burstable-pod-resources-unequal-container-requests',
    pod: pods.burstablePodResourcesUnequalContainerRequests,
    memoryCapacity: 4000000000,
    lowHigh: { 'burstable-container': [625, 625], 'best-effort-container': [875, 875] },
    podLevelResourcesFeatureEnabled: true,
  },
  {
    name: 'burstable-pod-resources-no-container-resources-with-sidecar',
    pod: pods.burstablePodResourcesNoContainerResourcesWithSidecar,
    memoryCapacity: 4000000000,
    lowHigh: { 'no-request-limit': [750, 750], 'no-request-limit-sidecar': [750, 750] },
    podLevelResourcesFeatureEnabled: true,
  },
  {
    name: 'burstable-pod-resources-equal-container-requests-with-sidecar',
    pod: pods.burstablePodResourcesEqualContainerRequestsWithSidecar,
    memoryCapacity: 4000000000,
    lowHigh: { 'burstable-container': [750, 750], 'burstable-sidecar': [750, 750] },
    podLevelResourcesFeatureEnabled: true,
  },
  {
    name: 'burstable-pod-resources-unequal-container-requests-with-sidecar',
    pod: pods.burstablePodResourcesUnequalContainerRequestsWithSidecar,
    memoryCapacity: 4000000000,
    lowHigh: {
      'burstable-container-1': [725, 725],
      'burstable-container-2': [850, 850],
      'burstable-sidecar': [850, 850],
    },
    podLevelResourcesFeatureEnabled: true,
  },
  {
    // Master's variant keeps DRA claims out of the score with its gate off, which is what this
    // port always does: 1000 - (1000 * 500Mi / 4GB) = 869.
    name: 'burstable-pod-with-dra-disabled',
    pod: p([c('c1', { memory: '500Mi' })]),
    memoryCapacity: 4000000000,
    lowHigh: { c1: [869, 869] },
  },
];

describe(`TestGetContainerOOMScoreAdjust — ${UPSTREAM}`, () => {
  it.each(oomTests)('$name', (test) => {
    const containers = [
      ...(test.pod.spec?.initContainers ?? []),
      ...(test.pod.spec?.containers ?? []),
    ];
    expect(Object.keys(test.lowHigh).sort()).toEqual(containers.map((x) => x.name).sort());
    for (const container of containers) {
      const score = getContainerOOMScoreAdjust(test.pod, container, BigInt(test.memoryCapacity), {
        podLevelResources: test.podLevelResourcesFeatureEnabled ?? false,
      });
      const [low, high] = test.lowHigh[container.name] ?? [Number.NaN, Number.NaN];
      expect(score, container.name).toBeGreaterThanOrEqual(low);
      expect(score, container.name).toBeLessThanOrEqual(high);
    }
  });
});

describe('oom_score_adj constants — pkg/kubelet/qos/policy.go', () => {
  it('keeps the kubelet and kube-proxy below Guaranteed containers', () => {
    expect(KUBELET_OOM_SCORE_ADJ).toBe(-999);
    expect(KUBE_PROXY_OOM_SCORE_ADJ).toBe(-999);
    expect(GUARANTEED_OOM_SCORE_ADJ).toBe(-997);
    expect(BESTEFFORT_OOM_SCORE_ADJ).toBe(1000);
  });

  it('clamps a Burstable container that requests all memory to 1000 + GUARANTEED_OOM_SCORE_ADJ', () => {
    const pod = p([c('all', { memory: '8G' }, { memory: '16G' })]);
    const container = pod.spec?.containers[0] as V1Container;
    expect(getContainerOOMScoreAdjust(pod, container, 8000000000n)).toBe(3);
  });

  it('rejects a non-positive memory capacity for Burstable pods', () => {
    const pod = p([c('b', { memory: '1G' })]);
    const container = pod.spec?.containers[0] as V1Container;
    expect(() => getContainerOOMScoreAdjust(pod, container, 0n)).toThrow(RangeError);
  });
});

describe('IsNodeCriticalPod — pkg/kubelet/types/pod_update.go', () => {
  const withAnnotations = (
    annotations: Record<string, string>,
    priorityClassName?: string,
  ): V1Pod => ({
    metadata: { annotations },
    spec: { containers: [], ...(priorityClassName ? { priorityClassName } : {}) },
  });

  it('treats static pods (config.source other than api) as critical', () => {
    const pod = withAnnotations({ 'kubernetes.io/config.source': 'file' });
    expect(isStaticPod(pod)).toBe(true);
    expect(isCriticalPod(pod)).toBe(true);
    expect(isStaticPod(withAnnotations({ 'kubernetes.io/config.source': 'api' }))).toBe(false);
  });

  it('treats mirror pods as critical', () => {
    const pod = withAnnotations({ 'kubernetes.io/config.mirror': 'hash' });
    expect(isMirrorPod(pod)).toBe(true);
    expect(isCriticalPod(pod)).toBe(true);
  });

  it('needs the system-node-critical class on top of being critical', () => {
    expect(isNodeCriticalPod(withAnnotations({ 'kubernetes.io/config.source': 'file' }))).toBe(
      false,
    );
    expect(
      isNodeCriticalPod(
        withAnnotations({ 'kubernetes.io/config.source': 'file' }, 'system-node-critical'),
      ),
    ).toBe(true);
    expect(isNodeCriticalPod(withAnnotations({}, 'system-node-critical'))).toBe(false);
    expect(isCriticalPod(p([], { priority: SYSTEM_CRITICAL_PRIORITY - 1 }))).toBe(false);
  });

  it('gives a static node-critical BestEffort pod the Guaranteed score', () => {
    const pod: V1Pod = {
      ...withAnnotations({ 'kubernetes.io/config.source': 'file' }, 'system-node-critical'),
    };
    if (pod.spec) pod.spec.containers = [c('etcd')];
    const container = pod.spec?.containers[0] as V1Container;
    expect(getContainerOOMScoreAdjust(pod, container, 8000000000n)).toBe(-997);
  });
});
