import type { ReactElement } from 'react';
import { ReferenceArea, ReferenceLine } from 'recharts';

import { formatTick } from '@/lib/format';

// What every Recharts time chart of the app shares, so they look and read alike.

/** The tooltip box of every chart: the surface colour and line of the cards it sits in. */
export const CHART_TOOLTIP_STYLE = {
  background: 'var(--surface)',
  border: '1px solid var(--line)',
  borderRadius: 6,
  fontSize: 12,
  color: 'var(--fg)',
} as const;

/** An x axis of epoch milliseconds (`dataKey="t"`) over the data's span: times of day, or dates past two days. */
export function timeAxisProps(spanMs: number) {
  return {
    dataKey: 't',
    type: 'number',
    scale: 'time',
    domain: ['dataMin', 'dataMax'],
    tickFormatter: (t: number) => formatTick(t, spanMs > 2 * 86_400_000 ? 86_400_000 : 60_000),
    stroke: 'var(--fg-subtle)',
    fontSize: 11,
  } as const;
}

/** What a chart says instead of a line when the range holds fewer than two points. */
export function NotEnoughPoints({ what = 'stored readings' }: { what?: string }) {
  return (
    <p className="text-[13px] text-fg-muted">Not enough {what} in this range to draw a line yet.</p>
  );
}

/** Annotations on a time chart: what happened at an instant (a line) and over a span (a band). */
export interface ChartMarks {
  lines: Array<{ t: number; label: string; color: string }>;
  bands: Array<{ from: number; to: number; label: string; color: string }>;
}

export const NO_MARKS: ChartMarks = { lines: [], bands: [] };

/**
 * The marks as Recharts reference elements on an x axis of epoch milliseconds. Call it inside the chart (Recharts
 * wants them as its direct children); marks outside the drawn range are left out, bands are clipped to it.
 */
export function renderChartMarks(
  m: ChartMarks,
  domain: { min: number; max: number },
): ReactElement[] {
  return [
    ...m.bands
      .filter((b) => b.to >= domain.min && b.from <= domain.max)
      .map((b) => (
        <ReferenceArea
          key={`band-${b.from}-${b.label}`}
          x1={Math.max(b.from, domain.min)}
          x2={Math.min(b.to, domain.max)}
          fill={b.color}
          fillOpacity={0.12}
          stroke="none"
          label={{ value: b.label, position: 'insideTop', fontSize: 10 }}
        />
      )),
    ...m.lines
      .filter((l) => l.t >= domain.min && l.t <= domain.max)
      .map((l) => (
        <ReferenceLine
          key={`line-${l.t}-${l.label}`}
          x={l.t}
          stroke={l.color}
          strokeWidth={1.5}
          label={{ value: l.label, position: 'insideTopLeft', fontSize: 10 }}
        />
      )),
  ];
}
