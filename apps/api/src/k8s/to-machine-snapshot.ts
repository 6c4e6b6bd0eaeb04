import { optionalTime, requireMetadata } from './snapshot-util.js';

/** A Cluster API condition. */
export interface MachineConditionSnapshot {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
  lastTransitionTime: Date | null;
}

/** What Plimsoll keeps of a Cluster API (cluster.x-k8s.io) Machine: which node it backs and how it is doing. */
export interface MachineSnapshot {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  clusterName: string | null;
  /** status.nodeRef.name: the Node this Machine became. */
  nodeName: string | null;
  providerID: string | null;
  phase: string | null;
  version: string | null;
  machineSet: string | null;
  machineDeployment: string | null;
  failureReason: string | null;
  failureMessage: string | null;
  conditions: MachineConditionSnapshot[];
  createdAt: Date | null;
  deletingSince: Date | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Slims a Machine (v1beta1 or v1beta2: the fields read here have the same place in both). */
export function toMachineSnapshot(object: unknown): MachineSnapshot {
  const meta = requireMetadata('Machine', object);
  const o = object as { spec?: Record<string, unknown>; status?: Record<string, unknown> };
  const spec = o.spec ?? {};
  const status = o.status ?? {};
  const conditions: MachineConditionSnapshot[] = [];
  for (const c of Array.isArray(status.conditions)
    ? (status.conditions as Array<Record<string, unknown>>)
    : []) {
    if (!c || typeof c.type !== 'string') continue;
    conditions.push({
      type: c.type,
      status: typeof c.status === 'string' ? c.status : 'Unknown',
      reason: str(c.reason),
      message: str(c.message),
      lastTransitionTime:
        optionalTime(meta.id, `conditions[${c.type}].lastTransitionTime`, c.lastTransitionTime) ??
        null,
    });
  }
  const setOwner = meta.ownerReferences.find((r) => r.kind === 'MachineSet');
  return {
    namespace: meta.namespace,
    name: meta.name,
    uid: meta.uid,
    resourceVersion: meta.resourceVersion,
    clusterName: str(spec.clusterName) ?? meta.labels['cluster.x-k8s.io/cluster-name'] ?? null,
    nodeName: str((status.nodeRef as { name?: unknown } | undefined)?.name),
    providerID: str(spec.providerID),
    phase: str(status.phase),
    version: str(spec.version),
    machineSet:
      (typeof setOwner?.name === 'string' ? setOwner.name : null) ??
      meta.labels['cluster.x-k8s.io/set-name'] ??
      null,
    machineDeployment: meta.labels['cluster.x-k8s.io/deployment-name'] ?? null,
    failureReason: str(status.failureReason),
    failureMessage: str(status.failureMessage),
    conditions,
    createdAt: meta.creationTimestamp ?? null,
    deletingSince: meta.deletionTimestamp ?? null,
  };
}
