'use client';

import type { EvictionEpisodesResponse } from '@plimsoll/shared/schemas';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';

import { resourceColor } from '../colors';
import { evictionHref } from './eviction-table';
import { formatDateTime, formatDuration, formatQuantity } from '@/lib/format';

const TH = 'px-2 py-1.5 text-left text-[11px] font-medium whitespace-nowrap text-fg-subtle';
const TD = 'px-2 py-1.5 align-top';

/** Episodes: consecutive evictions on one node for one resource, newest first. */
export function EvictionEpisodesTable({
  cluster,
  data,
}: {
  cluster: string;
  data: EvictionEpisodesResponse;
}) {
  const listQuery = useSearchParams().toString();
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-xs" data-testid="eviction-episodes">
        <thead className="border-b border-line bg-surface-muted">
          <tr>
            <th className={TH}>Start</th>
            <th className={TH}>Duration</th>
            <th className={TH}>Node</th>
            <th className={TH}>Resource</th>
            <th className={`${TH} text-right`}>Pods</th>
            <th className={`${TH} text-right`}>Reclaimed (at least)</th>
            <th className={TH}>Evicted, in order</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {data.items.map((ep) => (
            <tr key={`${ep.node}-${ep.resource}-${ep.start}`} className="hover:bg-surface-hover">
              <td className={`${TD} font-mono whitespace-nowrap tabular-nums text-fg-muted`}>
                {formatDateTime(ep.start)}
              </td>
              <td className={`${TD} font-mono tabular-nums`}>
                {formatDuration(Date.parse(ep.end) - Date.parse(ep.start))}
              </td>
              <td className={`${TD} font-mono`}>{ep.node ?? '—'}</td>
              <td className={`${TD} whitespace-nowrap`}>
                <span
                  className="mr-1.5 inline-block size-2 rounded-sm"
                  style={{ background: resourceColor(ep.resource) }}
                  aria-hidden
                />
                {ep.resource ?? '—'}
              </td>
              <td className={`${TD} text-right font-mono tabular-nums`}>{ep.count}</td>
              <td className={`${TD} text-right font-mono tabular-nums`}>
                {formatQuantity(ep.reclaimed, ep.resource)}
                {ep.reclaimedUnknown > 0 && (
                  <span className="text-fg-subtle"> (+{ep.reclaimedUnknown} unknown)</span>
                )}
              </td>
              <td className={TD}>
                <ol className="flex flex-wrap gap-x-2 gap-y-0.5">
                  {ep.evictions.map((e, i) => (
                    <li key={e.id} className="whitespace-nowrap">
                      <span className="text-fg-subtle">{i + 1}.</span>{' '}
                      <Link
                        href={evictionHref(cluster, e.id, listQuery)}
                        className="font-mono text-accent hover:underline"
                      >
                        {e.pod}
                      </Link>
                      {e.usage && (
                        <span className="font-mono text-fg-subtle">
                          {' '}
                          {formatQuantity(e.usage, ep.resource)}
                        </span>
                      )}
                    </li>
                  ))}
                </ol>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
