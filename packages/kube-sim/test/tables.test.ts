import { describe, expect, it } from 'vitest';

import { humanDuration, toTable } from '../src/server/tables.js';
import { createFixtureStore, FIXTURE_NOW } from './fixtures.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration — kubectl AGE format (k8s.io/apimachinery/pkg/util/duration)', () => {
  it.each([
    [-2 * S, '<invalid>'],
    [-500, '0s'],
    [0, '0s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [5 * M + 30 * S, '5m30s'],
    [10 * M, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H, '8h'],
    [47 * H, '47h'],
    [48 * H, '2d'],
    [2 * D + 5 * H, '2d5h'],
    [8 * D, '8d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [730 * D + 10 * D, '2y10d'],
    [8 * 365 * D, '8y'],
  ])('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('toTable', () => {
  const store = createFixtureStore();

  it('prints nodes as kubectl does: Ready/NotReady, SchedulingDisabled, roles and wide cells', () => {
    const table = toTable('core/v1/nodes', store.list('core/v1/nodes'), {
      now: FIXTURE_NOW,
      includeObject: 'Metadata',
    }) as any;
    expect(table.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'Status',
      'Roles',
      'Age',
      'Version',
      'Internal-IP',
      'External-IP',
      'OS-Image',
      'Kernel-Version',
      'Container-Runtime',
    ]);
    expect(table.rows.map((r: any) => r.cells.slice(0, 5))).toEqual([
      ['node-1', 'Ready', 'control-plane', '60m', 'v1.32.1'],
      ['node-2', 'NotReady', '<none>', '60m', 'v1.32.1'],
      ['node-3', 'Ready,SchedulingDisabled', '<none>', '60m', 'v1.32.1'],
    ]);
    expect(table.rows[0].object.kind).toBe('PartialObjectMetadata');
  });

  it('prints pods with READY, the container reason as STATUS, and IP/NODE', () => {
    const table = toTable('core/v1/pods', store.list('core/v1/pods', 'team-a'), {
      now: FIXTURE_NOW,
      includeObject: 'None',
    }) as any;
    const failed = table.rows.find((r: any) => r.cells[0] === 'web-5');
    expect(failed.cells.slice(0, 7)).toEqual([
      'web-5',
      '0/1',
      'OOMKilled',
      '0',
      '60m',
      '10.244.0.15',
      'node-3',
    ]);
    // As kube-apiserver: a RawExtension, null when includeObject=None.
    expect(failed.object).toBeNull();
  });

  it('prints quotas with requests and limits split, events with their object, and leases with the holder', () => {
    expect(
      (
        toTable('core/v1/resourcequotas', store.list('core/v1/resourcequotas'), {
          now: FIXTURE_NOW,
          includeObject: 'None',
        }) as any
      ).rows[0].cells,
    ).toEqual(['compute', '60m', 'requests.cpu: 1500m/4', 'limits.memory: 2Gi/8Gi']);
    expect(
      (
        toTable('core/v1/events', store.list('core/v1/events'), {
          now: FIXTURE_NOW,
          includeObject: 'None',
        }) as any
      ).rows[0].cells.slice(0, 7),
    ).toEqual([
      '2m',
      'Normal',
      'NodeNotReady',
      'node/node-2',
      '',
      'node-controller',
      'Node node-2 status is now: NodeNotReady',
    ]);
    expect(
      (
        toTable('coordination.k8s.io/v1/leases', store.list('coordination.k8s.io/v1/leases'), {
          now: FIXTURE_NOW,
          includeObject: 'None',
        }) as any
      ).rows[0].cells,
    ).toEqual(['node-1', 'node-1', '60m']);
  });
});
