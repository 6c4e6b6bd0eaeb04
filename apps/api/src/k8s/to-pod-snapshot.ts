import type { V1Pod } from '@kubernetes/client-node';
import {
  computePodQOS,
  getPodQOS,
  getPodResizeState,
  type PodQOSClass,
  type PodResizeConditionState,
} from '@plimsoll/shared';

import { BadObjectError, optionalTime, quantityRecord, requireMetadata } from './snapshot-util.js';

/** A container's requests and limits, canonical quantities. */
export interface ContainerResourcesSnapshot {
  name: string;
  requests: Record<string, string>;
  limits: Record<string, string>;
  /** In-place resize: `status.containerStatuses[].allocatedResources`, when the status has them. */
  allocated?: Record<string, string> | null;
  /** `status.containerStatuses[].resources`: what the runtime applied, when reported. */
  actual?: { requests: Record<string, string>; limits: Record<string, string> } | null;
}

/** The pod's in-place resize conditions; null on the snapshot when neither is True. */
export interface PodResizeSnapshot {
  pending: PodResizeConditionState | null;
  inProgress: PodResizeConditionState | null;
  /** Deprecated `status.resize` of kubelets 1.27–1.32. */
  legacyStatus: string | null;
}

/** What Plimsoll keeps of a Pod: placement, phase, QoS, priority, owner, resources and eviction facts. */
export interface PodSnapshot {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  nodeName: string | null;
  phase: string | null;
  /** status.reason, e.g. `Evicted`. */
  reason: string | null;
  message: string | null;
  /** GetPodQOS: `status.qosClass` when set, else computed. */
  qosClass: PodQOSClass;
  /** ComputePodQOS of the current spec, when it differs from `qosClass` (else null). */
  computedQosClass?: PodQOSClass | null;
  /** PodResizePending / PodResizeInProgress, when either is set. */
  resize?: PodResizeSnapshot | null;
  priority: number | null;
  ownerKind: string | null;
  ownerName: string | null;
  containers: ContainerResourcesSnapshot[];
  /** When the pod stopped: the DisruptionTarget condition, else the latest container finish, else null. */
  terminatedAt: Date | null;
  createdAt: Date | null;
}

const QOS_CLASSES = new Set(['Guaranteed', 'Burstable', 'BestEffort']);

/**
 * The owning workload: the controller ownerReference, with a ReplicaSet that a Deployment made (its name is the
 * Deployment's plus `-<pod-template-hash>`) reported as that Deployment.
 */
function owningWorkload(
  refs: Array<{ kind?: unknown; name?: unknown; controller?: unknown }>,
  labels: Record<string, string>,
): { kind: string; name: string } | null {
  const ref = refs.find((r) => r.controller === true) ?? refs[0];
  if (!ref || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return null;
  const hash = labels['pod-template-hash'];
  if (ref.kind === 'ReplicaSet' && hash && ref.name.endsWith(`-${hash}`)) {
    return { kind: 'Deployment', name: ref.name.slice(0, -(hash.length + 1)) };
  }
  return { kind: ref.kind, name: ref.name };
}

/** Slims a core/v1 Pod; throws BadObjectError when it lacks what the views and history need. */
export function toPodSnapshot(object: unknown): PodSnapshot {
  const meta = requireMetadata('Pod', object);
  if (!meta.namespace) throw new BadObjectError(meta.id, 'no metadata.namespace');
  const pod = object as { spec?: Record<string, unknown>; status?: Record<string, unknown> };
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const containers: ContainerResourcesSnapshot[] = [];
  const statusOf = new Map<unknown, Record<string, unknown>>();
  for (const cs of (status.containerStatuses as Array<Record<string, unknown>> | undefined) ?? []) {
    if (typeof cs === 'object' && cs !== null) statusOf.set(cs.name, cs);
  }
  for (const c of (spec.containers as Array<Record<string, unknown>> | undefined) ?? []) {
    const res = (c.resources as { requests?: unknown; limits?: unknown } | undefined) ?? {};
    const field = `containers[${String(c.name)}]`;
    const cs = statusOf.get(c.name);
    const actual = cs?.resources as { requests?: unknown; limits?: unknown } | undefined;
    containers.push({
      name: typeof c.name === 'string' ? c.name : '',
      requests: quantityRecord(meta.id, `${field}.requests`, res.requests),
      limits: quantityRecord(meta.id, `${field}.limits`, res.limits),
      allocated:
        cs?.allocatedResources === undefined
          ? null
          : quantityRecord(meta.id, `${field}.allocatedResources`, cs.allocatedResources),
      actual:
        actual === undefined || actual === null
          ? null
          : {
              requests: quantityRecord(meta.id, `${field}.resources.requests`, actual.requests),
              limits: quantityRecord(meta.id, `${field}.resources.limits`, actual.limits),
            },
    });
  }
  const reported =
    typeof status.qosClass === 'string' && QOS_CLASSES.has(status.qosClass)
      ? status.qosClass
      : undefined;
  // GetPodQOS reads only the resources; the raw object has the same shape as V1Pod there.
  const qosClass = (reported as PodQOSClass | undefined) ?? getPodQOS(object as V1Pod);
  const computed = reported === undefined ? qosClass : computePodQOS(object as V1Pod);
  const resizeState = getPodResizeState(object as V1Pod);
  const resize =
    resizeState.pending || resizeState.inProgress || resizeState.legacyStatus
      ? {
          pending: resizeState.pending,
          inProgress: resizeState.inProgress,
          legacyStatus: resizeState.legacyStatus,
        }
      : null;
  let terminatedAt: Date | undefined;
  for (const c of (status.conditions as Array<Record<string, unknown>> | undefined) ?? []) {
    if (c.type === 'DisruptionTarget' && c.status === 'True') {
      terminatedAt = optionalTime(
        meta.id,
        'DisruptionTarget.lastTransitionTime',
        c.lastTransitionTime,
      );
    }
  }
  if (!terminatedAt) {
    for (const cs of (status.containerStatuses as
      Array<{ state?: { terminated?: { finishedAt?: unknown } } }> | undefined) ?? []) {
      const f = optionalTime(meta.id, 'finishedAt', cs.state?.terminated?.finishedAt);
      if (f && (!terminatedAt || f > terminatedAt)) terminatedAt = f;
    }
  }
  const owner = owningWorkload(meta.ownerReferences, meta.labels);
  return {
    namespace: meta.namespace,
    name: meta.name,
    uid: meta.uid,
    resourceVersion: meta.resourceVersion,
    nodeName: typeof spec.nodeName === 'string' ? spec.nodeName : null,
    phase: typeof status.phase === 'string' ? status.phase : null,
    reason: typeof status.reason === 'string' ? status.reason : null,
    message: typeof status.message === 'string' ? status.message : null,
    qosClass,
    computedQosClass: computed === qosClass ? null : computed,
    resize,
    priority: typeof spec.priority === 'number' ? spec.priority : null,
    ownerKind: owner?.kind ?? null,
    ownerName: owner?.name ?? null,
    containers,
    terminatedAt: terminatedAt ?? null,
    createdAt: meta.creationTimestamp ?? null,
  };
}
