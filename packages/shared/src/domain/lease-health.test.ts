import type { V1Lease, V1NodeCondition } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import {
  DEFAULT_NODE_MONITOR_GRACE_PERIOD_SECONDS,
  DEFAULT_NODE_STARTUP_GRACE_PERIOD_SECONDS,
  getNodeLeaseHealth,
  getNodeLifecycleTaintKey,
  isLeaseExpired,
  markNodeConditionsUnknown,
  NODE_LEASE_DURATION_SECONDS,
  NODE_LEASE_RENEW_INTERVAL_SECONDS,
  NODE_STATUS_NEVER_UPDATED_MESSAGE,
  NODE_STATUS_NEVER_UPDATED_REASON,
  NODE_STATUS_UNKNOWN_MESSAGE,
  NODE_STATUS_UNKNOWN_REASON,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
} from './lease-health.js';
import type { NodeLeaseHealthInput } from './lease-health.js';

const nodeCreationTime = new Date(Date.UTC(2012, 0, 1, 0, 0, 0));
const fakeNow = new Date(Date.UTC(2015, 0, 1, 12, 0, 0));
const hour = 60 * 60 * 1000;
const after = (date: Date, ms: number) => new Date(date.getTime() + ms);

// createNodeLease in node_lifecycle_controller_test.go: holder = node, renewTime given.
function nodeLease(renewTime: Date, leaseDurationSeconds?: number): V1Lease {
  return {
    metadata: { name: 'node0', namespace: 'kube-node-lease' },
    spec: {
      holderIdentity: 'node0',
      renewTime,
      ...(leaseDurationSeconds === undefined ? {} : { leaseDurationSeconds }),
    },
  };
}

function ready(lastHeartbeatTime: Date, status = 'True'): V1NodeCondition {
  return { type: 'Ready', status, lastHeartbeatTime, lastTransitionTime: fakeNow };
}

describe('kubelet and controller defaults', () => {
  it('renews the 40 s lease every 10 s and waits 50 s before Unknown', () => {
    expect(NODE_LEASE_DURATION_SECONDS).toBe(40);
    expect(NODE_LEASE_RENEW_INTERVAL_SECONDS).toBe(10);
    expect(DEFAULT_NODE_MONITOR_GRACE_PERIOD_SECONDS).toBe(50);
    expect(DEFAULT_NODE_STARTUP_GRACE_PERIOD_SECONDS).toBe(60);
  });
});

describe('tryUpdateNodeHealth — pkg/controller/nodelifecycle/node_lifecycle_controller_test.go TestMonitorNodeHealthUpdateNodeAndPodStatusWithLease', () => {
  const cases: Array<[string, NodeLeaseHealthInput, boolean]> = [
    [
      'Node created recently, without status. Node lease is missing.',
      { nodeCreationTimestamp: fakeNow, now: fakeNow },
      false,
    ],
    [
      'Node created recently, without status. Node lease is renewed recently.',
      { nodeCreationTimestamp: fakeNow, lease: nodeLease(fakeNow), now: fakeNow },
      false,
    ],
    [
      'Node created long time ago, without status. Node lease is missing.',
      { nodeCreationTimestamp: nodeCreationTime, now: fakeNow },
      true,
    ],
    [
      'Node created long time ago, without status. Node lease is renewed recently.',
      {
        nodeCreationTimestamp: nodeCreationTime,
        lease: nodeLease(after(fakeNow, hour)),
        now: after(fakeNow, hour),
      },
      false,
    ],
    [
      'Node created long time ago, without status. Node lease is expired.',
      {
        nodeCreationTimestamp: nodeCreationTime,
        lease: nodeLease(fakeNow),
        now: after(fakeNow, hour),
      },
      true,
    ],
    [
      'Node created long time ago, with status updated by kubelet exceeds grace period. Node lease is renewed.',
      {
        nodeCreationTimestamp: nodeCreationTime,
        readyCondition: ready(fakeNow),
        lease: nodeLease(after(fakeNow, hour)),
        now: after(fakeNow, hour),
      },
      false,
    ],
    [
      'Node created long time ago, with status updated by kubelet recently. Node lease is expired.',
      {
        nodeCreationTimestamp: nodeCreationTime,
        readyCondition: ready(after(fakeNow, hour)),
        lease: nodeLease(fakeNow),
        now: after(fakeNow, hour),
      },
      false,
    ],
    [
      'Node created long time ago, with status updated by kubelet exceeds grace period. Node lease is also expired.',
      {
        nodeCreationTimestamp: nodeCreationTime,
        readyCondition: ready(fakeNow),
        lease: nodeLease(fakeNow),
        now: after(fakeNow, hour),
      },
      true,
    ],
  ];

  it.each(cases)('%s', (_name, input, stale) => {
    const health = getNodeLeaseHealth(input);
    expect(health.stale).toBe(stale);
    expect(health.state === 'stale').toBe(stale);
  });
});

describe('getNodeLeaseHealth — probe timestamp and grace period', () => {
  const renew = fakeNow;

  it('is fresh within the renew interval', () => {
    const health = getNodeLeaseHealth({
      readyCondition: ready(nodeCreationTime),
      lease: nodeLease(renew, 40),
      now: after(renew, 10_000),
    });
    expect(health.state).toBe('fresh');
    expect(health.probeTimestamp).toEqual(renew);
  });

  it('is not late at the renew interval, nor within the kubelet jitter and delivery allowance', () => {
    for (const ms of [10_000, 10_400, 11_400]) {
      const health = getNodeLeaseHealth({
        readyCondition: ready(nodeCreationTime),
        lease: nodeLease(renew, 40),
        now: after(renew, ms),
      });
      expect(health.state).toBe('fresh');
    }
  });

  it('is late past the renew interval, jitter and allowance, but within the grace period', () => {
    const health = getNodeLeaseHealth({
      readyCondition: ready(nodeCreationTime),
      lease: nodeLease(renew, 40),
      now: after(renew, 11_401),
    });
    expect(health).toEqual({
      state: 'late',
      stale: false,
      probeTimestamp: renew,
      staleSince: after(renew, 50_000),
    });
  });

  it('is still not stale exactly at probe + grace (time.After is strict)', () => {
    const input = { readyCondition: ready(nodeCreationTime), lease: nodeLease(renew) };
    expect(getNodeLeaseHealth({ ...input, now: after(renew, 50_000) }).stale).toBe(false);
    expect(getNodeLeaseHealth({ ...input, now: after(renew, 50_001) }).state).toBe('stale');
  });

  it('honours a configured node-monitor-grace-period (40 s before v1.32)', () => {
    const health = getNodeLeaseHealth({
      readyCondition: ready(nodeCreationTime),
      lease: nodeLease(renew),
      now: after(renew, 45_000),
      nodeMonitorGracePeriodSeconds: 40,
    });
    expect(health.stale).toBe(true);
    expect(health.staleSince).toEqual(after(renew, 40_000));
  });

  it('uses the startup grace period while Ready was never posted', () => {
    const input = { nodeCreationTimestamp: fakeNow };
    expect(getNodeLeaseHealth({ ...input, now: after(fakeNow, 60_000) }).stale).toBe(false);
    expect(getNodeLeaseHealth({ ...input, now: after(fakeNow, 60_001) }).stale).toBe(true);
  });

  it('derives the renew interval from the lease duration', () => {
    const health = getNodeLeaseHealth({
      readyCondition: ready(nodeCreationTime),
      lease: nodeLease(renew, 100),
      now: after(renew, 20_000),
    });
    expect(health.state).toBe('fresh');
  });

  it('prefers our observation time of the renewal over the kubelet clock', () => {
    const health = getNodeLeaseHealth({
      readyCondition: ready(nodeCreationTime),
      lease: nodeLease(after(renew, -hour)),
      lastObservedRenewTime: renew,
      now: after(renew, 5_000),
    });
    expect(health.state).toBe('fresh');
    expect(health.probeTimestamp).toEqual(renew);
  });

  it('counts a node with no sign of life as stale with no deadline', () => {
    expect(getNodeLeaseHealth({ now: fakeNow })).toEqual({ state: 'stale', stale: true });
  });
});

describe('tryUpdateNodeHealth condition rewrite — node_lifecycle_controller_test.go', () => {
  it('appends NeverUpdated conditions for a node that never posted status', () => {
    expect(
      markNodeConditionsUnknown([], { now: fakeNow, nodeCreationTimestamp: nodeCreationTime }),
    ).toEqual(
      ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => ({
        type,
        status: 'Unknown',
        reason: NODE_STATUS_NEVER_UPDATED_REASON,
        message: NODE_STATUS_NEVER_UPDATED_MESSAGE,
        lastHeartbeatTime: nodeCreationTime,
        lastTransitionTime: fakeNow,
      })),
    );
  });

  it('flips posted conditions to Unknown and keeps their heartbeat', () => {
    const later = after(fakeNow, hour);
    const conditions: V1NodeCondition[] = [
      { type: 'Ready', status: 'True', lastHeartbeatTime: fakeNow, lastTransitionTime: fakeNow },
      {
        type: 'DiskPressure',
        status: 'False',
        lastHeartbeatTime: fakeNow,
        lastTransitionTime: fakeNow,
      },
      {
        type: 'NetworkUnavailable',
        status: 'False',
        lastHeartbeatTime: fakeNow,
        lastTransitionTime: fakeNow,
      },
    ];
    const result = markNodeConditionsUnknown(conditions, {
      now: later,
      nodeCreationTimestamp: nodeCreationTime,
    });
    expect(result.find((c) => c.type === 'Ready')).toEqual({
      type: 'Ready',
      status: 'Unknown',
      reason: NODE_STATUS_UNKNOWN_REASON,
      message: NODE_STATUS_UNKNOWN_MESSAGE,
      lastHeartbeatTime: fakeNow,
      lastTransitionTime: later,
    });
    expect(result.find((c) => c.type === 'DiskPressure')?.reason).toBe(NODE_STATUS_UNKNOWN_REASON);
    expect(result.find((c) => c.type === 'NetworkUnavailable')?.status).toBe('False');
    expect(result.find((c) => c.type === 'MemoryPressure')?.reason).toBe(
      NODE_STATUS_NEVER_UPDATED_REASON,
    );
    expect(conditions[0]?.status).toBe('True');
  });

  it('leaves an Unknown condition and its transition time alone', () => {
    const unknown: V1NodeCondition = {
      type: 'Ready',
      status: 'Unknown',
      reason: 'Custom',
      lastTransitionTime: fakeNow,
    };
    const [result] = markNodeConditionsUnknown([unknown], { now: after(fakeNow, hour) });
    expect(result).toEqual(unknown);
  });
});

describe('processTaintBaseEviction — taint for the observed Ready status', () => {
  it.each([
    ['False', TAINT_NODE_NOT_READY],
    ['Unknown', TAINT_NODE_UNREACHABLE],
    ['True', null],
  ])('Ready=%s → %s', (status, taint) => {
    expect(getNodeLifecycleTaintKey(status)).toBe(taint);
  });
});

describe('isLeaseValid — client-go tools/leaderelection/leaderelection.go', () => {
  const lease = nodeLease(fakeNow, 15);

  it('holds the lease until renewTime + leaseDurationSeconds', () => {
    expect(isLeaseExpired(lease, after(fakeNow, 14_999))).toBe(false);
  });

  it('expires exactly at renewTime + leaseDurationSeconds', () => {
    expect(isLeaseExpired(lease, after(fakeNow, 15_000))).toBe(true);
  });

  it('measures from the observed time when given', () => {
    expect(isLeaseExpired(lease, after(fakeNow, 20_000), after(fakeNow, 10_000))).toBe(false);
  });

  it('treats a lease without renewTime or duration as expired', () => {
    expect(isLeaseExpired({ spec: { holderIdentity: 'a' } }, fakeNow)).toBe(true);
    expect(isLeaseExpired({ spec: { renewTime: fakeNow } }, after(fakeNow, 1))).toBe(true);
  });
});
