'use client';

import type { EvictionTimelinePanelData } from '@plimsoll/shared/schemas';
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { CHART_TOOLTIP_STYLE } from '@/components/chart';
import { resourceColor } from '@/features/evictions/colors';
import { formatDateTime, formatTick } from '@/lib/format';

const BUCKETS = 48;

/** Marks counted into equal time buckets, one series per starved resource (for a stacked bar chart). */
function toBuckets(data: EvictionTimelinePanelData) {
  const from = Date.parse(data.timeline.from);
  const to = Date.parse(data.timeline.to);
  const width = Math.max(1, (to - from) / BUCKETS);
  const rows = Array.from(
    { length: BUCKETS },
    (_, i) => ({ t: from + i * width, total: 0 }) as Record<string, number>,
  );
  const { t, r } = data.timeline.marks;
  for (let i = 0; i < t.length; i++) {
    const b = Math.min(BUCKETS - 1, Math.max(0, Math.floor(((t[i] as number) - from) / width)));
    const res = data.timeline.resources[r[i] as number] ?? '(none)';
    const row = rows[b] as Record<string, number>;
    row[res] = (row[res] ?? 0) + 1;
    row.total = (row.total ?? 0) + 1;
  }
  return { rows, width };
}

const tick = (ms: number, spanMs: number) =>
  formatTick(ms, spanMs > 2 * 86_400_000 ? 86_400_000 : 60_000);

/** Evictions over the link's range for its filter: counts over time by starved resource, then the newest few. */
export function EvictionTimelinePanel({ data }: { data: EvictionTimelinePanelData }) {
  const { rows } = useMemo(() => toBuckets(data), [data]);
  const span = Date.parse(data.timeline.to) - Date.parse(data.timeline.from);
  const f = data.filter;
  const chips = [
    f.node && `node ${f.node}`,
    f.namespace && `namespace ${f.namespace}`,
    (data.tenant ?? f.tenant) && `tenant ${data.tenant ?? f.tenant}`,
    f.resource && `resource ${f.resource}`,
  ].filter(Boolean);
  return (
    <div className="grid h-full grid-rows-[auto_minmax(7rem,1fr)_auto] gap-2 p-3">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-xs">
        <span className="text-fg-muted">
          <span className="text-base font-semibold tabular-nums text-fg">{data.total}</span>{' '}
          eviction{data.total === 1 ? '' : 's'} in the last {f.rangeHours} h
        </span>
        {chips.length > 0 && <span className="text-fg-subtle">{chips.join(' · ')}</span>}
        <span className="ml-auto flex gap-2">
          {data.timeline.resources.map((res) => (
            <span key={res} className="flex items-center gap-1 text-[11px] text-fg-muted">
              <span
                aria-hidden
                className="size-2 rounded-[2px]"
                style={{ background: resourceColor(res) }}
              />
              {res}
            </span>
          ))}
        </span>
      </div>
      <div
        className="relative min-h-28"
        aria-label={`Evictions over the last ${f.rangeHours} hours`}
        role="img"
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={rows}
            margin={{ top: 4, right: 4, bottom: 0, left: -24 }}
            barCategoryGap={1}
          >
            <CartesianGrid vertical={false} stroke="var(--line)" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(v: number) => tick(v, span)}
              tick={{ fontSize: 10, fill: 'var(--fg-subtle)' }}
              stroke="var(--line-strong)"
              minTickGap={40}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fontSize: 10, fill: 'var(--fg-subtle)' }}
              stroke="var(--line-strong)"
              width={40}
            />
            <Tooltip
              cursor={{ fill: 'var(--surface-hover)' }}
              contentStyle={{ ...CHART_TOOLTIP_STYLE, fontSize: 11 }}
              labelFormatter={(v) => formatDateTime(new Date(Number(v)).toISOString())}
            />
            {data.timeline.resources.map((res) => (
              <Bar
                key={res}
                dataKey={res}
                stackId="r"
                fill={resourceColor(res)}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
        {data.total === 0 && (
          <p className="absolute inset-0 flex items-center justify-center text-xs text-fg-muted">
            No evictions in this range.
          </p>
        )}
      </div>
      {data.recent.length > 0 && (
        <table className="w-full table-fixed text-xs">
          <caption className="sr-only">Newest evictions</caption>
          <tbody>
            {data.recent.map((e) => (
              <tr key={`${e.namespace}/${e.pod}/${e.evictedAt}`} className="border-t border-line">
                <td className="w-28 py-0.5 pr-2 tabular-nums text-fg-subtle">
                  {formatDateTime(e.evictedAt)}
                </td>
                <td className="truncate py-0.5 pr-2 font-mono text-fg">
                  {e.namespace}/{e.pod}
                </td>
                <td className="w-24 truncate py-0.5 pr-2 text-fg-muted">{e.resource ?? '—'}</td>
                <td className="hidden w-40 truncate py-0.5 font-mono text-fg-muted sm:table-cell">
                  {e.node ?? '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
