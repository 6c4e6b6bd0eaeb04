import { classifyNodeProblem, NPD_SOURCES } from '@plimsoll/shared';

import type { EventSnapshot } from '../k8s/to-event-snapshot.js';
import type { WatchEvent } from './watch-event.js';
import type { RowSink } from './write-buffer.js';

const AUTOSCALER_COMPONENTS = new Set(['cluster-autoscaler']);
const KEPT_NORMAL_REASONS = new Set([
  'Evicted',
  'NodeNotReady',
  'LeaderElection',
  'TriggeredScaleUp',
  'ScaleDown',
]);

/** Whether an Event is history: Warnings, node-problem-detector and cluster-autoscaler events, and a few Normal ones. */
export function isEventWorthKeeping(e: EventSnapshot): boolean {
  if (e.type === 'Warning') return true;
  if (
    e.sourceComponent &&
    (NPD_SOURCES.includes(e.sourceComponent) || AUTOSCALER_COMPONENTS.has(e.sourceComponent))
  ) {
    return true;
  }
  if (e.reason && KEPT_NORMAL_REASONS.has(e.reason)) return true;
  return (
    e.reason !== null &&
    classifyNodeProblem({
      reason: e.reason,
      ...(e.sourceComponent ? { source: { component: e.sourceComponent } } : {}),
      ...(e.type ? { type: e.type } : {}),
      ...(e.message ? { message: e.message } : {}),
    }) !== null
  );
}

/**
 * Events outlive their one-hour TTL here: one row per Event uid, its count and last-seen time raised as the
 * Event repeats (the upsert keeps the highest count and the widest first/last seen).
 */
export class EventIngester {
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly cluster: string,
    private readonly sink: RowSink,
  ) {}

  reset(): void {
    this.seen.clear();
  }

  ingest(event: WatchEvent<EventSnapshot>): void {
    const e = event.object;
    if (event.type === 'DELETED') {
      this.seen.delete(e.uid);
      return;
    }
    if (!isEventWorthKeeping(e)) return;
    const version = `${e.count}|${e.lastSeen.getTime()}`;
    if (this.seen.get(e.uid) === version) return;
    this.seen.set(e.uid, version);
    this.sink.push(
      'kubeEvents',
      { cluster: this.cluster, ...e, observedAt: event.observedAt },
      'events',
    );
  }
}
