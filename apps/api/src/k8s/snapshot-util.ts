import { parseQuantity } from '@plimsoll/shared';

/** A Kubernetes object the collector cannot use (missing fields, unparseable values); it is counted and skipped. */
export class BadObjectError extends Error {
  constructor(
    readonly identity: string,
    reason: string,
  ) {
    super(`${identity}: ${reason}`);
    this.name = 'BadObjectError';
  }
}

/** `kind namespace/name` (or `kind name`) for log lines about an object. */
export function identityOf(kind: string, object: unknown): string {
  const m = (object as { metadata?: { name?: unknown; namespace?: unknown; uid?: unknown } } | null)
    ?.metadata;
  const name = typeof m?.name === 'string' ? m.name : '?';
  const ns = typeof m?.namespace === 'string' ? `${m.namespace}/` : '';
  return `${kind} ${ns}${name}`;
}

/** The object's metadata, with name/uid/resourceVersion required. */
export function requireMetadata(kind: string, object: unknown) {
  const id = identityOf(kind, object);
  if (object === null || typeof object !== 'object') throw new BadObjectError(id, 'not an object');
  const m = (object as { metadata?: Record<string, unknown> }).metadata;
  if (!m || typeof m !== 'object') throw new BadObjectError(id, 'no metadata');
  if (typeof m.name !== 'string' || !m.name) throw new BadObjectError(id, 'no metadata.name');
  if (typeof m.uid !== 'string' || !m.uid) throw new BadObjectError(id, 'no metadata.uid');
  if (typeof m.resourceVersion !== 'string')
    throw new BadObjectError(id, 'no metadata.resourceVersion');
  return {
    id,
    name: m.name,
    uid: m.uid,
    namespace: typeof m.namespace === 'string' ? m.namespace : '',
    resourceVersion: m.resourceVersion,
    labels: stringRecord(m.labels),
    annotations: stringRecord(m.annotations),
    creationTimestamp: optionalTime(id, 'creationTimestamp', m.creationTimestamp),
    deletionTimestamp: optionalTime(id, 'deletionTimestamp', m.deletionTimestamp),
    ownerReferences: Array.isArray(m.ownerReferences)
      ? (m.ownerReferences as Array<{ kind?: unknown; name?: unknown; controller?: unknown }>)
      : [],
  };
}

/** A string→string map (labels, annotations); anything else becomes {}. */
export function stringRecord(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>))
    if (typeof x === 'string') out[k] = x;
  return out;
}

/** An RFC 3339 time (string, or Date from a typed client) as a Date; undefined when absent. */
export function optionalTime(id: string, field: string, v: unknown): Date | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const d = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : undefined;
  if (!d || Number.isNaN(d.getTime()))
    throw new BadObjectError(id, `${field} is not a time: ${String(v)}`);
  return d;
}

/** A resource list (capacity, hard, used): every value must parse as a Quantity; kept in canonical form. */
export function quantityRecord(id: string, field: string, v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v === undefined || v === null) return out;
  if (typeof v !== 'object') throw new BadObjectError(id, `${field} is not a map`);
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x !== 'string' && typeof x !== 'number')
      throw new BadObjectError(id, `${field}.${k} is not a quantity`);
    try {
      out[k] = parseQuantity(String(x)).toString();
    } catch {
      throw new BadObjectError(id, `${field}.${k} is not a quantity: ${String(x)}`);
    }
  }
  return out;
}
