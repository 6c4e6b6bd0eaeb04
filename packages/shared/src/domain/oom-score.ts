import type { V1Container, V1Pod } from '@kubernetes/client-node';

import {
  aggregateContainerRequests,
  isPodLevelRequestsSet,
  isRestartableInitContainer,
} from './pod-resources.js';
import { getPodQOS } from './qos.js';
import { parseQuantity } from './quantity.js';

/** oom_score_adj the kubelet gives its own process (`KubeletOOMScoreAdj`). */
export const KUBELET_OOM_SCORE_ADJ = -999;
/** oom_score_adj for kube-proxy (`KubeProxyOOMScoreAdj`). */
export const KUBE_PROXY_OOM_SCORE_ADJ = -999;
/**
 * oom_score_adj for Guaranteed and node-critical containers (`guaranteedOOMScoreAdj`). Current
 * source says -997. Old releases (and much course material) used -998, the same value as the
 * Docker-era pod infra container (`PodInfraOOMAdj`); it was raised to -997 so that the kernel kills
 * an application container before the sandbox it lives in.
 */
export const GUARANTEED_OOM_SCORE_ADJ = -997;
/** oom_score_adj for BestEffort containers, the first the kernel kills (`besteffortOOMScoreAdj`). */
export const BESTEFFORT_OOM_SCORE_ADJ = 1000;

/** `scheduling.SystemCriticalPriority`: priorities at or above it mark a critical pod. */
export const SYSTEM_CRITICAL_PRIORITY = 2 * 1000000000;
/** `scheduling.SystemNodeCritical`, the priority class of node-critical pods. */
export const SYSTEM_NODE_CRITICAL_PRIORITY_CLASS = 'system-node-critical';

const CONFIG_SOURCE_ANNOTATION_KEY = 'kubernetes.io/config.source';
const CONFIG_MIRROR_ANNOTATION_KEY = 'kubernetes.io/config.mirror';
const API_SERVER_SOURCE = 'api';

/** Options for {@link getContainerOOMScoreAdjust}. */
export interface OOMScoreOptions {
  /** State of the `PodLevelResources` feature gate. Default: `true` (beta since 1.34). */
  podLevelResources?: boolean;
}

// IsMirrorPod (pkg/kubelet/types/pod_update.go)
/** Whether the pod is the API-server mirror of a static pod (has the config.mirror annotation). */
export function isMirrorPod(pod: V1Pod): boolean {
  const annotations = pod.metadata?.annotations;
  return annotations !== undefined && CONFIG_MIRROR_ANNOTATION_KEY in annotations;
}

// IsStaticPod (pkg/kubelet/types/pod_update.go)
/** Whether the kubelet got the pod from a file or URL rather than the API server. */
export function isStaticPod(pod: V1Pod): boolean {
  const source = pod.metadata?.annotations?.[CONFIG_SOURCE_ANNOTATION_KEY];
  return source !== undefined && source !== API_SERVER_SOURCE;
}

// IsCriticalPodBasedOnPriority (pkg/kubelet/types/pod_update.go)
/** Whether a resolved priority is at or above {@link SYSTEM_CRITICAL_PRIORITY}. */
export function isCriticalPodBasedOnPriority(priority: number): boolean {
  return priority >= SYSTEM_CRITICAL_PRIORITY;
}

// IsCriticalPod (pkg/kubelet/types/pod_update.go)
/** Static pods, mirror pods, and pods whose priority is at least system-critical. */
export function isCriticalPod(pod: V1Pod): boolean {
  if (isStaticPod(pod) || isMirrorPod(pod)) return true;
  const priority = pod.spec?.priority;
  return priority !== undefined && isCriticalPodBasedOnPriority(priority);
}

// IsNodeCriticalPod (pkg/kubelet/types/pod_update.go)
/** A critical pod whose priority class is `system-node-critical`. */
export function isNodeCriticalPod(pod: V1Pod): boolean {
  return isCriticalPod(pod) && pod.spec?.priorityClassName === SYSTEM_NODE_CRITICAL_PRIORITY_CLASS;
}

function memoryRequestBytes(container: V1Container): bigint {
  const raw = container.resources?.requests?.['memory'];
  return raw === undefined ? 0n : parseQuantity(raw).value();
}

// isSidecarContainer (pkg/kubelet/qos/policy.go)
function isSidecarContainer(pod: V1Pod, container: V1Container): boolean {
  return (
    isRestartableInitContainer(container) &&
    (pod.spec?.initContainers ?? []).some((init) => init.name === container.name)
  );
}

// minRegularContainerMemory (pkg/kubelet/qos/helpers.go)
function minRegularContainerMemory(pod: V1Pod): bigint {
  const containers = pod.spec?.containers ?? [];
  if (containers.length === 0) {
    // Go indexes Containers[0] and would panic; API validation never admits such a pod.
    throw new RangeError('pod has no regular containers');
  }
  return containers.map(memoryRequestBytes).reduce((min, v) => (v < min ? v : min));
}

// remainingPodMemReqPerContainer (pkg/kubelet/qos/helpers.go)
function remainingPodMemReqPerContainer(pod: V1Pod): bigint {
  const podMemory = pod.spec?.resources?.requests?.['memory'];
  const podMemoryBytes = podMemory === undefined ? 0n : parseQuantity(podMemory).value();
  if (podMemoryBytes === 0n) return 0n;
  const numContainers = BigInt(
    (pod.spec?.containers ?? []).length + (pod.spec?.initContainers ?? []).length,
  );
  const containerMemory = aggregateContainerRequests(pod)['memory']?.value() ?? 0n;
  // Pod memory that no container requested is shared out evenly when scoring (KEP-2837).
  return (podMemoryBytes - containerMemory) / numContainers;
}

// GetContainerOOMScoreAdjust (pkg/kubelet/qos/policy.go)
/**
 * The oom_score_adj the kubelet writes for a container. Node-critical and Guaranteed pods get
 * {@link GUARANTEED_OOM_SCORE_ADJ}, BestEffort pods {@link BESTEFFORT_OOM_SCORE_ADJ}. Burstable
 * containers get `1000 - (1000 * memoryRequest) / memoryCapacity` (integer division, as in Go),
 * where pod-level memory requests not claimed by any container are shared out evenly; a sidecar
 * never scores above the regular container with the smallest request; the result is clamped to
 * at least `1000 + GUARANTEED_OOM_SCORE_ADJ` (3) and 1000 becomes 999, so a Burstable container
 * always outlives BestEffort ones and never outlives Guaranteed ones.
 *
 * Ports the default-gate behaviour: the alpha `KubeletOOMScoreAdjTieBreak` nudge and DRA
 * node-allocatable memory claims of Kubernetes master are not applied. Throws a RangeError when
 * `memoryCapacityBytes` is not positive (Go would panic dividing by zero).
 */
export function getContainerOOMScoreAdjust(
  pod: V1Pod,
  container: V1Container,
  memoryCapacityBytes: bigint,
  opts: OOMScoreOptions = {},
): number {
  if (isNodeCriticalPod(pod)) return GUARANTEED_OOM_SCORE_ADJ;

  const podLevelResources = opts.podLevelResources ?? true;
  switch (getPodQOS(pod, { podLevelResources })) {
    case 'Guaranteed':
      return GUARANTEED_OOM_SCORE_ADJ;
    case 'BestEffort':
      return BESTEFFORT_OOM_SCORE_ADJ;
    case 'Burstable':
      break;
  }
  if (memoryCapacityBytes <= 0n) throw new RangeError('memoryCapacityBytes must be positive');

  // A heuristic: a container requesting 10% of the node's memory scores 900, so a process that
  // uses more than it requested ends up near 1000 and is a prime OOM-kill target.
  const containerMemReq = memoryRequestBytes(container);
  const usePodLevel = podLevelResources && isPodLevelRequestsSet(pod);
  const remainingReqPerContainer = usePodLevel ? remainingPodMemReqPerContainer(pod) : 0n;
  let oomScoreAdjust =
    1000n - (1000n * (containerMemReq + remainingReqPerContainer)) / memoryCapacityBytes;

  if (isSidecarContainer(pod, container)) {
    // A sidecar must not be killed before the regular containers it serves.
    let minMemoryRequest = minRegularContainerMemory(pod);
    if (usePodLevel) minMemoryRequest += remainingReqPerContainer;
    const minMemoryOomScoreAdjust = 1000n - (1000n * minMemoryRequest) / memoryCapacityBytes;
    if (oomScoreAdjust > minMemoryOomScoreAdjust) oomScoreAdjust = minMemoryOomScoreAdjust;
  }

  const score = Number(oomScoreAdjust);
  // A Guaranteed pod using all memory scores about 10; keep Burstable above it.
  if (score < 1000 + GUARANTEED_OOM_SCORE_ADJ) return 1000 + GUARANTEED_OOM_SCORE_ADJ;
  // Give Burstable containers a better chance of survival than BestEffort ones.
  if (score === BESTEFFORT_OOM_SCORE_ADJ) return score - 1;
  return score;
}
