import type {
  V1Container,
  V1ContainerStatus,
  V1Pod,
  V1ResourceRequirements,
} from '@kubernetes/client-node';

import { newQuantity, parseQuantity, type Quantity } from './quantity.js';

/**
 * A parsed `v1.ResourceList`: resource name → quantity. Absent keys mean "not set", exactly as a
 * missing map entry does in Go (which is not the same thing as an explicit zero).
 */
export type ResourceList = Record<string, Quantity>;

/**
 * Options for {@link podRequests} and {@link podLimits}; the `PodResourcesOptions` struct of
 * k8s.io/component-helpers/resource/helpers.go. `Reuse` (an allocation optimisation) and the DRA
 * node-allocatable claim option are not ported.
 */
export interface PodResourcesOptions {
  /** Leave `spec.overhead` out of the totals (`ExcludeOverhead`). */
  excludeOverhead?: boolean;
  /** Ignore `spec.resources` (pod-level resources) even when set (`SkipPodLevelResources`). */
  skipPodLevelResources?: boolean;
  /**
   * State of the `PodLevelResources` feature gate. Upstream callers translate a disabled gate into
   * `SkipPodLevelResources: true`; `false` here does the same. Default: enabled (beta since 1.34).
   */
  podLevelResourcesEnabled?: boolean;
  /**
   * State of the `InPlacePodVerticalScaling` feature gate. Upstream says `UseStatusResources` MUST be
   * false when the gate is off (before 1.32 the option itself was named after this gate), so
   * `false` here forces status resources off. Default: enabled.
   */
  inPlacePodVerticalScalingEnabled?: boolean;
  /** Take resized resources reported in the pod status into account (`UseStatusResources`). */
  useStatusResources?: boolean;
  /**
   * State of `InPlacePodLevelResourcesVerticalScaling`: read pod-level `status.resources` and
   * `status.allocatedResources` directly (`InPlacePodLevelResourcesVerticalScalingEnabled`).
   */
  inPlacePodLevelResourcesVerticalScalingEnabled?: boolean;
  /**
   * Replaces missing container-level requests for these resources; explicitly set requests, even
   * zero ones, are left alone (`NonMissingContainerRequests`).
   */
  nonMissingContainerRequests?: Record<string, Quantity>;
  /** Leave container-level requests out of {@link podRequests} (`SkipContainerLevelResources`). */
  skipContainerLevelResources?: boolean;
}

/** The restart policy that turns an init container into a sidecar (`ContainerRestartPolicyAlways`). */
export const CONTAINER_RESTART_POLICY_ALWAYS = 'Always';

const RESOURCE_CPU = 'cpu';
const RESOURCE_MEMORY = 'memory';
const RESOURCE_HUGE_PAGES_PREFIX = 'hugepages-';
const POD_RESIZE_PENDING = 'PodResizePending';
const POD_REASON_INFEASIBLE = 'Infeasible';
const POD_REASON_DEFERRED = 'Deferred';

const SUPPORTED_POD_LEVEL_RESOURCES = new Set([RESOURCE_CPU, RESOURCE_MEMORY]);

type RawResourceList = Record<string, string> | undefined;

type ContainerResourceFn = (
  container: V1Container,
  containerStatus: V1ContainerStatus | undefined,
  isResizeInfeasible: boolean,
) => ResourceList | undefined;

/**
 * Parses a wire-format resource map (quantity strings) into a {@link ResourceList}. `undefined`
 * stays `undefined` so callers can tell a nil map from an empty one, as Go code does.
 */
export function parseResourceList(raw: RawResourceList): ResourceList | undefined {
  if (raw === undefined || raw === null) return undefined;
  const out: ResourceList = {};
  for (const [name, value] of Object.entries(raw)) out[name] = parseQuantity(value);
  return out;
}

// isRestartableInitContainer (staging/src/k8s.io/component-helpers/resource/helpers.go)
/**
 * Whether an init container is a restartable init container, i.e. a sidecar: `restartPolicy` is
 * `Always`. Only meaningful for entries of `spec.initContainers`.
 */
export function isRestartableInitContainer(container: V1Container): boolean {
  return container.restartPolicy === CONTAINER_RESTART_POLICY_ALWAYS;
}

// IsSupportedPodLevelResource (staging/src/k8s.io/component-helpers/resource/helpers.go)
/** Whether pod-level resources (`spec.resources`) may set this resource: cpu, memory, hugepages-*. */
export function isSupportedPodLevelResource(name: string): boolean {
  return SUPPORTED_POD_LEVEL_RESOURCES.has(name) || name.startsWith(RESOURCE_HUGE_PAGES_PREFIX);
}

function hasSupportedPodLevelResource(list: RawResourceList): boolean {
  return Object.keys(list ?? {}).some(isSupportedPodLevelResource);
}

// IsPodLevelResourcesSet (staging/src/k8s.io/component-helpers/resource/helpers.go)
/** Whether `spec.resources` sets a supported resource in its requests or its limits. */
export function isPodLevelResourcesSet(pod: V1Pod): boolean {
  const resources = pod.spec?.resources;
  if (resources === undefined) return false;
  return (
    hasSupportedPodLevelResource(resources.requests) ||
    hasSupportedPodLevelResource(resources.limits)
  );
}

// IsPodLevelRequestsSet (staging/src/k8s.io/component-helpers/resource/helpers.go)
/** Whether `spec.resources.requests` sets a supported resource. */
export function isPodLevelRequestsSet(pod: V1Pod): boolean {
  return hasSupportedPodLevelResource(pod.spec?.resources?.requests);
}

// IsPodLevelLimitsSet (staging/src/k8s.io/component-helpers/resource/helpers.go)
/** Whether `spec.resources.limits` sets a supported resource. */
export function isPodLevelLimitsSet(pod: V1Pod): boolean {
  return hasSupportedPodLevelResource(pod.spec?.resources?.limits);
}

function resizePendingReason(pod: V1Pod): string | undefined {
  const condition = (pod.status?.conditions ?? []).find((c) => c.type === POD_RESIZE_PENDING);
  return condition === undefined ? undefined : (condition.reason ?? '');
}

// IsPodResizeInfeasible (staging/src/k8s.io/component-helpers/resource/helpers.go)
/** Whether the first `PodResizePending` condition has reason `Infeasible`. */
export function isPodResizeInfeasible(pod: V1Pod): boolean {
  return resizePendingReason(pod) === POD_REASON_INFEASIBLE;
}

// IsPodResizeDeferred (staging/src/k8s.io/component-helpers/resource/helpers.go)
/** Whether the first `PodResizePending` condition has reason `Deferred`. */
export function isPodResizeDeferred(pod: V1Pod): boolean {
  return resizePendingReason(pod) === POD_REASON_DEFERRED;
}

function resolveOptions(opts: PodResourcesOptions): PodResourcesOptions {
  return {
    ...opts,
    skipPodLevelResources:
      opts.skipPodLevelResources === true || opts.podLevelResourcesEnabled === false,
    useStatusResources:
      opts.useStatusResources === true && opts.inPlacePodVerticalScalingEnabled !== false,
  };
}

// PodRequests (staging/src/k8s.io/component-helpers/resource/helpers.go)
/**
 * Total requests of a pod as the scheduler and kubelet admission see them: the sidecar-aware sum of
 * container requests, replaced per resource by pod-level requests when those are set, plus
 * `spec.overhead` unless excluded. Throws `QuantityParseError` on a malformed quantity string.
 */
export function podRequests(pod: V1Pod, opts: PodResourcesOptions = {}): ResourceList {
  const o = resolveOptions(opts);
  const reqs: ResourceList = o.skipContainerLevelResources
    ? {}
    : aggregateContainerRequests(pod, o);

  if (!o.skipPodLevelResources && isPodLevelRequestsSet(pod)) {
    let effectiveReqs = parseResourceList(pod.spec?.resources?.requests);
    const status = pod.status;
    if (
      o.inPlacePodLevelResourcesVerticalScalingEnabled &&
      o.useStatusResources &&
      (status?.resources !== undefined || status?.allocatedResources !== undefined)
    ) {
      const statusRequests =
        status.resources !== undefined ? parseResourceList(status.resources.requests) : undefined;
      const allocatedRequests = parseResourceList(status.allocatedResources);
      const overhead = parseResourceList(pod.spec?.overhead);
      if (overhead !== undefined) {
        // Pod-level status includes the overhead, the spec does not; compare like with like.
        subtractResourceList(statusRequests, overhead);
        subtractResourceList(allocatedRequests, overhead);
      }
      effectiveReqs = effectivePodLevelResources(pod, effectiveReqs, [
        statusRequests,
        allocatedRequests,
      ]);
    }
    applyPodLevelResources(reqs, effectiveReqs);
  }

  const overhead = parseResourceList(pod.spec?.overhead);
  if (!o.excludeOverhead && overhead !== undefined) addResourceList(reqs, overhead);
  return reqs;
}

// PodInfo.CalculateResource (pkg/scheduler/framework/types.go), its requests
/**
 * What a pod already on a node counts for in the scheduler's NodeInfo (`Requested`): PodRequests
 * with `UseStatusResources` (InPlacePodVerticalScaling, GA in 1.35), so a pod being resized in place
 * counts with the larger of its desired, allocated and actuated requests per resource, and an
 * infeasible resize with what was allocated. Gates default to 1.35's defaults.
 */
export function assignedPodRequests(
  pod: V1Pod,
  gates: { podLevelResources?: boolean; inPlacePodLevelResourcesVerticalScaling?: boolean } = {},
): ResourceList {
  return podRequests(pod, {
    useStatusResources: true,
    skipPodLevelResources: gates.podLevelResources === false,
    inPlacePodLevelResourcesVerticalScalingEnabled:
      gates.inPlacePodLevelResourcesVerticalScaling === true,
  });
}

// PodLimits (staging/src/k8s.io/component-helpers/resource/helpers.go)
/**
 * Total limits of a pod: the sidecar-aware sum of container limits, replaced per resource by
 * pod-level limits when set, with `spec.overhead` added only to limits that are present and
 * non-zero (an unlimited resource stays unlimited). Throws `QuantityParseError` on a malformed
 * quantity string.
 */
export function podLimits(pod: V1Pod, opts: PodResourcesOptions = {}): ResourceList {
  const o = resolveOptions(opts);
  const limits = aggregateContainerLimits(pod, o);

  if (!o.skipPodLevelResources && isPodLevelResourcesSet(pod)) {
    let effectiveLims = parseResourceList(pod.spec?.resources?.limits);
    const statusResources = pod.status?.resources;
    if (
      o.inPlacePodLevelResourcesVerticalScalingEnabled &&
      o.useStatusResources &&
      statusResources !== undefined
    ) {
      const statusLimits = parseResourceList(statusResources.limits);
      const overhead = parseResourceList(pod.spec?.overhead);
      if (overhead !== undefined) subtractResourceList(statusLimits, overhead);
      effectiveLims = effectivePodLevelResources(pod, effectiveLims, [statusLimits]);
    }
    applyPodLevelResources(limits, effectiveLims);
  }

  const overhead = parseResourceList(pod.spec?.overhead);
  if (!o.excludeOverhead && overhead !== undefined) {
    for (const [name, quantity] of Object.entries(overhead)) {
      const value = limits[name];
      if (value !== undefined && !value.isZero()) limits[name] = value.add(quantity);
    }
  }
  return limits;
}

// applyPodLevelResources (staging/src/k8s.io/component-helpers/resource/helpers.go)
function applyPodLevelResources(result: ResourceList, effective: ResourceList | undefined): void {
  for (const [name, quantity] of Object.entries(effective ?? {})) {
    if (isSupportedPodLevelResource(name)) result[name] = quantity;
  }
}

// effectivePodLevelResources (staging/src/k8s.io/component-helpers/resource/helpers.go)
function effectivePodLevelResources(
  pod: V1Pod,
  spec: ResourceList | undefined,
  statuses: (ResourceList | undefined)[],
): ResourceList {
  // An infeasible resize never gets actuated, so the desired spec must not count.
  return maxResourceLists(isPodResizeInfeasible(pod) ? undefined : spec, statuses);
}

function requirementsOf(container: V1Container): V1ResourceRequirements | undefined {
  return container.resources;
}

// containerSpecRequests (staging/src/k8s.io/component-helpers/resource/helpers.go)
const containerSpecRequests: ContainerResourceFn = (container) =>
  parseResourceList(requirementsOf(container)?.requests);

// containerAllocatedRequests (staging/src/k8s.io/component-helpers/resource/helpers.go)
const containerAllocatedRequests: ContainerResourceFn = (container, cs, isResizeInfeasible) => {
  if (cs?.allocatedResources !== undefined) return parseResourceList(cs.allocatedResources);
  if (isResizeInfeasible) return undefined;
  return parseResourceList(requirementsOf(container)?.requests);
};

// containerActuatedRequests (staging/src/k8s.io/component-helpers/resource/helpers.go)
const containerActuatedRequests: ContainerResourceFn = (container, cs, isResizeInfeasible) => {
  if (cs?.resources?.requests !== undefined) return parseResourceList(cs.resources.requests);
  if (cs?.allocatedResources !== undefined) return parseResourceList(cs.allocatedResources);
  if (isResizeInfeasible) return undefined;
  return parseResourceList(requirementsOf(container)?.requests);
};

// containerSpecLimits (staging/src/k8s.io/component-helpers/resource/helpers.go)
const containerSpecLimits: ContainerResourceFn = (container) =>
  parseResourceList(requirementsOf(container)?.limits);

// containerActuatedLimits (staging/src/k8s.io/component-helpers/resource/helpers.go)
const containerActuatedLimits: ContainerResourceFn = (container, cs, isResizeInfeasible) => {
  if (cs?.resources?.limits !== undefined) return parseResourceList(cs.resources.limits);
  if (isResizeInfeasible) return undefined;
  return parseResourceList(requirementsOf(container)?.limits);
};

// findContainerStatus (staging/src/k8s.io/component-helpers/resource/helpers.go)
function findContainerStatus(pod: V1Pod, name: string): V1ContainerStatus | undefined {
  return (
    (pod.status?.containerStatuses ?? []).find((cs) => cs.name === name) ??
    (pod.status?.initContainerStatuses ?? []).find((cs) => cs.name === name)
  );
}

// applyNonMissing (staging/src/k8s.io/component-helpers/resource/helpers.go)
function applyNonMissing(
  reqs: ResourceList | undefined,
  nonMissing: Record<string, Quantity>,
): ResourceList {
  const copy: ResourceList = { ...(reqs ?? {}) };
  for (const [name, quantity] of Object.entries(nonMissing)) {
    if (reqs?.[name] === undefined) copy[name] = quantity;
  }
  return copy;
}

// aggregateContainerResourcesByFn (staging/src/k8s.io/component-helpers/resource/helpers.go)
function aggregateContainerResourcesByFn(
  pod: V1Pod,
  opts: PodResourcesOptions,
  getResourceList: ContainerResourceFn,
): ResourceList {
  const isResizeInfeasible = opts.useStatusResources ? isPodResizeInfeasible(pod) : false;
  const nonMissing = opts.nonMissingContainerRequests ?? {};
  const applyDefaults = Object.keys(nonMissing).length > 0;
  const resourcesOf = (container: V1Container): ResourceList | undefined => {
    const cs = opts.useStatusResources ? findContainerStatus(pod, container.name) : undefined;
    const resources = getResourceList(container, cs, isResizeInfeasible);
    return applyDefaults ? applyNonMissing(resources, nonMissing) : resources;
  };

  const result: ResourceList = {};
  for (const container of pod.spec?.containers ?? []) {
    addResourceList(result, resourcesOf(container));
  }

  // Init containers define the minimum of any resource. While the i-th init container runs, the
  // sidecars started before it are running too:
  // InitContainerUse(i) = sum(restartable init containers with index < i) + resources of i.
  // See KEP-753 (sidecar containers), "Exposing Pod Resource Requirements".
  const restartableInitContainerResources: ResourceList = {};
  const initContainerResources: ResourceList = {};
  for (const container of pod.spec?.initContainers ?? []) {
    let containerResources: ResourceList | undefined = resourcesOf(container);
    if (isRestartableInitContainer(container)) {
      // A sidecar keeps running next to the regular containers, so it adds to the steady state.
      addResourceList(result, containerResources);
      addResourceList(restartableInitContainerResources, containerResources);
      containerResources = restartableInitContainerResources;
    } else {
      const combined: ResourceList = {};
      addResourceList(combined, containerResources);
      addResourceList(combined, restartableInitContainerResources);
      containerResources = combined;
    }
    maxResourceList(initContainerResources, containerResources);
  }
  maxResourceList(result, initContainerResources);
  return result;
}

// AggregateContainerRequests (staging/src/k8s.io/component-helpers/resource/helpers.go)
/**
 * Sidecar-aware aggregate of container requests (KEP-753): regular containers and sidecars add up,
 * and each init container's peak (itself plus the sidecars started before it) sets a floor. With
 * `useStatusResources` the per-resource max of spec, allocated and actuated requests is used, so a
 * pending resize is accounted for in both directions.
 */
export function aggregateContainerRequests(
  pod: V1Pod,
  opts: PodResourcesOptions = {},
): ResourceList {
  const o = resolveOptions(opts);
  if (!o.useStatusResources) return aggregateContainerResourcesByFn(pod, o, containerSpecRequests);

  const isResizeInfeasible = isPodResizeInfeasible(pod);
  const specReqs = aggregateContainerResourcesByFn(pod, o, containerSpecRequests);
  let allocatedReqs: ResourceList | undefined;
  let actuatedReqs: ResourceList | undefined;
  const status = pod.status;
  // Pod-level status maps, when populated, already hold the aggregate over all containers; before
  // that (at creation, or with the gate off) the container statuses are aggregated instead.
  if (
    o.inPlacePodLevelResourcesVerticalScalingEnabled &&
    status?.allocatedResources !== undefined &&
    status.resources?.requests !== undefined
  ) {
    allocatedReqs = parseResourceList(status.allocatedResources);
    actuatedReqs = parseResourceList(status.resources.requests);
  } else {
    allocatedReqs = aggregateContainerResourcesByFn(pod, o, containerAllocatedRequests);
    actuatedReqs = aggregateContainerResourcesByFn(pod, o, containerActuatedRequests);
  }
  return isResizeInfeasible
    ? maxResourceLists(actuatedReqs, [allocatedReqs])
    : maxResourceLists(specReqs, [actuatedReqs, allocatedReqs]);
}

// AggregateContainerLimits (staging/src/k8s.io/component-helpers/resource/helpers.go)
/**
 * Sidecar-aware aggregate of container limits, computed like {@link aggregateContainerRequests};
 * `nonMissingContainerRequests` never applies to limits. With `useStatusResources` the per-resource
 * max of spec and actuated limits is used.
 */
export function aggregateContainerLimits(pod: V1Pod, opts: PodResourcesOptions = {}): ResourceList {
  const o: PodResourcesOptions = {
    ...resolveOptions(opts),
    nonMissingContainerRequests: undefined,
  };
  if (!o.useStatusResources) return aggregateContainerResourcesByFn(pod, o, containerSpecLimits);

  const isResizeInfeasible = isPodResizeInfeasible(pod);
  const specLimits = aggregateContainerResourcesByFn(pod, o, containerSpecLimits);
  const statusLimits = pod.status?.resources?.limits;
  const actuatedLimits =
    o.inPlacePodLevelResourcesVerticalScalingEnabled && statusLimits !== undefined
      ? parseResourceList(statusLimits)
      : aggregateContainerResourcesByFn(pod, o, containerActuatedLimits);
  return isResizeInfeasible
    ? maxResourceLists(actuatedLimits, [])
    : maxResourceLists(specLimits, [actuatedLimits]);
}

// addResourceList (staging/src/k8s.io/component-helpers/resource/helpers.go)
function addResourceList(list: ResourceList, newList: ResourceList | undefined): void {
  for (const [name, quantity] of Object.entries(newList ?? {})) {
    const value = list[name];
    list[name] = value === undefined ? quantity : value.add(quantity);
  }
}

// subtractResourceList (staging/src/k8s.io/component-helpers/resource/helpers.go)
function subtractResourceList(list: ResourceList | undefined, newList: ResourceList): void {
  if (list === undefined) return;
  for (const [name, quantity] of Object.entries(newList)) {
    const value = list[name];
    if (value === undefined) continue;
    const difference = value.sub(quantity);
    list[name] = difference.sign() < 0 ? newQuantity(0n, difference.format) : difference;
  }
}

// maxResourceList (staging/src/k8s.io/component-helpers/resource/helpers.go)
function maxResourceList(list: ResourceList, newList: ResourceList | undefined): void {
  for (const [name, quantity] of Object.entries(newList ?? {})) {
    const value = list[name];
    if (value === undefined || quantity.cmp(value) > 0) list[name] = quantity;
  }
}

// max (staging/src/k8s.io/component-helpers/resource/helpers.go)
function maxResourceLists(
  a: ResourceList | undefined,
  others: (ResourceList | undefined)[],
): ResourceList {
  const result: ResourceList = { ...(a ?? {}) };
  for (const other of others) maxResourceList(result, other);
  return result;
}
