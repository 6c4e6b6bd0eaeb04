/**
 * core/v1 Events as client-go's EventRecorder writes them (tools/record/event.go makeEvent) with the
 * EventCorrelator's deduplication of identical events (count and lastTimestamp bumped in place), and
 * the API server's event TTL (--event-ttl, 1h by default).
 */
import type { KubeObject, ObjectStore } from '../store/types.js';
import { EVENTS } from './resources.js';
import type { SimClock } from './types.js';

/** The involvedObject reference (v1.ObjectReference). */
export interface ObjectReference {
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** One event to record. */
export interface EventInput {
  involvedObject: ObjectReference;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** source.component and reportingComponent, e.g. 'kubelet', 'node-controller', 'cluster-autoscaler'. */
  component: string;
  /** source.host and reportingInstance; the kubelet and NPD set their node name. */
  host?: string;
  /** AnnotatedEventf annotations (the eviction manager's offending_containers …). */
  annotations?: Record<string, string>;
}

/** Records Events into the store. */
export interface EventRecorder {
  record(input: EventInput): void;
  /** Delete events whose lastTimestamp is older than the TTL. */
  expire(): void;
}

/** The API server's default --event-ttl. */
export const EVENT_TTL_MS = 60 * 60 * 1000;

/** Cap on remembered event keys, as the correlator's LRU cache (maxLruCacheEntries = 4096). */
const MAX_DEDUP_KEYS = 4096;

/** Format a time as metav1.Time does: RFC 3339 with second precision. */
export function toKubeTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** Format a time as metav1.MicroTime does: RFC 3339 with microseconds. */
export function toMicroTime(d: Date): string {
  return `${d.toISOString().slice(0, 23)}000Z`;
}

/** Create an event recorder writing to `store`. */
export function createEventRecorder(store: ObjectStore, clock: SimClock): EventRecorder {
  // key → [namespace, name] of the event that identical occurrences update.
  const dedup = new Map<string, [string, string]>();
  // Events in creation order, for TTL expiry.
  const byAge: Array<[string, string, number]> = [];
  let nanoTiebreak = 0;
  let lastMs = 0;

  return {
    record(input) {
      const now = clock.now();
      const ref = input.involvedObject;
      const namespace = ref.namespace || 'default';
      const key = [
        input.component,
        input.host ?? '',
        ref.kind,
        ref.namespace ?? '',
        ref.name,
        ref.uid ?? '',
        ref.apiVersion ?? '',
        input.type,
        input.reason,
        input.message,
      ].join('\u0000');
      const seen = dedup.get(key);
      if (seen) {
        const updated = store.mutate(EVENTS, seen[0], seen[1], (ev) => {
          ev.count = ((ev.count as number | undefined) ?? 1) + 1;
          ev.lastTimestamp = toKubeTime(now);
        });
        if (updated) {
          dedup.delete(key);
          dedup.set(key, seen);
          return;
        }
      }
      const ms = now.getTime();
      nanoTiebreak = ms === lastMs ? nanoTiebreak + 1 : 0;
      lastMs = ms;
      const nanos = BigInt(ms) * 1_000_000n + BigInt(nanoTiebreak);
      const name = `${ref.name}.${nanos.toString(16)}`;
      const t = toKubeTime(now);
      const involvedObject: Record<string, unknown> = { kind: ref.kind };
      if (ref.namespace) involvedObject.namespace = ref.namespace;
      involvedObject.name = ref.name;
      if (ref.uid) involvedObject.uid = ref.uid;
      if (ref.apiVersion) involvedObject.apiVersion = ref.apiVersion;
      if (ref.resourceVersion) involvedObject.resourceVersion = ref.resourceVersion;
      if (ref.fieldPath) involvedObject.fieldPath = ref.fieldPath;
      const source: Record<string, string> = { component: input.component };
      if (input.host) source.host = input.host;
      const event: KubeObject = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: {
          name,
          namespace,
          ...(input.annotations ? { annotations: { ...input.annotations } } : {}),
        },
        involvedObject,
        reason: input.reason,
        message: input.message,
        source,
        firstTimestamp: t,
        lastTimestamp: t,
        count: 1,
        type: input.type,
        eventTime: null,
        reportingComponent: input.component,
        reportingInstance: input.host ?? '',
      };
      store.create(EVENTS, event);
      dedup.set(key, [namespace, name]);
      if (dedup.size > MAX_DEDUP_KEYS) {
        const oldest = dedup.keys().next().value;
        if (oldest !== undefined) dedup.delete(oldest);
      }
      byAge.push([namespace, name, ms]);
    },
    expire() {
      const cutoff = clock.now().getTime() - EVENT_TTL_MS;
      let i = 0;
      while (i < byAge.length && (byAge[i] as [string, string, number])[2] < cutoff) {
        const [ns, name] = byAge[i] as [string, string, number];
        const ev = store.get(EVENTS, ns, name);
        const last = ev ? Date.parse(String(ev.lastTimestamp)) : 0;
        if (ev && last >= cutoff) {
          // Still being bumped: keep it, re-check it once it has been quiet for a TTL.
          byAge.push([ns, name, last]);
        } else if (ev) {
          store.delete(EVENTS, ns, name);
        }
        i++;
      }
      if (i > 0) byAge.splice(0, i);
    },
  };
}
