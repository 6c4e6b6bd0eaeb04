'use client';

import type { NodeSortKey, NodeSummary } from '@plimsoll/shared/schemas';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Route } from 'next';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

import { Badge } from '@/components/badge';
import { cn } from '@/lib/cn';

import { LEASE_TONES, READY_LABELS, READY_TONES } from '../format';
import { HeadroomCell } from './headroom-cell';
import { UnknownConditionsBadge } from './unknown-conditions-badge';
import { formatBytes, formatMilli, formatPercent, formatSeconds } from '@/lib/format';

const ROW_HEIGHT = 34;

interface Column {
  id: string;
  label: string;
  width: number;
  sort?: NodeSortKey;
  align?: 'right';
  render(row: NodeSummary): ReactNode;
}

function RequestedCell({
  requested,
  allocatable,
  fmt,
}: {
  requested: number;
  allocatable: number;
  fmt: (n: number) => string;
}) {
  const ratio = allocatable > 0 ? requested / allocatable : null;
  return (
    <span
      className="font-mono text-xs tabular-nums"
      title={`${fmt(requested)} requested of ${fmt(allocatable)} allocatable`}
    >
      <span className={cn(ratio !== null && ratio > 0.9 ? 'text-warn' : 'text-fg')}>
        {formatPercent(ratio)}
      </span>
      <span className="text-fg-subtle"> of {fmt(allocatable)}</span>
    </span>
  );
}

const COLUMNS: Column[] = [
  {
    id: 'name',
    label: 'Name',
    width: 290,
    sort: 'name',
    render: () => null, // rendered specially (link)
  },
  {
    id: 'status',
    label: 'Status',
    width: 200,
    sort: 'ready',
    render: (r) => (
      <span className="flex min-w-0 items-center gap-1 overflow-hidden">
        <Badge tone={READY_TONES[r.ready]} dot>
          {READY_LABELS[r.ready]}
        </Badge>
        {r.badConditions.map((c) => (
          <Badge key={c} tone="danger">
            {c}
          </Badge>
        ))}
        <UnknownConditionsBadge types={r.unknownConditions} />
        {r.problems.map((p) => (
          <Badge
            key={p.type}
            tone={p.severity === 'critical' ? 'danger' : 'warn'}
            title={`${p.type}: ${p.reason}`}
          >
            {p.type}
          </Badge>
        ))}
        {r.unschedulable && <Badge tone="neutral">Cordoned</Badge>}
      </span>
    ),
  },
  {
    id: 'memory',
    label: 'Memory headroom',
    width: 120,
    sort: 'memory',
    render: (r) => <HeadroomCell h={r.memory} />,
  },
  {
    id: 'disk',
    label: 'Disk headroom',
    width: 120,
    sort: 'disk',
    render: (r) => <HeadroomCell h={r.disk} />,
  },
  {
    id: 'pid',
    label: 'PID headroom',
    width: 110,
    sort: 'pid',
    render: (r) => <HeadroomCell h={r.pid} unit="count" />,
  },
  {
    id: 'cpu',
    label: 'CPU requested',
    width: 130,
    sort: 'cpuRequested',
    render: (r) => (
      <RequestedCell
        requested={r.cpu.requestedMilli}
        allocatable={r.cpu.allocatableMilli}
        fmt={formatMilli}
      />
    ),
  },
  {
    id: 'mem',
    label: 'Memory requested',
    width: 150,
    sort: 'memoryRequested',
    render: (r) => (
      <RequestedCell
        requested={r.memoryAlloc.requestedBytes}
        allocatable={r.memoryAlloc.allocatableBytes}
        fmt={formatBytes}
      />
    ),
  },
  {
    id: 'pods',
    label: 'Pods',
    width: 70,
    sort: 'pods',
    align: 'right',
    render: (r) => (
      <span
        className="font-mono text-xs tabular-nums"
        title={`${r.pods.count} of ${r.pods.allocatable} pods`}
      >
        {r.pods.count}
      </span>
    ),
  },
  {
    id: 'taints',
    label: 'Taints',
    width: 150,
    render: (r) =>
      r.taints.length === 0 ? (
        <span className="text-fg-subtle">—</span>
      ) : (
        <span
          className="truncate font-mono text-[11px] text-fg-muted"
          title={r.taints.map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`).join('\n')}
        >
          {r.taints.map((t) => t.key.replace(/^.*\//, '')).join(', ')}
        </span>
      ),
  },
  {
    id: 'kubelet',
    label: 'Kubelet',
    width: 100,
    sort: 'kubelet',
    render: (r) => (
      <span
        className={cn(
          'font-mono text-xs',
          r.kubeletSkew >= 2
            ? 'font-semibold text-danger'
            : r.kubeletSkew === 1
              ? 'text-warn'
              : 'text-fg',
        )}
        title={
          r.kubeletSkew > 0
            ? `${r.kubeletSkew} minor version(s) behind the newest kubelet`
            : 'newest kubelet in the cluster'
        }
      >
        {r.kubeletVersion ?? '—'}
        {r.kubeletSkew > 0 && <span className="ml-1 text-[10px]">−{r.kubeletSkew}</span>}
      </span>
    ),
  },
  {
    id: 'runtime',
    label: 'Runtime',
    width: 140,
    render: (r) => (
      <span className="truncate font-mono text-[11px] text-fg-muted">
        {r.containerRuntimeVersion ?? '—'}
      </span>
    ),
  },
  {
    id: 'kernel',
    label: 'Kernel',
    width: 190,
    render: (r) => (
      <span className="truncate font-mono text-[11px] text-fg-muted" title={r.osImage ?? undefined}>
        {r.kernelVersion ?? '—'}
      </span>
    ),
  },
  {
    id: 'pool',
    label: 'Pool',
    width: 140,
    sort: 'pool',
    render: (r) => <span className="truncate text-fg">{r.pool ?? '—'}</span>,
  },
  {
    id: 'tenant',
    label: 'Tenant',
    width: 90,
    sort: 'tenant',
    render: (r) =>
      r.tenant ? (
        <Badge tone="accent">{r.tenant}</Badge>
      ) : (
        <span className="text-fg-subtle">—</span>
      ),
  },
  {
    id: 'heartbeat',
    label: 'Heartbeat',
    width: 100,
    sort: 'heartbeat',
    align: 'right',
    render: (r) => (
      <span className="flex items-center justify-end gap-1.5" title={`Lease ${r.leaseState}`}>
        {r.leaseState !== 'fresh' && <Badge tone={LEASE_TONES[r.leaseState]}>{r.leaseState}</Badge>}
        <span className="font-mono text-xs tabular-nums text-fg-muted">
          {formatSeconds(r.heartbeatAgeSeconds)}
        </span>
      </span>
    ),
  },
];

const TEMPLATE = COLUMNS.map((c) => `${c.width}px`).join(' ');
const TOTAL_WIDTH = COLUMNS.reduce((s, c) => s + c.width, 0);

export interface NodeTableProps {
  rows: NodeSummary[];
  sort: NodeSortKey;
  order: 'asc' | 'desc';
  onSort(sort: NodeSortKey, order: 'asc' | 'desc'): void;
  hrefFor(name: string): string;
  /** Accessible name of the grid. */
  label: string;
}

/**
 * Every node in one virtualised grid: only the visible rows are in the DOM, so 5,000 rows scroll smoothly.
 * Keyboard: focus the grid, then ↑/↓ (or j/k), PageUp/PageDown, Home/End move the active row and Enter opens it.
 */
export function NodeTable({ rows, sort, order, onSort, hrefFor, label }: NodeTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const router = useRouter();
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    if (active >= rows.length) setActive(Math.max(0, rows.length - 1));
  }, [rows.length, active]);

  const move = (to: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 2);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      j: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      k: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => {
        const row = rows[active];
        if (row) router.push(hrefFor(row.name) as Route);
      },
    };
    const fn = keys[e.key];
    if (fn) {
      e.preventDefault();
      fn();
    }
  };

  const activeRow = rows[active];
  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={activeRow ? `node-row-${active}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      className="group/grid relative h-[calc(100dvh-15rem)] min-h-80 overflow-auto rounded-b-lg outline-none focus-visible:ring-2 focus-visible:ring-accent"
    >
      <div role="rowgroup" className="sticky top-0 z-10" style={{ width: TOTAL_WIDTH }}>
        <div
          role="row"
          aria-rowindex={1}
          className="grid border-b border-line bg-surface-muted text-xs text-fg-muted"
          style={{ gridTemplateColumns: TEMPLATE }}
        >
          {COLUMNS.map((c) => {
            const sorted = c.sort && c.sort === sort;
            return (
              <div
                key={c.id}
                role="columnheader"
                aria-sort={
                  sorted
                    ? order === 'asc'
                      ? 'ascending'
                      : 'descending'
                    : c.sort
                      ? 'none'
                      : undefined
                }
                className={cn(
                  'flex h-8 items-center px-3 font-medium',
                  c.align === 'right' && 'justify-end',
                  c.id === 'name' && 'sticky left-0 z-10 bg-surface-muted',
                )}
              >
                {c.sort ? (
                  <button
                    type="button"
                    onClick={() =>
                      onSort(c.sort as NodeSortKey, sorted && order === 'asc' ? 'desc' : 'asc')
                    }
                    className={cn(
                      'inline-flex items-center gap-1 rounded hover:text-fg',
                      sorted && 'text-fg',
                    )}
                  >
                    {c.label}
                    <span aria-hidden="true" className="text-[10px]">
                      {sorted ? (order === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                ) : (
                  c.label
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div
        role="rowgroup"
        className="relative"
        style={{ height: virtualizer.getTotalSize(), width: TOTAL_WIDTH }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index] as NodeSummary;
          const isActive = item.index === active;
          return (
            <div
              key={row.name}
              id={`node-row-${item.index}`}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={isActive}
              onClick={() => setActive(item.index)}
              className={cn(
                'absolute left-0 grid items-center border-b border-line text-[13px] hover:bg-surface-muted',
                isActive &&
                  'bg-accent-soft/60 group-focus-visible/grid:outline group-focus-visible/grid:outline-2 group-focus-visible/grid:-outline-offset-2 group-focus-visible/grid:outline-accent',
              )}
              style={{
                transform: `translateY(${item.start}px)`,
                height: ROW_HEIGHT,
                gridTemplateColumns: TEMPLATE,
                width: TOTAL_WIDTH,
              }}
            >
              {COLUMNS.map((c) => (
                <div
                  key={c.id}
                  role="gridcell"
                  className={cn(
                    'flex min-w-0 items-center overflow-hidden px-3',
                    c.align === 'right' && 'justify-end',
                    c.id === 'name' && 'sticky left-0 z-[1] bg-surface',
                  )}
                >
                  {c.id === 'name' ? (
                    <Link
                      href={hrefFor(row.name) as Route}
                      tabIndex={-1}
                      className="truncate font-mono text-xs text-accent hover:underline"
                      title={row.name}
                    >
                      {row.name}
                    </Link>
                  ) : (
                    c.render(row)
                  )}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
