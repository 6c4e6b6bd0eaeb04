import type { V1Container, V1Pod, V1ResourceRequirements } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import {
  computePodQOS,
  getPodQOS,
  isSupportedQoSComputeResource,
  type PodQOSClass,
} from './qos.js';

const UPSTREAM = 'pkg/apis/core/v1/helper/qos/qos_test.go';

type Raw = Record<string, string>;

// getResourceList (qos_test.go): an empty string leaves the resource out.
function rl(cpu: string, memory: string): Raw {
  const out: Raw = {};
  if (cpu !== '') out['cpu'] = cpu;
  if (memory !== '') out['memory'] = memory;
  return out;
}

function withResource(name: string, value: string, list: Raw): Raw {
  return { ...list, [name]: value };
}

function req(requests: Raw, limits: Raw): V1ResourceRequirements {
  return { requests, limits };
}

function newContainer(name: string, requests: Raw, limits: Raw): V1Container {
  return { name, resources: req(requests, limits) };
}

function newPod(
  name: string,
  containers: V1Container[],
  extra: { initContainers?: V1Container[]; resources?: V1ResourceRequirements } = {},
): V1Pod {
  return {
    metadata: { name },
    spec: {
      containers,
      ...(extra.initContainers ? { initContainers: extra.initContainers } : {}),
      ...(extra.resources ? { resources: extra.resources } : {}),
    },
  };
}

interface QOSCase {
  pod: V1Pod;
  expected: PodQOSClass;
  podLevelResourcesEnabled?: boolean;
}

describe(`TestComputePodQOS (release table with pod-level cases) — ${UPSTREAM}`, () => {
  const cases: QOSCase[] = [
    {
      pod: newPod('guaranteed', [
        newContainer('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi')),
      ]),
      expected: 'Guaranteed',
    },
    {
      pod: newPod('guaranteed-guaranteed', [
        newContainer('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi')),
        newContainer('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi')),
      ]),
      expected: 'Guaranteed',
    },
    {
      pod: newPod('best-effort-best-effort', [
        newContainer('best-effort', rl('', ''), rl('', '')),
        newContainer('best-effort', rl('', ''), rl('', '')),
      ]),
      expected: 'BestEffort',
    },
    {
      pod: newPod('best-effort', [newContainer('best-effort', rl('', ''), rl('', ''))]),
      expected: 'BestEffort',
    },
    {
      pod: newPod('best-effort-burstable', [
        newContainer('best-effort', rl('', ''), rl('', '')),
        newContainer('burstable', rl('1', ''), rl('2', '')),
      ]),
      expected: 'Burstable',
    },
    {
      pod: newPod('best-effort-guaranteed', [
        newContainer('best-effort', rl('', ''), rl('', '')),
        newContainer('guaranteed', rl('10m', '100Mi'), rl('10m', '100Mi')),
      ]),
      expected: 'Burstable',
    },
    {
      pod: newPod('burstable-cpu-guaranteed-memory', [
        newContainer('burstable', rl('', '100Mi'), rl('', '100Mi')),
      ]),
      expected: 'Burstable',
    },
    {
      pod: newPod('burstable-no-limits', [
        newContainer('burstable', rl('100m', '100Mi'), rl('', '')),
      ]),
      expected: 'Burstable',
    },
    {
      pod: newPod('burstable-guaranteed', [
        newContainer('burstable', rl('1', '100Mi'), rl('2', '100Mi')),
        newContainer('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi')),
      ]),
      expected: 'Burstable',
    },
    {
      pod: newPod('burstable-unbounded-but-requests-match-limits', [
        newContainer('burstable', rl('100m', '100Mi'), rl('200m', '200Mi')),
        newContainer('burstable-unbounded', rl('100m', '100Mi'), rl('', '')),
      ]),
      expected: 'Burstable',
    },
    {
      pod: newPod('burstable-1', [
        newContainer('burstable', rl('10m', '100Mi'), rl('100m', '200Mi')),
      ]),
      expected: 'Burstable',
    },
    {
      pod: newPod('burstable-2', [newContainer('burstable', rl('0', '0'), rl('100m', '200Mi'))]),
      expected: 'Burstable',
    },
    {
      pod: newPod('best-effort-hugepages', [
        newContainer(
          'best-effort',
          withResource('hugepages-2Mi', '1Gi', rl('0', '0')),
          withResource('hugepages-2Mi', '1Gi', rl('0', '0')),
        ),
      ]),
      expected: 'BestEffort',
    },
    {
      pod: newPod('init-container', [newContainer('best-effort', rl('', ''), rl('', ''))], {
        initContainers: [newContainer('burstable', rl('10m', '100Mi'), rl('100m', '200Mi'))],
      }),
      expected: 'Burstable',
    },
    {
      pod: newPod(
        'guaranteed-with-pod-level-resources',
        [newContainer('best-effort', rl('', ''), rl('', ''))],
        { resources: req(rl('10m', '100Mi'), rl('10m', '100Mi')) },
      ),
      expected: 'Guaranteed',
      podLevelResourcesEnabled: true,
    },
    {
      pod: newPod(
        'guaranteed-with-pod-and-container-level-resources',
        [newContainer('burstable', rl('3m', '10Mi'), rl('5m', '20Mi'))],
        { resources: req(rl('10m', '100Mi'), rl('10m', '100Mi')) },
      ),
      expected: 'Guaranteed',
      podLevelResourcesEnabled: true,
    },
    {
      pod: newPod(
        'burstable-with-pod-level-resources',
        [newContainer('best-effort', rl('', ''), rl('', ''))],
        { resources: req(rl('10m', '10Mi'), rl('20m', '50Mi')) },
      ),
      expected: 'Burstable',
      podLevelResourcesEnabled: true,
    },
    {
      pod: newPod(
        'burstable-with-pod-and-container-level-resources',
        [newContainer('burstable', rl('5m', '10Mi'), rl('5m', '10Mi'))],
        { resources: req(rl('10m', '10Mi'), rl('20m', '50Mi')) },
      ),
      expected: 'Burstable',
      podLevelResourcesEnabled: true,
    },
    {
      pod: newPod(
        'burstable-with-pod-and-container-level-requests',
        [newContainer('burstable', rl('5m', '10Mi'), rl('', ''))],
        { resources: req(rl('10m', '10Mi'), rl('', '')) },
      ),
      expected: 'Burstable',
      podLevelResourcesEnabled: true,
    },
    {
      pod: newPod(
        'burstable-with-pod-and-container-level-resources-2',
        [
          newContainer('burstable', rl('5m', '10Mi'), rl('', '')),
          newContainer('guaranteed', rl('5m', '10Mi'), rl('5m', '10Mi')),
        ],
        { resources: req(rl('10m', '10Mi'), rl('5m', '')) },
      ),
      expected: 'Burstable',
      podLevelResourcesEnabled: true,
    },
  ];
  it.each(cases)('$pod.metadata.name', ({ pod, expected, podLevelResourcesEnabled }) => {
    expect(computePodQOS(pod, { podLevelResources: podLevelResourcesEnabled ?? false })).toBe(
      expected,
    );
  });
});

describe(`TestComputePodQOS (master generated matrix) — ${UPSTREAM}`, () => {
  const guaranteedResources: V1ResourceRequirements = {
    // Ephemeral storage requests must not affect QoS.
    requests: { cpu: '100m', memory: '100Mi', 'ephemeral-storage': '10Gi' },
    limits: rl('100m', '100Mi'),
  };
  const bestEffortResources: V1ResourceRequirements[] = [
    {},
    { requests: rl('0', '0') },
    { requests: { 'ephemeral-storage': '10Gi' } },
  ];
  const burstableResources: V1ResourceRequirements[] = [
    req(rl('100m', '100Mi'), rl('200m', '200Mi')),
    req(rl('100m', '100Mi'), rl('100m', '200Mi')),
    req(rl('100m', '100Mi'), rl('200m', '100Mi')),
    { requests: rl('100m', '100Mi') },
    req(rl('100m', '100Mi'), { cpu: '100m' }),
  ];
  const withRes = (r: V1ResourceRequirements): V1Container => ({ name: '', resources: r });
  const clone = <T>(v: T): T => structuredClone(v);

  const singleContainerTests: QOSCase[] = [
    { pod: newPod('guaranteed', [withRes(guaranteedResources)]), expected: 'Guaranteed' },
    ...bestEffortResources.map<QOSCase>((r, i) => ({
      pod: newPod(`best-effort-${i}`, [withRes(r)]),
      expected: 'BestEffort',
    })),
    ...burstableResources.map<QOSCase>((r, i) => ({
      pod: newPod(`burstable-${i}`, [withRes(r)]),
      expected: 'Burstable',
    })),
  ];

  const secondContainerTests: QOSCase[] = [
    {
      pod: newPod('2c-guaranteed', [withRes(guaranteedResources), withRes(guaranteedResources)]),
      expected: 'Guaranteed',
    },
    {
      pod: newPod('2c-best-effort', [
        withRes(bestEffortResources[0] ?? {}),
        withRes(bestEffortResources[1] ?? {}),
      ]),
      expected: 'BestEffort',
    },
    {
      pod: newPod('2c-burstable', [
        withRes(burstableResources[0] ?? {}),
        withRes(burstableResources[1] ?? {}),
      ]),
      expected: 'Burstable',
    },
  ];
  const firsts = [guaranteedResources, bestEffortResources[0] ?? {}, burstableResources[0] ?? {}];
  const seconds = [guaranteedResources, bestEffortResources[1] ?? {}, burstableResources[1] ?? {}];
  firsts.forEach((res1, i) =>
    seconds.forEach((res2, j) => {
      if (i === j) return;
      secondContainerTests.push({
        pod: newPod(`2c-mixed-burstable-${i}-${j}`, [withRes(res1), withRes(res2)]),
        expected: 'Burstable',
      });
    }),
  );

  const containerTests: QOSCase[] = [...singleContainerTests, ...secondContainerTests];
  // The second container may just as well be an init container.
  for (const tc of secondContainerTests) {
    const pod = clone(tc.pod);
    pod.metadata = { name: `${pod.metadata?.name ?? ''}-init` };
    const containers = pod.spec?.containers ?? [];
    if (pod.spec) {
      pod.spec.initContainers = containers.slice(1);
      pod.spec.containers = containers.slice(0, 1);
    }
    containerTests.push({ ...tc, pod });
  }

  const tests: QOSCase[] = [...containerTests];
  // Enabling pod-level resources without setting spec.resources changes nothing.
  for (const tc of containerTests) {
    const pod = clone(tc.pod);
    pod.metadata = { name: `${pod.metadata?.name ?? ''}-plr` };
    tests.push({ ...tc, pod, podLevelResourcesEnabled: true });
  }
  for (const tc of singleContainerTests) {
    // Variant 1: gate on, the container's resources moved to the pod, container Guaranteed.
    const moved = clone(tc.pod);
    if (moved.spec) {
      moved.metadata = { name: `pod-${moved.metadata?.name ?? ''}-plr` };
      moved.spec.resources = clone(moved.spec.containers[0]?.resources ?? {});
      const first = moved.spec.containers[0];
      if (first) first.resources = clone(guaranteedResources);
    }
    tests.push({ pod: moved, expected: tc.expected, podLevelResourcesEnabled: true });
    // Variant 2: gate off, Guaranteed pod-level resources are ignored.
    const ignored = clone(tc.pod);
    ignored.metadata = { name: `${ignored.metadata?.name ?? ''}-pod-no-plr` };
    if (ignored.spec) ignored.spec.resources = clone(guaranteedResources);
    tests.push({ pod: ignored, expected: tc.expected, podLevelResourcesEnabled: false });
  }

  it('builds the full upstream matrix', () => {
    expect(tests).toHaveLength(72);
  });
  it.each(tests)('$pod.metadata.name', ({ pod, expected, podLevelResourcesEnabled }) => {
    expect(computePodQOS(pod, { podLevelResources: podLevelResourcesEnabled ?? false })).toBe(
      expected,
    );
  });
});

describe('GetPodQOS — pkg/apis/core/v1/helper/qos/qos.go', () => {
  const guaranteed = newPod('g', [newContainer('c', rl('1', '1Gi'), rl('1', '1Gi'))]);

  it('returns the persisted status.qosClass over the computed class', () => {
    expect(getPodQOS({ ...guaranteed, status: { qosClass: 'Burstable' } })).toBe('Burstable');
  });

  it('computes the class when status.qosClass is empty', () => {
    expect(getPodQOS({ ...guaranteed, status: { qosClass: '' } })).toBe('Guaranteed');
    expect(getPodQOS(guaranteed)).toBe('Guaranteed');
  });

  it('uses pod-level resources by default (PodLevelResources is on by default since 1.34)', () => {
    const pod = newPod('p', [newContainer('c', rl('', ''), rl('', ''))], {
      resources: req(rl('1', '1Gi'), rl('1', '1Gi')),
    });
    expect(getPodQOS(pod)).toBe('Guaranteed');
    expect(getPodQOS(pod, { podLevelResources: false })).toBe('BestEffort');
  });

  it('follows the release algorithm: summed requests equal summed limits is Guaranteed', () => {
    const pod = newPod('cross', [
      newContainer('a', rl('1', '1Gi'), rl('2', '1Gi')),
      newContainer('b', rl('2', '1Gi'), rl('1', '1Gi')),
    ]);
    expect(computePodQOS(pod)).toBe('Guaranteed');
  });

  it('only counts cpu and memory', () => {
    expect(isSupportedQoSComputeResource('cpu')).toBe(true);
    expect(isSupportedQoSComputeResource('memory')).toBe(true);
    expect(isSupportedQoSComputeResource('ephemeral-storage')).toBe(false);
    expect(isSupportedQoSComputeResource('hugepages-2Mi')).toBe(false);
  });
});
