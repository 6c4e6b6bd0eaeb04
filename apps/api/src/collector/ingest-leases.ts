import { DEFAULT_NODE_MONITOR_GRACE_PERIOD_SECONDS, NODE_LEASE_NAMESPACE } from '@plimsoll/shared';

import type { LeaseSnapshot } from '../k8s/to-lease-snapshot.js';
import type { LeaseEpisodeRow } from '../repositories/history-repository.js';
import type { WatchEvent } from './watch-event.js';
import type { RowSink } from './write-buffer.js';

/**
 * Lease history. Node heartbeats (kube-node-lease) become staleness episodes — one row per episode, never one per
 * renewal: a renewal that comes more than the node monitor grace period after the previous one closes an episode
 * that began at previous renewal + grace period; the node controller marking Ready Unknown opens it while it lasts.
 * Both derive the start from the same renewal, so the open and the closed row share one idempotency key. Every
 * other Lease is a leader election, and each change of holder is a leader transition.
 */
export class LeaseIngester {
  private readonly lastRenew = new Map<string, number>();
  private readonly openEpisodes = new Map<string, LeaseEpisodeRow>();
  private readonly holders = new Map<string, string>();
  private readonly graceMs: number;

  /**
   * `nodeMonitorGracePeriodSeconds` is the cluster's kube-controller-manager --node-monitor-grace-period: an episode
   * starts that long after the last renewal, when the controller marks the node Unknown.
   */
  constructor(
    private readonly cluster: string,
    private readonly sink: RowSink,
    nodeMonitorGracePeriodSeconds = DEFAULT_NODE_MONITOR_GRACE_PERIOD_SECONDS,
  ) {
    this.graceMs = nodeMonitorGracePeriodSeconds * 1000;
  }

  /** Starts from the stored state (a new writer). */
  seed(
    openEpisodes: LeaseEpisodeRow[],
    leaders: Array<{ namespace: string; name: string; holder: string }>,
  ): void {
    this.lastRenew.clear();
    this.openEpisodes.clear();
    this.holders.clear();
    for (const e of openEpisodes) {
      this.openEpisodes.set(e.node, e);
      if (e.lastRenewBefore) this.lastRenew.set(e.node, e.lastRenewBefore.getTime());
    }
    for (const l of leaders) this.holders.set(`${l.namespace}/${l.name}`, l.holder);
  }

  ingest(event: WatchEvent<LeaseSnapshot>): void {
    const lease = event.object;
    if (lease.namespace === NODE_LEASE_NAMESPACE) return this.heartbeat(event);
    if (event.type === 'DELETED' || !lease.holderIdentity) return;
    const key = `${lease.namespace}/${lease.name}`;
    const previous = this.holders.get(key);
    if (previous === lease.holderIdentity) return;
    this.holders.set(key, lease.holderIdentity);
    this.sink.push(
      'leaderTransitions',
      {
        cluster: this.cluster,
        namespace: lease.namespace,
        name: lease.name,
        holder: lease.holderIdentity,
        previousHolder: previous ?? null,
        leaseTransitions: lease.leaseTransitions,
        // The idempotency key needs a time; a holder that never set acquireTime is keyed by its first renewal.
        acquireTime: lease.acquireTime ?? lease.renewTime ?? event.observedAt,
        observedAt: event.observedAt,
      },
      'leases',
    );
  }

  /** The node controller marked the node unreachable (Ready → Unknown): open an episode now. */
  nodeUnreachable(node: string, since: Date, fromList: boolean): void {
    if (this.openEpisodes.has(node)) return;
    const last = this.lastRenew.get(node);
    const startedAt = last !== undefined ? new Date(last + this.graceMs) : since;
    const row: LeaseEpisodeRow = {
      cluster: this.cluster,
      node,
      startedAt,
      endedAt: null,
      lastRenewBefore: last !== undefined ? new Date(last) : null,
      longestGapSeconds: 0,
      reconstructed: fromList,
    };
    this.openEpisodes.set(node, row);
    this.sink.push('leaseEpisodes', row, 'leases');
  }

  private heartbeat(event: WatchEvent<LeaseSnapshot>): void {
    const node = event.object.name;
    if (event.type === 'DELETED') {
      this.lastRenew.delete(node);
      return;
    }
    const renew = event.object.renewTime?.getTime();
    if (renew === undefined) return;
    const prev = this.lastRenew.get(node);
    if (prev !== undefined && renew <= prev) return;
    this.lastRenew.set(node, renew);
    const open = this.openEpisodes.get(node);
    // A renewal from before the open episode began (the lease event arrived after the node's) does not end it.
    if (open && renew <= open.startedAt.getTime()) return;
    if (prev === undefined) {
      if (open) this.close(open, renew, event.fromList);
      return;
    }
    const gap = renew - prev;
    if (gap <= this.graceMs) {
      if (open) this.close(open, renew, event.fromList);
      return;
    }
    const row: LeaseEpisodeRow = open ?? {
      cluster: this.cluster,
      node,
      startedAt: new Date(prev + this.graceMs),
      endedAt: null,
      lastRenewBefore: new Date(prev),
      longestGapSeconds: 0,
      reconstructed: event.fromList,
    };
    this.close(
      { ...row, longestGapSeconds: Math.max(row.longestGapSeconds, gap / 1000) },
      renew,
      event.fromList,
    );
  }

  private close(row: LeaseEpisodeRow, renew: number, fromList: boolean): void {
    this.openEpisodes.delete(row.node);
    const gap = row.lastRenewBefore
      ? (renew - row.lastRenewBefore.getTime()) / 1000
      : row.longestGapSeconds;
    this.sink.push(
      'leaseEpisodes',
      {
        ...row,
        endedAt: new Date(renew),
        longestGapSeconds: Math.max(row.longestGapSeconds, gap),
        reconstructed: row.reconstructed || fromList,
      },
      'leases',
    );
  }
}
