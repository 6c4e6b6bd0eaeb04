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
