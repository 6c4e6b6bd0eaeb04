'use client';

import type { EvictionHistogramResponse } from '@plimsoll/shared/schemas';
import { useMemo } from 'react';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { groupColor } from '../colors';
import { CHART_TOOLTIP_STYLE } from '@/components/chart';
import { countTicks, formatDateTime, formatDuration, formatTick, tickStep } from '@/lib/format';

/** Props for {@link EvictionHistogramChart}. */
export interface EvictionHistogramChartProps {
  data: EvictionHistogramResponse;
  /** A clicked bar: zoom into its bucket. */
  onZoom: (from: number, to: number) => void;
  /** The window before, aligned to these buckets (alignPreviousWindow): drawn as a dashed line. */
  previous?: ReadonlyMap<number, number>;
}

/** Evictions per time bucket, stacked by the chosen grouping; click a bar to zoom into it. */
export function EvictionHistogramChart({ data, onZoom, previous }: EvictionHistogramChartProps) {
  const bucketMs = data.bucketSeconds * 1000;
  const rows = useMemo(
    () =>
      data.buckets.map((b) => {
        const t = Date.parse(b.start);
        return {
          t,
          total: b.total,
          ...b.counts,
          ...(previous ? { previous: previous.get(t) ?? 0 } : {}),
        };
      }),
    [data, previous],
  );
  const keys = data.groups.length > 0 ? data.groups.map((g) => g.key) : ['total'];
  const span = Date.parse(data.to) - Date.parse(data.from);
  const step = tickStep(span, 8);
  const yTicks = useMemo(
    () => countTicks(Math.max(0, ...rows.map((r) => Math.max(r.total, r.previous ?? 0)))),
    [rows],
  );
  return (
    <div className="h-36 w-full" data-testid="eviction-histogram">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={rows}
          margin={{ top: 6, right: 8, bottom: 0, left: -18 }}
          barCategoryGap={1}
          onClick={(state) => {
            const i = Number(
              (state as { activeTooltipIndex?: number | string } | null)?.activeTooltipIndex,
            );
            const row = Number.isFinite(i) ? rows[i] : undefined;
            if (row) onZoom(row.t, row.t + bucketMs);
          }}
        >
          <CartesianGrid vertical={false} stroke="var(--line)" />
          <XAxis
            dataKey="t"
            tickFormatter={(t: number) => formatTick(t, step)}
            tick={{ fontSize: 11, fill: 'var(--fg-subtle)' }}
            stroke="var(--line-strong)"
            minTickGap={40}
          />
          <YAxis
            allowDecimals={false}
            ticks={yTicks}
            domain={[0, yTicks[yTicks.length - 1] ?? 1]}
            tick={{ fontSize: 11, fill: 'var(--fg-subtle)' }}
            stroke="var(--line-strong)"
            width={48}
          />
          <Tooltip
            cursor={{ fill: 'var(--surface-hover)' }}
            contentStyle={CHART_TOOLTIP_STYLE}
            labelFormatter={(t) => `${formatDateTime(Number(t))} + ${formatDuration(bucketMs)}`}
          />
          {keys.map((k, i) => (
            <Bar
              key={k}
              dataKey={k}
              name={k === 'total' ? 'evictions' : k}
              stackId="a"
              fill={groupColor(data.groupBy, k, i)}
              isAnimationActive={false}
              cursor="zoom-in"
            />
          ))}
          {previous && (
            <Line
              dataKey="previous"
              name="previous window"
              type="stepAfter"
              stroke="var(--fg-muted)"
              strokeDasharray="4 3"
              dot={false}
              isAnimationActive={false}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
