import { EVICTION_REASON, parseEvictionMessage } from '@plimsoll/shared';

import type { PodSnapshot } from '../k8s/to-pod-snapshot.js';
import type { WatchEvent } from './watch-event.js';
import type { RowSink } from './write-buffer.js';

/** Lookups an eviction row needs from the rest of the collector. */
export interface EvictionLookups {
  /** The tenant of a namespace (from its labels), if any. */
  tenantOf(namespace: string): string | null;
  /** The node's latest pressure reading, if Plimsoll has one. */
  pressureOf(node: string): Record<string, unknown> | null;
}

/**
 * Evictions: a pod whose status.reason is `Evicted` is written once (unique on its uid), with the kubelet's message
 * parsed, its QoS class, priority, owning workload, tenant, and the node's pressure reading at that moment. Evicted
 * pods stay in the API until garbage-collected, so a relist reconstructs evictions Plimsoll missed.
 */
export class PodIngester {
  private readonly recorded = new Set<string>();

  constructor(
    private readonly cluster: string,
    private readonly sink: RowSink,
    private readonly lookups: EvictionLookups,
  ) {}

  /** A new writer starts over; the unique key makes re-sending stored evictions harmless. */
  reset(): void {
    this.recorded.clear();
  }

  ingest(event: WatchEvent<PodSnapshot>): void {
    const pod = event.object;
    if (event.type === 'DELETED') {
      this.recorded.delete(pod.uid);
      if (pod.reason !== EVICTION_REASON) return;
    }
    if (pod.reason !== EVICTION_REASON || this.recorded.has(pod.uid)) return;
    this.recorded.add(pod.uid);
    const message = pod.message ?? '';
    const parsed = parseEvictionMessage(message);
    this.sink.push(
      'evictions',
      {
        cluster: this.cluster,
        namespace: pod.namespace,
        pod: pod.name,
        podUid: pod.uid,
        node: pod.nodeName,
        tenant: this.lookups.tenantOf(pod.namespace),
        ownerKind: pod.ownerKind,
        ownerName: pod.ownerName,
        qosClass: pod.qosClass,
        priority: pod.priority,
        // An admission rejection names node conditions, not a resource; the column keeps them.
        resource: parsed?.resource ?? (parsed?.conditions.join(',') || null),
        threshold: parsed?.threshold ?? null,
        available: parsed?.available ?? null,
        offenders: (parsed?.offenders ?? []) as unknown as object,
        message,
        ...(pod.nodeName
          ? {
              nodePressure: (this.lookups.pressureOf(pod.nodeName) ?? undefined) as
                object | undefined,
            }
          : {}),
        evictedAt: pod.terminatedAt ?? event.observedAt,
        observedAt: event.observedAt,
        reconstructed: event.fromList,
      },
      'pods',
    );
  }
}
