import type { NodePressurePanelData } from '@plimsoll/shared/schemas';

import { Badge } from '@/components/badge';
import {
  HEADROOM_LABELS,
  HEADROOM_TONES,
  READY_LABELS,
  READY_TONES,
  SIGNAL_LABELS,
  headroomLevel,
} from '@/features/nodes/format';

import { Meter, type MeterTone } from './meter';
import { formatBytes, formatCount, formatDateTime, formatPercent } from '@/lib/format';

const HEALTHY: Record<string, string> = { Ready: 'True' };
const isBad = (type: string, status: string) => (HEALTHY[type] ?? 'False') !== status;
const fmt = (signal: string, n: number | null) =>
  signal.startsWith('pid') ? formatCount(n) : formatBytes(n);
const meterTone = (ratio: number | null): MeterTone => {
  const t = HEADROOM_TONES[headroomLevel(ratio)];
  return t === 'danger' ? 'danger' : t === 'warn' ? 'warn' : t === 'ok' ? 'ok' : 'neutral';
};

/** One node: conditions, headroom of each eviction signal against its threshold, and the last day's transitions. */
export function NodePressurePanel({ data }: { data: NodePressurePanelData }) {
  if (!data.found) {
    return (
      <p className="p-4 text-[13px] text-fg-muted">
        Node {data.node} is not in cluster {data.cluster} any more.
      </p>
    );
  }
  const level = headroomLevel(data.worstHeadroom);
  return (
    <div className="grid gap-3 p-3">
      <div className="flex flex-wrap items-center gap-2">
        <span className="truncate font-mono text-[13px] font-medium text-fg">{data.node}</span>
        {data.ready && (
          <Badge tone={READY_TONES[data.ready]} dot>
            {READY_LABELS[data.ready]}
          </Badge>
        )}
        {data.unschedulable && <Badge tone="warn">cordoned</Badge>}
        <Badge tone={HEADROOM_TONES[level]}>
          {data.worstHeadroom === null
            ? 'no kubelet reading yet'
            : `worst headroom ${formatPercent(data.worstHeadroom)}${
                data.worstSignal ? ` (${SIGNAL_LABELS[data.worstSignal] ?? data.worstSignal})` : ''
              } · ${HEADROOM_LABELS[level]}`}
        </Badge>
      </div>

      <section aria-label="Headroom per eviction signal" className="grid gap-2.5">
        {data.signals.length === 0 && (
          <p className="text-xs text-fg-muted">
            Headroom appears after the first kubelet reading (every 30 s by default).
          </p>
        )}
        {data.signals.map((s) => {
          const cap = s.capacity ?? null;
          const used = cap ? 1 - s.availableBytes / cap : 0;
          const marker = cap && s.threshold !== null ? 1 - s.threshold / cap : null;
          return (
            <div key={s.signal} className="grid gap-1">
              <div className="flex items-baseline justify-between gap-2 text-xs">
                <span className="font-medium text-fg">
                  {SIGNAL_LABELS[s.signal] ?? s.signal}
                  <span className="ml-1.5 font-mono text-[11px] font-normal text-fg-subtle">
                    {s.signal}
                  </span>
                </span>
                <span className="tabular-nums text-fg-muted">
                  {fmt(s.signal, s.availableBytes)} free{cap ? ` of ${fmt(s.signal, cap)}` : ''} ·
                  threshold {s.threshold === null ? 'none' : fmt(s.signal, s.threshold)} · headroom{' '}
                  <span className="font-medium text-fg">{formatPercent(s.ratio, 1)}</span>
                </span>
              </div>
              <Meter
                value={used}
                marker={marker}
                tone={meterTone(s.ratio)}
                label={`${s.signal}: ${formatPercent(used)} used, eviction at ${marker === null ? 'no threshold' : formatPercent(marker)}`}
              />
            </div>
          );
        })}
      </section>

      <section aria-label="Conditions" className="flex flex-wrap gap-1.5">
        {data.conditions.map((c) => (
          <Badge
            key={c.type}
            tone={isBad(c.type, c.status) ? (c.type === 'Ready' ? 'danger' : 'warn') : 'neutral'}
            title={c.message ?? undefined}
          >
            {c.type}={c.status}
          </Badge>
        ))}
      </section>

      <section aria-label="Recent transitions">
        <h3 className="mb-1 text-[11px] font-semibold tracking-wide text-fg-subtle uppercase">
          Transitions, last 24 h
        </h3>
        {data.transitions.length === 0 ? (
          <p className="text-xs text-fg-muted">None.</p>
        ) : (
          <ul className="grid gap-0.5 text-xs">
            {data.transitions.map((t, i) => (
              <li key={`${t.at}-${t.type}-${i}`} className="flex gap-2">
                <span className="w-28 shrink-0 tabular-nums text-fg-subtle">
                  {formatDateTime(t.at)}
                </span>
                <span className={isBad(t.type, t.status) ? 'text-warn' : 'text-fg'}>
                  {t.type}={t.status}
                </span>
                {t.reason && <span className="truncate text-fg-muted">{t.reason}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
