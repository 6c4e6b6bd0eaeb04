import { BadObjectError, requireMetadata } from './snapshot-util.js';

/** What Plimsoll keeps of a scheduling.k8s.io PriorityClass. */
export interface PriorityClassSnapshot {
  name: string;
  resourceVersion: string;
  value: number;
  globalDefault: boolean;
  /** PreemptLowerPriority (the API default) or Never. */
  preemptionPolicy: string;
  description: string | null;
}

/** Slims a PriorityClass; throws BadObjectError without an integer value. */
export function toPriorityClassSnapshot(object: unknown): PriorityClassSnapshot {
  const meta = requireMetadata('PriorityClass', object);
  const o = object as {
    value?: unknown;
    globalDefault?: unknown;
    preemptionPolicy?: unknown;
    description?: unknown;
  };
  if (typeof o.value !== 'number' || !Number.isInteger(o.value))
    throw new BadObjectError(meta.id, 'no integer value');
  return {
    name: meta.name,
    resourceVersion: meta.resourceVersion,
    value: o.value,
    globalDefault: o.globalDefault === true,
    preemptionPolicy:
      typeof o.preemptionPolicy === 'string' ? o.preemptionPolicy : 'PreemptLowerPriority',
    description: typeof o.description === 'string' && o.description ? o.description : null,
  };
}
