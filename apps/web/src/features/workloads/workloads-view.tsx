'use client';

import type { WorkloadEvictionSummary } from '@plimsoll/shared/schemas';
import Link from 'next/link';

import { Badge } from '@/components/badge';
import { Card } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { formatDateTime, formatRelative } from '@/lib/format';

import { resourceColor } from '../evictions/colors';
import { ClusterGate } from '../live/cluster-gate';
import { useCurrentCluster } from '../live/use-current-cluster';
import { WorkloadRangePicker } from './components/workload-range-picker';
import { useWorkloadRange } from './use-workload-range';
import { useWorkloads, workloadHref } from './queries';

/** The Workloads view (`/workloads`): the Deployments, StatefulSets, DaemonSets and Jobs evicted most often. */
export function WorkloadsView() {
  const current = useCurrentCluster();
  const { key, range, setKey } = useWorkloadRange();
  return (
    <>
      <PageHeader
        title="Workloads"
        description="Repeat offenders: the workloads whose pods were evicted most, on how many nodes, for what."
        actions={<WorkloadRangePicker value={key} onChange={setKey} />}
      />
      <ClusterGate
        current={current}
        emptyDescription="Once Plimsoll collects a cluster, its evicted workloads appear here."
      >
        {(cluster) => <WorkloadsTable cluster={cluster} range={range} rangeKey={key} />}
      </ClusterGate>
    </>
  );
}

const TH = 'px-3 py-2 text-left text-[11px] font-medium whitespace-nowrap text-fg-subtle';
const TD = 'px-3 py-1.5 align-middle';

function WorkloadsTable({
  cluster,
  range,
  rangeKey,
}: {
  cluster: string;
  range: { from: string; to: string };
  rangeKey: string;
}) {
  const query = useWorkloads(cluster, range);
  return (
    <Card>
      <QueryState
        query={query}
        what="evicted workloads"
        isEmpty={(d) => d.workloads.length === 0}
        empty={
          <EmptyState
            title="No workload was evicted"
            description={`No pod with a controller was evicted in the last ${rangeKey}.`}
          />
        }
      >
        {(d) => {
          const most = Math.max(1, ...d.workloads.map((w) => w.evictions));
          return (
            <div className="overflow-x-auto">
              <table className="w-full border-collapse text-xs" aria-label="Evicted workloads">
                <thead className="border-b border-line bg-surface-muted">
                  <tr>
                    <th className={TH}>Workload</th>
                    <th className={TH}>Namespace</th>
                    <th className={`${TH} w-48`}>Evictions</th>
                    <th className={`${TH} text-right`}>Pods</th>
                    <th className={`${TH} text-right`}>Nodes</th>
                    <th className={TH}>Resources</th>
                    <th className={TH}>Last</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-line">
                  {d.workloads.map((w) => (
                    <WorkloadRow
                      key={`${w.namespace}/${w.kind}/${w.name}`}
                      w={w}
                      most={most}
                      href={workloadHref(cluster, w, rangeKey === '7d' ? null : rangeKey)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </QueryState>
    </Card>
  );
}

function WorkloadRow({
  w,
  most,
  href,
}: {
  w: WorkloadEvictionSummary;
  most: number;
  href: ReturnType<typeof workloadHref>;
}) {
  return (
    <tr className="hover:bg-surface-hover">
      <td className={TD}>
        <Link href={href} className="font-mono whitespace-nowrap text-accent hover:underline">
          <span className="text-fg-subtle">{w.kind}/</span>
          {w.name}
        </Link>
      </td>
      <td className={`${TD} font-mono`}>
        {w.namespace}
        {w.tenant && <span className="ml-1.5 text-fg-subtle">({w.tenant})</span>}
      </td>
      <td className={TD}>
        <div className="flex items-center gap-2">
          <span className="w-8 text-right font-mono tabular-nums">{w.evictions}</span>
          <span className="h-2 flex-1 rounded-sm bg-surface-muted" aria-hidden>
            <span
              className="block h-2 rounded-sm bg-danger/70"
              style={{ width: `${(w.evictions / most) * 100}%` }}
            />
          </span>
        </div>
      </td>
      <td className={`${TD} text-right font-mono tabular-nums`}>{w.pods}</td>
      <td className={`${TD} text-right font-mono tabular-nums`}>{w.nodes}</td>
      <td className={TD}>
        <span className="flex flex-wrap gap-1">
          {Object.entries(w.resources).map(([r, n]) => (
            <Badge key={r} tone="neutral">
              <span
                className="mr-1 inline-block size-2 rounded-sm"
                style={{ background: resourceColor(r) }}
                aria-hidden
              />
              {r} {n}
            </Badge>
          ))}
        </span>
      </td>
      <td
        className={`${TD} whitespace-nowrap text-fg-muted`}
        title={formatDateTime(w.lastEvictedAt)}
      >
        {formatRelative(w.lastEvictedAt)}
      </td>
    </tr>
  );
}
