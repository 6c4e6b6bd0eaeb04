'use client';

import type { ClusterOverview } from '@plimsoll/shared/schemas';
import type { Route } from 'next';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

import { HEADROOM_LABELS, headroomLevel, type HeadroomLevel } from '@/features/nodes/format';
import { formatPercent } from '@/lib/format';

type Cell = ClusterOverview['heatmap'][number];

const VARS: Record<HeadroomLevel, string> = {
  met: '--danger',
  critical: '--danger',
  warning: '--warn',
  ok: '--ok',
  unknown: '--line-strong',
};

/**
 * A cell per node, coloured by its worst headroom to an eviction threshold. Drawn on one canvas, so 5,000 nodes
 * cost one paint; hover names the node and a click opens it. NotReady/Unknown nodes get a dark centre.
 */
export function PressureHeatmap({ cells, cluster }: { cells: Cell[]; cluster: string }) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const router = useRouter();
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<{ cell: Cell; x: number; y: number } | null>(null);
  const size = cells.length > 2000 ? 7 : cells.length > 500 ? 10 : 16;
  const gap = size > 8 ? 2 : 1;
  const step = size + gap;
  const cols = Math.max(1, Math.floor((width + gap) / step));
  const rows = Math.ceil(cells.length / cols);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!c || width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = width * dpr;
    c.height = rows * step * dpr;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.scale(dpr, dpr);
    const style = getComputedStyle(document.documentElement);
    const colours = Object.fromEntries(
      Object.entries(VARS).map(([k, v]) => [k, style.getPropertyValue(v).trim() || '#888']),
    ) as Record<HeadroomLevel, string>;
    const dark = style.getPropertyValue('--fg').trim() || '#000';
    cells.forEach((cell, i) => {
      const x = (i % cols) * step;
      const y = Math.floor(i / cols) * step;
      const level = headroomLevel(cell.headroom);
      ctx.globalAlpha = level === 'ok' ? 0.55 : 1;
      ctx.fillStyle = colours[level];
      ctx.fillRect(x, y, size, size);
      ctx.globalAlpha = 1;
      if (cell.ready !== 'True') {
        ctx.fillStyle = dark;
        const inset = Math.max(2, Math.floor(size / 3));
        ctx.fillRect(x + inset, y + inset, size - 2 * inset, size - 2 * inset);
      }
    });
  }, [cells, width, cols, rows, size, step]);

  const cellAt = (clientX: number, clientY: number) => {
    const rect = canvas.current?.getBoundingClientRect();
    if (!rect) return null;
    const x = clientX - rect.left;
    const y = clientY - rect.top;
    const col = Math.floor(x / step);
    const row = Math.floor(y / step);
    if (col >= cols || x % step > size || y % step > size) return null;
    const cell = cells[row * cols + col];
    return cell ? { cell, x, y } : null;
  };

  const counts = { met: 0, critical: 0, warning: 0, ok: 0, unknown: 0 } as Record<
    HeadroomLevel,
    number
  >;
  for (const c of cells) counts[headroomLevel(c.headroom)]++;
  const summary = `Headroom heatmap of ${cells.length} nodes: ${counts.met} at or past a threshold, ${counts.critical} under 5%, ${counts.warning} under 15%, ${counts.ok} at 15% or more, ${counts.unknown} without a reading.`;

  return (
    <div ref={wrap} className="relative">
      <canvas
        ref={canvas}
        role="img"
        aria-label={summary}
        style={{ width, height: rows * step }}
        className="block cursor-pointer"
        onMouseMove={(e) => setHover(cellAt(e.clientX, e.clientY))}
        onMouseLeave={() => setHover(null)}
        onClick={(e) => {
          const hit = cellAt(e.clientX, e.clientY);
          if (hit)
            router.push(
              `/nodes/${encodeURIComponent(hit.cell.name)}?cluster=${encodeURIComponent(cluster)}` as Route,
            );
        }}
      />
      {hover && (
        <div
          className="pointer-events-none absolute z-10 rounded-md border border-line bg-surface px-2 py-1 text-xs shadow-md"
          style={{ left: Math.min(hover.x + 12, Math.max(0, width - 260)), top: hover.y + 12 }}
        >
          <div className="font-mono text-fg">{hover.cell.name}</div>
          <div className="text-fg-muted">
            {hover.cell.headroom === null
              ? 'no kubelet reading'
              : `${formatPercent(hover.cell.headroom, 1)} headroom (${hover.cell.signal})`}
            {hover.cell.ready !== 'True' && ` · Ready=${hover.cell.ready}`}
          </div>
        </div>
      )}
      <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-[11px] text-fg-muted">
        {(['met', 'critical', 'warning', 'ok', 'unknown'] as HeadroomLevel[]).map((l) => (
          <span key={l} className="flex items-center gap-1">
            <span
              className="size-2.5 rounded-sm"
              style={{ background: `var(${VARS[l]})`, opacity: l === 'ok' ? 0.55 : 1 }}
              aria-hidden="true"
            />
            {HEADROOM_LABELS[l]} <span className="font-mono text-fg">{counts[l]}</span>
          </span>
        ))}
        <span className="flex items-center gap-1">
          <span
            className="flex size-2.5 items-center justify-center rounded-sm bg-ok/50"
            aria-hidden="true"
          >
            <span className="size-1 bg-fg" />
          </span>
          not Ready
        </span>
      </p>
    </div>
  );
}
