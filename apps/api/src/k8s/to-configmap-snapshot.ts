import { requireMetadata, stringRecord } from './snapshot-util.js';

/** A ConfigMap's identity and data (only the autoscaler status ConfigMap is watched). */
export interface ConfigMapSnapshot {
  namespace: string;
  name: string;
  resourceVersion: string;
  data: Record<string, string>;
}

/** Slims a ConfigMap. */
export function toConfigMapSnapshot(object: unknown): ConfigMapSnapshot {
  const meta = requireMetadata('ConfigMap', object);
  return {
    namespace: meta.namespace,
    name: meta.name,
    resourceVersion: meta.resourceVersion,
    data: stringRecord((object as { data?: unknown }).data),
  };
}
