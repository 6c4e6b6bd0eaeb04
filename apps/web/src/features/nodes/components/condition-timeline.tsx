'use client';

import type { NodeConditionHistory } from '@plimsoll/shared/schemas';

import { cn } from '@/lib/cn';
import { formatDateTime, formatTick } from '@/lib/format';

/** Whether a condition's status is the healthy one: Ready=True; every other condition (pressures, NPD) False. */
export function isHealthyStatus(type: string, status: string): boolean {
  return type === 'Ready' ? status === 'True' : status === 'False';
}

function tone(type: string, status: string): string {
  if (status === 'Unknown') return 'bg-warn';
  return isHealthyStatus(type, status) ? 'bg-ok/70' : 'bg-danger';
}

/** A lane per condition over the range; each segment is coloured by health and titled with status and reason. */
export function ConditionTimeline({ history }: { history: NodeConditionHistory }) {
  const from = new Date(history.from).getTime();
  const to = new Date(history.to).getTime();
  const span = Math.max(1, to - from);
  const ticks = Array.from({ length: 5 }, (_, i) => from + (span * i) / 4);
  return (
    <div className="space-y-1.5">
      {history.lanes.map((lane) => (
        <div
          key={lane.type}
          className="grid grid-cols-[7rem_1fr] sm:grid-cols-[11rem_1fr] items-center gap-3"
        >
          <span className="truncate font-mono text-xs text-fg-muted" title={lane.type}>
            {lane.type}
          </span>
          <div
            className="relative h-4 overflow-hidden rounded bg-surface-hover"
            role="img"
            aria-label={`${lane.type}: ${lane.segments.map((s) => `${s.status} from ${formatDateTime(s.from)} to ${formatDateTime(s.to)}`).join('; ') || 'no data'}`}
          >
            {lane.segments.map((s) => {
              const left = ((new Date(s.from).getTime() - from) / span) * 100;
              const width = Math.max(
                0.3,
                ((new Date(s.to).getTime() - new Date(s.from).getTime()) / span) * 100,
              );
              return (
                <span
                  key={s.from}
                  className={cn('absolute inset-y-0', tone(lane.type, s.status))}
                  style={{ left: `${left}%`, width: `${width}%` }}
                  title={`${lane.type}=${s.status}${s.reason ? ` (${s.reason})` : ''}\n${formatDateTime(s.from)} → ${formatDateTime(s.to)}`}
                />
              );
            })}
          </div>
        </div>
      ))}
      <div className="grid grid-cols-[7rem_1fr] sm:grid-cols-[11rem_1fr] gap-3 text-[11px] text-fg-subtle">
        <span />
        <div className="flex justify-between font-mono">
          {ticks.map((t) => (
            <span key={t} title={formatDateTime(t)}>
              {formatTick(t, span / 4)}
            </span>
          ))}
        </div>
      </div>
      <p className="flex gap-4 pt-1 text-[11px] text-fg-muted">
        <span className="flex items-center gap-1">
          <span className="size-2 rounded-sm bg-ok/70" aria-hidden="true" /> healthy
        </span>
        <span className="flex items-center gap-1">
          <span className="size-2 rounded-sm bg-danger" aria-hidden="true" /> unhealthy (NotReady,
          pressure, problem)
        </span>
        <span className="flex items-center gap-1">
          <span className="size-2 rounded-sm bg-warn" aria-hidden="true" /> Unknown
        </span>
        <span className="flex items-center gap-1">
          <span
            className="size-2 rounded-sm bg-surface-hover ring-1 ring-line"
            aria-hidden="true"
          />{' '}
          no record
        </span>
      </p>
    </div>
  );
}
