'use client';

import { PodQosCell } from './pod-qos-resize';
import type { NodePodsResponse } from '@plimsoll/shared/schemas';

import { Badge } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { QueryState } from '@/components/query-state';
import { cn } from '@/lib/cn';
import { formatBytes, formatMilli } from '@/lib/format';

import { useNodePods } from '../queries';

/** The node's pods in the kubelet's eviction order: the first rows go next. */
export function PodsCard({ cluster, name }: { cluster: string; name: string }) {
  const pods = useNodePods(cluster, name);
  return (
    <Card>
      <CardHeader
        title="Pods, in the kubelet’s eviction order"
        description={
          pods.data
            ? pods.data.rankBasis === 'stats'
              ? `Ranked for ${pods.data.rankSignal} with usage from the kubelet Summary API: the first rows go next.`
              : `Ranked for ${pods.data.rankSignal} by priority only: the ranking needs kubelet stats (usage against request), which Plimsoll could not read for this node.`
            : undefined
        }
      />
      <CardBody flush>
        <QueryState query={pods} what="pods" isEmpty={(p) => p.pods.length === 0}>
          {(p) => <PodsTable data={p} />}
        </QueryState>
      </CardBody>
    </Card>
  );
}

function PodsTable({ data }: { data: NodePodsResponse }) {
  // A disk ranking compares ephemeral-storage usage with its request, not memory.
  const disk = /^(nodefs|imagefs|containerfs)\./.test(data.rankSignal);
  return (
    <div className="max-h-[28rem] overflow-auto">
      {data.totalPodsOnNode > data.pods.length && (
        <p className="border-b border-line px-4 py-1.5 text-xs text-fg-muted">
          Showing your {data.pods.length} of {data.totalPodsOnNode} pods on this node; ranks count
          every pod.
        </p>
      )}
      <table className="w-full min-w-[900px] text-left text-[13px]">
        <thead className="sticky top-0 border-b border-line bg-surface text-xs text-fg-muted">
          <tr>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Rank
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              Pod
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              QoS
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              Priority
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              oom_score_adj
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              {disk ? 'Disk used / request' : 'Memory used / request'}
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              CPU request
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Pod cgroup
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {data.pods.map((p) => {
            const used = (disk ? p.usage?.ephemeralStorageBytes : p.usage?.memoryBytes) ?? null;
            const request = disk ? p.requests.ephemeralStorageBytes : p.requests.memoryBytes;
            const over = used !== null && used > request;
            const oom = p.containers
              .map((c) => c.oomScoreAdj)
              .filter((x): x is number => x !== null);
            return (
              <tr key={`${p.namespace}/${p.name}`}>
                <td className="px-4 py-1.5 text-right font-mono text-xs">
                  {p.evictionRank ?? '—'}
                  {p.evictionRank === 1 && <span className="sr-only"> (next to go)</span>}
                </td>
                <td className="px-2 py-1.5">
                  <span className="font-mono text-xs text-fg-muted">{p.namespace}/</span>
                  <span className="font-mono text-xs text-fg">{p.name}</span>
                  {p.evictionRank === 1 && (
                    <Badge tone="danger" className="ml-1.5">
                      next to go
                    </Badge>
                  )}
                </td>
                <td className="px-2 py-1.5">
                  <PodQosCell pod={p} />
                </td>
                <td className="px-2 py-1.5 text-right font-mono text-xs">{p.priority ?? 0}</td>
                <td className="px-2 py-1.5 text-right font-mono text-xs">
                  {oom.length ? [...new Set(oom)].join(', ') : '—'}
                </td>
                <td
                  className={cn(
                    'px-2 py-1.5 text-right font-mono text-xs',
                    over && 'font-semibold text-danger',
                  )}
                >
                  {used === null ? '—' : formatBytes(used)} / {formatBytes(request)}
                </td>
                <td className="px-2 py-1.5 text-right font-mono text-xs">
                  {formatMilli(p.requests.cpuMilli)}
                </td>
                <td className="px-4 py-1.5 font-mono text-[11px] text-fg-muted">
                  shares {p.cgroup.cpuShares ?? '—'} (weight {p.cgroup.cpuWeight ?? '—'}) · quota{' '}
                  {p.cgroup.cpuQuotaUs === null
                    ? 'none'
                    : p.cgroup.cpuQuotaUs === -1
                      ? 'unlimited'
                      : `${p.cgroup.cpuQuotaUs}/${p.cgroup.cpuPeriodUs}µs`}{' '}
                  · mem{' '}
                  {p.cgroup.memoryLimitBytes === null
                    ? 'unlimited'
                    : formatBytes(p.cgroup.memoryLimitBytes)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
