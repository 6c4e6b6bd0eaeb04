'use client';

import { useQuery } from '@tanstack/react-query';
import type { NodePressureHistory } from '@plimsoll/shared/schemas';
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
  NotEnoughPoints,
  renderChartMarks,
  timeAxisProps,
  type ChartMarks,
} from '@/components/chart';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { QueryState } from '@/components/query-state';
import { formatDateTime } from '@/lib/format';

import { nodeQueries } from '../queries';
import { useNodeChartMarks } from './use-node-chart-marks';
import { formatSwapBytes } from './node-signals-card';

const PSI_LINES = [
  { key: 'psiCpuSomeAvg10', name: 'cpu some', color: 'var(--info)' },
  { key: 'psiMemorySomeAvg10', name: 'memory some', color: 'var(--warn)' },
  { key: 'psiMemoryFullAvg10', name: 'memory full', color: 'var(--danger)' },
  { key: 'psiIoSomeAvg10', name: 'io some', color: 'var(--accent)' },
] as const;

/** Whether the range holds PSI readings, and swap on the node, to draw. */
function seriesOf(h: NodePressureHistory) {
  const psi = h.samples.filter((s) => s.psiCpuSomeAvg10 !== null).length;
  const swap = h.samples.some((s) => (s.swapAvailableBytes ?? 0) + (s.swapUsageBytes ?? 0) > 0);
  return { psi, swap };
}

/**
 * PSI (`some avg10` of cpu, memory and io, memory `full avg10`) and swap used over the page's range, from the
 * stored kubelet readings: the 1.34/1.35 signals in history beside the conditions.
 */
export function NodePressureHistoryCard({
  cluster,
  name,
  from,
}: {
  cluster: string;
  name: string;
  from: string;
}) {
  const history = useQuery(nodeQueries.pressure(cluster, name, { from }));
  const marks = useNodeChartMarks(cluster, name, from);
  return (
    <Card aria-label="Pressure stall and swap over time">
      <CardHeader
        title="Pressure stall and swap over time"
        description="PSI avg10 (share of time tasks stalled) and swap used, from the kubelet readings Plimsoll stored, over the range of the conditions above. Red lines mark this node's eviction episodes, amber bands a stale Lease."
      />
      <CardBody>
        <QueryState
          query={history}
          what="pressure history"
          isEmpty={(h) => {
            const s = seriesOf(h);
            return s.psi === 0 && !s.swap;
          }}
          empty={
            <EmptyState
              title="No PSI or swap in this range"
              description="This node's kubelet reported no pressure stall information (KubeletPSI, on by default from 1.34) and no swap."
            />
          }
        >
          {(h) => <PressureChart h={h} marks={marks} />}
        </QueryState>
      </CardBody>
    </Card>
  );
}

function PressureChart({ h, marks }: { h: NodePressureHistory; marks: ChartMarks }) {
  const { psi, swap } = seriesOf(h);
  const rows = useMemo(
    () => h.samples.map((s) => ({ ...s, t: new Date(s.at).getTime() })),
    [h.samples],
  );
  if (rows.length < 2) {
    return <NotEnoughPoints />;
  }
  const domain = { min: rows[0]?.t ?? 0, max: rows.at(-1)?.t ?? 0 };
  const span = domain.max - domain.min;
  const label = [
    psi > 0 ? 'pressure stall (cpu, memory, io) in percent' : null,
    swap ? 'swap used' : null,
  ]
    .filter(Boolean)
    .join(' and ');
  return (
    <div className="h-56" role="img" aria-label={`This node's ${label} over time`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 6, right: 0, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="var(--line)" strokeDasharray="2 4" />
          <XAxis {...timeAxisProps(span)} />
          <YAxis
            yAxisId="psi"
            domain={[0, (max: number) => Math.max(10, Math.ceil(max / 10) * 10)]}
            unit="%"
            stroke="var(--fg-subtle)"
            fontSize={11}
          />
          {swap && (
            <YAxis
              yAxisId="swap"
              orientation="right"
              tickFormatter={(v: number) => formatSwapBytes(v)}
              stroke="var(--fg-subtle)"
              fontSize={11}
              width={64}
            />
          )}
          <Tooltip
            contentStyle={CHART_TOOLTIP_STYLE}
            labelFormatter={(t) => formatDateTime(Number(t))}
            formatter={(v, key) =>
              key === 'swap used' ? formatSwapBytes(Number(v)) : `${String(v)}%`
            }
          />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {renderChartMarks(marks, domain)}
          {psi > 0 &&
            PSI_LINES.map((l) => (
              <Line
                key={l.key}
                yAxisId="psi"
                dataKey={l.key}
                name={l.name}
                type="monotone"
                stroke={l.color}
                dot={false}
                strokeWidth={1.6}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          {swap && (
            <Line
              yAxisId="swap"
              dataKey="swapUsageBytes"
              name="swap used"
              type="stepAfter"
              stroke="var(--fg-muted)"
              strokeDasharray="4 3"
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
