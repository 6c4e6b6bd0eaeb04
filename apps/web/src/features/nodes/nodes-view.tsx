'use client';

import {
  NODE_CONDITION_FILTERS,
  applyNodeListQuery,
  type NodeConditionFilter,
} from '@plimsoll/shared/schemas';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';

import { Card } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';

import { LiveIndicator } from '../live/live-indicator';
import { ClusterGate } from '../live/cluster-gate';
import { useCurrentCluster } from '../live/use-current-cluster';
import { NodeTable } from './components/node-table';
import { useNodeList } from './queries';
import { useNodeTableParams } from './use-node-table-params';

const CONDITION_LABELS: Record<NodeConditionFilter, string> = {
  ready: 'Ready',
  'not-ready': 'NotReady',
  unknown: 'Unknown',
  'memory-pressure': 'MemoryPressure',
  'disk-pressure': 'DiskPressure',
  'pid-pressure': 'PIDPressure',
  'any-pressure': 'Any pressure',
  problem: 'NPD problem',
  unschedulable: 'Cordoned',
  stale: 'Late or stale heartbeat',
};

const SELECT =
  'h-7 rounded-md border border-line-strong bg-surface px-2 text-xs text-fg hover:bg-surface-hover';

/** The Nodes view (`/nodes`): every node of the cluster in one virtualised, sortable, filterable table. */
export function NodesView() {
  const current = useCurrentCluster();
  const { cluster } = current;
  return (
    <>
      <PageHeader
        title="Nodes"
        description="Every node, its conditions and how close it is to an eviction threshold."
        actions={<LiveIndicator cluster={cluster} />}
      />
      <ClusterGate
        current={current}
        emptyDescription="Once Plimsoll collects a cluster, its nodes appear here."
      >
        {(cluster) => <NodesTableCard cluster={cluster} />}
      </ClusterGate>
    </>
  );
}

function NodesTableCard({ cluster }: { cluster: string }) {
  const nodes = useNodeList(cluster);
  const [params, update] = useNodeTableParams();
  const [text, setText] = useState(params.q);
  useEffect(() => setText(params.q), [params.q]);
  // The text filter applies at once; the URL follows after typing pauses.
  useEffect(() => {
    if (text === params.q) return;
    const id = setTimeout(() => update({ q: text }), 250);
    return () => clearTimeout(id);
  }, [text, params.q, update]);
  const q = useDeferredValue(text);
  const rows = useMemo(
    () =>
      applyNodeListQuery(nodes.data?.items ?? [], {
        q,
        condition: params.condition,
        pool: params.pool || undefined,
        tenant: params.tenant || undefined,
        skew: params.skew || undefined,
        sort: params.sort,
        order: params.order,
      }),
    [nodes.data, q, params],
  );
  const hrefFor = (name: string) =>
    `/nodes/${encodeURIComponent(name)}?cluster=${encodeURIComponent(cluster)}`;
  const facets = nodes.data?.facets;
  const defaults = nodes.data?.items.filter((i) => i.thresholdSource === 'default').length ?? 0;
  return (
    <Card>
      <div
        role="search"
        aria-label="Filter nodes"
        className="flex flex-wrap items-center gap-2 border-b border-line px-3 py-2"
      >
        <label className="sr-only" htmlFor="node-filter">
          Filter nodes by text
        </label>
        <input
          id="node-filter"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Filter: name, pool, version, taint…"
          className="h-7 w-64 rounded-md border border-line-strong bg-surface px-2 text-xs text-fg placeholder:text-fg-subtle"
        />
        <label className="flex items-center gap-1 text-xs text-fg-muted">
          Condition
          <select
            className={SELECT}
            value={params.condition[0] ?? ''}
            onChange={(e) =>
              update({ condition: e.target.value ? [e.target.value as NodeConditionFilter] : [] })
            }
          >
            <option value="">Any</option>
            {NODE_CONDITION_FILTERS.map((c) => (
              <option key={c} value={c}>
                {CONDITION_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-xs text-fg-muted">
          Pool
          <select
            className={SELECT}
            value={params.pool}
            onChange={(e) => update({ pool: e.target.value })}
          >
            <option value="">All</option>
            {facets?.pools.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-xs text-fg-muted">
          Tenant
          <select
            className={SELECT}
            value={params.tenant}
            onChange={(e) => update({ tenant: e.target.value })}
          >
            <option value="">All</option>
            {facets?.tenants.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-xs text-fg-muted">
          Kubelet
          <select
            className={SELECT}
            value={params.skew}
            onChange={(e) => update({ skew: e.target.value as '' | 'skewed' | 'current' })}
          >
            <option value="">Any version</option>
            <option value="skewed">Behind the newest</option>
            <option value="current">Newest</option>
          </select>
        </label>
        <span className="ml-auto text-xs text-fg-muted" aria-live="polite">
          <span className="font-mono tabular-nums text-fg">
            {rows.length.toLocaleString('en-US')}
          </span>{' '}
          of{' '}
          <span className="font-mono tabular-nums">
            {(nodes.data?.items.length ?? 0).toLocaleString('en-US')}
          </span>{' '}
          nodes
        </span>
      </div>
      {defaults > 0 && (
        <p className="border-b border-line bg-surface-muted px-3 py-1.5 text-xs text-fg-muted">
          Headroom of {defaults === nodes.data?.items.length ? 'every node' : `${defaults} nodes`}{' '}
          is measured against the kubelet’s <strong className="font-medium text-fg">default</strong>{' '}
          eviction thresholds (memory.available &lt; 100Mi, nodefs.available &lt; 10%): Plimsoll has
          not read their kubelet configz yet.
        </p>
      )}
      <QueryState
        query={nodes}
        what="nodes"
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyState title="No nodes" description="This cluster has no nodes you may see." />}
      >
        {() =>
          rows.length === 0 ? (
            <EmptyState
              title="No node matches these filters"
              description="Clear a filter to see more nodes."
            />
          ) : (
            <NodeTable
              rows={rows}
              sort={params.sort}
              order={params.order}
              onSort={(sort, order) => update({ sort, order })}
              hrefFor={hrefFor}
              label={`Nodes of ${cluster}`}
            />
          )
        }
      </QueryState>
    </Card>
  );
}
