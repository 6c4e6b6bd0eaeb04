import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import {
  DAEMON_SET_FATAL,
  DAEMON_SET_WARNING,
  filterPodsForDrain,
  getDrainErrors,
  getDrainWarnings,
  getPodsToEvict,
  LOCAL_STORAGE_FATAL,
  UNMANAGED_FATAL,
  UNMANAGED_WARNING,
  type DrainFilterOptions,
} from './drain-filters.js';

// The cases of kubectl's TestDrain (k8s.io/kubectl/pkg/cmd/drain/drain_test.go): which pods `kubectl drain`
// evicts, and what it refuses, for each kind of pod and flag.
const owner = (kind: string, name = 'owner') => [
  { apiVersion: 'apps/v1', kind, name, uid: 'u', controller: true },
];
function pod(
  name: string,
  extra: {
    owner?: string;
    emptyDir?: boolean;
    mirror?: boolean;
    phase?: string;
    deletedAt?: string;
  } = {},
): V1Pod {
  return {
    metadata: {
      name,
      namespace: 'default',
      ...(extra.owner ? { ownerReferences: owner(extra.owner, 'ds') } : {}),
      ...(extra.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'abc' } } : {}),
      ...(extra.deletedAt ? { deletionTimestamp: new Date(extra.deletedAt) } : {}),
    },
    spec: {
      containers: [{ name: 'c' }],
      ...(extra.emptyDir ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {}),
    },
    status: { phase: extra.phase ?? 'Running' },
  };
}
const opts = (o: Partial<DrainFilterOptions> = {}): DrainFilterOptions => ({
  force: false,
  ignoreAllDaemonSets: false,
  deleteEmptyDirData: false,
  daemonSetExists: () => true,
  now: new Date('2026-01-01T00:10:00Z'),
  ...o,
});
const evicted = (pods: V1Pod[], o: DrainFilterOptions) =>
  getPodsToEvict(filterPodsForDrain(pods, o)).map((p) => p.metadata?.name);

describe('kubectl drain filters', () => {
  it('evicts ReplicaSet-, StatefulSet- and Job-managed pods', () => {
    const pods = [
      pod('rs', { owner: 'ReplicaSet' }),
      pod('sts', { owner: 'StatefulSet' }),
      pod('job', { owner: 'Job' }),
    ];
    const list = filterPodsForDrain(pods, opts());
    expect(evicted(pods, opts())).toEqual(['rs', 'sts', 'job']);
    expect(getDrainErrors(list)).toEqual([]);
  });

  it('refuses a DaemonSet-managed pod without --ignore-daemonsets, and leaves it with a warning with it', () => {
    const pods = [pod('ds', { owner: 'DaemonSet' })];
    expect(getDrainErrors(filterPodsForDrain(pods, opts()))).toEqual([
      `cannot delete ${DAEMON_SET_FATAL}: default/ds`,
    ]);
    const ignored = filterPodsForDrain(pods, opts({ ignoreAllDaemonSets: true }));
    expect(getPodsToEvict(ignored)).toEqual([]);
    expect(getDrainErrors(ignored)).toEqual([]);
    expect(getDrainWarnings(ignored)).toEqual([`${DAEMON_SET_WARNING}: default/ds`]);
  });

  it('refuses an orphaned DaemonSet pod, and evicts it under --force', () => {
    const pods = [pod('orphan', { owner: 'DaemonSet' })];
    const gone = { daemonSetExists: () => false };
    expect(getDrainErrors(filterPodsForDrain(pods, opts(gone)))).toEqual([
      'cannot delete daemonsets.apps "ds" not found: default/orphan',
    ]);
    const forced = filterPodsForDrain(pods, opts({ ...gone, force: true }));
    expect(getPodsToEvict(forced)).toHaveLength(1);
    // As upstream, the later filters' Okay replaces the DaemonSet filter's warning.
    expect(getDrainWarnings(forced)).toEqual([]);
  });

  it('evicts a finished DaemonSet pod', () => {
    expect(evicted([pod('done', { owner: 'DaemonSet', phase: 'Succeeded' })], opts())).toEqual([
      'done',
    ]);
  });

  it('skips mirror pods silently (they cannot be deleted through the API server)', () => {
    const list = filterPodsForDrain([pod('static', { mirror: true })], opts());
    expect(list[0]?.status).toMatchObject({ delete: false, reason: 'Skip' });
    expect(getDrainErrors(list)).toEqual([]);
  });

  it('refuses a pod with an emptyDir unless --delete-emptydir-data; a failed one goes anyway', () => {
    const pods = [pod('scratch', { owner: 'ReplicaSet', emptyDir: true })];
    expect(getDrainErrors(filterPodsForDrain(pods, opts()))).toEqual([
      `cannot delete ${LOCAL_STORAGE_FATAL}: default/scratch`,
    ]);
    expect(evicted(pods, opts({ deleteEmptyDirData: true }))).toEqual(['scratch']);
    expect(
      evicted([pod('failed', { owner: 'ReplicaSet', emptyDir: true, phase: 'Failed' })], opts()),
    ).toEqual(['failed']);
  });

  it('refuses a naked pod without --force (message already says "cannot delete"), evicts it with it', () => {
    const pods = [pod('naked')];
    expect(getDrainErrors(filterPodsForDrain(pods, opts()))).toEqual([
      `${UNMANAGED_FATAL}: default/naked`,
    ]);
    const forced = filterPodsForDrain(pods, opts({ force: true }));
    expect(getPodsToEvict(forced)).toHaveLength(1);
    expect(getDrainWarnings(forced)).toEqual([`${UNMANAGED_WARNING}: default/naked`]);
  });

  it('groups pods per message, and a DaemonSet pod stops at the first filter (its emptyDir is not reported)', () => {
    const pods = [pod('a'), pod('b'), pod('ds', { owner: 'DaemonSet', emptyDir: true })];
    expect(getDrainErrors(filterPodsForDrain(pods, opts()))).toEqual([
      `cannot delete ${DAEMON_SET_FATAL}: default/ds`,
      `${UNMANAGED_FATAL}: default/a, default/b`,
    ]);
  });

  it('skips a pod deleted longer ago than --skip-wait-for-delete-timeout', () => {
    const old = pod('terminating', { owner: 'ReplicaSet', deletedAt: '2026-01-01T00:00:00Z' });
    expect(evicted([old], opts())).toEqual(['terminating']);
    expect(evicted([old], opts({ skipWaitForDeleteTimeoutSeconds: 60 }))).toEqual([]);
    expect(evicted([old], opts({ skipWaitForDeleteTimeoutSeconds: 600 }))).toEqual(['terminating']);
  });
});
