'use client';

import type { WorkloadDetailResponse } from '@plimsoll/shared/schemas';
import type { Route } from 'next';
import Link from 'next/link';
import { useRouter } from 'next/navigation';

import { Badge } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { Stat } from '@/components/stat';

import { EvictionHistogramChart } from '../evictions/components/eviction-histogram-chart';
import { EvictionTable, evictionListHref, QOS_TONES } from '../evictions/components/eviction-table';
import { useEvictionHistogram, useEvictionList } from '../evictions/queries';
import { ClusterGate } from '../live/cluster-gate';
import { useCurrentCluster } from '../live/use-current-cluster';
import { WorkloadPodsTable } from './components/workload-pods-table';
import { WorkloadRangePicker } from './components/workload-range-picker';
import { WorkloadUsageChart } from './components/workload-usage-chart';
import { useWorkloadDetail, type WorkloadRef } from './queries';
import { useWorkloadRange, type WorkloadRangeKey } from './use-workload-range';

/** The most nodes "Where they ran" lists by name. */
const NODE_ROWS = 12;

/**
 * A workload's page (`/workloads/[namespace]/[kind]/[name]`): its evictions over time, where they ran, with which
 * QoS class and how far over its requests it was at each, and its pods now.
 */
export function WorkloadDetailView({ workload }: { workload: WorkloadRef }) {
  const current = useCurrentCluster();
  const { key, range, setKey } = useWorkloadRange();
  const { cluster } = current;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-1 text-xs text-fg-muted">
        <Link
          href={
            (cluster
              ? `/workloads?cluster=${encodeURIComponent(cluster)}${key === '7d' ? '' : `&range=${key}`}`
              : '/workloads') as Route
          }
          className="hover:text-fg hover:underline"
        >
          Workloads
        </Link>{' '}
        / <span className="font-mono">{workload.namespace}</span>
      </nav>
      <PageHeader
        title={`${workload.kind} ${workload.name}`}
        description={`Namespace ${workload.namespace}: its evictions, where they ran, and what its pods use.`}
        actions={<WorkloadRangePicker value={key} onChange={setKey} />}
      />
      <ClusterGate current={current} emptyDescription="Plimsoll collects no cluster yet.">
        {(c) => <WorkloadBody cluster={c} workload={workload} range={range} rangeKey={key} />}
      </ClusterGate>
    </>
  );
}

function WorkloadBody({
  cluster,
  workload,
  range,
  rangeKey,
}: {
  cluster: string;
  workload: WorkloadRef;
  range: { from: string; to: string };
  rangeKey: WorkloadRangeKey;
}) {
  const detail = useWorkloadDetail(cluster, workload, range);
  return (
    <QueryState query={detail} what="the workload">
      {(d) => <WorkloadCards cluster={cluster} d={d} rangeKey={rangeKey} />}
    </QueryState>
  );
}

function WorkloadCards({
  cluster,
  d,
  rangeKey,
}: {
  cluster: string;
  d: WorkloadDetailResponse;
  rangeKey: WorkloadRangeKey;
}) {
  const router = useRouter();
  const filter = { from: d.from, to: d.to, namespace: d.namespace, owner: `${d.kind}/${d.name}` };
  const histogram = useEvictionHistogram(cluster, filter, 'resource');
  const list = useEvictionList(cluster, filter);
  const allEvictions = evictionListHref(
    cluster,
    new URLSearchParams({
      range: rangeKey,
      namespace: d.namespace,
      owner: filter.owner,
    }).toString(),
  );
  const topResource = d.byResource[0];
  return (
    <div className="space-y-4">
      <Card aria-label="Summary">
        <dl className="grid grid-cols-2 gap-3 px-4 py-3 sm:grid-cols-4">
          <Stat label={`Evictions (${rangeKey})`}>
            <span className={d.total > 0 ? 'text-danger' : ''}>{d.total}</span>
          </Stat>
          <Stat label="Nodes hit">{d.byNode.filter((n) => n.key !== '(none)').length}</Stat>
          <Stat label="Mostly for">{topResource ? topResource.key : '—'}</Stat>
          <Stat label="Pods now">{d.pods.length}</Stat>
        </dl>
        {d.tenant && (
          <p className="border-t border-line px-4 py-2 text-xs text-fg-muted">
            Tenant{' '}
            <Link
              href={
                `/tenants/${encodeURIComponent(d.tenant)}?cluster=${encodeURIComponent(cluster)}` as Route
              }
              className="text-accent hover:underline"
            >
              {d.tenant}
            </Link>
          </p>
        )}
      </Card>

      <Card>
        <CardHeader
          title="Evictions over time"
          description="Per time bucket, by starved resource. Click a bar to see those evictions."
          actions={
            <Link href={allEvictions} className="text-xs text-accent hover:underline">
              Open in Evictions →
            </Link>
          }
        />
        <CardBody>
          <QueryState query={histogram} what="evictions over time">
            {(h) => (
              <EvictionHistogramChart
                data={h}
                onZoom={(from, to) =>
                  router.push(
                    evictionListHref(
                      cluster,
                      new URLSearchParams({
                        from: new Date(from).toISOString(),
                        to: new Date(to).toISOString(),
                        namespace: d.namespace,
                        owner: filter.owner,
                      }).toString(),
                    ),
                  )
                }
              />
            )}
          </QueryState>
        </CardBody>
      </Card>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card aria-label="Where they ran">
          <CardHeader
            title="Where they ran"
            description="Evictions per node, and their QoS classes."
          />
          <CardBody>
            {d.byNode.length === 0 ? (
              <p className="text-[13px] text-fg-muted">No eviction in this range.</p>
            ) : (
              <NodeBars cluster={cluster} rows={d.byNode} />
            )}
            <div className="mt-3 flex flex-wrap gap-1.5" aria-label="QoS classes">
              {d.byQos.map((q) => (
                <Badge key={q.key} tone={QOS_TONES[q.key] ?? 'neutral'}>
                  {q.key} {q.n}
                </Badge>
              ))}
            </div>
          </CardBody>
        </Card>
        <Card aria-label="Usage against request at eviction">
          <CardHeader
            title="Usage against request at eviction"
            description="What each evicted pod used of the starved resource, as a multiple of its request."
          />
          <CardBody>
            <WorkloadUsageChart usage={d.usage} />
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader
          title="Pods now"
          description="From the cluster, with the kubelet's latest working set."
        />
        <CardBody flush>
          <WorkloadPodsTable cluster={cluster} pods={d.pods} />
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Evictions" description="Newest first." />
        <CardBody flush>
          <QueryState
            query={list}
            what="evictions"
            isEmpty={(l) => (l.pages[0]?.items.length ?? 0) === 0}
          >
            {(l) => <EvictionTable cluster={cluster} items={l.pages.flatMap((p) => p.items)} />}
          </QueryState>
        </CardBody>
      </Card>
    </div>
  );
}

function NodeBars({ cluster, rows }: { cluster: string; rows: WorkloadDetailResponse['byNode'] }) {
  const most = Math.max(1, ...rows.map((r) => r.n));
  const shown = rows.slice(0, NODE_ROWS);
  const rest = rows.slice(NODE_ROWS).reduce((s, r) => s + r.n, 0);
  return (
    <ul className="space-y-1 text-xs" aria-label="Evictions per node">
      {shown.map((r) => (
        <li key={r.key} className="flex items-center gap-2">
          <span className="w-40 shrink-0 truncate font-mono sm:w-72" title={r.key}>
            {r.key === '(none)' ? (
              <span className="text-fg-subtle">no node</span>
            ) : (
              <Link
                href={
                  `/nodes/${encodeURIComponent(r.key)}?cluster=${encodeURIComponent(cluster)}` as Route
                }
                className="text-accent hover:underline"
              >
                {r.key}
              </Link>
            )}
          </span>
          <span className="h-2 flex-1 rounded-sm bg-surface-muted" aria-hidden>
            <span
              className="block h-2 rounded-sm bg-danger/70"
              style={{ width: `${(r.n / most) * 100}%` }}
            />
          </span>
          <span className="w-8 text-right font-mono tabular-nums">{r.n}</span>
        </li>
      ))}
      {rest > 0 && <li className="text-fg-muted">… and {rest} more on other nodes</li>}
    </ul>
  );
}
