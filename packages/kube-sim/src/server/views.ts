/**
 * Resources served in a second shape over the same stored objects: events.k8s.io/v1 Events are the
 * core/v1 Events the store holds, converted as the API server's conversion functions do
 * (pkg/apis/events/v1/conversion.go).
 */
import { cloneJson } from '../store/json.js';
import type { KubeObject } from '../store/types.js';

function copyIf(
  to: Record<string, unknown>,
  toKey: string,
  from: Record<string, unknown>,
  fromKey: string,
): void {
  if (from[fromKey] !== undefined && from[fromKey] !== null) to[toKey] = from[fromKey];
}

// Convert_core_Event_To_v1_Event (pkg/apis/events/v1/conversion.go)
/** A core/v1 Event in its events.k8s.io/v1 shape. */
export function toEventsV1(core: KubeObject): KubeObject {
  const c = core as Record<string, unknown>;
  const out: Record<string, unknown> = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: core.metadata,
  };
  copyIf(out, 'eventTime', c, 'eventTime');
  copyIf(out, 'series', c, 'series');
  copyIf(out, 'reportingController', c, 'reportingComponent');
  copyIf(out, 'reportingInstance', c, 'reportingInstance');
  copyIf(out, 'action', c, 'action');
  copyIf(out, 'reason', c, 'reason');
  copyIf(out, 'regarding', c, 'involvedObject');
  copyIf(out, 'related', c, 'related');
  copyIf(out, 'note', c, 'message');
  copyIf(out, 'type', c, 'type');
  copyIf(out, 'deprecatedSource', c, 'source');
  copyIf(out, 'deprecatedFirstTimestamp', c, 'firstTimestamp');
  copyIf(out, 'deprecatedLastTimestamp', c, 'lastTimestamp');
  copyIf(out, 'deprecatedCount', c, 'count');
  return out as KubeObject;
}

// Convert_v1_Event_To_core_Event (pkg/apis/events/v1/conversion.go)
/** An events.k8s.io/v1 Event in the core/v1 shape the store keeps. */
export function fromEventsV1(ev: KubeObject): KubeObject {
  const e = cloneJson(ev) as Record<string, unknown>;
  const out: Record<string, unknown> = { apiVersion: 'v1', kind: 'Event', metadata: ev.metadata };
  copyIf(out, 'eventTime', e, 'eventTime');
  copyIf(out, 'series', e, 'series');
  copyIf(out, 'reportingComponent', e, 'reportingController');
  copyIf(out, 'reportingInstance', e, 'reportingInstance');
  copyIf(out, 'action', e, 'action');
  copyIf(out, 'reason', e, 'reason');
  copyIf(out, 'involvedObject', e, 'regarding');
  copyIf(out, 'related', e, 'related');
  copyIf(out, 'message', e, 'note');
  copyIf(out, 'type', e, 'type');
  copyIf(out, 'source', e, 'deprecatedSource');
  copyIf(out, 'firstTimestamp', e, 'deprecatedFirstTimestamp');
  copyIf(out, 'lastTimestamp', e, 'deprecatedLastTimestamp');
  copyIf(out, 'count', e, 'deprecatedCount');
  return out as KubeObject;
}
