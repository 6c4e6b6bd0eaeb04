'use client';

import { useQuery } from '@tanstack/react-query';
import type { NodeConditionHistory, NodeDetail } from '@plimsoll/shared/schemas';
import type { Route } from 'next';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, type ReactNode } from 'react';

import { Badge } from '@/components/badge';
import { Button } from '@/components/button';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { cn } from '@/lib/cn';
import { describeWindowChange } from '@/lib/compare-windows';

import { ViewEmbedButton } from '../embed/components/view-embed-button';
import { NodeActionsCard } from '../node-actions/components/node-actions-card';
import { LiveIndicator } from '../live/live-indicator';
import { ClusterGate } from '../live/cluster-gate';
import { useCurrentCluster } from '../live/use-current-cluster';
import { previousWindow, type PreviousWindow } from './compare-node-windows';
import { CapacityBar, CapacityLegend } from './components/capacity-bar';
import { ConditionTimeline, isHealthyStatus } from './components/condition-timeline';
import { HeadroomCell } from './components/headroom-cell';
import { NodeHeadroomHistoryCard } from './components/node-headroom-history-card';
import { NodePressureHistoryCard } from './components/node-pressure-history-card';
import { NodeSignalsCard } from './components/node-signals-card';
import { UnknownConditionsBadge } from './components/unknown-conditions-badge';
import { LEASE_TONES, READY_LABELS, READY_TONES } from './format';
import { nodeQueries, useNodeDetail } from './queries';
import { PodsCard } from './components/node-pods-card';
import { EventsCard, LeaseCard, ProblemsCard } from './components/node-health-cards';
import {
  formatBytes,
  formatCount,
  formatDateTime,
  formatPercent,
  formatSeconds,
} from '@/lib/format';

const RANGES = {
  '1h': 3600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
} as const;
type RangeKey = keyof typeof RANGES;

// The compare button spells the range out: specs find the presets by name ('24h'), which a "24h" in the
// button's name would match too.
const RANGE_WORDS: Record<RangeKey, string> = {
  '1h': 'hour',
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
};

/** The node detail page (`/nodes/[name]`): why a node is in trouble, what goes next, and how it got there. */
export function NodeDetailView({ name }: { name: string }) {
  const current = useCurrentCluster();
  const { cluster } = current;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-1 text-xs text-fg-muted">
        <Link
          href={(cluster ? `/nodes?cluster=${encodeURIComponent(cluster)}` : '/nodes') as Route}
          className="hover:text-fg hover:underline"
        >
          Nodes
        </Link>{' '}
        / <span className="font-mono text-fg">{name}</span>
      </nav>
      <PageHeader
        title={name}
        description="Conditions, capacity, eviction thresholds, lease and pods of one node."
        actions={
          <>
            <Link
              href={`/evictions?node=${encodeURIComponent(name)}` as Route}
              className="text-[13px] text-accent hover:underline"
            >
              Evictions on this node
            </Link>
            {cluster && (
              <ViewEmbedButton cluster={cluster} panel="node-pressure" params={{ node: name }} />
            )}
            <LiveIndicator cluster={cluster} />
          </>
        }
      />
      <ClusterGate current={current}>
        {(cluster) => <NodeDetailBody cluster={cluster} name={name} />}
      </ClusterGate>
    </>
  );
}

function NodeDetailBody({ cluster, name }: { cluster: string; name: string }) {
  const detail = useNodeDetail(cluster, name);
  return (
    <QueryState query={detail} what="this node">
      {(d) => (
        <div className="space-y-4">
          <SummaryStrip d={d} />
          <NodeActionsCard cluster={cluster} node={name} unschedulable={d.summary.unschedulable} />
          <div className="grid gap-4 xl:grid-cols-2">
            <ThresholdsCard d={d} />
            <CapacityCard d={d} />
          </div>
          <NodeSignalsCard d={d} />
          <PodsCard cluster={cluster} name={name} />
          <HistoryCards cluster={cluster} name={name} />
          <div className="grid gap-4 xl:grid-cols-2">
            <LeaseCard d={d} />
            <ProblemsCard d={d} />
          </div>
          <div className="grid gap-4 xl:grid-cols-2">
            <EventsCard d={d} />
            <ExtendedResourcesCard d={d} />
          </div>
        </div>
      )}
    </QueryState>
  );
}

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0 px-4 py-2.5">
      <dt className="text-xs text-fg-muted">{label}</dt>
      <dd className="mt-1 flex min-h-5 flex-wrap items-center gap-1 text-[13px] font-medium text-fg">
        {children}
      </dd>
    </div>
  );
}

function SummaryStrip({ d }: { d: NodeDetail }) {
  const s = d.summary;
  return (
    <Card aria-label="Node summary">
      <dl className="grid grid-cols-2 divide-line md:grid-cols-4 xl:grid-cols-7 xl:divide-x">
        <Stat label="Status">
          <Badge tone={READY_TONES[s.ready]} dot>
            {READY_LABELS[s.ready]}
          </Badge>
          {s.badConditions.map((c) => (
            <Badge key={c} tone="danger">
              {c}
            </Badge>
          ))}
          <UnknownConditionsBadge types={s.unknownConditions} />
          {s.unschedulable && <Badge>Cordoned</Badge>}
        </Stat>
        <Stat label="Memory headroom">
          <HeadroomCell h={s.memory} />
        </Stat>
        <Stat label="Disk headroom">
          <HeadroomCell h={s.disk} />
        </Stat>
        <Stat label="PID headroom">
          <HeadroomCell h={s.pid} unit="count" />
        </Stat>
        <Stat label="Heartbeat">
          <Badge tone={LEASE_TONES[d.lease.state]}>{d.lease.state}</Badge>
          <span className="font-mono text-xs">{formatSeconds(d.lease.ageSeconds)} ago</span>
        </Stat>
        <Stat label="Pool / tenant">
          <span className="truncate">{s.pool ?? '—'}</span>
          {s.tenant && <Badge tone="accent">{s.tenant}</Badge>}
        </Stat>
        <Stat label="Kubelet">
          <span className={cn('font-mono text-xs', s.kubeletSkew > 0 && 'text-warn')}>
            {s.kubeletVersion ?? '—'}
          </span>
          {s.kubeletSkew > 0 && <span className="text-xs text-warn">({s.kubeletSkew} behind)</span>}
        </Stat>
      </dl>
    </Card>
  );
}

function SourceNote({ d }: { d: NodeDetail }) {
  return d.thresholdSource === 'configz' ? (
    <Badge tone="ok">from the kubelet’s configz</Badge>
  ) : (
    <Badge
      tone="warn"
      title="Plimsoll has not read this kubelet's configz; these are DEFAULT_EVICTION_HARD_LINUX"
    >
      kubelet defaults (configz not read)
    </Badge>
  );
}

function ThresholdsCard({ d }: { d: NodeDetail }) {
  const fmt = (signal: string, v: number | null) =>
    signal.includes('inodes') || signal.startsWith('pid') ? formatCount(v) : formatBytes(v);
  return (
    <Card>
      <CardHeader
        title="Eviction thresholds in force"
        description={`Against the kubelet reading of ${d.pressureAt ? formatDateTime(d.pressureAt) : '—'}.`}
        actions={<SourceNote d={d} />}
      />
      <CardBody flush>
        <table className="w-full text-left text-[13px]">
          <thead className="border-b border-line text-xs text-fg-muted">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Signal
              </th>
              <th scope="col" className="px-2 py-2 font-medium">
                Rule
              </th>
              <th scope="col" className="px-2 py-2 text-right font-medium">
                Threshold
              </th>
              <th scope="col" className="px-2 py-2 text-right font-medium">
                Available
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                Headroom
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {d.thresholds.map((t) => (
              <tr key={`${t.signal}-${t.kind}`} className={cn(t.met && 'bg-danger/5')}>
                <td className="px-4 py-1.5 font-mono text-xs">
                  {t.signal}
                  {t.nodeCondition && (
                    <span className="ml-1 text-fg-subtle">→ {t.nodeCondition}</span>
                  )}
                </td>
                <td className="px-2 py-1.5 text-xs">
                  <Badge tone={t.kind === 'hard' ? 'danger' : 'warn'}>{t.kind}</Badge>{' '}
                  <span className="font-mono">&lt; {t.value}</span>
                  {t.kind === 'soft' && (
                    <span className="text-fg-muted"> for {t.gracePeriodSeconds}s</span>
                  )}
                  {t.minReclaim && <span className="text-fg-muted"> (reclaim {t.minReclaim})</span>}
                </td>
                <td className="px-2 py-1.5 text-right font-mono text-xs">
                  {fmt(t.signal, t.thresholdQuantity)}
                </td>
                <td className="px-2 py-1.5 text-right font-mono text-xs">
                  {fmt(t.signal, t.available)}
                </td>
                <td
                  className={cn(
                    'px-4 py-1.5 text-right font-mono text-xs',
                    t.met ? 'font-semibold text-danger' : 'text-fg',
                  )}
                >
                  {t.met ? 'MET · ' : ''}
                  {fmt(t.signal, t.headroom)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </CardBody>
    </Card>
  );
}

function CapacityCard({ d }: { d: NodeDetail }) {
  const order = ['memory', 'cpu', 'ephemeral-storage', 'pods'];
  const rows = [...d.breakdown].sort(
    (a, b) => ((order.indexOf(a.resource) + 99) % 100) - ((order.indexOf(b.resource) + 99) % 100),
  );
  return (
    <Card>
      <CardHeader
        title="Capacity → allocatable"
        description={
          d.reservedKnown
            ? 'Reservations from the kubelet’s configz.'
            : 'kube-reserved and system-reserved unknown (configz not read): shown as zero.'
        }
      />
      <CardBody className="space-y-3">
        {rows.map((r) => (
          <CapacityBar key={r.resource} row={r} />
        ))}
        <CapacityLegend />
      </CardBody>
    </Card>
  );
}

/**
 * The history range of the page (`?range=`, default 24h) and whether to compare it with the one before
 * (`?compare=previous`): the conditions card picks them, the headroom and pressure cards follow.
 */
function useHistoryRange() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const range = (params.get('range') as RangeKey | null) ?? '24h';
  const key: RangeKey = range in RANGES ? range : '24h';
  // Rounded to the minute so the query key is stable between renders.
  const from = useMemo(
    () => new Date(Math.floor((Date.now() - RANGES[key]) / 60_000) * 60_000).toISOString(),
    [key],
  );
  const comparing = params.get('compare') === 'previous';
  const previous = useMemo<PreviousWindow | null>(
    () => (comparing ? previousWindow(from, RANGES[key], key) : null),
    [comparing, from, key],
  );
  // Other parameters (compare among them) stay, so a range change keeps the comparison.
  const replace = (name: string, value: string | null) => {
    const next = new URLSearchParams(params.toString());
    if (value === null) next.delete(name);
    else next.set(name, value);
    router.replace(`${pathname}?${next.toString()}` as Route, { scroll: false });
  };
  const setRange = (r: RangeKey) => replace('range', r === '24h' ? null : r);
  const picker = (
    <div role="group" aria-label="Range" className="flex rounded-md border border-line-strong">
      {(Object.keys(RANGES) as RangeKey[]).map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={r === key}
          onClick={() => setRange(r)}
          className={cn(
            'h-7 px-2.5 text-xs',
            r === key
              ? 'bg-accent-soft font-medium text-fg'
              : 'text-fg-muted hover:bg-surface-hover',
          )}
        >
          {r}
        </button>
      ))}
    </div>
  );
  const compareToggle = (
    <Button
      size="sm"
      variant={comparing ? 'secondary' : 'ghost'}
      aria-pressed={comparing}
      onClick={() => replace('compare', comparing ? null : 'previous')}
    >
      Compare with the {RANGE_WORDS[key]} before
    </Button>
  );
  return {
    from,
    previous,
    controls: (
      <>
        {picker}
        {compareToggle}
      </>
    ),
  };
}

function HistoryCards({ cluster, name }: { cluster: string; name: string }) {
  const { from, previous, controls } = useHistoryRange();
  return (
    <>
      <ConditionsCard
        cluster={cluster}
        name={name}
        from={from}
        previous={previous}
        controls={controls}
      />
      <NodeHeadroomHistoryCard cluster={cluster} name={name} from={from} previous={previous} />
      <NodePressureHistoryCard cluster={cluster} name={name} from={from} />
    </>
  );
}

const unhealthyOf = (h: NodeConditionHistory) =>
  h.transitions.filter((t) => !isHealthyStatus(t.type, t.status));

/** "3 unhealthy transitions"; a truncated history had more than it returned, hence "500+". */
function describeUnhealthy(h: NodeConditionHistory): string {
  const n = unhealthyOf(h).length;
  return `${formatCount(n)}${h.truncated ? '+' : ''} unhealthy transition${n === 1 ? '' : 's'}`;
}

function ConditionsCard({
  cluster,
  name,
  from,
  previous,
  controls,
}: {
  cluster: string;
  name: string;
  from: string;
  previous: PreviousWindow | null;
  controls: ReactNode;
}) {
  const history = useQuery(nodeQueries.conditions(cluster, name, { from }));
  const before = useQuery({
    ...nodeQueries.conditions(
      cluster,
      name,
      previous ? { from: previous.from, to: previous.to } : { from },
    ),
    enabled: previous !== null,
  });
  return (
    <Card>
      <CardHeader
        title="Conditions over time"
        description="From the condition transitions Plimsoll recorded."
        actions={controls}
      />
      <CardBody>
        {previous && history.data && before.data && (
          <p className="mb-3 text-xs text-fg-muted" data-testid="node-conditions-comparison">
            {describeUnhealthy(history.data)} in this window, {describeUnhealthy(before.data)} in
            the {previous.label} before ·{' '}
            <span className="font-medium text-fg">
              {describeWindowChange(
                unhealthyOf(history.data).length,
                unhealthyOf(before.data).length,
              )}
            </span>
          </p>
        )}
        <QueryState query={history} what="condition history" isEmpty={(h) => h.lanes.length === 0}>
          {(h) => (
            <>
              <ConditionTimeline history={h} />
              {unhealthyOf(h).length > 0 && (
                <details className="mt-3 text-xs">
                  <summary className="cursor-pointer text-fg-muted">
                    Unhealthy transitions in range
                  </summary>
                  <ul className="mt-1 space-y-0.5 font-mono">
                    {unhealthyOf(h)
                      .slice(-50)
                      .map((t) => (
                        <li key={`${t.type}-${t.at}`}>
                          {formatDateTime(t.at)} {t.type}={t.status} {t.reason}
                        </li>
                      ))}
                  </ul>
                </details>
              )}
            </>
          )}
        </QueryState>
      </CardBody>
    </Card>
  );
}

function ExtendedResourcesCard({ d }: { d: NodeDetail }) {
  return (
    <Card>
      <CardHeader
        title="Extended resources"
        description="Custom status.capacity entries and how much of them pods request."
      />
      <CardBody flush>
        {d.extendedResources.length === 0 ? (
          <EmptyState title="None" description="This node advertises no extended resources." />
        ) : (
          <table className="w-full text-left text-xs">
            <thead className="border-b border-line text-fg-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Resource
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium">
                  Capacity
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium">
                  Allocatable
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Requested
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line font-mono">
              {d.extendedResources.map((r) => (
                <tr key={r.name}>
                  <td className="px-4 py-1.5">{r.name}</td>
                  <td className="px-2 py-1.5 text-right">{r.capacity}</td>
                  <td className="px-2 py-1.5 text-right">{r.allocatable ?? '—'}</td>
                  <td className="px-4 py-1.5 text-right">
                    {r.requested} <span className="text-fg-muted">({formatPercent(r.ratio)})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardBody>
    </Card>
  );
}
