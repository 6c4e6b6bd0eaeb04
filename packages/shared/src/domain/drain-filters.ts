/**
 * Which pods a drain evicts, and why it refuses the others: a port of kubectl's drain filters
 * (k8s.io/kubectl/pkg/drain/filters.go `makeFilters` and drain.go `FilterPods`), messages verbatim, so a preview
 * in Plimsoll says exactly what `kubectl drain` would.
 */
import type { V1OwnerReference, V1Pod } from '@kubernetes/client-node';

import { isMirrorPod } from './oom-score.js';

/** `PodDeleteStatusTypeOkay`: the pod is evicted. */
export const POD_DELETE_STATUS_OKAY = 'Okay';
/** `PodDeleteStatusTypeSkip`: left alone silently (mirror pods, pods deleted long ago). */
export const POD_DELETE_STATUS_SKIP = 'Skip';
/** `PodDeleteStatusTypeWarning`: evicted or left alone, with a message. */
export const POD_DELETE_STATUS_WARNING = 'Warning';
/** `PodDeleteStatusTypeError`: the drain refuses to start while such a pod is on the node. */
export const POD_DELETE_STATUS_ERROR = 'Error';

export const DAEMON_SET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
export const DAEMON_SET_WARNING = 'ignoring DaemonSet-managed Pods';
export const LOCAL_STORAGE_FATAL =
  'Pods with local storage (use --delete-emptydir-data to override)';
export const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
export const UNMANAGED_FATAL =
  'cannot delete Pods that declare no controller (use --force to override)';
export const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

/** `PodDeleteStatus`. */
export interface PodDeleteStatus {
  delete: boolean;
  reason:
    | typeof POD_DELETE_STATUS_OKAY
    | typeof POD_DELETE_STATUS_SKIP
    | typeof POD_DELETE_STATUS_WARNING
    | typeof POD_DELETE_STATUS_ERROR;
  message: string;
}

/** The drain's flags that the filters read (`drain.Helper`). */
export interface DrainFilterOptions {
  /** `--force`: evict pods that declare no controller, and orphans of a deleted DaemonSet. */
  force: boolean;
  /** `--ignore-daemonsets`. */
  ignoreAllDaemonSets: boolean;
  /** `--delete-emptydir-data`. */
  deleteEmptyDirData: boolean;
  /** `--skip-wait-for-delete-timeout` in seconds; 0 (the default) never skips. */
  skipWaitForDeleteTimeoutSeconds?: number;
  /**
   * Whether the DaemonSet a pod names as its controller exists (the Helper GETs it). `false`: not found, which
   * `--force` turns into a warning and otherwise an error.
   */
  daemonSetExists(namespace: string, name: string): boolean;
  now: Date;
}

/** One pod and what the drain does with it (`PodDelete`). */
export interface PodDelete {
  pod: V1Pod;
  status: PodDeleteStatus;
}

const okay = (): PodDeleteStatus => ({ delete: true, reason: POD_DELETE_STATUS_OKAY, message: '' });
const skip = (): PodDeleteStatus => ({
  delete: false,
  reason: POD_DELETE_STATUS_SKIP,
  message: '',
});
const warning = (del: boolean, message: string): PodDeleteStatus => ({
  delete: del,
  reason: POD_DELETE_STATUS_WARNING,
  message,
});
const error = (message: string): PodDeleteStatus => ({
  delete: false,
  reason: POD_DELETE_STATUS_ERROR,
  message,
});

/** The owner reference marked `controller: true` (metav1.GetControllerOf). */
export function getControllerOf(pod: V1Pod): V1OwnerReference | undefined {
  return pod.metadata?.ownerReferences?.find((r) => r.controller === true);
}

const isFinished = (pod: V1Pod) =>
  pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** Whether the pod has an emptyDir volume (filters.go hasLocalStorage). */
export function hasLocalStorage(pod: V1Pod): boolean {
  return (pod.spec?.volumes ?? []).some((v) => v.emptyDir !== undefined && v.emptyDir !== null);
}

/** filters.go shouldSkipPod: deleted more than the timeout ago (whole seconds, as Go's int conversion). */
function shouldSkipPod(pod: V1Pod, timeoutSeconds: number, now: Date): boolean {
  const deleted = pod.metadata?.deletionTimestamp;
  if (timeoutSeconds <= 0 || !deleted) return false;
  return Math.trunc((now.getTime() - new Date(deleted).getTime()) / 1000) > timeoutSeconds;
}

type PodFilter = (pod: V1Pod, o: DrainFilterOptions) => PodDeleteStatus;

const skipDeletedFilter: PodFilter = (pod, o) =>
  shouldSkipPod(pod, o.skipWaitForDeleteTimeoutSeconds ?? 0, o.now) ? skip() : okay();

const daemonSetFilter: PodFilter = (pod, o) => {
  const ref = getControllerOf(pod);
  if (!ref || ref.kind !== 'DaemonSet') return okay();
  if (isFinished(pod)) return okay();
  const namespace = pod.metadata?.namespace ?? '';
  if (!o.daemonSetExists(namespace, ref.name)) {
    // The NotFound error's text, as apierrors formats it.
    const notFound = `daemonsets.apps "${ref.name}" not found`;
    return o.force ? warning(true, notFound) : error(notFound);
  }
  if (!o.ignoreAllDaemonSets) return error(DAEMON_SET_FATAL);
  return warning(false, DAEMON_SET_WARNING);
};

const mirrorPodFilter: PodFilter = (pod) => (isMirrorPod(pod) ? skip() : okay());

const localStorageFilter: PodFilter = (pod, o) => {
  if (!hasLocalStorage(pod)) return okay();
  if (isFinished(pod)) return okay();
  if (!o.deleteEmptyDirData) return error(LOCAL_STORAGE_FATAL);
  return warning(true, LOCAL_STORAGE_WARNING);
};

const unreplicatedFilter: PodFilter = (pod, o) => {
  if (isFinished(pod)) return okay();
  if (getControllerOf(pod)) return okay();
  if (o.force) return warning(true, UNMANAGED_WARNING);
  return error(UNMANAGED_FATAL);
};

/** makeFilters' order; only the last filter's warning survives, as upstream. */
const FILTERS: readonly PodFilter[] = [
  skipDeletedFilter,
  daemonSetFilter,
  mirrorPodFilter,
  localStorageFilter,
  unreplicatedFilter,
];

/**
 * What a drain does with each pod of the node (drain.go FilterPods): the filters run in order and stop at the
 * first that keeps the pod. Every pod is returned, kept ones too, so the caller can show why.
 */
export function filterPodsForDrain(pods: readonly V1Pod[], o: DrainFilterOptions): PodDelete[] {
  return pods.map((pod) => {
    let status = okay();
    for (const f of FILTERS) {
      status = f(pod, o);
      if (!status.delete) break;
    }
    return { pod, status };
  });
}

/** The pods to evict (PodDeleteList.Pods). */
export function getPodsToEvict(list: readonly PodDelete[]): V1Pod[] {
  return list.filter((i) => i.status.delete).map((i) => i.pod);
}

/**
 * The errors that stop a drain before it evicts anything (PodDeleteList.errors): one per message, naming its
 * pods as `namespace/name`, prefixed `cannot delete ` unless the message already says so. Sorted, where Go's map
 * order is random.
 */
export function getDrainErrors(list: readonly PodDelete[]): string[] {
  return groupMessages(list, POD_DELETE_STATUS_ERROR).map(([msg, pods]) => {
    const m = msg === '' ? 'unexpected error' : msg;
    return m.toLowerCase().startsWith('cannot delete')
      ? `${m}: ${pods.join(', ')}`
      : `cannot delete ${m}: ${pods.join(', ')}`;
  });
}

/** The warnings of a drain (PodDeleteList.Warnings), one per message; sorted. */
export function getDrainWarnings(list: readonly PodDelete[]): string[] {
  return groupMessages(list, POD_DELETE_STATUS_WARNING).map(
    ([msg, pods]) => `${msg}: ${pods.join(', ')}`,
  );
}

function groupMessages(list: readonly PodDelete[], reason: string): [string, string[]][] {
  const by = new Map<string, string[]>();
  for (const i of list) {
    if (i.status.reason !== reason) continue;
    const key = i.status.message;
    const name = `${i.pod.metadata?.namespace ?? ''}/${i.pod.metadata?.name ?? ''}`;
    by.set(key, [...(by.get(key) ?? []), name]);
  }
  return [...by.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
