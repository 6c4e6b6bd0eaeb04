import { describe, expect, it } from 'vitest';

import {
  applyJsonPatch,
  applyMergePatch,
  patchTypeOf,
  strategicMerge,
} from '../src/server/patch.js';

const node = {
  metadata: { name: 'n', labels: { a: '1', b: '2' }, finalizers: ['x'] },
  status: {
    conditions: [
      { type: 'MemoryPressure', status: 'False' },
      { type: 'Ready', status: 'True', reason: 'KubeletReady' },
    ],
    addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
  },
  spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] },
};

describe('JSON patch (RFC 6902)', () => {
  it('adds, replaces, removes, moves, copies and tests', () => {
    const out = applyJsonPatch(node, [
      { op: 'add', path: '/metadata/labels/c', value: '3' },
      { op: 'replace', path: '/status/conditions/1/status', value: 'False' },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'copy', from: '/metadata/labels/b', path: '/metadata/labels/d' },
      { op: 'move', from: '/metadata/labels/d', path: '/metadata/labels/e~1f' },
      { op: 'add', path: '/spec/taints/-', value: { key: 'j', effect: 'NoExecute' } },
      { op: 'test', path: '/metadata/name', value: 'n' },
    ]) as typeof node;
    expect(out.metadata.labels).toEqual({ b: '2', c: '3', 'e/f': '2' });
    expect(out.status.conditions[1]?.status).toBe('False');
    expect(out.spec.taints).toHaveLength(2);
    expect(node.metadata.labels).toEqual({ a: '1', b: '2' });
  });

  it('fails a failed test with 422 and a path that does not exist', () => {
    expect(() =>
      applyJsonPatch(node, [{ op: 'test', path: '/metadata/name', value: 'x' }]),
    ).toThrowError(expect.objectContaining({ code: 422 }));
    expect(() =>
      applyJsonPatch(node, [{ op: 'replace', path: '/metadata/nope', value: 1 }]),
    ).toThrowError(expect.objectContaining({ code: 422 }));
  });
});

describe('merge patch (RFC 7386)', () => {
  it('merges maps, deletes with null and replaces lists', () => {
    const out = applyMergePatch(node, {
      metadata: { labels: { a: null, c: '3' } },
      status: { conditions: [{ type: 'Ready', status: 'False' }] },
    }) as typeof node;
    expect(out.metadata.labels).toEqual({ b: '2', c: '3' });
    expect(out.status.conditions).toEqual([{ type: 'Ready', status: 'False' }]);
  });
});

describe('strategic merge patch', () => {
  it('merges conditions by type and keeps the others', () => {
    const out = strategicMerge(node, {
      status: {
        conditions: [
          { type: 'Ready', status: 'False', reason: 'KubeletNotReady' },
          { type: 'DiskPressure', status: 'False' },
        ],
      },
    }) as typeof node;
    expect(out.status.conditions).toEqual([
      { type: 'MemoryPressure', status: 'False' },
      { type: 'Ready', status: 'False', reason: 'KubeletNotReady' },
      { type: 'DiskPressure', status: 'False' },
    ]);
  });

  it('replaces lists without a merge key (taints) and deletes keyed items with $patch: delete', () => {
    const out = strategicMerge(node, {
      spec: { taints: [{ key: 'j', effect: 'NoExecute' }] },
      status: { conditions: [{ type: 'MemoryPressure', $patch: 'delete' }] },
    }) as typeof node;
    expect(out.spec.taints).toEqual([{ key: 'j', effect: 'NoExecute' }]);
    expect(out.status.conditions.map((c) => c.type)).toEqual(['Ready']);
  });

  it('merges containers by name and unions finalizers, honouring $deleteFromPrimitiveList and $setElementOrder', () => {
    const pod = {
      metadata: { finalizers: ['a'] },
      spec: {
        containers: [
          { name: 'app', image: 'v1' },
          { name: 'side', image: 's1' },
        ],
      },
    };
    const out = strategicMerge(pod, {
      metadata: { finalizers: ['b'] },
      spec: {
        '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }],
        containers: [{ name: 'app', image: 'v2' }],
      },
    }) as typeof pod;
    expect(out.spec.containers).toEqual([
      { name: 'side', image: 's1' },
      { name: 'app', image: 'v2' },
    ]);
    expect(out.metadata.finalizers).toEqual(['a', 'b']);
    const removed = strategicMerge(out, {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] },
    }) as typeof pod;
    expect(removed.metadata.finalizers).toEqual(['b']);
  });

  it('replaces a map with $patch: replace and keeps only $retainKeys', () => {
    expect(strategicMerge({ a: { x: 1, y: 2 } }, { a: { $patch: 'replace', z: 3 } })).toEqual({
      a: { z: 3 },
    });
    expect(strategicMerge({ a: { x: 1, y: 2 } }, { a: { $retainKeys: ['y'], y: 5 } })).toEqual({
      a: { y: 5 },
    });
  });
});

describe('patchTypeOf', () => {
  it('maps content types and answers 415 for others', () => {
    expect(patchTypeOf('application/json-patch+json')).toBe('json');
    expect(patchTypeOf('application/merge-patch+json; charset=utf-8')).toBe('merge');
    expect(patchTypeOf('application/strategic-merge-patch+json')).toBe('strategic');
    expect(() => patchTypeOf('text/plain')).toThrowError(expect.objectContaining({ code: 415 }));
  });
});
