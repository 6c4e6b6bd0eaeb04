import type { SignalHeadroom } from '@plimsoll/shared/schemas';

import { cn } from '@/lib/cn';

import { HEADROOM_LABELS, headroomLevel } from '../format';
import { formatBytes, formatCount, formatPercent } from '@/lib/format';

const BAR: Record<string, string> = {
  met: 'bg-danger',
  critical: 'bg-danger',
  warning: 'bg-warn',
  ok: 'bg-ok',
  unknown: 'bg-fg-subtle',
};

/** Headroom to the eviction threshold as a percentage of capacity, with a small bar; exact figures in the title. */
export function HeadroomCell({
  h,
  unit = 'bytes',
}: {
  h: SignalHeadroom | null;
  unit?: 'bytes' | 'count';
}) {
  if (!h) return <span className="text-fg-subtle">—</span>;
  const level = headroomLevel(h.ratio);
  const fmt = unit === 'bytes' ? formatBytes : formatCount;
  const title = `${h.signal}: ${fmt(h.availableBytes)} available, threshold ${h.threshold === null ? 'not set' : fmt(h.threshold)}, headroom ${fmt(h.headroom)} (${HEADROOM_LABELS[level]})`;
  const width = Math.max(0, Math.min(1, h.ratio ?? 0)) * 100;
  return (
    <span className="flex w-full items-center gap-2" title={title}>
      <span
        className="relative h-1.5 w-10 shrink-0 overflow-hidden rounded-full bg-surface-hover"
        aria-hidden="true"
      >
        <span
          className={cn('absolute inset-y-0 left-0 rounded-full', BAR[level])}
          style={{ width: `${width}%` }}
        />
      </span>
      <span
        className={cn(
          'font-mono text-xs tabular-nums',
          level === 'met' || level === 'critical'
            ? 'font-semibold text-danger'
            : level === 'warning'
              ? 'text-warn'
              : 'text-fg',
        )}
      >
        {formatPercent(h.ratio)}
      </span>
    </span>
  );
}
