import type { V1Pod } from '@kubernetes/client-node';

import {
  getThresholdQuantity,
  SIGNAL_TO_RESOURCE,
  type EvictionSignal,
  type EvictionSignalObservation,
  type EvictionThreshold,
} from './eviction-thresholds.js';
import type { MemoryStats, PodStats } from './kubelet-stats.js';
import { isPodLevelResourcesSet } from './pod-resources.js';
import { newQuantity, parseQuantity, type Quantity } from './quantity.js';

/**
 * The texts the kubelet writes when it evicts a pod, ported from kubernetes/kubernetes
 * `pkg/kubelet/eviction/helpers.go` (evictionMessage and its format constants) and
 * `pkg/kubelet/eviction/eviction_manager.go` (local storage limit evictions, admission rejection),
 * plus a parser that turns those texts back into data.
 */

/** `Reason`: the pod status reason (and event reason) the kubelet sets on an evicted pod. */
export const EVICTION_REASON = 'Evicted';

/** `nodeLowMessageFmt`: first sentence of every node-pressure eviction message. */
export const NODE_LOW_MESSAGE_FMT = 'The node was low on resource: %v. ';
/** `nodeConditionMessageFmt`: admission rejection while the node reports pressure conditions. */
export const NODE_CONDITION_MESSAGE_FMT = 'The node had condition: %v. ';
/** `containerMessageFmt`: one per container whose usage exceeds its request. */
export const CONTAINER_MESSAGE_FMT =
  'Container %s was using %s, request is %s, has larger consumption of %v. ';
/** `podMessageFmt`: pod-level memory usage when pod-level resources are set. */
export const POD_MESSAGE_FMT = 'Pod %s was using %s, request is %s, has larger consumption of %v. ';
/** `containerEphemeralStorageMessageFmt`: a container exceeded its ephemeral-storage limit. */
export const CONTAINER_EPHEMERAL_STORAGE_MESSAGE_FMT =
  'Container %s exceeded its local ephemeral storage limit %q. ';
/** `podEphemeralStorageMessageFmt`: the pod exceeded the sum of its ephemeral-storage limits. */
export const POD_EPHEMERAL_STORAGE_MESSAGE_FMT =
  'Pod ephemeral local storage usage exceeds the total limit of containers %s. ';
/** `emptyDirMessageFmt`: an emptyDir volume exceeded its `sizeLimit`. */
export const EMPTY_DIR_MESSAGE_FMT = 'Usage of EmptyDir volume %q exceeds the limit %q. ';
/** `thresholdMetMessageFmt`: the eviction threshold and the observed availability. */
export const THRESHOLD_MET_MESSAGE_FMT = 'Threshold quantity: %v, available: %v. ';

/**
 * Keys of the annotations the kubelet attaches to the eviction event
 * (`OffendingContainersKey`, `OffendingContainersUsageKey`, `OffendingPodKey`,
 * `OffendingPodUsageKey`, `StarvedResourceKey`).
 */
export const EVICTION_MESSAGE_ANNOTATION_KEYS = {
  offendingContainers: 'offending_containers',
  offendingContainersUsage: 'offending_containers_usage',
  offendingPod: 'offending_pod',
  offendingPodUsage: 'offending_pod_usage',
  starvedResource: 'starved_resource',
} as const;

/** Inputs of {@link formatEvictionMessage}, mirroring Go's `evictionMessage` arguments. */
export interface FormatEvictionMessageInput {
  /** The starved resource: `memory`, `ephemeral-storage`, `inodes` or `pids`. */
  resourceToReclaim: string;
  /** The pod being evicted. */
  pod: V1Pod;
  /** The pod's Summary API stats; `null` when the summary had none for it. */
  stats: PodStats | null;
  /** Thresholds that were met, in the order the eviction manager holds them. */
  thresholds: ReadonlyArray<Pick<EvictionThreshold, 'signal' | 'value'>>;
  /** Observations keyed by signal. */
  observations: Readonly<Record<string, EvictionSignalObservation>>;
  /** The PodLevelResources feature gate (beta and on by default since 1.34). Default true. */
  podLevelResourcesEnabled?: boolean;
}

/** The pod status message and the event annotations the kubelet writes for one eviction. */
export interface EvictionMessage {
  message: string;
  annotations: Record<string, string>;
}

/**
 * Port of `evictionMessage` (pkg/kubelet/eviction/helpers.go): the message the kubelet puts in
 * the evicted pod's status and event, and the event annotations.
 *
 * The pod-level sentence (`Pod … was using …`) is written for memory whenever pod-level
 * resources request memory, even when usage is below the request; container sentences only
 * appear for containers whose usage exceeds their own request. When the pod has no stats the
 * annotations are empty, as upstream returns before filling them.
 */
export function formatEvictionMessage(input: FormatEvictionMessageInput): EvictionMessage {
  const { resourceToReclaim, pod, stats: podStats } = input;
  const annotations: Record<string, string> = {};
  let message = `The node was low on resource: ${resourceToReclaim}. `;
  const met = getThresholdMetInfo(resourceToReclaim, input.thresholds, input.observations);
  if (met !== null) {
    message += `Threshold quantity: ${met.quantity.toString()}, available: ${met.available.toString()}. `;
  }
  if (podStats === null) {
    return { message, annotations };
  }

  const podLevelResourcesEnabled = input.podLevelResourcesEnabled ?? true;
  if (resourceToReclaim === 'memory' && podLevelResourcesEnabled && isPodLevelResourcesSet(pod)) {
    const podRequest = pod.spec?.resources?.requests?.[resourceToReclaim];
    if (podRequest !== undefined && podStats.memory !== undefined) {
      const podUsage = memoryUsage(podStats.memory).toString();
      const name = pod.metadata?.name ?? '';
      message += `Pod ${name} was using ${podUsage}, request is ${parseQuantity(podRequest).toString()}, has larger consumption of ${resourceToReclaim}. `;
      annotations[EVICTION_MESSAGE_ANNOTATION_KEYS.offendingPod] = name;
      annotations[EVICTION_MESSAGE_ANNOTATION_KEYS.offendingPodUsage] = podUsage;
    }
  }

  // Ephemeral containers cannot declare resources, so upstream only blames regular and init
  // (including restartable init) containers.
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const exceededContainers: string[] = [];
  const containerUsage: string[] = [];
  for (const containerStats of podStats.containers ?? []) {
    const container = containers.find((c) => c.name === containerStats.name);
    if (container === undefined) {
      continue;
    }
    const requestText = container.resources?.requests?.[resourceToReclaim];
    const requests =
      requestText === undefined ? newQuantity(0n, 'DecimalSI') : parseQuantity(requestText);
    let usage: Quantity | null = null;
    if (resourceToReclaim === 'ephemeral-storage') {
      const rootfs = containerStats.rootfs?.usedBytes;
      const logs = containerStats.logs?.usedBytes;
      if (rootfs !== undefined && logs !== undefined) {
        usage = newQuantity(BigInt(Math.trunc(rootfs)) + BigInt(Math.trunc(logs)), 'BinarySI');
      }
    } else if (resourceToReclaim === 'memory') {
      const workingSet = containerStats.memory?.workingSetBytes;
      if (workingSet !== undefined) {
        usage = newQuantity(BigInt(Math.trunc(workingSet)), 'BinarySI');
      }
    }
    if (usage !== null && usage.cmp(requests) > 0) {
      message += `Container ${container.name} was using ${usage.toString()}, request is ${requests.toString()}, has larger consumption of ${resourceToReclaim}. `;
      exceededContainers.push(container.name);
      containerUsage.push(usage.toString());
    }
  }
  annotations[EVICTION_MESSAGE_ANNOTATION_KEYS.offendingContainers] = exceededContainers.join(',');
  annotations[EVICTION_MESSAGE_ANNOTATION_KEYS.offendingContainersUsage] = containerUsage.join(',');
  annotations[EVICTION_MESSAGE_ANNOTATION_KEYS.starvedResource] = resourceToReclaim;
  return { message, annotations };
}

// getThresholdMetInfo (pkg/kubelet/eviction/helpers.go)
function getThresholdMetInfo(
  resourceToReclaim: string,
  thresholds: ReadonlyArray<Pick<EvictionThreshold, 'signal' | 'value'>>,
  observations: Readonly<Record<string, EvictionSignalObservation>>,
): { quantity: Quantity; available: Quantity } | null {
  for (const threshold of thresholds) {
    const signal = threshold.signal as EvictionSignal;
    if (
      Object.hasOwn(SIGNAL_TO_RESOURCE, signal) &&
      SIGNAL_TO_RESOURCE[signal] === resourceToReclaim
    ) {
      const observed = Object.hasOwn(observations, signal) ? observations[signal] : undefined;
      if (observed !== undefined) {
        // The kubelet always records a capacity; without one a percentage threshold has no
        // absolute value (Go would dereference nil), so no threshold sentence is written.
        if (threshold.value.quantity === undefined && observed.capacity === undefined) {
          return null;
        }
        const capacity = observed.capacity ?? newQuantity(0n, 'BinarySI');
        return {
          quantity: getThresholdQuantity(threshold.value, capacity),
          available: observed.available,
        };
      }
    }
  }
  return null;
}

// memoryUsage (pkg/kubelet/eviction/helpers.go)
function memoryUsage(memStats: MemoryStats | undefined): Quantity {
  if (memStats?.workingSetBytes === undefined) {
    return newQuantity(0n, 'BinarySI');
  }
  return newQuantity(BigInt(Math.trunc(memStats.workingSetBytes)), 'BinarySI');
}

/**
 * `fmt.Sprintf(emptyDirMessageFmt, volumeName, size.String())` from `emptyDirLimitEviction`
 * (eviction_manager.go): an emptyDir volume used more than its `sizeLimit`.
 */
export function formatEmptyDirLimitMessage(volumeName: string, sizeLimit: Quantity): string {
  return `Usage of EmptyDir volume ${quoteGoString(volumeName)} exceeds the limit ${quoteGoString(sizeLimit.toString())}. `;
}

/**
 * `fmt.Sprintf(podEphemeralStorageMessageFmt, limit.String())` from
 * `podEphemeralStorageLimitEviction` (eviction_manager.go): the pod's total ephemeral storage
 * exceeded the sum of its containers' limits.
 */
export function formatPodEphemeralStorageLimitMessage(limit: Quantity): string {
  return `Pod ephemeral local storage usage exceeds the total limit of containers ${limit.toString()}. `;
}

/**
 * `fmt.Sprintf(containerEphemeralStorageMessageFmt, name, limit.String())` from
 * `containerEphemeralStorageLimitEviction` (eviction_manager.go).
 */
export function formatContainerEphemeralStorageLimitMessage(
  containerName: string,
  limit: Quantity,
): string {
  return `Container ${containerName} exceeded its local ephemeral storage limit ${quoteGoString(limit.toString())}. `;
}

/**
 * `fmt.Sprintf(nodeConditionMessageFmt, m.nodeConditions)` from the eviction manager's `Admit`:
 * Go prints the condition slice as `[MemoryPressure DiskPressure]`.
 */
export function formatNodeConditionMessage(conditions: ReadonlyArray<string>): string {
  return `The node had condition: [${conditions.join(' ')}]. `;
}

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

// strconv.Quote for the ASCII range; volume names and quantities are ASCII, so non-ASCII runes
// (which Go escapes only when unprintable) are passed through unchanged.
function quoteGoString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const escaped = GO_ESCAPES[ch];
    const code = ch.codePointAt(0) ?? 0;
    if (escaped !== undefined) {
      out += escaped;
    } else if (code < 0x20 || code === 0x7f) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}
