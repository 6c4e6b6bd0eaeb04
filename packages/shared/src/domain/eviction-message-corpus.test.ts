import { describe, expect, it } from 'vitest';

import { parseEvictionMessage, type ParsedEvictionMessage } from './eviction-message-parse.js';

interface Sample {
  /** Where the text was seen: a kubelet source constant or a public issue. */
  seen: string;
  text: string;
  expected: Partial<ParsedEvictionMessage>;
}

/**
 * Messages as real clusters wrote them. Texts quoted from issues are copied exactly, including
 * a trimmed final space or a missing final period where the reporter's tool dropped it.
 */
const CORPUS: Sample[] = [
  {
    seen: 'kubelet 1.35 helpers.go nodeLowMessageFmt + thresholdMetMessageFmt + containerMessageFmt',
    text:
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 98212Ki. ' +
      'Container app was using 1324356Ki, request is 512Mi, has larger consumption of memory. ',
    expected: {
      kind: 'node-pressure',
      resource: 'memory',
      threshold: '100Mi',
      available: '98212Ki',
      offenders: [{ kind: 'container', name: 'app', usage: '1324356Ki', request: '512Mi' }],
    },
  },
  {
    seen: 'kubelet 1.35 eviction_manager.go emptyDirLimitEviction (emptyDirMessageFmt)',
    text: 'Usage of EmptyDir volume "cache" exceeds the limit "1Gi". ',
    expected: {
      kind: 'emptydir-limit',
      resource: 'ephemeral-storage',
      volumeName: 'cache',
      threshold: '1Gi',
    },
  },
  {
    seen: 'kubelet 1.35 eviction_manager.go containerEphemeralStorageLimitEviction',
    text: 'Container build exceeded its local ephemeral storage limit "2Gi". ',
    expected: {
      kind: 'container-ephemeral-storage-limit',
      resource: 'ephemeral-storage',
      containerName: 'build',
      threshold: '2Gi',
    },
  },
  {
    seen: 'kubelet 1.35 eviction_manager.go podEphemeralStorageLimitEviction',
    text: 'Pod ephemeral local storage usage exceeds the total limit of containers 3Gi. ',
    expected: {
      kind: 'pod-ephemeral-storage-limit',
      resource: 'ephemeral-storage',
      threshold: '3Gi',
    },
  },
  {
    seen: 'kubelet 1.35 kubelet.go rejectPod ("Pod was rejected: ") + eviction_manager.go Admit',
    text: 'Pod was rejected: The node had condition: [DiskPressure]. ',
    expected: { kind: 'node-condition', resource: null, conditions: ['DiskPressure'] },
  },
  {
    seen: 'kubelet 1.35 eviction_manager.go Admit (event message, several conditions)',
    text: 'The node had condition: [MemoryPressure DiskPressure PIDPressure]. ',
    expected: {
      kind: 'node-condition',
      resource: null,
      conditions: ['MemoryPressure', 'DiskPressure', 'PIDPressure'],
    },
  },
  {
    seen: 'gitpod-io/gitpod#935 (older rejectPod prefix "Pod ")',
    text: 'Pod The node had condition: [DiskPressure].',
    expected: { kind: 'node-condition', resource: null, conditions: ['DiskPressure'] },
  },
  {
    seen: 'paritytech/Nomidot#306',
    text: 'Pod The node had condition: [MemoryPressure].',
    expected: { kind: 'node-condition', conditions: ['MemoryPressure'] },
  },
  {
    seen: 'gitpod-io/gitpod#1229 (pre-1.9 admission text, final period dropped)',
    text: 'Pod The node was low on resource: [DiskPressure]',
    expected: { kind: 'node-condition', resource: null, conditions: ['DiskPressure'] },
  },
  {
    seen: 'openshift/release#516 (kubelet 1.7 admission event)',
    text: 'The node was low on resource: [DiskPressure].',
    expected: { kind: 'node-condition', resource: null, conditions: ['DiskPressure'] },
  },
  {
    seen: 'kubernetes/kubernetes#57442 (kubelet 1.8, title only, as the dashboard showed it)',
    text: 'The node was low on resource: nodefs',
    expected: {
      kind: 'node-pressure',
      resource: 'ephemeral-storage',
      legacyResource: 'nodefs',
      threshold: null,
      offenders: [],
    },
  },
  {
    seen: 'kubelet 1.7 helpers.go `message` with resourceImageFsInodes',
    text: 'The node was low on resource: imagefsInodes.',
    expected: { kind: 'node-pressure', resource: 'inodes', legacyResource: 'imagefsInodes' },
  },
  {
    seen: 'kubelet 1.7 eviction_manager.go evictPod status for an emptyDir (kubernetes/kubernetes#45686)',
    text: 'The node was low on resource: EmptyDir.',
    expected: {
      kind: 'emptydir-limit',
      resource: 'ephemeral-storage',
      legacyResource: 'EmptyDir',
      volumeName: null,
    },
  },
  {
    seen: 'kubelet 1.7 eviction_manager.go emptyDirLimitEviction event (kubernetes/kubernetes#45686)',
    text: 'emptyDir usage exceeds the limit "512Mi"',
    expected: { kind: 'emptydir-limit', threshold: '512Mi', legacyResource: 'EmptyDir' },
  },
  {
    seen: 'kubelet 1.7 eviction_manager.go containerOverlayLimitEviction event',
    text: `container's overlay usage exceeds the limit "1Gi"`,
    expected: {
      kind: 'container-ephemeral-storage-limit',
      threshold: '1Gi',
      legacyResource: 'containerOverlay',
    },
  },
  {
    seen: 'squat/kilo#329 (pre-1.14 containerMessageFmt, final space trimmed)',
    text: 'The node was low on resource: memory. Container kilo was using 30332Ki, which exceeds its request of 0.',
    expected: {
      kind: 'node-pressure',
      resource: 'memory',
      offenders: [{ kind: 'container', name: 'kilo', usage: '30332Ki', request: '0' }],
    },
  },
  {
    seen: 'GoogleCloudPlatform/kubeflow-distribution#295 (two containers, pre-1.14)',
    text: 'The node was low on resource: memory. Container wait was using 23608Ki, which exceeds its request of 0. Container main was using 2581084Ki, which exceeds its request of 0.',
    expected: {
      kind: 'node-pressure',
      resource: 'memory',
      offenders: [
        { kind: 'container', name: 'wait', usage: '23608Ki', request: '0' },
        { kind: 'container', name: 'main', usage: '2581084Ki', request: '0' },
      ],
    },
  },
  {
    seen: 'concourse/hush-house#8 (pod status YAML, final space kept)',
    text: 'The node was low on resource: ephemeral-storage. Container hush-house-worker was using 73712Ki, which exceeds its request of 0. ',
    expected: {
      kind: 'node-pressure',
      resource: 'ephemeral-storage',
      threshold: null,
      offenders: [{ kind: 'container', name: 'hush-house-worker', usage: '73712Ki', request: '0' }],
    },
  },
  {
    seen: 'kubelet 1.35 helpers.go: title alone when no container exceeds its request (pids)',
    text: 'The node was low on resource: pids. ',
    expected: { kind: 'node-pressure', resource: 'pids', threshold: null, offenders: [] },
  },
];

describe('parseEvictionMessage — a corpus of messages real clusters wrote', () => {
  it.each(CORPUS)('reads $seen', ({ text, expected }) => {
    const parsed = parseEvictionMessage(text);
    expect(parsed).not.toBeNull();
    expect(parsed).toMatchObject(expected);
  });

  it('never reports a bracketed condition list as the starved resource', () => {
    for (const { text } of CORPUS) {
      expect(parseEvictionMessage(text)?.resource ?? '').not.toMatch(/^\[/);
    }
  });
});
