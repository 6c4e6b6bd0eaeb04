'use client';

import { useMemo } from 'react';

import { EmptyState } from '@/components/empty-state';
import { LoadingState } from '@/components/loading-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';

import { ViewEmbedButton } from '../embed/components/view-embed-button';
import { ExtendedResourcesSection } from '../extended-resources/extended-resources-section';
import { AutoscalerHistoryChart } from './components/autoscaler-history-chart';
import { AutoscalerStatusPanel } from './components/autoscaler-status-panel';
import { PendingPodsTable } from './components/pending-pods-table';
import { ScaleTimeline, TimelineKindFilter } from './components/scale-timeline';
import { toScaleMarks } from './merge-scale-ups';
import { ViewTabs } from './components/view-tabs';
import { WhyThisGroupPanel } from './components/why-this-group-panel';
import {
  useAutoscalerHistory,
  useAutoscalerStatus,
  useAutoscalerTimeline,
  usePendingPods,
} from './queries';
import {
  RANGES,
  useAutoscalerParams,
  type AutoscalerParams,
  type AutoscalerTab,
  type RangeKey,
} from './use-autoscaler-params';

const TABS: ReadonlyArray<{ id: AutoscalerTab; label: string }> = [
  { id: 'status', label: 'Status' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'pending', label: 'Pending pods' },
  { id: 'why', label: 'Why this group?' },
  { id: 'extended', label: 'Extended resources' },
];

/** The Autoscaler view (`/autoscaler`): status now and over time, timeline, pending pods, expanders, extended resources. */
export function AutoscalerView() {
  const { params, update, clustersLoading, noCluster } = useAutoscalerParams();
  return (
    <>
      <PageHeader
        title="Autoscaler"
        description="What the cluster-autoscaler is doing, why pods wait, and which node group it would grow."
        actions={
          params.cluster ? <ViewEmbedButton cluster={params.cluster} panel="autoscaler" /> : null
        }
      />
      <ViewTabs
        tabs={TABS}
        active={params.tab}
        onSelect={(tab) => update({ tab })}
        label="Autoscaler sections"
      />
      <div
        className="mt-4"
        role="tabpanel"
        aria-label={TABS.find((t) => t.id === params.tab)?.label}
      >
        {clustersLoading && !params.cluster ? (
          <LoadingState label="clusters" />
        ) : noCluster ? (
          <EmptyState
            title="No cluster connected"
            description="Plimsoll collects no cluster yet."
          />
        ) : (
          <TabBody params={params} update={update} />
        )}
      </div>
    </>
  );
}

function RangePicker({ value, onChange }: { value: RangeKey; onChange: (r: RangeKey) => void }) {
  return (
    <div role="group" aria-label="Range" className="flex rounded ring-1 ring-line">
      {(Object.keys(RANGES) as RangeKey[]).map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={value === r}
          onClick={() => onChange(r)}
          className={`h-6 px-2 font-mono text-[11px] first:rounded-l last:rounded-r focus-visible:outline-2 focus-visible:outline-accent ${
            value === r ? 'bg-accent/15 text-accent' : 'text-fg-muted hover:text-fg'
          }`}
        >
          {r}
        </button>
      ))}
    </div>
  );
}

function useFrom(range: RangeKey): string {
  // Rounded to the minute so the query key (and the cache) is stable across renders.
  return useMemo(
    () => new Date(Math.floor((Date.now() - RANGES[range]) / 60_000) * 60_000).toISOString(),
    [range],
  );
}

function TabBody({
  params,
  update,
}: {
  params: AutoscalerParams;
  update: (p: Partial<AutoscalerParams>) => void;
}) {
  switch (params.tab) {
    case 'status':
      return <StatusTab params={params} update={update} />;
    case 'timeline':
      return <TimelineTab params={params} update={update} />;
    case 'pending':
      return <PendingTab params={params} update={update} />;
    case 'why':
      return <WhyThisGroupPanel params={params} update={update} />;
    case 'extended':
      return <ExtendedResourcesSection cluster={params.cluster} />;
  }
}

function StatusTab({
  params,
  update,
}: {
  params: AutoscalerParams;
  update: (p: Partial<AutoscalerParams>) => void;
}) {
  const status = useAutoscalerStatus(params.cluster);
  const from = useFrom(params.range);
  const history = useAutoscalerHistory(params.cluster, from);
  const scales = useAutoscalerTimeline(params.cluster, { from, kinds: 'scale-up,scale-down' });
  const marks = useMemo(() => toScaleMarks(scales.data?.entries ?? []), [scales.data]);
  return (
    <div className="space-y-4">
      <QueryState query={status} what="autoscaler status">
        {(data) => <AutoscalerStatusPanel data={data} />}
      </QueryState>
      <QueryState query={history} what="autoscaler history">
        {(data) => (
          <AutoscalerHistoryChart
            data={data}
            marks={marks}
            actions={<RangePicker value={params.range} onChange={(range) => update({ range })} />}
          />
        )}
      </QueryState>
    </div>
  );
}

function TimelineTab({
  params,
  update,
}: {
  params: AutoscalerParams;
  update: (p: Partial<AutoscalerParams>) => void;
}) {
  const from = useFrom(params.range);
  const kinds = params.kinds ? params.kinds.split(',') : [];
  const timeline = useAutoscalerTimeline(params.cluster, {
    from,
    ...(params.kinds ? { kinds: params.kinds } : {}),
  });
  return (
    <QueryState query={timeline} what="autoscaler timeline">
      {(data) => (
        <ScaleTimeline
          data={data}
          actions={
            <div className="flex flex-wrap items-center justify-end gap-2">
              <TimelineKindFilter
                selected={kinds}
                onChange={(k) => update({ kinds: k.join(',') })}
              />
              <RangePicker value={params.range} onChange={(range) => update({ range })} />
            </div>
          }
        />
      )}
    </QueryState>
  );
}

function PendingTab({
  params,
  update,
}: {
  params: AutoscalerParams;
  update: (p: Partial<AutoscalerParams>) => void;
}) {
  const pending = usePendingPods(params.cluster);
  return (
    <QueryState query={pending} what="pending pods">
      {(data) => (
        <PendingPodsTable data={data} onExplain={(ns, pod) => update({ tab: 'why', ns, pod })} />
      )}
    </QueryState>
  );
}
