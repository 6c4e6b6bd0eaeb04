'use client';

import type { WorkloadPod } from '@plimsoll/shared/schemas';
import type { Route } from 'next';
import Link from 'next/link';

import { Badge } from '@/components/badge';
import { EmptyState } from '@/components/empty-state';
import { formatBytes, formatMilli } from '@/lib/format';

import { QOS_TONES } from '../../evictions/components/eviction-table';

const TH = 'px-3 py-2 text-left text-[11px] font-medium whitespace-nowrap text-fg-subtle';
const TD = 'px-3 py-1.5';

/** The workload's pods now: where they run, their QoS and what they request against what they use. */
export function WorkloadPodsTable({ cluster, pods }: { cluster: string; pods: WorkloadPod[] }) {
  if (pods.length === 0) {
    return <EmptyState title="No pods now" description="The workload runs no pod at the moment." />;
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-xs" aria-label="Pods now">
        <thead className="border-b border-line bg-surface-muted">
          <tr>
            <th className={TH}>Pod</th>
            <th className={TH}>Node</th>
            <th className={TH}>Phase</th>
            <th className={TH}>QoS</th>
            <th className={`${TH} text-right`}>CPU request</th>
            <th className={`${TH} text-right`}>Memory request</th>
            <th className={`${TH} text-right`}>Working set</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {pods.map((p) => (
            <tr key={p.name} className="hover:bg-surface-hover">
              <td className={`${TD} font-mono`}>{p.name}</td>
              <td className={`${TD} font-mono`}>
                {p.node ? (
                  <Link
                    href={
                      `/nodes/${encodeURIComponent(p.node)}?cluster=${encodeURIComponent(cluster)}` as Route
                    }
                    className="text-accent hover:underline"
                  >
                    {p.node}
                  </Link>
                ) : (
                  <span className="text-fg-subtle">unscheduled</span>
                )}
              </td>
              <td className={TD}>{p.phase ?? '—'}</td>
              <td className={TD}>
                <Badge tone={QOS_TONES[p.qosClass] ?? 'neutral'}>{p.qosClass}</Badge>
              </td>
              <td className={`${TD} text-right font-mono tabular-nums`}>
                {formatMilli(p.cpuRequestMilli)}
              </td>
              <td className={`${TD} text-right font-mono tabular-nums`}>
                {formatBytes(p.memoryRequestBytes)}
              </td>
              <td
                className={`${TD} text-right font-mono tabular-nums ${
                  p.memoryUsageBytes !== null &&
                  p.memoryRequestBytes > 0 &&
                  p.memoryUsageBytes > p.memoryRequestBytes
                    ? 'text-danger'
                    : ''
                }`}
              >
                {formatBytes(p.memoryUsageBytes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
