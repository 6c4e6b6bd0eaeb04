import type { V1Lease, V1NodeCondition } from '@kubernetes/client-node';

/**
 * The kubelet's default nodeLeaseDurationSeconds (pkg/kubelet/apis/config/v1beta1/defaults.go).
 */
export const NODE_LEASE_DURATION_SECONDS = 40;

/** nodeLeaseRenewIntervalFraction (pkg/kubelet/kubelet.go): the kubelet renews at 1/4 of the duration. */
export const NODE_LEASE_RENEW_INTERVAL_FRACTION = 0.25;

/** The kubelet's default lease renew interval: 40 s × 0.25 = 10 s. */
export const NODE_LEASE_RENEW_INTERVAL_SECONDS =
  NODE_LEASE_DURATION_SECONDS * NODE_LEASE_RENEW_INTERVAL_FRACTION;

/**
 * The jitter factor of the kubelet's lease loop: `wait.JitterUntil(sync, renewInterval, 0.04, …)`
 * (k8s.io/component-helpers/apimachinery/lease/controller.go), so a healthy renewal may come up to
 * 4 % after the interval.
 */
export const NODE_LEASE_RENEW_JITTER_FACTOR = 0.04;

/**
 * How long a renewal may take to reach an observer (API server write, watch event) before it
 * counts as late: a second, well above a healthy watch's latency and well below the grace period.
 */
export const NODE_LEASE_OBSERVATION_ALLOWANCE_MS = 1000;

/**
 * kube-controller-manager --node-monitor-grace-period default
 * (pkg/controller/nodelifecycle/config/v1alpha1/defaults.go). It was 40 s until v1.32, when
 * kubernetes/kubernetes#126287 raised it to 50 s so a kubelet whose HTTP/2 connection needs ~45 s
 * to be detected as dead is not marked NotReady.
 */
export const DEFAULT_NODE_MONITOR_GRACE_PERIOD_SECONDS = 50;

/**
 * --node-startup-grace-period default (same defaults.go): the grace period for a node that has
 * never posted a Ready condition.
 */
export const DEFAULT_NODE_STARTUP_GRACE_PERIOD_SECONDS = 60;

/** v1.NamespaceNodeLease: where each kubelet keeps the Lease named after its node. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** Reason the node lifecycle controller writes when it flips an existing condition to Unknown. */
export const NODE_STATUS_UNKNOWN_REASON = 'NodeStatusUnknown';
/** Message paired with {@link NODE_STATUS_UNKNOWN_REASON}. */
export const NODE_STATUS_UNKNOWN_MESSAGE = 'Kubelet stopped posting node status.';
/** Reason the controller writes for a condition the kubelet never posted. */
export const NODE_STATUS_NEVER_UPDATED_REASON = 'NodeStatusNeverUpdated';
/** Message paired with {@link NODE_STATUS_NEVER_UPDATED_REASON}. */
export const NODE_STATUS_NEVER_UPDATED_MESSAGE = 'Kubelet never posted node status.';

/** v1.TaintNodeUnreachable: added (NoExecute) while Ready is Unknown. */
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** v1.TaintNodeNotReady: added (NoExecute) while Ready is False. */
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
/** The effect of UnreachableTaintTemplate / NotReadyTaintTemplate in the node lifecycle controller. */
export const NODE_LIFECYCLE_TAINT_EFFECT = 'NoExecute';

/**
 * The conditions tryUpdateNodeHealth sets to Unknown once the grace period passes.
 * NetworkUnavailable is left alone because the control plane manages it.
 */
export const NODE_CONDITIONS_MARKED_UNKNOWN: readonly string[] = [
  'Ready',
  'MemoryPressure',
  'DiskPressure',
  'PIDPressure',
];

/**
 * `fresh`: heard from within the renew interval (with the kubelet's jitter and
 * {@link NODE_LEASE_OBSERVATION_ALLOWANCE_MS}); `late`: past that but within the grace period;
 * `stale`: the controller would mark Ready Unknown.
 */
export type NodeLeaseState = 'fresh' | 'late' | 'stale';

/** Input of {@link getNodeLeaseHealth}. */
export interface NodeLeaseHealthInput {
  /** The node's Lease in kube-node-lease; absent when the kubelet never created one. */
  lease?: V1Lease;
  /** The node's Ready condition; absent when the kubelet never posted status. */
  readyCondition?: V1NodeCondition;
  /**
   * Our clock when we last saw spec.renewTime change: the analogue of the controller's nc.now()
   * at observation, which makes the result immune to kubelet clock skew. Defaults to renewTime.
   */
  lastObservedRenewTime?: Date;
  /** Node.metadata.creationTimestamp: the probe time of a node that never posted Ready. */
  nodeCreationTimestamp?: Date;
  now: Date;
  nodeMonitorGracePeriodSeconds?: number;
  nodeStartupGracePeriodSeconds?: number;
}

/** Result of {@link getNodeLeaseHealth}. */
export interface NodeLeaseHealth {
  state: NodeLeaseState;
  stale: boolean;
  /** The last sign of life the controller counts (its probeTimestamp). */
  probeTimestamp?: Date;
  /** probeTimestamp + grace period: from this instant on the node is marked Unknown. */
  staleSince?: Date;
}

function latest(dates: Array<Date | undefined>): Date | undefined {
  let result: Date | undefined;
  for (const date of dates) {
    if (date && (!result || date.getTime() > result.getTime())) result = date;
  }
  return result;
}

/**
 * The staleness rule of tryUpdateNodeHealth (pkg/controller/nodelifecycle/node_lifecycle_controller.go)
 * evaluated from a snapshot. The controller advances its probeTimestamp to "now" whenever it sees
 * the Ready condition's lastHeartbeatTime or the lease's renewTime change; without that history we
 * take the latest of those times (or the node's creation when Ready was never posted, which also
 * switches to the startup grace period). Stale means now is after probeTimestamp + grace period.
 * A node with no sign of life at all is stale with no staleSince.
 */
export function getNodeLeaseHealth(input: NodeLeaseHealthInput): NodeLeaseHealth {
  const gracePeriodSeconds = input.readyCondition
    ? (input.nodeMonitorGracePeriodSeconds ?? DEFAULT_NODE_MONITOR_GRACE_PERIOD_SECONDS)
    : (input.nodeStartupGracePeriodSeconds ?? DEFAULT_NODE_STARTUP_GRACE_PERIOD_SECONDS);
  const probeTimestamp = latest([
    input.readyCondition?.lastHeartbeatTime,
    input.lastObservedRenewTime ?? input.lease?.spec?.renewTime,
    input.readyCondition ? undefined : input.nodeCreationTimestamp,
  ]);
  if (!probeTimestamp) return { state: 'stale', stale: true };
  const staleSince = new Date(probeTimestamp.getTime() + gracePeriodSeconds * 1000);
  // time.Time.After: strictly later, so the exact deadline is still healthy.
  const stale = input.now.getTime() > staleSince.getTime();
  const leaseDurationSeconds =
    input.lease?.spec?.leaseDurationSeconds ?? NODE_LEASE_DURATION_SECONDS;
  const renewIntervalMs = leaseDurationSeconds * NODE_LEASE_RENEW_INTERVAL_FRACTION * 1000;
  // A renewal that arrives on time, jitter and delivery included, is not late: flagging every lease
  // at exactly the interval would mark half the healthy nodes late in any snapshot.
  const lateAfterMs =
    renewIntervalMs * (1 + NODE_LEASE_RENEW_JITTER_FACTOR) + NODE_LEASE_OBSERVATION_ALLOWANCE_MS;
  const late = input.now.getTime() > probeTimestamp.getTime() + lateAfterMs;
  const state: NodeLeaseState = stale ? 'stale' : late ? 'late' : 'fresh';
  return { state, stale, probeTimestamp, staleSince };
}

/**
 * The rewrite tryUpdateNodeHealth (pkg/controller/nodelifecycle/node_lifecycle_controller.go) makes
 * once a node is stale: each of {@link NODE_CONDITIONS_MARKED_UNKNOWN} that is missing is appended
 * as Unknown/NodeStatusNeverUpdated (heartbeat = node creation), and each that is not already
 * Unknown becomes Unknown/NodeStatusUnknown; both get lastTransitionTime = now. Returns new objects.
 */
export function markNodeConditionsUnknown(
  conditions: readonly V1NodeCondition[],
  opts: { now: Date; nodeCreationTimestamp?: Date },
): V1NodeCondition[] {
  const result = conditions.map((condition) => ({ ...condition }));
  for (const type of NODE_CONDITIONS_MARKED_UNKNOWN) {
    const current = result.find((condition) => condition.type === type);
    if (!current) {
      result.push({
        type,
        status: 'Unknown',
        reason: NODE_STATUS_NEVER_UPDATED_REASON,
        message: NODE_STATUS_NEVER_UPDATED_MESSAGE,
        ...(opts.nodeCreationTimestamp ? { lastHeartbeatTime: opts.nodeCreationTimestamp } : {}),
        lastTransitionTime: opts.now,
      });
    } else if (current.status !== 'Unknown') {
      current.status = 'Unknown';
      current.reason = NODE_STATUS_UNKNOWN_REASON;
      current.message = NODE_STATUS_UNKNOWN_MESSAGE;
      current.lastTransitionTime = opts.now;
    }
  }
  return result;
}

/**
 * The NoExecute taint processTaintBaseEviction
 * (pkg/controller/nodelifecycle/node_lifecycle_controller.go) wants on a node for its observed
 * Ready status: not-ready for False, unreachable for Unknown, none (taints removed) for True.
 */
export function getNodeLifecycleTaintKey(readyStatus: string | undefined): string | null {
  if (readyStatus === 'False') return TAINT_NODE_NOT_READY;
  if (readyStatus === 'Unknown') return TAINT_NODE_UNREACHABLE;
  return null;
}

/**
 * isLeaseValid (client-go tools/leaderelection/leaderelection.go), negated: a holder's lease has
 * expired unless observedTime + leaseDurationSeconds is strictly after now. client-go uses the
 * local time it observed the record change; pass it as `observedTime`, otherwise renewTime is used.
 * A lease without either time has no live holder.
 */
export function isLeaseExpired(lease: V1Lease, now: Date, observedTime?: Date): boolean {
  const base = observedTime ?? lease.spec?.renewTime;
  if (!base) return true;
  const durationMs = (lease.spec?.leaseDurationSeconds ?? 0) * 1000;
  return !(base.getTime() + durationMs > now.getTime());
}
