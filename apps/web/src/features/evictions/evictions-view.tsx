'use client';

import type { EvictionGroupBy } from '@plimsoll/shared/schemas';
import { useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { Suspense, useCallback, useMemo } from 'react';

import { Button } from '@/components/button';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { LoadingState } from '@/components/loading-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { cn } from '@/lib/cn';
import { describeWindowChange } from '@/lib/compare-windows';

import { ViewEmbedButton } from '../embed/components/view-embed-button';
import { RESOURCE_COLORS, OTHER_RESOURCE_COLOR } from './colors';
import { alignPreviousWindow } from './compare-windows';
import { EvictionEpisodesTable } from './components/eviction-episodes-table';
import { EvictionFilters } from './components/eviction-filters';
import { EvictionHistogramChart } from './components/eviction-histogram-chart';
import { EvictionTable, evictionHref } from './components/eviction-table';
import { EvictionTimeline } from './components/eviction-timeline';
import {
  evictionExportUrl,
  evictionQueries,
  useEvictionEpisodes,
  useEvictionHistogram,
  useEvictionList,
  useEvictionTimeline,
  type EvictionFilterParams,
} from './queries';
import { FILTER_KEYS, RANGE_PRESETS, useEvictionSearch } from './use-eviction-search';
import { formatDateTime, formatDuration } from '@/lib/format';

const GROUP_LABELS: Record<EvictionGroupBy, string> = {
  node: 'Node',
  namespace: 'Namespace',
  tenant: 'Tenant',
  owner: 'Owner',
  resource: 'Resource',
  qos: 'QoS',
};

/** The Evictions view (`/evictions`): when, where and why pods were evicted, over a range the URL keeps. */
export function EvictionsView() {
  return (
    <Suspense fallback={<LoadingState label="evictions" />}>
      <EvictionsPage />
    </Suspense>
  );
}

function EvictionsPage() {
  const s = useEvictionSearch();
  const router = useRouter();
  const from = s.from.getTime();
  const to = s.to.getTime();
  const span = to - from;
  const onSelect = useCallback(
    (id: string) => s.cluster && router.push(evictionHref(s.cluster, id, window.location.search)),
    [router, s.cluster],
  );

  return (
    <>
      <PageHeader
        title="Evictions"
        description="Who was evicted, from which node, for which resource — and whether the kubelet chose as expected."
        actions={
          s.cluster && s.params ? (
            <div className="flex items-center gap-2">
              <a
                className="inline-flex h-7 items-center rounded-md border border-line-strong bg-surface px-2.5 text-xs font-medium text-fg hover:bg-surface-hover"
                href={evictionExportUrl(s.cluster, s.params, 'csv')}
                download
              >
                Export CSV
              </a>
              <a
                className="inline-flex h-7 items-center rounded-md border border-line-strong bg-surface px-2.5 text-xs font-medium text-fg hover:bg-surface-hover"
                href={evictionExportUrl(s.cluster, s.params, 'json')}
                download
              >
                Export JSON
              </a>
              <ViewEmbedButton
                cluster={s.cluster}
                panel="eviction-timeline"
                params={{
                  node: s.filters.node,
                  namespace: s.filters.namespace,
                  tenant: s.filters.tenant,
                  resource: s.filters.resource,
                  rangeHours: Math.min(
                    744,
                    Math.max(1, Math.round((s.to.getTime() - s.from.getTime()) / 3_600_000)),
                  ),
                  groupBy: s.groupBy,
                }}
              />
            </div>
          ) : null
        }
      />

      <div className="mb-3 flex flex-wrap items-end gap-x-4 gap-y-2">
        <div
          role="group"
          aria-label="Time range"
          className="flex items-center rounded-md border border-line-strong bg-surface p-0.5"
        >
          {RANGE_PRESETS.map((p) => (
            <button
              key={p.key}
              type="button"
              aria-pressed={s.preset === p.key}
              onClick={() => s.update({ range: p.key, from: null, to: null })}
              className={cn(
                'h-6 rounded px-2 text-xs font-medium',
                s.preset === p.key
                  ? 'bg-accent text-accent-fg'
                  : 'text-fg-muted hover:bg-surface-hover hover:text-fg',
              )}
            >
              {p.label}
            </button>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-1.5 text-xs text-fg-muted">
          <span className="font-mono tabular-nums" data-testid="eviction-range">
            {formatDateTime(from)} → {formatDateTime(to)}
          </span>
          <span className="text-fg-subtle">({formatDuration(span)})</span>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => s.zoomTo(from - span / 2, to + span / 2)}
            aria-label="Zoom out"
          >
            Zoom out
          </Button>
          {!s.preset && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => s.update({ from: null, to: null, range: '24h' })}
            >
              Reset
            </Button>
          )}
          <Button
            size="sm"
            variant="ghost"
            aria-pressed={s.previous !== null}
            onClick={() => s.update({ compare: s.previous ? null : 'previous' })}
          >
            Compare with the {formatDuration(span)} before
          </Button>
        </div>
        <label className="ml-auto flex items-center gap-1.5 text-xs text-fg-subtle">
          Group by
          <select
            value={s.groupBy}
            onChange={(e) => s.update({ groupBy: e.target.value })}
            className="h-7 rounded-md border border-line-strong bg-surface px-2 text-xs text-fg"
          >
            {(Object.keys(GROUP_LABELS) as EvictionGroupBy[]).map((g) => (
              <option key={g} value={g}>
                {GROUP_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
      </div>

      <div className="mb-4">
        <EvictionFilters
          filters={s.filters}
          onChange={(k, v) => s.update({ [k]: v })}
          onClear={() => s.update(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])))}
        />
      </div>

      {!s.cluster || !s.params ? (
        s.clusterLoading ? (
          <LoadingState label="clusters" />
        ) : (
          <EmptyState
            title="No cluster connected"
            description="Plimsoll records evictions once it collects a cluster."
          />
        )
      ) : (
        <Body
          cluster={s.cluster}
          params={s.params}
          previous={s.previous}
          groupBy={s.groupBy}
          tab={s.tab}
          from={from}
          to={to}
          onZoom={s.zoomTo}
          onSelect={onSelect}
          onTab={(tab) => s.update({ tab: tab === 'list' ? null : tab })}
        />
      )}
    </>
  );
}

interface BodyProps {
  cluster: string;
  params: EvictionFilterParams;
  /** The window to compare with, when asked. */
  previous: EvictionFilterParams | null;
  groupBy: EvictionGroupBy;
  tab: 'list' | 'episodes';
  from: number;
  to: number;
  onZoom: (from: number, to: number) => void;
  onSelect: (id: string) => void;
  onTab: (tab: 'list' | 'episodes') => void;
}

function Body({
  cluster,
  params,
  previous,
  groupBy,
  tab,
  from,
  to,
  onZoom,
  onSelect,
  onTab,
}: BodyProps) {
  const histogram = useEvictionHistogram(cluster, params, groupBy);
  // The window before, counted in the same bucket width once this one's is known.
  const before = useQuery({
    ...evictionQueries.histogram(
      cluster,
      previous ?? params,
      groupBy,
      histogram.data?.bucketSeconds,
    ),
    enabled: previous !== null && histogram.data !== undefined,
  });
  const aligned = useMemo(
    () =>
      previous && histogram.data && before.data
        ? alignPreviousWindow(histogram.data, before.data)
        : undefined,
    [previous, histogram.data, before.data],
  );
  const timeline = useEvictionTimeline(cluster, params, groupBy);
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title={
            histogram.data
              ? `${histogram.data.total.toLocaleString()} eviction${histogram.data.total === 1 ? '' : 's'} · per ${formatDuration(histogram.data.bucketSeconds * 1000)}`
              : 'Evictions per interval'
          }
          description={`Stacked by ${GROUP_LABELS[groupBy].toLowerCase()}. Click a bar to zoom into it.`}
          actions={
            previous && histogram.data && before.data ? (
              <span className="text-xs text-fg-muted" data-testid="eviction-comparison">
                {formatDuration(to - from)} before: {before.data.total.toLocaleString()} ·{' '}
                <span className="font-medium text-fg">
                  {describeWindowChange(histogram.data.total, before.data.total)}
                </span>
              </span>
            ) : null
          }
        />
        <CardBody className="py-2">
          <QueryState query={histogram} what="eviction counts">
            {(data) => <EvictionHistogramChart data={data} onZoom={onZoom} previous={aligned} />}
          </QueryState>
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title={`Timeline by ${GROUP_LABELS[groupBy].toLowerCase()}`}
          description="One mark per eviction, coloured by the starved resource. Drag across it to zoom; click a mark to open it."
          actions={<ResourceLegend />}
        />
        <QueryState
          query={timeline}
          what="the eviction timeline"
          isEmpty={(d) => d.marks.id.length === 0}
          empty={
            <EmptyState
              title="No evictions in this range"
              description="Widen the range or clear filters."
            />
          }
        >
          {(data) => (
            <>
              {data.truncated && (
                <p className="border-b border-line px-4 py-1.5 text-xs text-warn">
                  Showing the newest {data.marks.id.length.toLocaleString()} evictions; zoom in to
                  see the rest.
                </p>
              )}
              <EvictionTimeline
                data={data}
                from={from}
                to={to}
                onZoom={onZoom}
                onSelect={onSelect}
              />
            </>
          )}
        </QueryState>
      </Card>

      <Card>
        <div
          role="tablist"
          aria-label="Evictions as"
          className="flex gap-1 border-b border-line px-3 pt-2"
        >
          {(['list', 'episodes'] as const).map((t) => (
            <button
              key={t}
              role="tab"
              type="button"
              aria-selected={tab === t}
              onClick={() => onTab(t)}
              className={cn(
                '-mb-px border-b-2 px-2.5 pb-2 text-[13px] font-medium',
                tab === t
                  ? 'border-accent text-fg'
                  : 'border-transparent text-fg-muted hover:text-fg',
              )}
            >
              {t === 'list' ? 'Evictions' : 'Episodes'}
            </button>
          ))}
        </div>
        {tab === 'list' ? (
          <EvictionList cluster={cluster} params={params} />
        ) : (
          <EpisodeList cluster={cluster} params={params} />
        )}
      </Card>
    </div>
  );
}

function ResourceLegend() {
  return (
    <ul className="flex flex-wrap items-center gap-x-3 text-[11px] text-fg-muted">
      {[...Object.entries(RESOURCE_COLORS), ['other', OTHER_RESOURCE_COLOR] as const].map(
        ([name, color]) => (
          <li key={name} className="flex items-center gap-1">
            <span
              className="inline-block size-2 rounded-sm"
              style={{ background: color }}
              aria-hidden
            />
            {name}
          </li>
        ),
      )}
    </ul>
  );
}

function EvictionList({ cluster, params }: { cluster: string; params: EvictionFilterParams }) {
  const list = useEvictionList(cluster, params);
  return (
    <QueryState
      query={list}
      what="evictions"
      isEmpty={(d) => (d.pages[0]?.items.length ?? 0) === 0}
      empty={
        <EmptyState
          title="No evictions in this range"
          description="Nothing matched the range and filters."
        />
      }
    >
      {(data) => {
        const items = data.pages.flatMap((p) => p.items);
        const total = data.pages[0]?.total ?? items.length;
        return (
          <>
            <EvictionTable cluster={cluster} items={items} />
            <div className="flex items-center justify-between border-t border-line px-4 py-2 text-xs text-fg-muted">
              <span>
                {items.length.toLocaleString()} of {total.toLocaleString()}
              </span>
              {list.hasNextPage && (
                <Button
                  size="sm"
                  onClick={() => void list.fetchNextPage()}
                  loading={list.isFetchingNextPage}
                >
                  Load more
                </Button>
              )}
            </div>
          </>
        );
      }}
    </QueryState>
  );
}

function EpisodeList({ cluster, params }: { cluster: string; params: EvictionFilterParams }) {
  const episodes = useEvictionEpisodes(cluster, params);
  return (
    <QueryState
      query={episodes}
      what="eviction episodes"
      isEmpty={(d) => d.items.length === 0}
      empty={<EmptyState title="No episodes in this range" />}
    >
      {(data) => (
        <>
          <p className="px-4 py-2 text-xs text-fg-muted">
            An episode is a run of evictions on one node for one resource, each within{' '}
            {formatDuration(data.gapSeconds * 1000)} of the previous — the kubelet&apos;s pressure
            transition period, so one unbroken pressure condition.
          </p>
          <EvictionEpisodesTable cluster={cluster} data={data} />
        </>
      )}
    </QueryState>
  );
}
