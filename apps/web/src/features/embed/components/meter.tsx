import { cn } from '@/lib/cn';

export type MeterTone = 'ok' | 'warn' | 'danger' | 'neutral';

const FILL: Record<MeterTone, string> = {
  ok: 'bg-ok',
  warn: 'bg-warn',
  danger: 'bg-danger',
  neutral: 'bg-fg-subtle',
};

/**
 * A thin horizontal bar: `value` of 1 filled in the tone's colour, an optional tick at `marker` (a threshold),
 * both as fractions of the track.
 */
export function Meter({
  value,
  marker,
  tone,
  label,
  className,
}: {
  value: number;
  marker?: number | null;
  tone: MeterTone;
  label: string;
  className?: string;
}) {
  const pct = (x: number) => `${Math.max(0, Math.min(1, x)) * 100}%`;
  return (
    <div
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(Math.max(0, Math.min(1, value)) * 100)}
      className={cn(
        'relative h-2 w-full overflow-hidden rounded-sm bg-surface-muted ring-1 ring-line ring-inset',
        className,
      )}
    >
      <div className={cn('h-full rounded-sm', FILL[tone])} style={{ width: pct(value) }} />
      {marker !== undefined && marker !== null && (
        <div
          aria-hidden
          className="absolute inset-y-0 w-0.5 bg-fg"
          style={{ left: `calc(${pct(marker)} - 1px)` }}
        />
      )}
    </div>
  );
}
