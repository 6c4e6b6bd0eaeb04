import { BadObjectError, identityOf, optionalTime, quantityRecord } from './snapshot-util.js';

/** metrics.k8s.io NodeMetrics: the node's CPU and memory usage over the scrape window. */
export interface NodeMetricsSnapshot {
  name: string;
  timestamp: Date;
  window: string | null;
  /** Canonical quantities (`cpu`, `memory`). */
  usage: Record<string, string>;
}

/** metrics.k8s.io PodMetrics: per-container usage. */
export interface PodMetricsSnapshot {
  namespace: string;
  name: string;
  timestamp: Date;
  window: string | null;
  containers: Array<{ name: string; usage: Record<string, string> }>;
}

function header(kind: string, object: unknown) {
  const id = identityOf(kind, object);
  const o = object as {
    metadata?: { name?: unknown; namespace?: unknown };
    timestamp?: unknown;
    window?: unknown;
  } | null;
  if (!o || typeof o !== 'object' || typeof o.metadata?.name !== 'string')
    throw new BadObjectError(id, 'no metadata.name');
  const timestamp = optionalTime(id, 'timestamp', o.timestamp);
  if (!timestamp) throw new BadObjectError(id, 'no timestamp');
  return {
    id,
    name: o.metadata.name,
    namespace: typeof o.metadata.namespace === 'string' ? o.metadata.namespace : '',
    timestamp,
    window: typeof o.window === 'string' ? o.window : null,
  };
}

/** Slims a NodeMetrics object; throws BadObjectError on a missing name or time, or an unparseable quantity. */
export function toNodeMetricsSnapshot(object: unknown): NodeMetricsSnapshot {
  const h = header('NodeMetrics', object);
  return {
    name: h.name,
    timestamp: h.timestamp,
    window: h.window,
    usage: quantityRecord(h.id, 'usage', (object as { usage?: unknown }).usage),
  };
}

/** Slims a PodMetrics object; throws BadObjectError on a missing name or time, or an unparseable quantity. */
export function toPodMetricsSnapshot(object: unknown): PodMetricsSnapshot {
  const h = header('PodMetrics', object);
  const raw = (object as { containers?: unknown }).containers;
  const containers: PodMetricsSnapshot['containers'] = [];
  for (const c of Array.isArray(raw) ? (raw as Array<{ name?: unknown; usage?: unknown }>) : []) {
    const name = typeof c?.name === 'string' ? c.name : '';
    containers.push({ name, usage: quantityRecord(h.id, `containers[${name}].usage`, c?.usage) });
  }
  return {
    namespace: h.namespace,
    name: h.name,
    timestamp: h.timestamp,
    window: h.window,
    containers,
  };
}
