'use client';

import type { WorkloadEvictionUsage } from '@plimsoll/shared/schemas';
import { useMemo } from 'react';
import {
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { CHART_TOOLTIP_STYLE, NotEnoughPoints, timeAxisProps } from '@/components/chart';
import { formatDateTime, formatQuantity } from '@/lib/format';

import { resourceColor } from '../../evictions/colors';

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** "×1.8", to one decimal under ten. */
export const formatRatio = (r: number) => `×${r < 10 ? r.toFixed(1) : Math.round(r)}`;

/**
 * Each eviction's usage of the starved resource as a multiple of the pod's request, over time, with the request
 * drawn at ×1: points far above the line say the request is too low, points below say the node was overcommitted.
 */
export function WorkloadUsageChart({ usage }: { usage: readonly WorkloadEvictionUsage[] }) {
  const points = useMemo(
    () =>
      usage
        .filter((u) => u.usageToRequest !== null)
        .map((u) => ({ t: Date.parse(u.evictedAt), ratio: u.usageToRequest as number, u })),
    [usage],
  );
  if (points.length === 0) {
    return <NotEnoughPoints what="evictions with both a usage and a request" />;
  }
  const span = Math.max(...points.map((p) => p.t)) - Math.min(...points.map((p) => p.t));
  const over = points.filter((p) => p.ratio > 1).length;
  return (
    <>
      <p className="mb-2 text-xs text-fg-muted" data-testid="workload-usage-summary">
        {over} of {points.length} evicted pods used more than they requested (median{' '}
        {formatRatio(median(points.map((p) => p.ratio)))} their request).
      </p>
      <div className="h-48 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
            <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" />
            <XAxis {...timeAxisProps(span)} />
            <YAxis
              dataKey="ratio"
              type="number"
              domain={[0, 'auto']}
              tickFormatter={(v: number) => `×${v}`}
              stroke="var(--fg-subtle)"
              fontSize={11}
            />
            <ReferenceLine
              y={1}
              stroke="var(--fg-muted)"
              strokeDasharray="4 3"
              label={{ value: 'request', position: 'insideBottomRight', fontSize: 10 }}
            />
            <Tooltip
              contentStyle={CHART_TOOLTIP_STYLE}
              content={({ payload }) => {
                const p = payload?.[0]?.payload as (typeof points)[number] | undefined;
                if (!p) return null;
                return (
                  <div style={CHART_TOOLTIP_STYLE} className="px-2 py-1">
                    <div className="font-mono">{p.u.pod}</div>
                    <div>{formatDateTime(p.u.evictedAt)}</div>
                    <div>
                      {formatQuantity(p.u.usage, p.u.resource)} of{' '}
                      {formatQuantity(p.u.request, p.u.resource)} requested ({formatRatio(p.ratio)})
                    </div>
                  </div>
                );
              }}
            />
            <Scatter
              data={points}
              fill={resourceColor(points[0]?.u.resource ?? null)}
              isAnimationActive={false}
            />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </>
  );
}
