'use client';

import type { ListExtendedResourcesResponse } from '@plimsoll/shared/schemas';

import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { QueryState } from '@/components/query-state';

import { useExtendedResources } from './queries';

/** Nodes advertising extended resources and which pods hold them. */
export function ExtendedResourcesSection({ cluster }: { cluster: string }) {
  const query = useExtendedResources(cluster);
  return (
    <div className="space-y-4">
      <div
        role="note"
        className="rounded-md border border-info/40 bg-info/10 px-3 py-2 text-xs text-fg"
      >
        Extended resources (device-plugin or patched{' '}
        <span className="font-mono">status.capacity</span> entries such as{' '}
        <span className="font-mono">nvidia.com/gpu</span>) are whole numbers that are{' '}
        <strong>never overcommitted</strong> — a pod&apos;s request must equal its limit — and{' '}
        <strong>never reclaimed by eviction</strong>: the kubelet evicts for memory, disk and PIDs
        only. A pod asking for more than a node has free stays Pending until a pod holding them
        ends.
      </div>
      <QueryState
        query={query}
        what="extended resources"
        isEmpty={(d) => d.nodes.length === 0 && d.pendingPods.length === 0}
        empty={
          <EmptyState
            title="No extended resources"
            description="No node advertises an extended resource in status.capacity."
          />
        }
      >
        {(data) => <ExtendedResourcesTables data={data} />}
      </QueryState>
    </div>
  );
}

function Meter({ used, total }: { used: number; total: number }) {
  const pct = total > 0 ? Math.min(100, (used / total) * 100) : 0;
  return (
    <div
      className="h-1.5 w-24 rounded-full bg-surface-muted ring-1 ring-line"
      role="img"
      aria-label={`${used} of ${total} allocated`}
    >
      <div
        className={`h-full rounded-full ${pct >= 100 ? 'bg-warn' : 'bg-accent'}`}
        style={{ width: `${pct}%` }}
      />
    </div>
  );
}

function ExtendedResourcesTables({ data }: { data: ListExtendedResourcesResponse }) {
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label="Totals">
        {data.resources.map((r) => (
          <Card key={r.resource}>
            <div className="px-4 py-3">
              <div className="truncate font-mono text-xs text-fg-muted" title={r.resource}>
                {r.resource}
              </div>
              <div className="mt-1 font-mono text-lg tabular-nums text-fg">
                {r.allocated} <span className="text-sm text-fg-subtle">/ {r.allocatable}</span>
              </div>
              <div className="text-[11px] text-fg-subtle">
                allocated / allocatable on {r.nodes} node{r.nodes === 1 ? '' : 's'}
              </div>
            </div>
          </Card>
        ))}
      </div>
      <Card>
        <CardHeader
          title="Per node"
          description="Allocated = the requests of the node's running and pending-to-start pods."
        />
        <CardBody flush className="overflow-x-auto">
          <table className="w-full text-left text-[13px]">
            <thead className="text-[11px] text-fg-subtle">
              <tr className="border-b border-line">
                <th className="px-4 py-2 font-medium">Node</th>
                <th className="px-3 py-2 font-medium">Resource</th>
                <th className="px-3 py-2 font-medium">Capacity</th>
                <th className="px-3 py-2 font-medium">Allocated / allocatable</th>
                <th className="px-3 py-2 font-medium">Free</th>
                <th className="px-3 py-2 font-medium">Pods</th>
              </tr>
            </thead>
            <tbody>
              {data.nodes.map((n) => (
                <tr
                  key={`${n.node}|${n.resource}`}
                  className="border-b border-line align-top last:border-0 hover:bg-surface-hover"
                >
                  <td className="px-4 py-2 font-mono text-xs">{n.node}</td>
                  <td className="px-3 py-2 font-mono text-xs">{n.resource}</td>
                  <td className="px-3 py-2 font-mono text-xs tabular-nums">{n.capacity}</td>
                  <td className="px-3 py-2">
                    <div className="flex items-center gap-2">
                      <Meter used={Number(n.allocated)} total={Number(n.allocatable)} />
                      <span className="font-mono text-xs tabular-nums">
                        {n.allocated} / {n.allocatable}
                      </span>
                    </div>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs tabular-nums">{n.free}</td>
                  <td className="px-3 py-2 font-mono text-[11px] text-fg-muted">
                    {n.pods.length === 0
                      ? '—'
                      : n.pods.map((p) => (
                          <div key={`${p.namespace}/${p.name}`}>
                            {p.namespace}/{p.name} <span className="text-fg">×{p.amount}</span>
                          </div>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardBody>
      </Card>
      {data.pendingPods.length > 0 && (
        <Card>
          <CardHeader title="Pending pods asking for extended resources" />
          <CardBody>
            <ul className="space-y-1 font-mono text-xs">
              {data.pendingPods.map((p) => (
                <li key={`${p.namespace}/${p.name}`}>
                  {p.namespace}/{p.name}{' '}
                  <span className="text-fg-muted">
                    {Object.entries(p.requests)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ')}
                  </span>
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
      )}
    </>
  );
}
