import type { V1Container, V1Pod } from '@kubernetes/client-node';

import { parseQuantity } from './quantity.js';
import { getPodQOS } from './qos.js';

/**
 * Swap for pods (KEP-2400, NodeSwap GA in 1.34), ported from kubernetes/kubernetes
 * pkg/kubelet/kuberuntime/kuberuntime_container_linux.go.
 */

/** `memorySwap.swapBehavior` of the kubelet configuration: `NoSwap` (default) or `LimitedSwap`. */
export type SwapBehavior = 'NoSwap' | 'LimitedSwap';

/** What decides a container's swap besides the pod. */
export interface ContainerSwapContext {
  /** The kubelet's `memorySwap.swapBehavior`; empty means NoSwap. */
  swapBehavior: string;
  /** The swap cgroup controller is available. */
  swapControllerAvailable: boolean;
  /** cgroup v2 (`isCgroup2UnifiedMode`); swap is never configured on v1. */
  cgroupV2: boolean;
  /** `types.IsCriticalPod`: static, mirror or system-critical priority pods never swap. */
  criticalPod: boolean;
}

const quantity = (v: string | undefined) => (v === undefined ? null : parseQuantity(v));

// GetContainerSwapBehavior (kuberuntime_container_linux.go)
/**
 * LimitedSwap only for Burstable pods' containers that set a memory request or limit and whose
 * memory request differs from their limit; everything else NoSwap.
 */
export function getContainerSwapBehavior(
  pod: V1Pod,
  container: V1Container,
  ctx: ContainerSwapContext,
): SwapBehavior {
  if (ctx.swapBehavior !== 'LimitedSwap') return 'NoSwap';
  if (!ctx.swapControllerAvailable || !ctx.cgroupV2 || ctx.criticalPod) return 'NoSwap';
  const request = quantity(container.resources?.requests?.['memory']);
  const limit = quantity(container.resources?.limits?.['memory']);
  const doesNotRequestMemory = (request?.isZero() ?? true) && (limit?.isZero() ?? true);
  // Go compares against a zero Quantity when the limit is unset.
  const requestEqualsLimit = (request ?? parseQuantity('0')).cmp(limit ?? parseQuantity('0')) === 0;
  if (getPodQOS(pod) !== 'Burstable' || doesNotRequestMemory || requestEqualsLimit) return 'NoSwap';
  return 'LimitedSwap';
}

// calcSwapForBurstablePods (kuberuntime_container_linux.go)
/**
 * The container's swap limit (`memory.swap.max`) under LimitedSwap: its share of the node's
 * memory, applied to the node's swap. Throws as upstream errors (the kubelet then disallows swap).
 */
export function calcSwapForBurstablePods(
  containerMemoryRequest: number,
  nodeTotalMemory: number,
  totalPodsSwapAvailable: number,
): number {
  if (nodeTotalMemory <= 0) throw new Error('total node memory is 0');
  if (containerMemoryRequest > nodeTotalMemory) {
    throw new Error(
      `container request ${containerMemoryRequest} is larger than total node memory ${nodeTotalMemory}`,
    );
  }
  return Math.trunc((containerMemoryRequest / nodeTotalMemory) * totalPodsSwapAvailable);
}
