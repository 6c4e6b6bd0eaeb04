import type { V1Container, V1Pod } from '@kubernetes/client-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  EVICTION_MESSAGE_ANNOTATION_KEYS,
  EVICTION_REASON,
  formatContainerEphemeralStorageLimitMessage,
  formatEmptyDirLimitMessage,
  formatEvictionMessage,
  formatNodeConditionMessage,
  formatPodEphemeralStorageLimitMessage,
} from './eviction-message.js';
import { parseEvictionMessage } from './eviction-message-parse.js';
import type { ContainerStats, PodStats } from './kubelet-stats.js';
import { newQuantity, parseQuantity } from './quantity.js';

const T = '2024-01-01T00:00:00Z';
const q = parseQuantity;

function bytes(s: string): number {
  return Number(q(s).value());
}

function pod(
  name: string,
  containers: V1Container[],
  extra: Partial<NonNullable<V1Pod['spec']>> = {},
): V1Pod {
  return { metadata: { name, uid: name }, spec: { containers, ...extra } };
}

function memoryContainerStats(name: string, workingSet: string): ContainerStats {
  return { name, startTime: T, memory: { time: T, workingSetBytes: bytes(workingSet) } };
}

function podStats(p: V1Pod, containers: ContainerStats[], podWorkingSet?: string): PodStats {
  return {
    podRef: { name: p.metadata?.name ?? '', namespace: 'default', uid: p.metadata?.uid ?? '' },
    startTime: T,
    containers,
    ...(podWorkingSet === undefined
      ? {}
      : { memory: { time: T, workingSetBytes: bytes(podWorkingSet) } }),
  };
}

describe('evictionMessage — pkg/kubelet/eviction/helpers_test.go', () => {
  // TestEvictonMessageWithResourceResize. The upstream test predates the current helpers.go: it
  // expected the container's AllocatedResources (100Mi) as the request when InPlacePodVerticalScaling
  // was on. Current evictionMessage reads container.Resources.Requests (200Mi) whatever the gate,
  // so 150Mi of usage is no longer reported, which is the upstream "gate disabled" expectation.
  it('TestEvictonMessageWithResourceResize: compares usage with the spec request, not the allocated one', () => {
    const testpod = pod(
      'testpod',
      [{ name: 'testcontainer', resources: { requests: { memory: '200Mi' }, limits: {} } }],
      {
        priority: 1,
      },
    );
    testpod.status = {
      containerStatuses: [
        {
          name: 'testcontainer',
          allocatedResources: { memory: '100Mi' },
          image: 'img',
          imageID: '',
          ready: true,
          restartCount: 0,
        },
      ],
    };
    const stats = podStats(testpod, [memoryContainerStats('testcontainer', '150Mi')], '150Mi');
    const { message } = formatEvictionMessage({
      resourceToReclaim: 'memory',
      pod: testpod,
      stats,
      thresholds: [],
      observations: {},
    });
    expect(message).toBe('The node was low on resource: memory. ');
    expect(message).not.toContain('which exceeds its request');
    expect(message).not.toContain('testcontainer was using 150Mi, request is 100Mi');
  });
});

describe('formatEvictionMessage — evictionMessage (pkg/kubelet/eviction/helpers.go)', () => {
  const web = pod(
    'web',
    [
      { name: 'app', resources: { requests: { memory: '100Mi' } } },
      { name: 'sidecar', resources: { requests: { memory: '1Gi' } } },
    ],
    { initContainers: [{ name: 'init', resources: { requests: { memory: '10Mi' } } }] },
  );
  const webStats = podStats(web, [
    memoryContainerStats('app', '150Mi'),
    memoryContainerStats('sidecar', '200Mi'),
    memoryContainerStats('init', '20Mi'),
    memoryContainerStats('debugger', '1Gi'), // an ephemeral container: not in spec.containers
  ]);
  const memoryThreshold = { signal: 'memory.available', value: { quantity: q('100Mi') } };
  const memoryObservation = { available: q('50Mi'), capacity: q('8Gi') };

  it('names every regular and init container over its request, in stats order', () => {
    const result = formatEvictionMessage({
      resourceToReclaim: 'memory',
      pod: web,
      stats: webStats,
      thresholds: [memoryThreshold],
      observations: { 'memory.available': memoryObservation },
    });
    expect(result.message).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. ' +
        'Container app was using 150Mi, request is 100Mi, has larger consumption of memory. ' +
        'Container init was using 20Mi, request is 10Mi, has larger consumption of memory. ',
    );
    expect(result.annotations).toEqual({
      offending_containers: 'app,init',
      offending_containers_usage: '150Mi,20Mi',
      starved_resource: 'memory',
    });
  });

  it('writes only the first sentences and no annotations when the pod has no stats', () => {
    const result = formatEvictionMessage({
      resourceToReclaim: 'memory',
      pod: web,
      stats: null,
      thresholds: [memoryThreshold],
      observations: { 'memory.available': memoryObservation },
    });
    expect(result).toEqual({
      message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. ',
      annotations: {},
    });
  });

  it('takes the first threshold for the starved resource that has an observation', () => {
    const result = formatEvictionMessage({
      resourceToReclaim: 'ephemeral-storage',
      pod: web,
      stats: null,
      thresholds: [
        memoryThreshold,
        { signal: 'imagefs.available', value: { quantity: q('1Gi') } }, // no observation: skipped
        { signal: 'nodefs.available', value: { percentage: 0.05 } },
      ],
      observations: {
        'memory.available': memoryObservation,
        'nodefs.available': { available: newQuantity(104857600n, 'BinarySI'), capacity: q('10Gi') },
      },
    });
    // 5% is a float32, so 5% of 10Gi is 536870920 bytes, not 536870912.
    expect(result.message).toBe(
      'The node was low on resource: ephemeral-storage. Threshold quantity: 536870920, available: 100Mi. ',
    );
  });

  it('measures ephemeral storage as rootfs plus logs, only when both are reported', () => {
    const p = pod('disk', [
      { name: 'writer', resources: { requests: { 'ephemeral-storage': '100Mi' } } },
      { name: 'no-logs', resources: {} },
      { name: 'quiet', resources: { requests: { 'ephemeral-storage': '1Gi' } } },
    ]);
    const stats = podStats(p, [
      {
        name: 'writer',
        startTime: T,
        rootfs: { time: T, usedBytes: bytes('90Mi') },
        logs: { time: T, usedBytes: bytes('20Mi') },
      },
      { name: 'no-logs', startTime: T, rootfs: { time: T, usedBytes: bytes('5Gi') } },
      {
        name: 'quiet',
        startTime: T,
        rootfs: { time: T, usedBytes: bytes('1Mi') },
        logs: { time: T, usedBytes: 0 },
      },
    ]);
    const result = formatEvictionMessage({
      resourceToReclaim: 'ephemeral-storage',
      pod: p,
      stats,
      thresholds: [],
      observations: {},
    });
    expect(result.message).toBe(
      'The node was low on resource: ephemeral-storage. ' +
        'Container writer was using 110Mi, request is 100Mi, has larger consumption of ephemeral-storage. ',
    );
    expect(result.annotations[EVICTION_MESSAGE_ANNOTATION_KEYS.offendingContainersUsage]).toBe(
      '110Mi',
    );
  });

  it('prints a missing request as 0', () => {
    const p = pod('best-effort', [{ name: 'c' }]);
    const result = formatEvictionMessage({
      resourceToReclaim: 'memory',
      pod: p,
      stats: podStats(p, [memoryContainerStats('c', '1000')]),
      thresholds: [],
      observations: {},
    });
    expect(result.message).toBe(
      'The node was low on resource: memory. Container c was using 1k, request is 0, has larger consumption of memory. ',
    );
  });

  it('blames no container for inodes or pids but still annotates the starved resource', () => {
    for (const resource of ['inodes', 'pids']) {
      const result = formatEvictionMessage({
        resourceToReclaim: resource,
        pod: web,
        stats: webStats,
        thresholds: [],
        observations: {},
      });
      expect(result.message).toBe(`The node was low on resource: ${resource}. `);
      expect(result.annotations).toEqual({
        offending_containers: '',
        offending_containers_usage: '',
        starved_resource: resource,
      });
    }
  });

  it('adds the pod-level sentence for memory when pod-level resources request memory, even under the request', () => {
    const p = pod('plr', [{ name: 'c' }], { resources: { requests: { memory: '1Gi' } } });
    const stats = podStats(p, [memoryContainerStats('c', '900Mi')], '900Mi');
    const input = { resourceToReclaim: 'memory', pod: p, stats, thresholds: [], observations: {} };
    expect(formatEvictionMessage(input)).toEqual({
      message:
        'The node was low on resource: memory. Pod plr was using 900Mi, request is 1Gi, has larger consumption of memory. ' +
        'Container c was using 900Mi, request is 0, has larger consumption of memory. ',
      annotations: {
        offending_pod: 'plr',
        offending_pod_usage: '900Mi',
        offending_containers: 'c',
        offending_containers_usage: '900Mi',
        starved_resource: 'memory',
      },
    });
    const gateOff = formatEvictionMessage({ ...input, podLevelResourcesEnabled: false });
    expect(gateOff.message).not.toContain('Pod plr');
    expect(gateOff.annotations).not.toHaveProperty('offending_pod');
    // No pod memory stats: no pod sentence.
    const noPodMemory = formatEvictionMessage({ ...input, stats: podStats(p, []) });
    expect(noPodMemory.message).toBe('The node was low on resource: memory. ');
  });

  it('uses the kubelet reason Evicted', () => {
    expect(EVICTION_REASON).toBe('Evicted');
  });
});

describe('local storage and admission messages — pkg/kubelet/eviction/eviction_manager.go', () => {
  it('formats the emptyDir, pod and container limit messages with Go %q quoting', () => {
    expect(formatEmptyDirLimitMessage('cache', q('1Gi'))).toBe(
      'Usage of EmptyDir volume "cache" exceeds the limit "1Gi". ',
    );
    expect(formatPodEphemeralStorageLimitMessage(q('2048Mi'))).toBe(
      'Pod ephemeral local storage usage exceeds the total limit of containers 2Gi. ',
    );
    expect(formatContainerEphemeralStorageLimitMessage('app', q('500Mi'))).toBe(
      'Container app exceeded its local ephemeral storage limit "500Mi". ',
    );
    expect(formatEmptyDirLimitMessage('a"b\\c\n\x01', q('1'))).toBe(
      'Usage of EmptyDir volume "a\\"b\\\\c\\n\\x01" exceeds the limit "1". ',
    );
  });

  it('prints node conditions the way Go prints a slice', () => {
    expect(formatNodeConditionMessage(['MemoryPressure', 'DiskPressure'])).toBe(
      'The node had condition: [MemoryPressure DiskPressure]. ',
    );
    expect(formatNodeConditionMessage([])).toBe('The node had condition: []. ');
  });
});

describe('parseEvictionMessage', () => {
  it('parses a node-pressure message as a kubelet writes it', () => {
    expect(
      parseEvictionMessage(
        'The node was low on resource: ephemeral-storage. Threshold quantity: 4193634211, available: 3954292Ki. ' +
          'Container nginx was using 16Ki, request is 0, has larger consumption of ephemeral-storage. ',
      ),
    ).toEqual({
      kind: 'node-pressure',
      resource: 'ephemeral-storage',
      legacyResource: null,
      threshold: '4193634211',
      available: '3954292Ki',
      offenders: [{ kind: 'container', name: 'nginx', usage: '16Ki', request: '0' }],
      containerName: null,
      volumeName: null,
      conditions: [],
    });
  });

  it('parses the pod-level sentence, a missing threshold sentence and a trimmed final space', () => {
    const parsed = parseEvictionMessage(
      'The node was low on resource: memory. Pod web-0 was using 900Mi, request is 1Gi, has larger consumption of memory.',
    );
    expect(parsed?.threshold).toBeNull();
    expect(parsed?.available).toBeNull();
    expect(parsed?.offenders).toEqual([
      { kind: 'pod', name: 'web-0', usage: '900Mi', request: '1Gi' },
    ]);
  });

  it('parses the older "which exceeds its request of" wording', () => {
    expect(
      parseEvictionMessage(
        'The node was low on resource: memory. Container app was using 1Gi, which exceeds its request of 0. ',
      )?.offenders,
    ).toEqual([{ kind: 'container', name: 'app', usage: '1Gi', request: '0' }]);
  });

  it('parses the local storage limit and node condition messages', () => {
    expect(parseEvictionMessage(formatEmptyDirLimitMessage('scratch "x"', q('1Gi')))).toMatchObject(
      {
        kind: 'emptydir-limit',
        resource: 'ephemeral-storage',
        threshold: '1Gi',
        volumeName: 'scratch "x"',
        offenders: [],
      },
    );
    expect(parseEvictionMessage(formatPodEphemeralStorageLimitMessage(q('3Gi')))).toMatchObject({
      kind: 'pod-ephemeral-storage-limit',
      resource: 'ephemeral-storage',
      threshold: '3Gi',
    });
    expect(
      parseEvictionMessage(formatContainerEphemeralStorageLimitMessage('app', q('500Mi'))),
    ).toMatchObject({
      kind: 'container-ephemeral-storage-limit',
      resource: 'ephemeral-storage',
      threshold: '500Mi',
      containerName: 'app',
    });
    expect(
      parseEvictionMessage('The node had condition: [MemoryPressure DiskPressure]. '),
    ).toMatchObject({
      kind: 'node-condition',
      resource: null,
      conditions: ['MemoryPressure', 'DiskPressure'],
    });
  });

  it('returns null for text it does not fully recognise', () => {
    for (const text of [
      '',
      'Pod was evicted',
      'The node was low on resource: memory. Something else happened. ',
      'The node was low on resource: memory. Container a was using 1Gi, request is 0, has larger consumption of cpu. ',
      'Usage of EmptyDir volume "a" exceeds the limit "1Gi\\q". ',
      'Usage of EmptyDir volume a exceeds the limit "1Gi". ',
      'Pod was rejected: Predicate NodeAffinity failed',
      'Pod The node was low on resource: memory. ',
      'The node was low on resource: nodefs. Container a was using 1Gi, which exceeds its request of 0. ',
      'The node had condition: [MemoryPressure] and more. ',
    ]) {
      expect(parseEvictionMessage(text)).toBeNull();
    }
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const prefixed = [s, `The node was low on resource: ${s}`, `Usage of EmptyDir volume ${s}`];
        for (const text of prefixed) {
          expect(() => parseEvictionMessage(text)).not.toThrow();
        }
      }),
    );
  });
});

describe('parseEvictionMessage(formatEvictionMessage(…)) round trip', () => {
  const dnsLabel = fc.stringMatching(/^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$/);
  const mi = fc.integer({ min: 0, max: 4096 });

  it('recovers the resource, threshold, availability and every offender', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('memory', 'ephemeral-storage'),
        fc.uniqueArray(
          fc.record({ name: dnsLabel, requestMi: fc.option(mi, { nil: undefined }), usageMi: mi }),
          {
            selector: (c) => c.name,
            maxLength: 6,
          },
        ),
        fc.option(fc.record({ thresholdMi: fc.integer({ min: 1, max: 4096 }), availableMi: mi }), {
          nil: undefined,
        }),
        fc.option(fc.record({ requestMi: fc.integer({ min: 1, max: 4096 }), usageMi: mi }), {
          nil: undefined,
        }),
        dnsLabel,
        (resource, containers, threshold, podLevel, podName) => {
          const p = pod(
            podName,
            containers.map((c) => ({
              name: c.name,
              resources:
                c.requestMi === undefined ? {} : { requests: { [resource]: `${c.requestMi}Mi` } },
            })),
            podLevel === undefined
              ? {}
              : { resources: { requests: { memory: `${podLevel.requestMi}Mi` } } },
          );
          const stats = podStats(
            p,
            containers.map((c) => ({
              name: c.name,
              startTime: T,
              memory: { time: T, workingSetBytes: c.usageMi * 1024 * 1024 },
              rootfs: { time: T, usedBytes: c.usageMi * 1024 * 1024 },
              logs: { time: T, usedBytes: 0 },
            })),
            podLevel === undefined ? undefined : `${podLevel.usageMi}Mi`,
          );
          const signal = resource === 'memory' ? 'memory.available' : 'nodefs.available';
          const { message, annotations } = formatEvictionMessage({
            resourceToReclaim: resource,
            pod: p,
            stats,
            thresholds:
              threshold === undefined
                ? []
                : [{ signal, value: { quantity: q(`${threshold.thresholdMi}Mi`) } }],
            observations:
              threshold === undefined
                ? {}
                : {
                    [signal]: { available: q(`${threshold.availableMi}Mi`), capacity: q('100Gi') },
                  },
          });

          const parsed = parseEvictionMessage(message);
          expect(parsed).not.toBeNull();
          expect(parsed?.kind).toBe('node-pressure');
          expect(parsed?.resource).toBe(resource);
          expect(parsed?.threshold).toBe(
            threshold === undefined ? null : q(`${threshold.thresholdMi}Mi`).toString(),
          );
          expect(parsed?.available).toBe(
            threshold === undefined ? null : q(`${threshold.availableMi}Mi`).toString(),
          );

          const expectedContainers = containers
            .filter((c) => c.usageMi > (c.requestMi ?? 0))
            .map((c) => ({
              kind: 'container',
              name: c.name,
              usage: q(`${c.usageMi}Mi`).toString(),
              request: c.requestMi === undefined ? '0' : q(`${c.requestMi}Mi`).toString(),
            }));
          const expectedPod =
            podLevel !== undefined && resource === 'memory'
              ? [
                  {
                    kind: 'pod',
                    name: podName,
                    usage: q(`${podLevel.usageMi}Mi`).toString(),
                    request: q(`${podLevel.requestMi}Mi`).toString(),
                  },
                ]
              : [];
          expect(parsed?.offenders).toEqual([...expectedPod, ...expectedContainers]);
          // The parsed offenders agree with the annotations the kubelet writes next to the message.
          const parsedContainers = (parsed?.offenders ?? []).filter((o) => o.kind === 'container');
          expect(parsedContainers.map((o) => o.name).join(',')).toBe(
            annotations.offending_containers,
          );
          expect(parsedContainers.map((o) => o.usage).join(',')).toBe(
            annotations.offending_containers_usage,
          );
        },
      ),
    );
  });

  it('recovers the names and limits of the local storage messages', () => {
    const goodName = fc.string({ minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(goodName, fc.integer({ min: 1, max: 1 << 20 }), (volume, limitMi) => {
        const limit = q(`${limitMi}Mi`);
        expect(parseEvictionMessage(formatEmptyDirLimitMessage(volume, limit))).toMatchObject({
          kind: 'emptydir-limit',
          volumeName: volume,
          threshold: limit.toString(),
        });
      }),
    );
    fc.assert(
      fc.property(dnsLabel, fc.integer({ min: 1, max: 1 << 20 }), (container, limitMi) => {
        const limit = q(`${limitMi}Mi`);
        expect(
          parseEvictionMessage(formatContainerEphemeralStorageLimitMessage(container, limit)),
        ).toMatchObject({
          kind: 'container-ephemeral-storage-limit',
          containerName: container,
          threshold: limit.toString(),
        });
        expect(parseEvictionMessage(formatPodEphemeralStorageLimitMessage(limit))?.threshold).toBe(
          limit.toString(),
        );
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('MemoryPressure', 'DiskPressure', 'PIDPressure'), {
          maxLength: 3,
        }),
        (conditions) => {
          expect(parseEvictionMessage(formatNodeConditionMessage(conditions))?.conditions).toEqual(
            conditions,
          );
        },
      ),
    );
  });
});
