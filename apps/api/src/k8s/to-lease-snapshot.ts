import { optionalTime, requireMetadata } from './snapshot-util.js';

/** What Plimsoll keeps of a coordination.k8s.io Lease. */
export interface LeaseSnapshot {
  namespace: string;
  name: string;
  resourceVersion: string;
  holderIdentity: string | null;
  leaseDurationSeconds: number | null;
  acquireTime: Date | null;
  renewTime: Date | null;
  leaseTransitions: number | null;
}

/** Slims a Lease; throws BadObjectError on missing metadata or bad times. */
export function toLeaseSnapshot(object: unknown): LeaseSnapshot {
  const meta = requireMetadata('Lease', object);
  const spec = (object as { spec?: Record<string, unknown> }).spec ?? {};
  return {
    namespace: meta.namespace,
    name: meta.name,
    resourceVersion: meta.resourceVersion,
    holderIdentity:
      typeof spec.holderIdentity === 'string' && spec.holderIdentity ? spec.holderIdentity : null,
    leaseDurationSeconds:
      typeof spec.leaseDurationSeconds === 'number' ? spec.leaseDurationSeconds : null,
    acquireTime: optionalTime(meta.id, 'spec.acquireTime', spec.acquireTime) ?? null,
    renewTime: optionalTime(meta.id, 'spec.renewTime', spec.renewTime) ?? null,
    leaseTransitions: typeof spec.leaseTransitions === 'number' ? spec.leaseTransitions : null,
  };
}
