import type { QuotaResourceUsageWire, QuotaStateWire } from '@plimsoll/shared/schemas';

import type { BadgeTone } from '@/components/badge';
import { cn } from '@/lib/cn';
import { formatQuantity } from '@/lib/format';

/** Bar colour and wording per quota state (KubeQuotaAlmostFull / FullyUsed / Exceeded). */
export const QUOTA_STATE_TONES: Record<QuotaStateWire, BadgeTone> = {
  ok: 'ok',
  warning: 'warn',
  full: 'danger',
  exceeded: 'danger',
  blocked: 'neutral',
};

export const QUOTA_STATE_LABELS: Record<QuotaStateWire, string> = {
  ok: 'OK',
  warning: 'Almost full',
  full: 'Full',
  exceeded: 'Exceeded',
  blocked: 'Blocked (hard 0)',
};

const FILL: Record<QuotaStateWire, string> = {
  ok: 'bg-ok',
  warning: 'bg-warn',
  full: 'bg-danger',
  exceeded: 'bg-danger',
  blocked: 'bg-fg-subtle',
};

/** used / hard as a percentage string, or an em dash for a zero quota. */
export function formatRatio(ratio: number | null): string {
  if (ratio === null) return '—';
  const pct = ratio * 100;
  return `${pct >= 10 || pct === 0 ? Math.round(pct) : pct.toFixed(1)}%`;
}

/**
 * One resource's used/hard as a bar with a tick at the warning ratio. The text states the numbers and the
 * state, so colour is never the only signal.
 */
export function QuotaUsageBar({
  usage,
  warningRatio,
  compact = false,
}: {
  usage: QuotaResourceUsageWire;
  warningRatio: number;
  compact?: boolean;
}) {
  const width = Math.min(100, Math.max(0, (usage.ratio ?? 0) * 100));
  const label = `${usage.resource}: ${formatQuantity(usage.used, usage.resource)} of ${formatQuantity(usage.hard, usage.resource)} used (${formatRatio(usage.ratio)}), ${QUOTA_STATE_LABELS[usage.state]}`;
  return (
    <div
      className={cn(
        'grid items-center gap-x-2',
        compact ? 'grid-cols-[7.5rem_1fr_5.5rem]' : 'grid-cols-[9rem_1fr_8rem]',
      )}
    >
      <span className="truncate font-mono text-[11px] text-fg-muted" title={usage.resource}>
        {usage.resource}
      </span>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(width)}
        className="relative h-1.5 overflow-hidden rounded-full bg-surface-hover"
      >
        <div
          className={cn('h-full rounded-full', FILL[usage.state])}
          style={{ width: `${width}%` }}
        />
        <div
          aria-hidden="true"
          className="absolute inset-y-0 w-px bg-fg-subtle/70"
          style={{ left: `${warningRatio * 100}%` }}
          title={`Warning at ${Math.round(warningRatio * 100)}%`}
        />
      </div>
      <span
        className={cn(
          'text-right font-mono text-[11px] tabular-nums',
          usage.state === 'ok'
            ? 'text-fg-muted'
            : usage.state === 'warning'
              ? 'text-warn'
              : usage.state === 'blocked'
                ? 'text-fg-subtle'
                : 'text-danger',
        )}
      >
        {formatQuantity(usage.used, usage.resource)}/{formatQuantity(usage.hard, usage.resource)}
        {!compact && <span className="ml-1 text-fg-subtle">{formatRatio(usage.ratio)}</span>}
      </span>
    </div>
  );
}
