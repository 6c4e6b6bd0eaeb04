import type { AutoscalerTimelineEntry } from '@plimsoll/shared/schemas';

import type { ChartMarks } from '@/components/chart';

import { shortGroupName } from './format';

/** How far apart the Event, the status change and the pods' TriggeredScaleUp of one scale-up may be. */
export const SCALE_UP_MERGE_WINDOW_MS = 3 * 60_000;

/** A timeline row: an entry with the entries that told of the same scale-up folded in. */
export interface TimelineRow extends AutoscalerTimelineEntry {
  /** Pods whose TriggeredScaleUp named this scale-up. */
  triggeredPods: string[];
  /** Whether a status sample showed the target size change too. */
  seenInStatus: boolean;
}

/**
 * One scale-up reaches us up to three ways: the ScaledUpGroup Event, a target-size change between
 * status samples, and a TriggeredScaleUp Event per pod. Fold the latter two into the scale-up row
 * of the same group when they are within {@link SCALE_UP_MERGE_WINDOW_MS} of it, so one scale-up is
 * one row. Entries stay newest first; anything without a partner stays as it was.
 */
export function mergeScaleUps(entries: readonly AutoscalerTimelineEntry[]): TimelineRow[] {
  const rows: TimelineRow[] = entries.map((e) => ({
    ...e,
    triggeredPods: [],
    seenInStatus: false,
  }));
  const anchors = rows.filter((r) => r.kind === 'scale-up' && r.source === 'event');
  const absorbed = new Set<TimelineRow>();
  for (const r of rows) {
    const folds = (r.kind === 'scale-up' && r.source === 'status') || r.kind === 'pod-triggered';
    if (!folds || r.group === null) continue;
    const at = Date.parse(r.at);
    let best: TimelineRow | undefined;
    for (const a of anchors) {
      if (a.group !== r.group) continue;
      const d = Math.abs(Date.parse(a.at) - at);
      if (d <= SCALE_UP_MERGE_WINDOW_MS && (!best || d < Math.abs(Date.parse(best.at) - at)))
        best = a;
    }
    if (!best) continue;
    absorbed.add(r);
    if (r.kind === 'pod-triggered') {
      const pod = r.object
        ? `${r.object.namespace ? `${r.object.namespace}/` : ''}${r.object.name}`
        : null;
      if (pod && !best.triggeredPods.includes(pod)) best.triggeredPods.push(pod);
    } else {
      best.seenInStatus = true;
      if (best.from === null) best.from = r.from;
      if (best.to === null) best.to = r.to;
      if (best.max === null) best.max = r.max;
    }
  }
  return rows.filter((r) => !absorbed.has(r));
}

/** Scale-ups (green) and scale-downs (blue) as chart marks, one per scale-up after {@link mergeScaleUps}. */
export function toScaleMarks(entries: readonly AutoscalerTimelineEntry[]): ChartMarks {
  const lines = mergeScaleUps(entries)
    .filter((r) => r.kind === 'scale-up' || r.kind === 'scale-down')
    .map((r) => ({
      t: Date.parse(r.at),
      label: [
        r.group ? shortGroupName(r.group) : r.kind,
        r.from !== null && r.to !== null ? `${r.from}→${r.to}` : null,
      ]
        .filter(Boolean)
        .join(' '),
      color: r.kind === 'scale-up' ? 'var(--ok)' : 'var(--info)',
    }));
  return { lines, bands: [] };
}
