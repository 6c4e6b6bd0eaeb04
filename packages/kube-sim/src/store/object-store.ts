import { randomUUID } from 'node:crypto';

/** An RFC 4122 version-4 shaped uid drawn from a (seeded) random source. */
function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Math.floor(random() * 4) + 8) as number).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

import { alreadyExists, ApiError, badRequest, conflict, notFound } from './api-error.js';
import { BUILTIN_RESOURCE_TYPES } from './builtin-types.js';
import { cloneJson, deepFreeze, jsonEqual, readPath } from './json.js';
import { resourceKey } from './types.js';
import type { KubeObject, ObjectStore, ResourceType, StoreEvent } from './types.js';

/** Options of {@link createObjectStore}. */
export interface ObjectStoreOptions {
  /** The simulation clock; stamps creationTimestamp. */
  now: () => Date;
  /** How many past events are kept for watch resumption; older resourceVersions answer 410 Gone. */
  watchWindow?: number;
  /** Deep-freeze stored objects (default true), so a caller mutating a returned object fails loudly. */
  freeze?: boolean;
  /** Random source for generateName suffixes and uids (default Math.random / crypto): seed it to replay a run. */
  random?: () => number;
  /**
   * kube-apiserver's `--etcd-compaction-interval` (default 5 min): every interval, etcd is compacted to the revision
   * of the previous tick, and a list's continue token older than that answers 410. Wall-clock time, as the API
   * server's compactor runs; 0 never compacts.
   */
  compactionIntervalMs?: number;
  /** The wall clock compaction follows (default Date.now). */
  wallNow?: () => number;
}

/** One page of a sorted list. */
export interface ListPage {
  items: KubeObject[];
  /** Storage key (`namespace/name` or `name`) of the last item returned when more remain. */
  nextKey?: string;
  /** Objects after this page, when more remain and no filter was given (the API server's remainingItemCount). */
  remainingItemCount?: number;
}

/**
 * The store as the API server needs it: the ObjectStore contract plus history for watch resumption,
 * sorted paging and field indexes.
 */
export interface KubeObjectStore extends ObjectStore {
  resourceType(key: string): ResourceType | undefined;
  /** Events of one resource type with resourceVersion > rv, oldest first; undefined once rv left the window. */
  eventsSince(key: string, rv: number): StoreEvent[] | undefined;
  /** The oldest resourceVersion a watch can still resume from. */
  oldestResumableVersion(): number;
  /** The revision etcd has compacted to: a list continued from a resourceVersion below it answers 410. */
  compactedVersion(): number;
  /** Compacts to the current revision now (as `etcdctl compact` would). */
  compact(): void;
  /** Fields with an index for `key`, e.g. ['spec.nodeName'] for pods. */
  indexedFields(key: string): string[];
  /** Objects whose indexed field equals value, sorted by namespace/name. */
  listByIndex(key: string, field: string, value: string, namespace?: string): KubeObject[];
  /** Objects in storage-key order starting after `afterKey`, keeping those `filter` accepts, up to `limit`. */
  listPage(
    key: string,
    opts: {
      namespace?: string;
      afterKey?: string;
      limit?: number;
      filter?: (obj: KubeObject) => boolean;
    },
  ): ListPage;
  /** Number of stored objects of a type. */
  count(key: string): number;
}

interface FieldIndex {
  field: string;
  values: Map<string, Set<string>>;
}

interface Table {
  type: ResourceType;
  objects: Map<string, KubeObject>;
  byNamespace: Map<string, Map<string, KubeObject>>;
  sortedKeys: string[] | null;
  indexes: FieldIndex[];
}

/** Fields indexed per resource type: the field selectors kubelets and describe use on big lists. */
const INDEXED_FIELDS: Record<string, string[]> = {
  'core/v1/pods': ['spec.nodeName'],
  'core/v1/events': ['involvedObject.name'],
};

/** Types whose objects carry no metadata.generation in a real cluster. */
const NO_GENERATION = new Set(['core/v1/nodes', 'core/v1/namespaces', 'core/v1/events']);

const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function storageKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** The part of an object that counts as its spec for metadata.generation: all but metadata and status. */
function specOf(obj: KubeObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') out[k] = v;
  }
  return out;
}

function withoutVolatileMeta(obj: KubeObject): KubeObject {
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = obj.metadata;
  return { ...obj, metadata: metadata as KubeObject['metadata'] };
}

function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Creates the in-memory object store behind the simulated API server: one global, monotonic
 * resourceVersion, a bounded event history for watch resumption and per-type maps keyed by namespace/name.
 */
export function createObjectStore(opts: ObjectStoreOptions): KubeObjectStore {
  const window = Math.max(1, opts.watchWindow ?? 10_000);
  const freeze = opts.freeze ?? true;
  const random = opts.random ?? Math.random;
  const tables = new Map<string, Table>();
  const listeners = new Set<(event: StoreEvent) => void>();
  const history: StoreEvent[] = new Array<StoreEvent>(window);
  let historyStart = 0;
  let historyCount = 0;
  let rv = 0;
  const compactionInterval = opts.compactionIntervalMs ?? 300_000;
  const wallNow = opts.wallNow ?? Date.now;
  let compacted = 0;
  let lastTickAt = wallNow();
  let lastTickRv = 0;

  function register(type: ResourceType): void {
    const key = resourceKey(type.group, type.version, type.resource);
    if (tables.has(key)) return;
    tables.set(key, {
      type: { ...type },
      objects: new Map(),
      byNamespace: new Map(),
      sortedKeys: null,
      indexes: (INDEXED_FIELDS[key] ?? []).map((field) => ({ field, values: new Map() })),
    });
  }
  for (const t of BUILTIN_RESOURCE_TYPES) register(t);

  function table(key: string): Table {
    const t = tables.get(key);
    if (!t)
      throw new ApiError(
        404,
        'NotFound',
        `the server could not find the requested resource (${key})`,
      );
    return t;
  }

  function seal(obj: KubeObject): KubeObject {
    return freeze ? deepFreeze(obj) : obj;
  }

  function record(event: StoreEvent): void {
    if (historyCount < window) {
      history[(historyStart + historyCount) % window] = event;
      historyCount++;
    } else {
      history[historyStart] = event;
      historyStart = (historyStart + 1) % window;
    }
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        // A broken listener must not undo a write that already happened; report and continue.
        console.error('kube-sim: store listener failed', err);
      }
    }
  }

  function indexAdd(t: Table, skey: string, obj: KubeObject): void {
    for (const idx of t.indexes) {
      const v = readPath(obj, idx.field);
      const value = typeof v === 'string' ? v : '';
      let set = idx.values.get(value);
      if (!set) idx.values.set(value, (set = new Set()));
      set.add(skey);
    }
  }

  function indexRemove(t: Table, skey: string, obj: KubeObject): void {
    for (const idx of t.indexes) {
      const v = readPath(obj, idx.field);
      const value = typeof v === 'string' ? v : '';
      const set = idx.values.get(value);
      set?.delete(skey);
      if (set && set.size === 0) idx.values.delete(value);
    }
  }

  function put(t: Table, obj: KubeObject, old: KubeObject | undefined): void {
    const ns = obj.metadata.namespace ?? '';
    const skey = storageKey(obj.metadata.namespace, obj.metadata.name);
    if (old) indexRemove(t, skey, old);
    else t.sortedKeys = null;
    t.objects.set(skey, obj);
    let nsMap = t.byNamespace.get(ns);
    if (!nsMap) t.byNamespace.set(ns, (nsMap = new Map()));
    nsMap.set(obj.metadata.name, obj);
    indexAdd(t, skey, obj);
  }

  function remove(t: Table, obj: KubeObject): void {
    const ns = obj.metadata.namespace ?? '';
    const skey = storageKey(obj.metadata.namespace, obj.metadata.name);
    t.objects.delete(skey);
    const nsMap = t.byNamespace.get(ns);
    nsMap?.delete(obj.metadata.name);
    if (nsMap && nsMap.size === 0) t.byNamespace.delete(ns);
    indexRemove(t, skey, obj);
    t.sortedKeys = null;
  }

  function sortedKeys(t: Table): string[] {
    if (!t.sortedKeys) t.sortedKeys = [...t.objects.keys()].sort();
    return t.sortedKeys;
  }

  function identify(t: Table, obj: KubeObject): { ns: string | undefined; name: string } {
    if (!obj || typeof obj !== 'object' || !obj.metadata || typeof obj.metadata !== 'object') {
      throw badRequest('the object has no metadata');
    }
    const ns = t.type.namespaced ? obj.metadata.namespace : undefined;
    if (t.type.namespaced && !ns) throw badRequest(`${t.type.kind} must have metadata.namespace`);
    return { ns, name: obj.metadata.name };
  }

  function generateName(prefix: string): string {
    let suffix = '';
    for (let i = 0; i < 5; i++) {
      suffix += GENERATE_NAME_ALPHABET[Math.floor(random() * GENERATE_NAME_ALPHABET.length)];
    }
    return prefix + suffix;
  }

  function doDelete(key: string, t: Table, old: KubeObject): KubeObject {
    remove(t, old);
    rv++;
    const gone = cloneJson(old);
    gone.metadata.resourceVersion = String(rv);
    const sealed = seal(gone);
    record({ type: 'DELETED', resource: key, object: sealed, resourceVersion: rv, oldObject: old });
    return sealed;
  }

  const store: KubeObjectStore = {
    resourceTypes() {
      return [...tables.values()].map((t) => ({ ...t.type }));
    },
    registerResourceType(type) {
      register(type);
    },
    resourceType(key) {
      const t = tables.get(key);
      return t ? { ...t.type } : undefined;
    },
    get(key, namespace, name) {
      const t = tables.get(key);
      if (!t) return undefined;
      return t.objects.get(storageKey(t.type.namespaced ? namespace : undefined, name));
    },
    list(key, namespace) {
      return store.listPage(key, namespace === undefined ? {} : { namespace }).items;
    },
    listPage(key, { namespace, afterKey, limit, filter }) {
      const t = table(key);
      const items: KubeObject[] = [];
      const max = limit && limit > 0 ? limit : Infinity;
      let keys: string[];
      if (namespace !== undefined && t.type.namespaced) {
        const nsMap = t.byNamespace.get(namespace);
        keys = nsMap ? [...nsMap.keys()].sort().map((n) => `${namespace}/${n}`) : [];
      } else {
        keys = sortedKeys(t);
      }
      let i = afterKey === undefined ? 0 : lowerBound(keys, afterKey);
      for (; i < keys.length; i++) {
        const obj = t.objects.get(keys[i] as string);
        if (!obj || (filter && !filter(obj))) continue;
        if (items.length === max) {
          const last = items[items.length - 1] as KubeObject;
          const nextKey = storageKey(last.metadata.namespace, last.metadata.name);
          // Like the API server, count what remains only for an unfiltered list (etcd counts the key range).
          return filter
            ? { items, nextKey }
            : { items, nextKey, remainingItemCount: keys.length - i };
        }
        items.push(obj);
      }
      return { items };
    },
    indexedFields(key) {
      return tables.get(key)?.indexes.map((i) => i.field) ?? [];
    },
    listByIndex(key, field, value, namespace) {
      const t = table(key);
      const idx = t.indexes.find((i) => i.field === field);
      if (!idx) throw new Error(`no index on ${field} for ${key}`);
      const keys = [...(idx.values.get(value) ?? [])].sort();
      const out: KubeObject[] = [];
      for (const k of keys) {
        const obj = t.objects.get(k);
        if (obj && (namespace === undefined || obj.metadata.namespace === namespace)) out.push(obj);
      }
      return out;
    },
    count(key) {
      return tables.get(key)?.objects.size ?? 0;
    },
    create(key, input) {
      const t = table(key);
      const obj = cloneJson(input);
      if (!obj.metadata?.name && typeof obj.metadata?.generateName === 'string') {
        obj.metadata.name = generateName(obj.metadata.generateName);
      }
      const { ns, name } = identify(t, obj);
      if (!name) throw badRequest('name or generateName is required');
      if (t.objects.has(storageKey(ns, name)))
        throw alreadyExists(t.type.group, t.type.resource, name);
      rv++;
      obj.apiVersion = t.type.group ? `${t.type.group}/${t.type.version}` : t.type.version;
      obj.kind = t.type.kind;
      obj.metadata.uid = opts.random ? uuidFrom(random) : randomUUID();
      obj.metadata.resourceVersion = String(rv);
      obj.metadata.creationTimestamp = toRfc3339(opts.now());
      if (!t.type.namespaced) delete obj.metadata.namespace;
      if (!NO_GENERATION.has(key) && obj.spec !== undefined) obj.metadata.generation = 1;
      const sealed = seal(obj);
      put(t, sealed, undefined);
      record({ type: 'ADDED', resource: key, object: sealed, resourceVersion: rv });
      return sealed;
    },
    update(key, input) {
      const t = table(key);
      const { ns, name } = identify(t, input);
      const old = t.objects.get(storageKey(ns, name));
      if (!old) throw notFound(t.type.group, t.type.resource, name);
      const wanted = input.metadata.resourceVersion;
      if (wanted !== undefined && wanted !== '' && wanted !== old.metadata.resourceVersion) {
        throw conflict(t.type.group, t.type.resource, name);
      }
      const obj = cloneJson(input);
      obj.apiVersion = old.apiVersion;
      obj.kind = old.kind;
      obj.metadata.uid = old.metadata.uid;
      obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
      if (!t.type.namespaced) delete obj.metadata.namespace;
      if (old.metadata.generation !== undefined) {
        obj.metadata.generation = jsonEqual(specOf(old), specOf(obj))
          ? old.metadata.generation
          : old.metadata.generation + 1;
      }
      if (old.metadata.deletionTimestamp && !obj.metadata.deletionTimestamp) {
        obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
      }
      // An object being deleted goes away when its last finalizer is removed.
      const finalizers = obj.metadata.finalizers;
      if (
        obj.metadata.deletionTimestamp &&
        (!Array.isArray(finalizers) || finalizers.length === 0)
      ) {
        return doDelete(key, t, old);
      }
      // Writing identical content is a no-op, as in the real registry: no new resourceVersion, no event.
      if (jsonEqual(withoutVolatileMeta(old), withoutVolatileMeta(obj))) return old;
      rv++;
      obj.metadata.resourceVersion = String(rv);
      const sealed = seal(obj);
      put(t, sealed, old);
      record({
        type: 'MODIFIED',
        resource: key,
        object: sealed,
        resourceVersion: rv,
        oldObject: old,
      });
      return sealed;
    },
    mutate(key, namespace, name, fn) {
      const current = store.get(key, namespace, name);
      if (!current) return undefined;
      const copy = cloneJson(current);
      fn(copy);
      copy.metadata.resourceVersion = current.metadata.resourceVersion;
      return store.update(key, copy);
    },
    delete(key, namespace, name) {
      const t = table(key);
      const old = t.objects.get(storageKey(t.type.namespaced ? namespace : undefined, name));
      if (!old) return undefined;
      return doDelete(key, t, old);
    },
    currentResourceVersion() {
      return rv;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    compactedVersion() {
      // compactor (apiserver storage/etcd3/compact.go): each tick compacts to the revision seen at the previous
      // tick. Ticks are taken lazily, when someone asks; after missed ticks the revision of the last one is not
      // known, so it compacts to the current one (a little more than etcd would, never less).
      if (compactionInterval > 0) {
        const ticks = Math.floor((wallNow() - lastTickAt) / compactionInterval);
        if (ticks >= 1) {
          compacted = Math.max(compacted, ticks === 1 ? lastTickRv : rv);
          lastTickRv = rv;
          lastTickAt += ticks * compactionInterval;
        }
      }
      return compacted;
    },
    compact() {
      compacted = rv;
      lastTickRv = rv;
    },
    oldestResumableVersion() {
      if (historyCount < window) return 0;
      return (history[historyStart] as StoreEvent).resourceVersion - 1;
    },
    eventsSince(key, since) {
      if (since < store.oldestResumableVersion()) return undefined;
      // History is ordered by resourceVersion: binary-search the first event newer than `since`.
      let lo = 0;
      let hi = historyCount;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((history[(historyStart + mid) % window] as StoreEvent).resourceVersion <= since)
          lo = mid + 1;
        else hi = mid;
      }
      const out: StoreEvent[] = [];
      for (let i = lo; i < historyCount; i++) {
        const ev = history[(historyStart + i) % window] as StoreEvent;
        if (ev.resource === key) out.push(ev);
      }
      return out;
    },
  };
  return store;
}

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function toRfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
