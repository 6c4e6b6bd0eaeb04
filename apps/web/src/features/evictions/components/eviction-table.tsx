'use client';

import type { Eviction } from '@plimsoll/shared/schemas';
import type { Route } from 'next';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';

import { Badge, type BadgeTone } from '@/components/badge';

import { workloadHref } from '../../workloads/queries';
import { resourceColor } from '../colors';
import { formatDateTime, formatQuantity } from '@/lib/format';

export const QOS_TONES: Record<string, BadgeTone> = {
  BestEffort: 'warn',
  Burstable: 'info',
  Guaranteed: 'ok',
};

/**
 * The detail page of an eviction, keeping the cluster and the list's state (range, filters, tab)
 * so "← All evictions" returns to the same list and an export there covers the same window.
 */
export function evictionHref(cluster: string, id: string, listQuery?: string): Route {
  const q = new URLSearchParams({ cluster });
  for (const [k, v] of new URLSearchParams(listQuery)) if (k !== 'cluster') q.append(k, v);
  return `/evictions/${encodeURIComponent(id)}?${q.toString()}` as Route;
}

/** The eviction list with the state a detail page carried over from it. */
export function evictionListHref(cluster: string, listQuery?: string): Route {
  const q = new URLSearchParams({ cluster });
  for (const [k, v] of new URLSearchParams(listQuery)) if (k !== 'cluster') q.append(k, v);
  return `/evictions?${q.toString()}` as Route;
}

/** Offending containers as `name usage / request`, in the unit of the starved resource. */
export function Offenders({ e }: { e: Pick<Eviction, 'offenders' | 'resource'> }) {
  if (e.offenders.length === 0) return <span className="text-fg-subtle">—</span>;
  return (
    <ul className="space-y-0.5">
      {e.offenders.map((o) => (
        <li key={`${o.kind}:${o.name}`} className="whitespace-nowrap">
          <span className="font-mono text-fg">{o.kind === 'pod' ? `pod ${o.name}` : o.name}</span>{' '}
          <span className="font-mono text-danger tabular-nums" title={o.usage}>
            {formatQuantity(o.usage, e.resource)}
          </span>
          <span className="text-fg-subtle"> / </span>
          <span className="font-mono tabular-nums text-fg-muted" title={o.request ?? undefined}>
            {o.request === null ? '–' : formatQuantity(o.request, e.resource)}
          </span>
        </li>
      ))}
    </ul>
  );
}

const TH = 'px-2 py-1.5 text-left text-[11px] font-medium whitespace-nowrap text-fg-subtle';
const TD = 'px-2 py-1.5 align-top';

/** Props for {@link EvictionTable}. */
export interface EvictionTableProps {
  cluster: string;
  items: Eviction[];
}

/** Evictions, newest first: who, where, why, and the kubelet's own words. */
export function EvictionTable({ cluster, items }: EvictionTableProps) {
  const listQuery = useSearchParams().toString();
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-xs" data-testid="eviction-table">
        <thead className="border-b border-line bg-surface-muted">
          <tr>
            <th className={TH}>Evicted</th>
            <th className={TH}>Pod</th>
            <th className={TH}>Owner</th>
            <th className={TH}>Node</th>
            <th className={TH}>QoS</th>
            <th className={`${TH} text-right`}>Priority</th>
            <th className={TH}>Resource</th>
            <th className={`${TH} text-right`}>Threshold / available</th>
            <th className={TH}>Offenders (usage / request)</th>
            <th className={TH}>Kubelet message</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {items.map((e) => (
            <tr key={e.id} className="hover:bg-surface-hover">
              <td className={`${TD} font-mono whitespace-nowrap tabular-nums text-fg-muted`}>
                {formatDateTime(e.evictedAt)}
              </td>
              <td className={TD}>
                <Link
                  href={evictionHref(cluster, e.id, listQuery)}
                  className="font-mono whitespace-nowrap text-accent hover:underline"
                >
                  {e.pod}
                </Link>
                <div className="font-mono text-[11px] text-fg-subtle">{e.namespace}</div>
              </td>
              <td className={`${TD} font-mono`}>
                {e.ownerName && e.ownerKind ? (
                  <Link
                    href={workloadHref(cluster, {
                      namespace: e.namespace,
                      kind: e.ownerKind,
                      name: e.ownerName,
                    })}
                    className="whitespace-nowrap text-accent hover:underline"
                    title="This workload's evictions"
                  >
                    <span className="text-fg-subtle">{e.ownerKind}/</span>
                    {e.ownerName}
                  </Link>
                ) : e.ownerName ? (
                  e.ownerName
                ) : (
                  <span className="text-fg-subtle">—</span>
                )}
              </td>
              <td className={`${TD} max-w-[16rem] truncate font-mono`} title={e.node ?? undefined}>
                {e.node ?? '—'}
              </td>
              <td className={TD}>
                {e.qosClass ? (
                  <Badge tone={QOS_TONES[e.qosClass] ?? 'neutral'}>{e.qosClass}</Badge>
                ) : (
                  '—'
                )}
              </td>
              <td className={`${TD} text-right font-mono tabular-nums`}>{e.priority ?? '—'}</td>
              <td className={`${TD} whitespace-nowrap`}>
                <span
                  className="mr-1.5 inline-block size-2 rounded-sm"
                  style={{ background: resourceColor(e.resource) }}
                  aria-hidden
                />
                {e.resource ?? '—'}
              </td>
              <td className={`${TD} text-right font-mono whitespace-nowrap tabular-nums`}>
                <span title={e.threshold ?? undefined}>
                  {formatQuantity(e.threshold, e.resource)}
                </span>{' '}
                <span className="text-fg-subtle">/</span>{' '}
                <span className="text-danger" title={e.available ?? undefined}>
                  {formatQuantity(e.available, e.resource)}
                </span>
              </td>
              <td className={TD}>
                <Offenders e={e} />
              </td>
              <td className={`${TD} max-w-[28rem] text-fg-muted`}>
                <p className="line-clamp-2" title={e.message}>
                  {e.message}
                </p>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
