import { quantityRecord, requireMetadata } from './snapshot-util.js';

/** What Plimsoll keeps of a ResourceQuota. */
export interface QuotaSnapshot {
  namespace: string;
  name: string;
  resourceVersion: string;
  hard: Record<string, string>;
  used: Record<string, string>;
  scopes: string[];
}

/** Slims a ResourceQuota; every hard/used value must be a Quantity. */
export function toQuotaSnapshot(object: unknown): QuotaSnapshot {
  const meta = requireMetadata('ResourceQuota', object);
  const q = object as { spec?: { scopes?: unknown }; status?: { hard?: unknown; used?: unknown } };
  return {
    namespace: meta.namespace,
    name: meta.name,
    resourceVersion: meta.resourceVersion,
    hard: quantityRecord(meta.id, 'status.hard', q.status?.hard),
    used: quantityRecord(meta.id, 'status.used', q.status?.used),
    scopes: Array.isArray(q.spec?.scopes)
      ? q.spec.scopes.filter((s): s is string => typeof s === 'string')
      : [],
  };
}
