import type { V1Pod } from '@kubernetes/client-node';

import { parseResourceList, type ResourceList } from './pod-resources.js';

/** A pod's quality-of-service class (`v1.PodQOSClass`). */
export type PodQOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** Options for {@link getPodQOS} and {@link computePodQOS}. */
export interface PodQOSOptions {
  /**
   * State of the `PodLevelResources` feature gate (alpha 1.32, beta and on by default since 1.34).
   * When on and `spec.resources` is present, only the pod-level resources decide the class.
   * Default: `true`.
   */
  podLevelResources?: boolean;
}

const SUPPORTED_QOS_COMPUTE_RESOURCES = new Set(['cpu', 'memory']);
const QOS_CLASSES = new Set<string>(['Guaranteed', 'Burstable', 'BestEffort']);

// isSupportedQoSComputeResource (pkg/apis/core/v1/helper/qos/qos.go)
/** Whether a resource takes part in QoS classification: only cpu and memory do. */
export function isSupportedQoSComputeResource(name: string): boolean {
  return SUPPORTED_QOS_COMPUTE_RESOURCES.has(name);
}

// GetPodQOS (pkg/apis/core/v1/helper/qos/qos.go)
/**
 * The QoS class of a pod: `status.qosClass` when the API server has persisted it (it is immutable
 * once set, so a later spec change cannot move the pod), otherwise {@link computePodQOS}. A value
 * that is not one of the three classes is ignored and the class recomputed.
 */
export function getPodQOS(pod: V1Pod, opts: PodQOSOptions = {}): PodQOSClass {
  const persisted = pod.status?.qosClass;
  if (persisted !== undefined && persisted !== '' && QOS_CLASSES.has(persisted)) {
    return persisted as PodQOSClass;
  }
  return computePodQOS(pod, opts);
}

// processResourceList (pkg/apis/core/v1/helper/qos/qos.go)
function processResourceList(list: ResourceList, newList: ResourceList | undefined): void {
  for (const [name, quantity] of Object.entries(newList ?? {})) {
    // Zero and negative quantities count as "not set" for QoS.
    if (!isSupportedQoSComputeResource(name) || quantity.sign() <= 0) continue;
    const existing = list[name];
    list[name] = existing === undefined ? quantity : quantity.add(existing);
  }
}

// getQOSResources (pkg/apis/core/v1/helper/qos/qos.go)
function getQOSResources(list: ResourceList | undefined): Set<string> {
  const names = new Set<string>();
  for (const [name, quantity] of Object.entries(list ?? {})) {
    if (isSupportedQoSComputeResource(name) && quantity.sign() > 0) names.add(name);
  }
  return names;
}

function hasCpuAndMemory(names: Set<string>): boolean {
  return names.has('memory') && names.has('cpu');
}

// ComputePodQOS (pkg/apis/core/v1/helper/qos/qos.go)
/**
 * Evaluates a pod's QoS class from its spec. BestEffort: no cpu/memory requests or limits anywhere.
 * Guaranteed: every container (regular and init) has non-zero cpu and memory limits, and the summed
 * requests equal the summed limits. Anything else is Burstable. With pod-level resources enabled and
 * `spec.resources` present, the same rule is applied to `spec.resources` alone.
 *
 * This follows the summing algorithm of the release branches (1.32–1.36). Kubernetes master has
 * since rewritten it as a per-container classification (`resourceQOS`); the two differ only for
 * pods whose containers' cpu/memory requests and limits differ individually yet sum to equal totals
 * (release: Guaranteed, master: Burstable).
 */
export function computePodQOS(pod: V1Pod, opts: PodQOSOptions = {}): PodQOSClass {
  const requests: ResourceList = {};
  const limits: ResourceList = {};
  let isGuaranteed = true;
  const podResources = pod.spec?.resources;

  if ((opts.podLevelResources ?? true) && podResources !== undefined) {
    const podRequests = parseResourceList(podResources.requests);
    const podLimits = parseResourceList(podResources.limits);
    if (Object.keys(podRequests ?? {}).length > 0) processResourceList(requests, podRequests);
    if (Object.keys(podLimits ?? {}).length > 0) {
      processResourceList(limits, podLimits);
      if (!hasCpuAndMemory(getQOSResources(podLimits))) isGuaranteed = false;
    }
  } else {
    // Ephemeral containers cannot set resources, so they never affect the class.
    const allContainers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
    for (const container of allContainers) {
      processResourceList(requests, parseResourceList(container.resources?.requests));
      const containerLimits = parseResourceList(container.resources?.limits);
      processResourceList(limits, containerLimits);
      if (!hasCpuAndMemory(getQOSResources(containerLimits))) isGuaranteed = false;
    }
  }

  const requestNames = Object.keys(requests);
  const limitNames = Object.keys(limits);
  if (requestNames.length === 0 && limitNames.length === 0) return 'BestEffort';
  if (isGuaranteed) {
    for (const name of requestNames) {
      const request = requests[name];
      const limit = limits[name];
      if (request === undefined || limit === undefined || limit.cmp(request) !== 0) {
        isGuaranteed = false;
        break;
      }
    }
  }
  if (isGuaranteed && requestNames.length === limitNames.length) return 'Guaranteed';
  return 'Burstable';
}
