import type { V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

import { computePodQOS, type PodQOSClass, type PodQOSOptions } from './qos.js';

/**
 * In-place pod resize (KEP-1287, GA in 1.35) as the API shows it: the `PodResizePending` and
 * `PodResizeInProgress` conditions the kubelet's status manager writes
 * (pkg/kubelet/status/status_manager.go), and per container the desired (`spec`), allocated
 * (`status.containerStatuses[].allocatedResources`) and actual
 * (`status.containerStatuses[].resources`) resources.
 */

/** A condition's reason and message, as the kubelet wrote them. */
export interface PodResizeConditionState {
  /** `Deferred` or `Infeasible` for PodResizePending, `Error` (or empty) for PodResizeInProgress. */
  reason: string | null;
  message: string | null;
  lastTransitionTime: string | null;
}

/** A container's resources at each stage of a resize. */
export interface ContainerResizeResources {
  name: string;
  /** `spec.containers[].resources`: what the user asked for. */
  desired: { requests: Record<string, string>; limits: Record<string, string> };
  /** `allocatedResources`: the requests the kubelet admitted; null when the status has none. */
  allocated: Record<string, string> | null;
  /** `status.containerStatuses[].resources`: what the runtime has applied; null when absent. */
  actual: { requests: Record<string, string>; limits: Record<string, string> } | null;
}

/** The resize state of a pod. */
export interface PodResizeState {
  /** The pod has been resized but the kubelet has not allocated it yet. */
  pending: PodResizeConditionState | null;
  /** The kubelet allocated a resize and has not finished applying it. */
  inProgress: PodResizeConditionState | null;
  /**
   * `status.resize` (deprecated since 1.33, written by kubelets 1.27–1.32): `Proposed`,
   * `InProgress`, `Deferred` or `Infeasible`; null when absent.
   */
  legacyStatus: string | null;
  containers: ContainerResizeResources[];
  /** Some container's allocated requests differ from its desired ones. */
  allocatedDiffersFromDesired: boolean;
}

/** Pod condition types of in-place resize (core/v1 types.go). */
export const POD_RESIZE_PENDING = 'PodResizePending';
/** See {@link POD_RESIZE_PENDING}. */
export const POD_RESIZE_IN_PROGRESS = 'PodResizeInProgress';

// Raw objects from a cluster may hold anything where a list belongs; read those as empty.
function list<T>(v: T[] | undefined): T[] {
  return Array.isArray(v) ? v.filter((x) => typeof x === 'object' && x !== null) : [];
}

function textRecord(map: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof map !== 'object' || map === null) return out;
  for (const [k, v] of Object.entries(map)) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function conditionState(pod: V1Pod, type: string): PodResizeConditionState | null {
  const c = list(pod.status?.conditions).find((x) => x.type === type);
  if (c === undefined || c.status !== 'True') return null;
  const t = c.lastTransitionTime as unknown;
  return {
    reason: c.reason ?? null,
    message: c.message ?? null,
    lastTransitionTime: t instanceof Date ? t.toISOString() : typeof t === 'string' ? t : null,
  };
}

// Regular containers and restartable (sidecar) init containers are the ones a resize can touch.
function resizableContainers(pod: V1Pod): Array<{ c: V1Container; s: V1ContainerStatus | null }> {
  const byName = (statuses: V1ContainerStatus[] | undefined) =>
    new Map(list(statuses).map((s) => [s.name, s]));
  const statuses = byName(pod.status?.containerStatuses);
  const initStatuses = byName(pod.status?.initContainerStatuses);
  return [
    ...list(pod.spec?.initContainers)
      .filter((c) => c.restartPolicy === 'Always')
      .map((c) => ({ c, s: initStatuses.get(c.name) ?? null })),
    ...list(pod.spec?.containers).map((c) => ({ c, s: statuses.get(c.name) ?? null })),
  ];
}

function sameRequests(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * The pod's resize state: its two resize conditions (only when `True`), the deprecated
 * `status.resize`, and each resizable container's desired, allocated and actual resources.
 */
export function getPodResizeState(pod: V1Pod): PodResizeState {
  const containers = resizableContainers(pod).map(({ c, s }) => ({
    name: c.name,
    desired: {
      requests: textRecord(c.resources?.requests),
      limits: textRecord(c.resources?.limits),
    },
    allocated: s?.allocatedResources ? textRecord(s.allocatedResources) : null,
    actual:
      typeof s?.resources === 'object' && s.resources !== null
        ? { requests: textRecord(s.resources.requests), limits: textRecord(s.resources.limits) }
        : null,
  }));
  const legacy = (pod.status as { resize?: unknown } | undefined)?.resize;
  return {
    pending: conditionState(pod, POD_RESIZE_PENDING),
    inProgress: conditionState(pod, POD_RESIZE_IN_PROGRESS),
    legacyStatus: typeof legacy === 'string' && legacy !== '' ? legacy : null,
    containers,
    allocatedDiffersFromDesired: containers.some(
      (c) => c.allocated !== null && !sameRequests(c.allocated, c.desired.requests),
    ),
  };
}

// updatePodFromAllocation (pkg/kubelet/allocation/allocation_manager.go)
/**
 * The pod as the kubelet's eviction manager sees it: `getAllocatedPods` (pkg/kubelet/kubelet_pods.go,
 * handed to `evictionManager.Start` in kubelet.go) replaces each container's resources by its
 * allocation before ranking. The API shows the allocated requests as
 * `status.containerStatuses[].allocatedResources`, so each container's requests become those where
 * present (limits stay the spec's: the status does not carry allocated limits, and the ranking reads
 * requests only). Returns the same object when nothing differs.
 */
export function toAllocatedPod(pod: V1Pod): V1Pod {
  const byName = (statuses: V1ContainerStatus[] | undefined) =>
    new Map(list(statuses).map((s) => [s.name, s.allocatedResources]));
  const allocated = byName(pod.status?.containerStatuses);
  const initAllocated = byName(pod.status?.initContainerStatuses);
  let changed = false;
  const apply = (c: V1Container, alloc: Record<string, string> | undefined): V1Container => {
    if (alloc === undefined || sameRequests(textRecord(c.resources?.requests), textRecord(alloc))) {
      return c;
    }
    changed = true;
    return { ...c, resources: { ...c.resources, requests: { ...alloc } } };
  };
  const containers = (pod.spec?.containers ?? []).map((c) => apply(c, allocated.get(c.name)));
  const initContainers = pod.spec?.initContainers?.map((c) => apply(c, initAllocated.get(c.name)));
  if (!changed || pod.spec === undefined) return pod;
  return {
    ...pod,
    spec: { ...pod.spec, containers, ...(initContainers ? { initContainers } : {}) },
  };
}

/** The class Kubernetes reports and the class the spec gives today, when they differ. */
export interface PodQOSReport {
  /** `GetPodQOS`: `status.qosClass` when set, which is fixed when the pod is created. */
  reported: PodQOSClass | null;
  /** `ComputePodQOS` on the current spec. */
  computed: PodQOSClass;
  /** Both known and different: a resize (or a pre-validation spec) moved the spec away. */
  differs: boolean;
}

const QOS = new Set<string>(['Guaranteed', 'Burstable', 'BestEffort']);

/**
 * `status.qosClass` beside `ComputePodQOS(spec)`. A resize changes a pod's resources but never its
 * class: `ValidatePodResize` (pkg/apis/core/validation/validation.go) refuses one for which
 * `GetPodQOS(old) != ComputePodQOS(new)`, and the kubelet keeps reading `status.qosClass`. A
 * difference therefore means the class was computed by other rules (an older API server, the
 * PodLevelResources gate off) or the status is not written yet — Kubernetes goes by `reported`.
 */
export function getPodQOSReport(pod: V1Pod, opts: PodQOSOptions = {}): PodQOSReport {
  const raw = pod.status?.qosClass;
  const reported = raw !== undefined && QOS.has(raw) ? (raw as PodQOSClass) : null;
  const computed = computePodQOS(pod, opts);
  return { reported, computed, differs: reported !== null && reported !== computed };
}
