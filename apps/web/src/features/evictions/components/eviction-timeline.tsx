'use client';

import type { EvictionTimelineResponse } from '@plimsoll/shared/schemas';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';

import { resourceColor } from '../colors';
import { formatDateTime, formatTick, timeTicks } from '@/lib/format';

const ROW_H = 18;
const AXIS_H = 22;
const LABEL_W = 184;
const MAX_ROWS = 40;
const MARK_W = 2;
const MARK_H = 12;
const HIT_PX = 5;

/** Props for {@link EvictionTimeline}. */
export interface EvictionTimelineProps {
  data: EvictionTimelineResponse;
  from: number;
  to: number;
  /** A dragged (or keyboard-zoomed) window, epoch ms. */
  onZoom: (from: number, to: number) => void;
  /** A clicked mark. */
  onSelect: (id: string) => void;
}

interface Rows {
  labels: string[];
  /** Per row: mark times (sorted) and their indexes into the marks columns. */
  times: Float64Array[];
  index: Int32Array[];
}

/** Rows in the server's order (most marks first); past MAX_ROWS they fold into one last row. */
function buildRows(data: EvictionTimelineResponse): Rows {
  const folded = data.groups.length > MAX_ROWS;
  const keep = folded ? MAX_ROWS - 1 : data.groups.length;
  const labels = data.groups.slice(0, keep);
  if (folded) labels.push(`${data.groups.length - keep} more groups`);
  const buckets: number[][] = labels.map(() => []);
  for (let i = 0; i < data.marks.t.length; i++) {
    const g = data.marks.g[i] as number;
    (buckets[g < keep ? g : keep] as number[]).push(i);
  }
  const times: Float64Array[] = [];
  const index: Int32Array[] = [];
  for (const b of buckets) {
    b.sort((x, y) => (data.marks.t[x] as number) - (data.marks.t[y] as number));
    index.push(Int32Array.from(b));
    times.push(Float64Array.from(b, (i) => data.marks.t[i] as number));
  }
  return { labels, times, index };
}

function nearest(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return 0;
  if (lo === times.length) return times.length - 1;
  return t - (times[lo - 1] as number) <= (times[lo] as number) - t ? lo - 1 : lo;
}

/** Theme colours read from the CSS variables, re-read when the `dark` class flips. */
function useThemeColors() {
  const [colors, setColors] = useState({
    text: '#4f5866',
    line: '#e1e4e9',
    band: '#f0f2f5',
    accent: '#2251c9',
  });
  useEffect(() => {
    const read = () => {
      const s = getComputedStyle(document.documentElement);
      const v = (name: string, fallback: string) => s.getPropertyValue(name).trim() || fallback;
      setColors({
        text: v('--fg-muted', '#4f5866'),
        line: v('--line', '#e1e4e9'),
        band: v('--surface-muted', '#f0f2f5'),
        accent: v('--accent', '#2251c9'),
      });
    };
    read();
    const obs = new MutationObserver(read);
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    return () => obs.disconnect();
  }, []);
  return colors;
}

/**
 * One mark per eviction on a canvas, a row per group. Marks are batched into one path per colour, so 10,000 of
 * them draw in a few milliseconds. Drag across the plot to zoom into that window; click a mark to open it;
 * with the plot focused, `+`/`-` zoom and the arrow keys pan.
 */
export function EvictionTimeline({ data, from, to, onZoom, onSelect }: EvictionTimelineProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  const [hover, setHover] = useState<{ x: number; y: number; i: number; row: number } | null>(null);
  const colors = useThemeColors();
  const rows = useMemo(() => buildRows(data), [data]);
  const height = AXIS_H + Math.max(1, rows.labels.length) * ROW_H + 4;
  const span = Math.max(1, to - from);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const obs = new ResizeObserver(([entry]) =>
      setWidth(Math.floor(entry?.contentRect.width ?? 0)),
    );
    obs.observe(el);
    return () => obs.disconnect();
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = width * dpr;
    canvas.height = height * dpr;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    // Alternate row bands and the time grid.
    ctx.fillStyle = colors.band;
    for (let r = 1; r < rows.labels.length; r += 2)
      ctx.fillRect(0, AXIS_H + r * ROW_H, width, ROW_H);
    const { ticks, step } = timeTicks(from, to, Math.max(2, Math.floor(width / 90)));
    ctx.strokeStyle = colors.line;
    ctx.fillStyle = colors.text;
    ctx.font = '11px ui-sans-serif, system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.beginPath();
    for (const t of ticks) {
      const x = Math.round(((t - from) / span) * width) + 0.5;
      ctx.moveTo(x, AXIS_H - 4);
      ctx.lineTo(x, height);
      const label = formatTick(t, step);
      const w = ctx.measureText(label).width;
      ctx.fillText(label, Math.min(Math.max(0, x - w / 2), width - w), AXIS_H / 2);
    }
    ctx.stroke();
    // Marks: one path per resource colour.
    const byColor = new Map<string, Path2D>();
    let drawn = 0;
    for (let r = 0; r < rows.labels.length; r++) {
      const y = AXIS_H + r * ROW_H + (ROW_H - MARK_H) / 2;
      const idx = rows.index[r] as Int32Array;
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k] as number;
        const x = (((data.marks.t[i] as number) - from) / span) * width;
        if (x < -MARK_W || x > width) continue;
        const color = resourceColor(data.resources[data.marks.r[i] as number]);
        let path = byColor.get(color);
        if (!path) {
          path = new Path2D();
          byColor.set(color, path);
        }
        path.rect(Math.round(x - MARK_W / 2), y, MARK_W, MARK_H);
        drawn++;
      }
    }
    for (const [color, path] of byColor) {
      ctx.fillStyle = color;
      ctx.fill(path);
    }
    // What was last drawn (marks in the window, and the window), for tests and bench/views.bench.mjs.
    canvas.dataset.drawnMarks = String(drawn);
    canvas.dataset.drawnRange = `${from}-${to}`;
  }, [width, height, rows, data, from, to, span, colors]);

  const timeAt = (x: number) => from + (x / Math.max(1, width)) * span;
  const localX = (e: PointerEvent<HTMLCanvasElement>) =>
    e.clientX - e.currentTarget.getBoundingClientRect().left;

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const x = localX(e);
    setDrag({ x0: x, x1: x });
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const x = localX(e);
    const y = e.clientY - e.currentTarget.getBoundingClientRect().top;
    if (drag) {
      setDrag({ ...drag, x1: Math.max(0, Math.min(width, x)) });
      return;
    }
    const row = Math.floor((y - AXIS_H) / ROW_H);
    const times = rows.times[row];
    if (!times || times.length === 0) return setHover(null);
    const k = nearest(times, timeAt(x));
    const mx = (((times[k] as number) - from) / span) * width;
    if (Math.abs(mx - x) > HIT_PX) return setHover(null);
    setHover({
      x: mx,
      y: AXIS_H + row * ROW_H,
      i: (rows.index[row] as Int32Array)[k] as number,
      row,
    });
  };
  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drag) return;
    const x1 = localX(e);
    setDrag(null);
    if (Math.abs(x1 - drag.x0) > 4) onZoom(timeAt(drag.x0), timeAt(x1));
    else if (hover) onSelect(data.marks.id[hover.i] as string);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const mid = (from + to) / 2;
    if (e.key === '+' || e.key === '=') onZoom(mid - span / 4, mid + span / 4);
    else if (e.key === '-') onZoom(mid - span, mid + span);
    else if (e.key === 'ArrowLeft') onZoom(from - span / 4, to - span / 4);
    else if (e.key === 'ArrowRight') onZoom(from + span / 4, to + span / 4);
    else return;
    e.preventDefault();
  };

  const total = data.marks.id.length;
  return (
    <div className="flex min-w-0 text-xs" data-testid="eviction-timeline">
      <div className="shrink-0 border-r border-line" style={{ width: LABEL_W }}>
        <div style={{ height: AXIS_H }} className="px-3 leading-[22px] text-[11px] text-fg-subtle">
          {total.toLocaleString()} marks
        </div>
        {rows.labels.map((label, r) => (
          <div
            key={label}
            title={label}
            className={`truncate px-3 font-mono text-[11px] text-fg-muted ${r % 2 ? 'bg-surface-muted' : ''}`}
            style={{ height: ROW_H, lineHeight: `${ROW_H}px` }}
          >
            {label}
          </div>
        ))}
      </div>
      <div
        ref={wrapRef}
        className="relative min-w-0 flex-1 outline-none focus-visible:ring-2 focus-visible:ring-accent"
        tabIndex={0}
        role="img"
        aria-label={`Timeline of ${total} evictions in ${rows.labels.length} rows. Drag to zoom; press plus or minus to zoom, arrows to pan.`}
        onKeyDown={onKeyDown}
      >
        <canvas
          ref={canvasRef}
          style={{
            width: '100%',
            height,
            cursor: hover ? 'pointer' : 'crosshair',
            touchAction: 'none',
          }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={() => setHover(null)}
        />
        {drag && Math.abs(drag.x1 - drag.x0) > 1 && (
          <div
            className="pointer-events-none absolute border-x border-accent bg-accent/15"
            style={{
              left: Math.min(drag.x0, drag.x1),
              width: Math.abs(drag.x1 - drag.x0),
              top: AXIS_H,
              bottom: 0,
            }}
          />
        )}
        {hover && !drag && (
          <div
            className="pointer-events-none absolute z-10 rounded border border-line bg-surface px-2 py-1 text-[11px] whitespace-nowrap text-fg shadow-md"
            style={{ left: Math.min(hover.x + 8, Math.max(0, width - 220)), top: hover.y + ROW_H }}
          >
            <div className="font-mono">{rows.labels[hover.row]}</div>
            <div className="text-fg-muted">
              {formatDateTime(data.marks.t[hover.i] as number)} ·{' '}
              {data.resources[data.marks.r[hover.i] as number]} · #{data.marks.id[hover.i]}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
