'use client';

import { useMemo } from 'react';
import {
  AUTOSCALER_TIMELINE_KINDS,
  type AutoscalerTimelineEntry,
  type AutoscalerTimelineKind,
  type GetAutoscalerTimelineResponse,
} from '@plimsoll/shared/schemas';

import { Badge, type BadgeTone } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';

import { shortGroupName } from '../format';
import { formatClock, formatDateTime, formatRelative } from '@/lib/format';
import { mergeScaleUps } from '../merge-scale-ups';

const KIND_LABELS: Record<AutoscalerTimelineKind, { label: string; tone: BadgeTone }> = {
  'scale-up': { label: 'Scale-up', tone: 'accent' },
  'scale-up-failed': { label: 'Scale-up failed', tone: 'danger' },
  'pod-triggered': { label: 'Pod triggered', tone: 'info' },
  'not-triggered': { label: 'Not triggered', tone: 'warn' },
  'scale-down': { label: 'Scale-down', tone: 'neutral' },
  'scale-down-failed': { label: 'Scale-down failed', tone: 'danger' },
  status: { label: 'Status', tone: 'neutral' },
};

/** Kind filter chips; an empty selection means all kinds. */
export function TimelineKindFilter({
  selected,
  onChange,
}: {
  selected: string[];
  onChange: (kinds: string[]) => void;
}) {
  return (
    <div role="group" aria-label="Filter by kind" className="flex flex-wrap gap-1">
      {AUTOSCALER_TIMELINE_KINDS.filter((k) => k !== 'status').map((k) => {
        const on = selected.includes(k);
        return (
          <button
            key={k}
            type="button"
            aria-pressed={on}
            onClick={() => onChange(on ? selected.filter((x) => x !== k) : [...selected, k])}
            className={`h-6 rounded px-2 text-[11px] font-medium ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-accent ${
              on
                ? 'bg-accent/15 text-accent ring-accent/40'
                : 'bg-surface text-fg-muted ring-line hover:text-fg'
            }`}
          >
            {KIND_LABELS[k].label}
          </button>
        );
      })}
    </div>
  );
}

function Resize({ e }: { e: AutoscalerTimelineEntry }) {
  if (e.from === null || e.to === null) return null;
  return (
    <span className="font-mono text-xs tabular-nums">
      {e.from} → <strong>{e.to}</strong>
      {e.max !== null && <span className="text-fg-subtle"> / max {e.max}</span>}
    </span>
  );
}

/** Scale-ups and scale-downs, newest first: the autoscaler's Events and changes seen in its status. */
export function ScaleTimeline({
  data,
  actions,
}: {
  data: GetAutoscalerTimelineResponse;
  actions?: React.ReactNode;
}) {
  const rows = useMemo(() => mergeScaleUps(data.entries), [data.entries]);
  return (
    <Card>
      <CardHeader
        title="Timeline"
        description="cluster-autoscaler Events (ScaledUpGroup, FailedToScaleUpGroup, TriggeredScaleUp, NotTriggerScaleUp, ScaleDown…) and target-size changes between status samples."
        actions={actions}
      />
      <CardBody flush className="overflow-x-auto">
        {rows.length === 0 ? (
          <p className="px-4 py-3 text-[13px] text-fg-muted">No scale activity in this range.</p>
        ) : (
          <table className="w-full text-left text-[13px]">
            <thead className="text-[11px] text-fg-subtle">
              <tr className="border-b border-line">
                <th className="px-4 py-2 font-medium">When</th>
                <th className="px-3 py-2 font-medium">What</th>
                <th className="px-3 py-2 font-medium">Group</th>
                <th className="px-3 py-2 font-medium">Size</th>
                <th className="px-3 py-2 font-medium">Detail</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e, i) => (
                <tr
                  key={`${e.at}-${e.reason}-${i}`}
                  className="border-b border-line align-top last:border-0 hover:bg-surface-hover"
                >
                  <td className="px-4 py-1.5 whitespace-nowrap">
                    <div className="font-mono text-xs tabular-nums text-fg">
                      {formatDateTime(e.at)}
                    </div>
                    <div className="text-[11px] text-fg-subtle">
                      {formatRelative(e.at)}
                      {e.count > 1 && ` · ×${e.count} since ${formatClock(e.firstAt)}`}
                    </div>
                  </td>
                  <td className="px-3 py-1.5 whitespace-nowrap">
                    <Badge tone={KIND_LABELS[e.kind].tone}>{KIND_LABELS[e.kind].label}</Badge>
                    <div className="mt-0.5 font-mono text-[11px] text-fg-subtle">
                      {e.source === 'status' ? 'status' : e.reason}
                      {e.seenInStatus && ' + status'}
                    </div>
                  </td>
                  <td className="max-w-[14rem] px-3 py-1.5">
                    {e.group ? (
                      <span className="block truncate font-mono text-xs" title={e.group}>
                        {shortGroupName(e.group)}
                      </span>
                    ) : (
                      <span className="text-fg-subtle">—</span>
                    )}
                  </td>
                  <td className="px-3 py-1.5 whitespace-nowrap">
                    <Resize e={e} />
                  </td>
                  <td className="px-3 py-1.5 text-xs text-fg-muted">
                    {e.reasons.length > 0 ? (
                      <ul className="space-y-0.5">
                        {e.reasons.map((r) => (
                          <li key={r.reason}>
                            <span className="font-mono tabular-nums text-fg">{r.count}×</span>{' '}
                            {r.reason}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="break-words">{e.message}</span>
                    )}
                    {e.triggeredPods.length > 0 && (
                      <div className="mt-0.5 text-[11px]">
                        triggered by {e.triggeredPods.length} pod
                        {e.triggeredPods.length === 1 ? '' : 's'}:{' '}
                        <span className="font-mono">{e.triggeredPods.join(', ')}</span>
                      </div>
                    )}
                    {e.object && (
                      <div className="mt-0.5 font-mono text-[11px] text-fg-subtle">
                        {e.object.kind} {e.object.namespace ? `${e.object.namespace}/` : ''}
                        {e.object.name}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardBody>
    </Card>
  );
}
