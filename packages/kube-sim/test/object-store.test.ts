import { describe, expect, it } from 'vitest';

import { ApiError } from '../src/store/api-error.js';
import { createObjectStore } from '../src/store/object-store.js';
import type { KubeObject, StoreEvent } from '../src/store/types.js';

const NOW = new Date('2025-03-01T12:00:00.123Z');

function pod(name: string, ns = 'default', nodeName?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: { containers: [{ name: 'c' }], ...(nodeName ? { nodeName } : {}) },
  };
}

describe('createObjectStore', () => {
  it('stamps uid, a monotonic resourceVersion, creationTimestamp from the clock and generation 1', () => {
    const store = createObjectStore({ now: () => NOW });
    const a = store.create('core/v1/pods', pod('a'));
    const b = store.create('core/v1/pods', pod('b'));
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.metadata.creationTimestamp).toBe('2025-03-01T12:00:00Z');
    expect(a.metadata.generation).toBe(1);
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(store.currentResourceVersion()).toBe(Number(b.metadata.resourceVersion));
  });

  it('answers 409 AlreadyExists for a second create of the same name', () => {
    const store = createObjectStore({ now: () => NOW });
    store.create('core/v1/pods', pod('a'));
    expect(() => store.create('core/v1/pods', pod('a'))).toThrowError(
      expect.objectContaining({ code: 409, reason: 'AlreadyExists' }),
    );
    expect(store.create('core/v1/pods', pod('a', 'other')).metadata.namespace).toBe('other');
  });

  it('answers 409 Conflict when an update carries a stale resourceVersion', () => {
    const store = createObjectStore({ now: () => NOW });
    const a = store.create('core/v1/pods', pod('a'));
    const next = store.update('core/v1/pods', {
      ...a,
      metadata: { ...a.metadata, labels: { x: '1' } },
    });
    let err: unknown;
    try {
      store.update('core/v1/pods', { ...a, metadata: { ...a.metadata, labels: { x: '2' } } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(409);
    expect((err as ApiError).message).toContain('the object has been modified');
    expect(store.get('core/v1/pods', 'default', 'a')?.metadata.labels).toEqual({ x: '1' });
    expect(next.metadata.uid).toBe(a.metadata.uid);
  });

  it('bumps generation on a spec change only, and treats an identical write as a no-op', () => {
    const store = createObjectStore({ now: () => NOW });
    const a = store.create('core/v1/pods', pod('a'));
    const statusOnly = store.mutate('core/v1/pods', 'default', 'a', (o) => {
      o.status = { phase: 'Running' };
    });
    expect(statusOnly?.metadata.generation).toBe(1);
    const specChange = store.mutate('core/v1/pods', 'default', 'a', (o) => {
      (o.spec as { nodeName?: string }).nodeName = 'n1';
    });
    expect(specChange?.metadata.generation).toBe(2);
    const rv = store.currentResourceVersion();
    const same = store.mutate('core/v1/pods', 'default', 'a', () => undefined);
    expect(store.currentResourceVersion()).toBe(rv);
    expect(same?.metadata.resourceVersion).toBe(specChange?.metadata.resourceVersion);
    expect(a.metadata.generation).toBe(1);
  });

  it('freezes stored objects so callers cannot change them behind the store', () => {
    const store = createObjectStore({ now: () => NOW });
    const a = store.create('core/v1/pods', pod('a'));
    expect(() => {
      (a.metadata as { name: string }).name = 'b';
    }).toThrow(TypeError);
  });

  it('tells subscribers every change with the previous object', () => {
    const store = createObjectStore({ now: () => NOW });
    const seen: StoreEvent[] = [];
    const off = store.subscribe((e) => seen.push(e));
    store.create('core/v1/pods', pod('a'));
    store.mutate('core/v1/pods', 'default', 'a', (o) => {
      o.metadata.labels = { v: '2' };
    });
    const deleted = store.delete('core/v1/pods', 'default', 'a');
    off();
    store.create('core/v1/pods', pod('b'));
    expect(seen.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(seen[1]?.oldObject?.metadata.labels).toBeUndefined();
    expect(deleted?.metadata.resourceVersion).toBe(String(seen[2]?.resourceVersion));
  });

  it('compacts every interval of wall time to the revision of the previous tick, as the API server does', () => {
    let wall = 1_000_000;
    const store = createObjectStore({
      now: () => NOW,
      compactionIntervalMs: 300_000,
      wallNow: () => wall,
    });
    for (const n of ['a', 'b', 'c']) store.create('core/v1/pods', pod(n));
    expect(store.compactedVersion()).toBe(0);
    wall += 299_999;
    expect(store.compactedVersion()).toBe(0);
    // First tick: nothing was seen at the previous one, so nothing is compacted yet; it remembers revision 3.
    wall += 1;
    expect(store.compactedVersion()).toBe(0);
    store.create('core/v1/pods', pod('d'));
    wall += 300_000;
    expect(store.compactedVersion()).toBe(3);
    // Ticks missed while nobody asked compact to the current revision.
    store.create('core/v1/pods', pod('e'));
    wall += 900_000;
    expect(store.compactedVersion()).toBe(5);
    store.create('core/v1/pods', pod('f'));
    store.compact();
    expect(store.compactedVersion()).toBe(6);
  });

  it('keeps only the last watchWindow events and reports older resourceVersions as expired', () => {
    const store = createObjectStore({ now: () => NOW, watchWindow: 3 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) store.create('core/v1/pods', pod(n));
    expect(store.oldestResumableVersion()).toBe(2);
    expect(store.eventsSince('core/v1/pods', 1)).toBeUndefined();
    expect(store.eventsSince('core/v1/pods', 2)?.map((e) => e.object.metadata.name)).toEqual([
      'c',
      'd',
      'e',
    ]);
    expect(store.eventsSince('core/v1/pods', 4)?.map((e) => e.object.metadata.name)).toEqual(['e']);
    expect(store.eventsSince('core/v1/nodes', 4)).toEqual([]);
  });

  it('lists in namespace/name order with paging and an index on spec.nodeName', () => {
    const store = createObjectStore({ now: () => NOW });
    store.create('core/v1/pods', pod('z', 'a-ns', 'n1'));
    store.create('core/v1/pods', pod('b', 'b-ns', 'n2'));
    store.create('core/v1/pods', pod('a', 'b-ns', 'n1'));
    expect(
      store.list('core/v1/pods').map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
    ).toEqual(['a-ns/z', 'b-ns/a', 'b-ns/b']);
    const first = store.listPage('core/v1/pods', { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextKey).toBe('b-ns/a');
    const second = store.listPage('core/v1/pods', { limit: 2, afterKey: first.nextKey as string });
    expect(second.items.map((p) => p.metadata.name)).toEqual(['b']);
    expect(second.nextKey).toBeUndefined();
    expect(
      store.listByIndex('core/v1/pods', 'spec.nodeName', 'n1').map((p) => p.metadata.name),
    ).toEqual(['z', 'a']);
    store.mutate('core/v1/pods', 'b-ns', 'a', (o) => {
      (o.spec as { nodeName: string }).nodeName = 'n2';
    });
    expect(
      store.listByIndex('core/v1/pods', 'spec.nodeName', 'n1').map((p) => p.metadata.name),
    ).toEqual(['z']);
    expect(store.listByIndex('core/v1/pods', 'spec.nodeName', 'n2')).toHaveLength(2);
    expect(store.list('core/v1/pods', 'b-ns')).toHaveLength(2);
  });

  it('deletes an object whose deletionTimestamp is set when its last finalizer goes', () => {
    const store = createObjectStore({ now: () => NOW });
    store.create('core/v1/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'c',
        namespace: 'd',
        finalizers: ['x'],
        deletionTimestamp: '2025-03-01T12:00:00Z',
      },
    });
    store.mutate('core/v1/configmaps', 'd', 'c', (o) => {
      o.metadata.finalizers = [];
    });
    expect(store.get('core/v1/configmaps', 'd', 'c')).toBeUndefined();
  });

  it('serves Cluster API types only once registered', () => {
    const store = createObjectStore({ now: () => NOW });
    expect(store.resourceTypes().some((t) => t.group === 'cluster.x-k8s.io')).toBe(false);
    expect(() => store.list('cluster.x-k8s.io/v1beta1/machines')).toThrow();
    store.registerResourceType({
      group: 'cluster.x-k8s.io',
      version: 'v1beta1',
      resource: 'machines',
      kind: 'Machine',
      namespaced: true,
    });
    store.create('cluster.x-k8s.io/v1beta1/machines', {
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'Machine',
      metadata: { name: 'm', namespace: 'default' },
    });
    expect(store.list('cluster.x-k8s.io/v1beta1/machines')).toHaveLength(1);
  });

  it("creates 150,000 pods on 5,000 nodes and finds one node's pods through the index quickly", () => {
    const store = createObjectStore({ now: () => NOW, freeze: false });
    for (let i = 0; i < 150_000; i++)
      store.create('core/v1/pods', pod(`p-${i}`, `ns-${i % 50}`, `node-${i % 5000}`));
    const t0 = performance.now();
    for (let n = 0; n < 100; n++)
      expect(store.listByIndex('core/v1/pods', 'spec.nodeName', `node-${n}`)).toHaveLength(30);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
