'use client';

import type { GetAutoscalerHistoryResponse } from '@plimsoll/shared/schemas';
import { useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import {
  CHART_TOOLTIP_STYLE,
  NO_MARKS,
  NotEnoughPoints,
  renderChartMarks,
  type ChartMarks,
} from '@/components/chart';
import { Card, CardBody, CardHeader } from '@/components/card';

import { shortGroupName } from '../format';
import { formatClock, formatDateTime } from '@/lib/format';

const COLORS = [
  'var(--accent)',
  'var(--warn)',
  'var(--info)',
  'var(--ok)',
  'var(--danger)',
  'var(--fg-muted)',
];

/** Node group target sizes and cluster ready nodes over time, from the stored status samples. */
export function AutoscalerHistoryChart({
  data,
  actions,
  marks = NO_MARKS,
}: {
  data: GetAutoscalerHistoryResponse;
  actions?: React.ReactNode;
  /** Scale-ups and scale-downs to draw over the lines. */
  marks?: ChartMarks;
}) {
  const { rows, groups } = useMemo(() => {
    const names = [...new Set(data.samples.flatMap((s) => s.groups.map((g) => g.name)))];
    return {
      groups: names,
      rows: data.samples.map((s) => {
        const row: Record<string, number | string> = {
          t: new Date(s.observedAt).getTime(),
          ready: s.ready,
        };
        for (const g of s.groups) row[g.name] = g.target;
        return row;
      }),
    };
  }, [data]);
  return (
    <Card>
      <CardHeader
        title="Over time"
        description={`Target size per node group (steps) and ready nodes cluster-wide, from ${data.samples.length} stored status samples${data.thinned ? ' (thinned)' : ''}.`}
        actions={actions}
      />
      <CardBody>
        {rows.length < 2 ? (
          <NotEnoughPoints what="stored samples" />
        ) : (
          <div className="h-56" role="img" aria-label="Node group target sizes over time">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={rows} margin={{ top: 4, right: -8, bottom: 0, left: -16 }}>
                <CartesianGrid stroke="var(--line)" strokeDasharray="2 4" />
                <XAxis
                  dataKey="t"
                  type="number"
                  scale="time"
                  domain={['dataMin', 'dataMax']}
                  tickFormatter={(t: number) => formatClock(t, false)}
                  stroke="var(--fg-subtle)"
                  fontSize={11}
                />
                <YAxis
                  yAxisId="groups"
                  allowDecimals={false}
                  stroke="var(--fg-subtle)"
                  fontSize={11}
                />
                <YAxis
                  yAxisId="ready"
                  orientation="right"
                  allowDecimals={false}
                  stroke="var(--fg-subtle)"
                  fontSize={11}
                />
                <Tooltip
                  labelFormatter={(t) => formatDateTime(new Date(Number(t)).toISOString())}
                  contentStyle={CHART_TOOLTIP_STYLE}
                />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                {renderChartMarks(marks, {
                  min: Number(rows[0]?.t ?? 0),
                  max: Number(rows.at(-1)?.t ?? 0),
                })}
                <Line
                  yAxisId="ready"
                  type="stepAfter"
                  dataKey="ready"
                  name="ready nodes, cluster (right axis)"
                  stroke="var(--fg-subtle)"
                  dot={false}
                  strokeDasharray="4 3"
                  isAnimationActive={false}
                />
                {groups.map((g, i) => (
                  <Line
                    key={g}
                    yAxisId="groups"
                    type="stepAfter"
                    dataKey={g}
                    name={`${shortGroupName(g)} target`}
                    stroke={COLORS[i % COLORS.length]}
                    strokeWidth={2}
                    dot={false}
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
