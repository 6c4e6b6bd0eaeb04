'use client';

import { parseQuantity } from '@plimsoll/shared/domain';
import type { QuotaHistoryResponse, QuotaProjection } from '@plimsoll/shared/schemas';
import { useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  CHART_TOOLTIP_STYLE,
  NotEnoughPoints,
  renderChartMarks,
  timeAxisProps,
  type ChartMarks,
} from '@/components/chart';
import { formatDateTime } from '@/lib/format';

const COLORS = [
  'var(--accent)',
  'var(--warn)',
  'var(--info)',
  'var(--ok)',
  'var(--danger)',
  'var(--fg-muted)',
];

function toNumber(q: string | undefined): number | null {
  if (q === undefined) return null;
  try {
    return Number(parseQuantity(q).milliValue()) / 1000;
  } catch {
    return null;
  }
}

/** "At this rate, pods reaches its limit in 9 days." */
export function describeProjection(p: QuotaProjection): string {
  if (p.daysLeft === 0) return `${p.resource} is at its limit (${p.used} of ${p.hard}).`;
  if (p.daysLeft === null) return `${p.resource} is not growing at this rate.`;
  if (p.daysLeft < 1)
    return `At this rate, ${p.resource} reaches its limit in ${Math.max(1, Math.round(p.daysLeft * 24))} hours.`;
  const days = Math.round(p.daysLeft);
  return `At this rate, ${p.resource} reaches its limit in ${days} day${days === 1 ? '' : 's'}.`;
}

/** A line wherever a hard limit changed between two samples (an approved request, an edit): `pods 10 → 20`. */
export function hardChanges(data: QuotaHistoryResponse): ChartMarks {
  const lines: ChartMarks['lines'] = [];
  data.samples.forEach((s, i) => {
    const prev = data.samples[i - 1];
    if (!prev) return;
    const changed = Object.keys(s.hard).filter((r) => s.hard[r] !== prev.hard[r]);
    const first = changed[0];
    if (first === undefined) return;
    lines.push({
      t: new Date(s.at).getTime(),
      label:
        changed.length === 1
          ? `${first} ${prev.hard[first] ?? 'none'} → ${s.hard[first]}`
          : `${changed.length} limits changed`,
      color: 'var(--accent)',
    });
  });
  return { lines, bands: [] };
}

/**
 * Usage of each resource as a share of its hard limit over time (samples are written when used or hard
 * changes, so lines step), with the warning threshold drawn across and each change of a hard limit marked.
 */
export function QuotaHistoryChart({
  data,
  height = 'h-56',
}: {
  data: QuotaHistoryResponse;
  height?: string;
}) {
  const { rows, resources, span, marks } = useMemo(() => {
    const names = data.quota.resources.map((r) => r.resource);
    const rows = data.samples.map((s) => {
      const row: Record<string, number | null> = { t: new Date(s.at).getTime() };
      for (const name of names) {
        const used = toNumber(s.used[name]);
        const hard = toNumber(s.hard[name]);
        row[name] =
          used === null || hard === null || hard === 0
            ? null
            : Math.round((used / hard) * 1000) / 10;
      }
      return row;
    });
    const first = rows[0]?.t ?? 0;
    const last = rows.at(-1)?.t ?? 0;
    return { rows, resources: names, span: last - first, marks: hardChanges(data) };
  }, [data]);

  if (rows.length < 2) {
    return <NotEnoughPoints what="stored samples" />;
  }
  return (
    <div
      className={height}
      role="img"
      aria-label={`Usage of ${data.quota.namespace}/${data.quota.name} over time, as a share of each hard limit`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 6, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="var(--line)" strokeDasharray="2 4" />
          <XAxis {...timeAxisProps(span)} />
          <YAxis
            domain={[0, (max: number) => Math.max(100, Math.ceil(max / 10) * 10)]}
            unit="%"
            stroke="var(--fg-subtle)"
            fontSize={11}
          />
          <Tooltip
            contentStyle={CHART_TOOLTIP_STYLE}
            labelFormatter={(t) => formatDateTime(Number(t))}
            formatter={(v) => `${String(v)}%`}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {renderChartMarks(marks, { min: rows[0]?.t ?? 0, max: rows.at(-1)?.t ?? 0 })}
          <ReferenceLine
            y={data.warningRatio * 100}
            stroke="var(--warn)"
            strokeDasharray="4 3"
            label={{
              value: `warn ${Math.round(data.warningRatio * 100)}%`,
              fill: 'var(--warn)',
              fontSize: 10,
              position: 'insideTopRight',
            }}
          />
          {resources.map((name, i) => (
            <Line
              key={name}
              dataKey={name}
              type="stepAfter"
              stroke={COLORS[i % COLORS.length]}
              dot={false}
              strokeWidth={1.6}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
