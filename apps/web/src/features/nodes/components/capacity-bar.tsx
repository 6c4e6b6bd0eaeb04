import type { NodeResourceBreakdown } from '@plimsoll/shared/schemas';

import { formatAmount } from '@/lib/format';

const PARTS = [
  { key: 'kubeReserved', label: 'kube-reserved', cls: 'bg-info/70' },
  { key: 'systemReserved', label: 'system-reserved', cls: 'bg-info/40' },
  { key: 'evictionThreshold', label: 'eviction threshold', cls: 'bg-danger/60' },
  { key: 'hugePages', label: 'hugepages', cls: 'bg-fg-subtle/50' },
] as const;

/**
 * capacity = kube-reserved + system-reserved + eviction threshold (+ hugepages) + allocatable, drawn left to right
 * (getAllocatableBreakdown); requested fills allocatable and a marker shows what is used.
 */
export function CapacityBar({ row }: { row: NodeResourceBreakdown }) {
  const cap = Math.max(1, row.capacity);
  const pct = (v: number) => `${Math.max(0, Math.min(100, (v / cap) * 100))}%`;
  const fmt = (v: number | null) => formatAmount(v, row.unit);
  const requestedOver = row.requested > row.allocatable;
  return (
    <div>
      <div className="mb-1 flex items-baseline justify-between gap-2 text-xs">
        <span className="font-mono font-medium text-fg">{row.resource}</span>
        <span className="text-fg-muted">
          allocatable <span className="font-mono text-fg">{fmt(row.allocatable)}</span> of{' '}
          <span className="font-mono">{fmt(row.capacity)}</span> · requested{' '}
          <span className={requestedOver ? 'font-mono text-danger' : 'font-mono text-fg'}>
            {fmt(row.requested)}
          </span>
          {row.used !== null && (
            <>
              {' '}
              · used <span className="font-mono text-fg">{fmt(row.used)}</span>
            </>
          )}
        </span>
      </div>
      <div
        className="relative flex h-5 overflow-hidden rounded bg-surface-hover"
        role="img"
        aria-label={`${row.resource}: capacity ${fmt(row.capacity)}, kube-reserved ${fmt(row.kubeReserved)}, system-reserved ${fmt(row.systemReserved)}, eviction threshold ${fmt(row.evictionThreshold)}, allocatable ${fmt(row.allocatable)}, requested ${fmt(row.requested)}${row.used !== null ? `, used ${fmt(row.used)}` : ''}`}
      >
        {PARTS.map((p) =>
          row[p.key] > 0 ? (
            <span
              key={p.key}
              className={p.cls}
              style={{ width: pct(row[p.key]) }}
              title={`${p.label}: ${fmt(row[p.key])}`}
            />
          ) : null,
        )}
        <span
          className="relative h-full"
          style={{ width: pct(row.allocatable) }}
          title={`allocatable: ${fmt(row.allocatable)}`}
        >
          <span className="absolute inset-0 border border-accent/40 bg-accent/10" />
          <span
            className="absolute inset-y-0 left-0 bg-accent/60"
            style={{
              width: `${Math.min(100, (row.requested / Math.max(1, row.allocatable)) * 100)}%`,
            }}
            title={`requested: ${fmt(row.requested)}`}
          />
        </span>
        {row.used !== null && (
          <span
            className="absolute inset-y-0 w-0.5 bg-fg"
            style={{ left: `calc(${pct(row.used)} - 1px)` }}
            title={`used (whole node, from the left edge): ${fmt(row.used)}`}
          />
        )}
      </div>
      {row.reportedAllocatable !== null && row.reportedAllocatable !== row.allocatable && (
        <p className="mt-1 text-[11px] text-warn">
          The node reports allocatable {fmt(row.reportedAllocatable)}; the kubelet settings Plimsoll
          knows give {fmt(row.allocatable)}.
        </p>
      )}
    </div>
  );
}

export function CapacityLegend() {
  return (
    <p className="flex flex-wrap gap-x-4 gap-y-1 text-[11px] text-fg-muted">
      {PARTS.map((p) => (
        <span key={p.key} className="flex items-center gap-1">
          <span className={`size-2 rounded-sm ${p.cls}`} aria-hidden="true" /> {p.label}
        </span>
      ))}
      <span className="flex items-center gap-1">
        <span
          className="size-2 rounded-sm border border-accent/40 bg-accent/10"
          aria-hidden="true"
        />{' '}
        allocatable
      </span>
      <span className="flex items-center gap-1">
        <span className="size-2 rounded-sm bg-accent/60" aria-hidden="true" /> requested
      </span>
      <span className="flex items-center gap-1">
        <span className="h-2 w-0.5 bg-fg" aria-hidden="true" /> used
      </span>
    </p>
  );
}
