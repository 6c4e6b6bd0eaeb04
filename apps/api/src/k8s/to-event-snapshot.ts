import { BadObjectError, optionalTime, requireMetadata } from './snapshot-util.js';

/** What Plimsoll keeps of a core/v1 Event. */
export interface EventSnapshot {
  uid: string;
  namespace: string;
  name: string;
  type: string | null;
  reason: string | null;
  message: string | null;
  involvedKind: string | null;
  involvedName: string | null;
  involvedNamespace: string | null;
  sourceComponent: string | null;
  sourceHost: string | null;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/**
 * Slims an Event. Newer producers (events.k8s.io) leave firstTimestamp/lastTimestamp empty and set eventTime and
 * series; the times fall back through eventTime, series.lastObservedTime and creationTimestamp.
 */
export function toEventSnapshot(object: unknown): EventSnapshot {
  const meta = requireMetadata('Event', object);
  const e = object as Record<string, unknown>;
  const involved = (e.involvedObject as Record<string, unknown> | undefined) ?? {};
  const source = (e.source as Record<string, unknown> | undefined) ?? {};
  const series = (e.series as { count?: unknown; lastObservedTime?: unknown } | undefined) ?? {};
  const eventTime = optionalTime(meta.id, 'eventTime', e.eventTime);
  const first =
    optionalTime(meta.id, 'firstTimestamp', e.firstTimestamp) ??
    eventTime ??
    meta.creationTimestamp;
  const last =
    optionalTime(meta.id, 'lastTimestamp', e.lastTimestamp) ??
    optionalTime(meta.id, 'series.lastObservedTime', series.lastObservedTime) ??
    first;
  if (!first || !last) throw new BadObjectError(meta.id, 'no time at all');
  const count =
    typeof e.count === 'number' ? e.count : typeof series.count === 'number' ? series.count : 1;
  return {
    uid: meta.uid,
    namespace: meta.namespace,
    name: meta.name,
    type: str(e.type),
    reason: str(e.reason),
    message: str(e.message),
    involvedKind: str(involved.kind),
    involvedName: str(involved.name),
    involvedNamespace: str(involved.namespace),
    sourceComponent: str(source.component) ?? str(e.reportingComponent),
    sourceHost: str(source.host),
    count,
    firstSeen: first,
    lastSeen: last,
  };
}
