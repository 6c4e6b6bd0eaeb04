import { describe, expect, it } from 'vitest';

import { toPodSnapshot } from '../../src/k8s/to-pod-snapshot.js';
import { getPodRequestTotals } from '../../src/services/build-node-summaries.js';

/** A running pod whose memory request was patched from 512Mi to `desired` in place. */
function resizedPod(desired: string, reason: 'Deferred' | 'Infeasible' | null) {
  return toPodSnapshot({
    metadata: {
      name: 'report-builder',
      namespace: 'analytics',
      uid: `u-${desired}-${reason}`,
      resourceVersion: '1',
    },
    spec: {
      nodeName: 'node-a',
      containers: [{ name: 'builder', resources: { requests: { cpu: '250m', memory: desired } } }],
    },
    status: {
      phase: 'Running',
      qosClass: 'Burstable',
      ...(reason ? { conditions: [{ type: 'PodResizePending', status: 'True', reason }] } : {}),
      containerStatuses: [
        {
          name: 'builder',
          allocatedResources: { cpu: '250m', memory: '512Mi' },
          resources: { requests: { cpu: '250m', memory: '512Mi' } },
        },
      ],
    },
  });
}

// The node's requested totals count a pod as the scheduler's NodeInfo does (assignedPodRequests).
describe('a node’s request totals while a pod is resized in place', () => {
  it('counts a deferred resize with the larger, desired request (the scheduler keeps room for it)', () => {
    expect(getPodRequestTotals(resizedPod('2Gi', 'Deferred')).memoryBytes).toBe(2 * 1024 ** 3);
  });

  it('counts a shrink being applied with the larger, allocated request until it is actuated', () => {
    expect(getPodRequestTotals(resizedPod('256Mi', null)).memoryBytes).toBe(512 * 1024 ** 2);
  });

  it('counts an infeasible resize with what the kubelet allocated, not the spec', () => {
    const t = getPodRequestTotals(resizedPod('64Gi', 'Infeasible'));
    expect(t.memoryBytes).toBe(512 * 1024 ** 2);
    expect(t.cpuMilli).toBe(250);
  });
});
