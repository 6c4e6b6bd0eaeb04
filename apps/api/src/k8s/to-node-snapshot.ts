import { BadObjectError, optionalTime, quantityRecord, requireMetadata } from './snapshot-util.js';

/** One node condition as history needs it. */
export interface NodeConditionSnapshot {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
  lastTransitionTime: Date;
  lastHeartbeatTime: Date | null;
}

/** A node's taint. */
export interface NodeTaintSnapshot {
  key: string;
  value: string | null;
  effect: string;
  timeAdded: string | null;
}

/** What Plimsoll keeps of a Node: no images, no volumes, no addresses beyond the views' needs. */
export interface NodeSnapshot {
  name: string;
  uid: string;
  resourceVersion: string;
  labels: Record<string, string>;
  taints: NodeTaintSnapshot[];
  conditions: NodeConditionSnapshot[];
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  nodeInfo: Record<string, string>;
  unschedulable: boolean;
  createdAt: Date | null;
}

const NODE_INFO_FIELDS = [
  'kubeletVersion',
  'kubeProxyVersion',
  'containerRuntimeVersion',
  'kernelVersion',
  'osImage',
  'operatingSystem',
  'architecture',
] as const;

/** Slims a core/v1 Node; throws BadObjectError when it lacks what history needs. */
export function toNodeSnapshot(object: unknown): NodeSnapshot {
  const meta = requireMetadata('Node', object);
  const node = object as { spec?: Record<string, unknown>; status?: Record<string, unknown> };
  const status = node.status ?? {};
  const conditions: NodeConditionSnapshot[] = [];
  for (const c of (status.conditions as Array<Record<string, unknown>> | undefined) ?? []) {
    if (typeof c.type !== 'string' || typeof c.status !== 'string') {
      throw new BadObjectError(meta.id, 'a condition has no type or status');
    }
    const ltt = optionalTime(
      meta.id,
      `conditions[${c.type}].lastTransitionTime`,
      c.lastTransitionTime,
    );
    if (!ltt) throw new BadObjectError(meta.id, `condition ${c.type} has no lastTransitionTime`);
    conditions.push({
      type: c.type,
      status: c.status,
      reason: typeof c.reason === 'string' ? c.reason : null,
      message: typeof c.message === 'string' ? c.message : null,
      lastTransitionTime: ltt,
      lastHeartbeatTime: optionalTime(meta.id, 'lastHeartbeatTime', c.lastHeartbeatTime) ?? null,
    });
  }
  const taints: NodeTaintSnapshot[] = [];
  for (const t of (node.spec?.taints as Array<Record<string, unknown>> | undefined) ?? []) {
    if (typeof t.key !== 'string' || typeof t.effect !== 'string')
      throw new BadObjectError(meta.id, 'a taint has no key or effect');
    taints.push({
      key: t.key,
      value: typeof t.value === 'string' ? t.value : null,
      effect: t.effect,
      timeAdded:
        typeof t.timeAdded === 'string'
          ? t.timeAdded
          : t.timeAdded instanceof Date
            ? t.timeAdded.toISOString()
            : null,
    });
  }
  const info = (status.nodeInfo as Record<string, unknown> | undefined) ?? {};
  const nodeInfo: Record<string, string> = {};
  for (const f of NODE_INFO_FIELDS) if (typeof info[f] === 'string') nodeInfo[f] = info[f];
  return {
    name: meta.name,
    uid: meta.uid,
    resourceVersion: meta.resourceVersion,
    labels: meta.labels,
    taints,
    conditions,
    capacity: quantityRecord(meta.id, 'status.capacity', status.capacity),
    allocatable: quantityRecord(meta.id, 'status.allocatable', status.allocatable),
    nodeInfo,
    unschedulable: node.spec?.unschedulable === true,
    createdAt: meta.creationTimestamp ?? null,
  };
}
