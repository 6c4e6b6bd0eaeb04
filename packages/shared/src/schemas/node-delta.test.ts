import { describe, expect, it } from 'vitest';

import { applyNodeRowDelta } from './node-delta.js';
import type { ListNodesResponse, NodeSummary } from './node.js';

const row = (name: string, extra: Partial<NodeSummary> = {}): NodeSummary =>
  ({
    name,
    ready: 'True',
    unschedulable: false,
    pool: 'general',
    tenant: null,
    kubeletVersion: 'v1.33.1',
    ...extra,
  }) as NodeSummary;

const list = (items: NodeSummary[]): ListNodesResponse => ({
  cluster: 'c',
  items,
  total: items.length,
  nextCursor: null,
  facets: { pools: ['general'], tenants: [], kubeletVersions: ['v1.33.1'] },
  generatedAt: '2026-01-01T00:00:00.000Z',
});

describe('applyNodeRowDelta', () => {
  it('replaces changed rows in place, appends new ones and drops removed ones', () => {
    const before = list([row('a'), row('b'), row('c')]);
    const after = applyNodeRowDelta(before, {
      cluster: 'c',
      upserts: [row('b', { unschedulable: true }), row('d', { pool: 'batch', tenant: 'acme' })],
      removed: ['c'],
      generatedAt: '2026-01-01T00:00:05.000Z',
    });
    expect(after.items.map((r) => [r.name, r.unschedulable])).toEqual([
      ['a', false],
      ['b', true],
      ['d', false],
    ]);
    expect(after.total).toBe(3);
    expect(after.facets).toEqual({
      pools: ['batch', 'general'],
      tenants: ['acme'],
      kubeletVersions: ['v1.33.1'],
    });
    expect(after.generatedAt).toBe('2026-01-01T00:00:05.000Z');
    expect(before.items.map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });

  it('gives the same list whatever the deltas are split into', () => {
    const before = list([row('a'), row('b')]);
    const d1 = {
      cluster: 'c',
      upserts: [row('c')],
      removed: ['a'],
      generatedAt: before.generatedAt,
    };
    const d2 = {
      cluster: 'c',
      upserts: [row('a', { ready: 'False' })],
      removed: [],
      generatedAt: before.generatedAt,
    };
    const oneByOne = applyNodeRowDelta(applyNodeRowDelta(before, d1), d2);
    expect(oneByOne.items.map((r) => [r.name, r.ready])).toEqual([
      ['b', 'True'],
      ['c', 'True'],
      ['a', 'False'],
    ]);
  });

  it("ignores another cluster's delta and an empty one", () => {
    const before = list([row('a')]);
    expect(
      applyNodeRowDelta(before, {
        cluster: 'x',
        upserts: [row('z')],
        removed: [],
        generatedAt: '',
      }),
    ).toBe(before);
    expect(
      applyNodeRowDelta(before, { cluster: 'c', upserts: [], removed: [], generatedAt: '' }),
    ).toBe(before);
  });
});
