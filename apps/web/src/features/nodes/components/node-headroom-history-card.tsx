'use client';

import { useQuery } from '@tanstack/react-query';
import type { NodePressureHistory, SignalHeadroomTrend } from '@plimsoll/shared/schemas';
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
import { Badge } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { QueryState } from '@/components/query-state';
import { formatBytes, formatCount, formatDateTime, formatPercent } from '@/lib/format';

import {
  headroomChartRows,
  lowestHeadroom,
  previousKey,
  type HeadroomKey,
  type PreviousWindow,
} from '../compare-node-windows';
import { describeHeadroomTrend } from '../format';
import { nodeQueries } from '../queries';
import { useNodeChartMarks } from './use-node-chart-marks';

const SIGNAL_LINES: ReadonlyArray<{
  key: HeadroomKey;
  signal: string;
  short: string;
  color: string;
}> = [
  { key: 'memoryHeadroomRatio', signal: 'memory.available', short: 'memory', color: 'var(--warn)' },
  { key: 'diskHeadroomRatio', signal: 'nodefs.available', short: 'disk', color: 'var(--info)' },
  { key: 'pidHeadroomRatio', signal: 'pid.available', short: 'PID', color: 'var(--accent)' },
];

const hasHeadroom = (h: NodePressureHistory) =>
  h.samples.some((s) => SIGNAL_LINES.some((l) => s[l.key] !== null));

/**
 * Memory, disk and PID headroom to the node's eviction thresholds over the page's range (0 % is the threshold),
 * and where each is heading at its last half hour's rate: the question before an eviction storm is "how long".
 */
export function NodeHeadroomHistoryCard({
  cluster,
  name,
  from,
  previous,
}: {
  cluster: string;
  name: string;
  from: string;
  /** The window to compare with, when asked. */
  previous: PreviousWindow | null;
}) {
  const history = useQuery(nodeQueries.pressure(cluster, name, { from }));
  const before = useQuery({
    ...nodeQueries.pressure(
      cluster,
      name,
      previous ? { from: previous.from, to: previous.to } : { from },
    ),
    enabled: previous !== null,
  });
  const compared = useMemo(
    () => (previous && before.data ? { window: previous, h: before.data } : null),
    [previous, before.data],
  );
  const marks = useNodeChartMarks(cluster, name, from);
  return (
    <Card aria-label="Headroom to eviction thresholds over time">
      <CardHeader
        title="Headroom to eviction thresholds"
        description="Available minus the kubelet's nearest eviction threshold, as a share of capacity (0 % is the threshold), and when each signal crosses it at its last 30 minutes' rate. Red lines mark this node's eviction episodes, amber bands a stale Lease."
      />
      <CardBody className="space-y-3">
        {previous && history.data && (
          <WindowComparison
            current={history.data}
            previous={before.data}
            failed={before.isError}
            label={previous.label}
          />
        )}
        <QueryState
          query={history}
          what="headroom history"
          isEmpty={(h) => !hasHeadroom(h)}
          empty={
            <EmptyState
              title="No kubelet readings in this range"
              description="Headroom appears once the collector has polled this node's kubelet."
            />
          }
        >
          {(h) => (
            <div className="space-y-3">
              <HeadroomChart h={h} compared={compared} marks={marks} />
              <TrendList trends={h.headroom} />
            </div>
          )}
        </QueryState>
      </CardBody>
    </Card>
  );
}

function TrendList({ trends }: { trends: readonly SignalHeadroomTrend[] }) {
  return (
    <ul className="divide-y divide-line text-xs" aria-label="Projected threshold crossings">
      {trends.map((t) => {
        const fmt = t.signal === 'pid.available' ? formatCount : formatBytes;
        const trend = describeHeadroomTrend(t.projection);
        const rate = t.projection.ratePerHour;
        return (
          <li
            key={t.signal}
            className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5"
            aria-label={`${t.signal}: ${trend.text}`}
          >
            <span className="w-32 font-mono text-fg-muted">{t.signal}</span>
            <span className="font-mono tabular-nums">
              {t.latest ? `${fmt(t.latest.headroom)} above threshold` : 'no reading'}
            </span>
            {t.projection.samples >= 2 && rate !== 0 && (
              <span className="font-mono tabular-nums text-fg-muted">
                {rate < 0 ? 'falling' : 'rising'} {fmt(Math.abs(rate))}/h
              </span>
            )}
            <Badge tone={trend.tone} className="ml-auto">
              {trend.text}
            </Badge>
          </li>
        );
      })}
    </ul>
  );
}

/** Each signal's lowest headroom in this window and in the one before ("memory lowest 12% (previous 24h: 30%)"). */
function WindowComparison({
  current,
  previous,
  failed,
  label,
}: {
  current: NodePressureHistory;
  previous: NodePressureHistory | undefined;
  failed: boolean;
  label: string;
}) {
  const lowest = useMemo(() => lowestHeadroom(current.samples), [current.samples]);
  const before = useMemo(() => previous && lowestHeadroom(previous.samples), [previous]);
  return (
    <ul
      className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-fg-muted"
      aria-label={`Lowest headroom, this window and the ${label} before`}
      data-testid="node-window-comparison"
    >
      {SIGNAL_LINES.map((l) => (
        <li key={l.key} className="font-mono tabular-nums">
          {l.short} lowest{' '}
          <span className="font-medium text-fg">{formatPercent(lowest[l.key])}</span> (previous{' '}
          {label}: {before ? formatPercent(before[l.key]) : failed ? 'could not load' : '…'})
        </li>
      ))}
    </ul>
  );
}

function HeadroomChart({
  h,
  compared,
  marks,
}: {
  h: NodePressureHistory;
  compared: { window: PreviousWindow; h: NodePressureHistory } | null;
  marks: ChartMarks;
}) {
  const rows = useMemo(
    () => headroomChartRows(h.samples, compared?.h.samples ?? null, compared?.window.shiftMs ?? 0),
    [h.samples, compared],
  );
  // The previous window's lines only when it has readings: a legend entry without a line reads as a bug.
  const previousLines =
    compared && hasHeadroom(compared.h)
      ? SIGNAL_LINES.map((l) => ({ ...l, name: `${l.signal} (previous ${compared.window.label})` }))
      : [];
  if (h.samples.length < 2) {
    return <NotEnoughPoints />;
  }
  const domain = { min: rows[0]?.t ?? 0, max: rows.at(-1)?.t ?? 0 };
  const span = domain.max - domain.min;
  return (
    <div
      className="h-56"
      role="img"
      aria-label="This node's memory, disk and PID headroom to the eviction thresholds over time, in percent of capacity"
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 6, right: 8, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="var(--line)" strokeDasharray="2 4" />
          <XAxis {...timeAxisProps(span)} />
          <YAxis
            domain={[(min: number) => Math.min(0, Math.floor(min / 10) * 10), 100]}
            unit="%"
            stroke="var(--fg-subtle)"
            fontSize={11}
          />
          <ReferenceLine
            y={0}
            stroke="var(--danger)"
            strokeDasharray="4 3"
            label={{ value: 'threshold', position: 'insideBottomRight', fontSize: 10 }}
          />
          <Tooltip
            contentStyle={CHART_TOOLTIP_STYLE}
            labelFormatter={(t) => formatDateTime(Number(t))}
            formatter={(v) => `${String(v)}%`}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {renderChartMarks(marks, domain)}
          {SIGNAL_LINES.map((l) => (
            <Line
              key={l.key}
              dataKey={l.key}
              name={l.signal}
              type="monotone"
              stroke={l.color}
              dot={false}
              strokeWidth={1.6}
              isAnimationActive={false}
              connectNulls
            />
          ))}
          {previousLines.map((l) => (
            <Line
              key={previousKey(l.key)}
              dataKey={previousKey(l.key)}
              name={l.name}
              type="monotone"
              stroke={l.color}
              strokeOpacity={0.55}
              strokeDasharray="4 3"
              legendType="plainline"
              dot={false}
              strokeWidth={1.2}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
