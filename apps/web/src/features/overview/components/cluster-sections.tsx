'use client';

import type { ClusterOverview } from '@plimsoll/shared/schemas';
import type { Route } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';

import { Badge, type BadgeTone } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { QueryState } from '@/components/query-state';
import { LEASE_TONES, describeHeadroomTrend } from '@/features/nodes/format';
import { isHealthyStatus } from '@/features/nodes/components/condition-timeline';
import { cn } from '@/lib/cn';

import { useCurrentCluster } from '../../live/use-current-cluster';
import { useClusterOverview } from '../queries';
import { PressureHeatmap } from './pressure-heatmap';
import { formatDateTime, formatPercent, formatSeconds } from '@/lib/format';

/** One overview section per cluster the caller may see. */
export function ClusterSections() {
  const { clusters, none } = useCurrentCluster();
  if (none) return null;
  return (
    <QueryState query={clusters} what="clusters">
      {(data) => (
        <div className="space-y-6">
          {data.clusters.map((c) => (
            <ClusterSection key={c.name} cluster={c.name} state={c.state} />
          ))}
        </div>
      )}
    </QueryState>
  );
}

const nodesHref = (cluster: string, condition?: string) =>
  `/nodes?cluster=${encodeURIComponent(cluster)}${condition ? `&condition=${condition}` : ''}` as Route;
const nodeHref = (cluster: string, node: string) =>
  `/nodes/${encodeURIComponent(node)}?cluster=${encodeURIComponent(cluster)}` as Route;

function ClusterSection({ cluster, state }: { cluster: string; state: string }) {
  const overview = useClusterOverview(cluster);
  return (
    <section aria-label={`Cluster ${cluster}`} className="space-y-4">
      <h2 className="flex items-center gap-2 text-sm font-semibold text-fg">
        <span className="font-mono">{cluster}</span>
        <span className="text-xs font-normal text-fg-muted">{state}</span>
      </h2>
      <QueryState query={overview} what={`the overview of ${cluster}`}>
        {(o) => (
          <>
            <ConditionCounts o={o} />
            <div className="grid items-start gap-4 xl:grid-cols-3">
              <Card className="xl:col-span-2">
                <CardHeader
                  title="Pressure heatmap"
                  description={
                    <>
                      A cell per node, coloured by its worst headroom (memory, disk, PIDs) to the
                      eviction threshold.
                      {o.thresholdSources.default > 0 && (
                        <>
                          {' '}
                          {o.thresholdSources.default === o.counts.total
                            ? 'All'
                            : o.thresholdSources.default}{' '}
                          measured against the kubelet’s default thresholds (configz not read).
                        </>
                      )}
                    </>
                  }
                />
                <CardBody>
                  {o.heatmap.length === 0 ? (
                    <EmptyState
                      title="No nodes"
                      description="No node you may see in this cluster."
                    />
                  ) : (
                    <PressureHeatmap cells={o.heatmap} cluster={cluster} />
                  )}
                </CardBody>
              </Card>
              <LowestHeadroom o={o} />
            </div>
            <div className="grid gap-4 xl:grid-cols-3">
              <TransitionsCard o={o} />
              <EvictionsCard o={o} />
              <StaleCard o={o} />
            </div>
            {o.scope === 'all' ? (
              <div className="grid gap-4 xl:grid-cols-2">
                <AutoscalerCard o={o} />
                <LeadersCard o={o} />
              </div>
            ) : (
              <p className="text-xs text-fg-muted">
                Autoscaler health and control-plane leaders are cluster-wide; they are shown to SREs
                and viewers only.
              </p>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}

function Count({
  label,
  value,
  tone,
  href,
}: {
  label: string;
  value: number;
  tone: BadgeTone;
  href: Route;
}) {
  const colour =
    value === 0
      ? 'text-fg-subtle'
      : tone === 'danger'
        ? 'text-danger'
        : tone === 'warn'
          ? 'text-warn'
          : tone === 'ok'
            ? 'text-ok'
            : 'text-fg';
  return (
    <Link href={href} className="block rounded-md px-3 py-2 hover:bg-surface-hover">
      <div className="text-xs text-fg-muted">{label}</div>
      <div className={cn('font-mono text-xl font-semibold tabular-nums', colour)}>
        {value.toLocaleString('en-US')}
      </div>
    </Link>
  );
}

function ConditionCounts({ o }: { o: ClusterOverview }) {
  const c = o.counts;
  return (
    <Card aria-label={`Nodes by condition in ${o.cluster}`}>
      <div className="grid grid-cols-3 items-stretch p-1 sm:flex sm:flex-wrap sm:divide-x sm:divide-line">
        <Count label="Nodes" value={c.total} tone="neutral" href={nodesHref(o.cluster)} />
        <Count label="Ready" value={c.ready} tone="ok" href={nodesHref(o.cluster, 'ready')} />
        <Count
          label="NotReady"
          value={c.notReady}
          tone="danger"
          href={nodesHref(o.cluster, 'not-ready')}
        />
        <Count
          label="Unknown"
          value={c.unknown}
          tone="warn"
          href={nodesHref(o.cluster, 'unknown')}
        />
        <Count
          label="MemoryPressure"
          value={c.memoryPressure}
          tone="danger"
          href={nodesHref(o.cluster, 'memory-pressure')}
        />
        <Count
          label="DiskPressure"
          value={c.diskPressure}
          tone="danger"
          href={nodesHref(o.cluster, 'disk-pressure')}
        />
        <Count
          label="PIDPressure"
          value={c.pidPressure}
          tone="danger"
          href={nodesHref(o.cluster, 'pid-pressure')}
        />
        <Count
          label="Cordoned"
          value={c.unschedulable}
          tone="warn"
          href={nodesHref(o.cluster, 'unschedulable')}
        />
        {c.problems.map((p) => (
          <Count
            key={p.type}
            label={p.type}
            value={p.count}
            tone={p.severity === 'critical' ? 'danger' : 'warn'}
            href={nodesHref(o.cluster, 'problem')}
          />
        ))}
        {c.problems.length === 0 && (
          <Count
            label="NPD problems"
            value={0}
            tone="warn"
            href={nodesHref(o.cluster, 'problem')}
          />
        )}
      </div>
    </Card>
  );
}

function LowestHeadroom({ o }: { o: ClusterOverview }) {
  const worst = o.leastHeadroom;
  return (
    <Card>
      <CardHeader
        title="Least headroom"
        description="The nodes closest to an eviction threshold, and when each crosses it at its last 30 minutes' rate."
      />
      <CardBody flush>
        {worst.length === 0 ? (
          <EmptyState
            title="No readings yet"
            description="Headroom appears after the first kubelet poll."
          />
        ) : (
          <ol className="divide-y divide-line text-xs">
            {worst.map((c) => {
              const trend = describeHeadroomTrend(c.projection);
              return (
                <li
                  key={c.name}
                  className="flex flex-wrap items-center gap-x-2 gap-y-1 px-4 py-1.5"
                >
                  <Link
                    href={nodeHref(o.cluster, c.name)}
                    className="min-w-0 flex-1 truncate font-mono text-accent hover:underline"
                  >
                    {c.name}
                  </Link>
                  <span className="text-fg-muted">{c.signal}</span>
                  <span
                    className={cn(
                      'w-14 text-right font-mono tabular-nums',
                      c.headroom < 0.05
                        ? 'font-semibold text-danger'
                        : c.headroom < 0.15
                          ? 'text-warn'
                          : 'text-fg',
                    )}
                  >
                    {formatPercent(c.headroom, 1)}
                  </span>
                  {c.projection.crossesAt !== null && <Badge tone={trend.tone}>{trend.text}</Badge>}
                </li>
              );
            })}
          </ol>
        )}
      </CardBody>
    </Card>
  );
}

function ListCard({
  title,
  description,
  empty,
  children,
}: {
  title: string;
  description: ReactNode;
  empty: boolean;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <CardBody flush>
        {empty ? (
          <p className="px-4 py-6 text-center text-xs text-fg-subtle">Nothing recent.</p>
        ) : (
          children
        )}
      </CardBody>
    </Card>
  );
}

function TransitionsCard({ o }: { o: ClusterOverview }) {
  return (
    <ListCard
      title="Recent condition transitions"
      description="Newest first, from history."
      empty={o.recentTransitions.length === 0}
    >
      <ul className="max-h-72 divide-y divide-line overflow-auto text-xs">
        {o.recentTransitions.map((t) => (
          <li key={`${t.node}-${t.type}-${t.at}`} className="px-4 py-1.5">
            <span className="font-mono text-fg-muted">{formatDateTime(t.at)}</span>{' '}
            <Badge
              tone={
                isHealthyStatus(t.type, t.status)
                  ? 'ok'
                  : t.status === 'Unknown'
                    ? 'warn'
                    : 'danger'
              }
            >
              {t.type}={t.status}
            </Badge>{' '}
            <Link
              href={nodeHref(o.cluster, t.node)}
              className="font-mono text-accent hover:underline"
            >
              {t.node}
            </Link>
          </li>
        ))}
      </ul>
    </ListCard>
  );
}

function EvictionsCard({ o }: { o: ClusterOverview }) {
  return (
    <ListCard
      title="Recent evictions"
      description={
        <>
          Pods the kubelet evicted.{' '}
          <Link href={'/evictions?range=24h' as Route} className="text-accent underline">
            Last 24 hours
          </Link>
        </>
      }
      empty={o.recentEvictions.length === 0}
    >
      <ul className="max-h-72 divide-y divide-line overflow-auto text-xs">
        {o.recentEvictions.map((e) => (
          <li key={`${e.namespace}/${e.pod}`} className="px-4 py-1.5">
            <span className="font-mono text-fg-muted">{formatDateTime(e.evictedAt)}</span>{' '}
            <span className="font-mono">
              {e.namespace}/{e.pod}
            </span>{' '}
            {e.resource && <Badge tone="danger">{e.resource}</Badge>}{' '}
            {e.node && (
              <Link
                href={nodeHref(o.cluster, e.node)}
                className="font-mono text-accent hover:underline"
              >
                {e.node}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </ListCard>
  );
}

function StaleCard({ o }: { o: ClusterOverview }) {
  return (
    <ListCard
      title="Late and stale heartbeats"
      description="Node leases not renewed on time."
      empty={o.staleHeartbeats.length === 0}
    >
      <ul className="max-h-72 divide-y divide-line overflow-auto text-xs">
        {o.staleHeartbeats.map((s) => (
          <li key={s.node} className="flex items-center gap-2 px-4 py-1.5">
            <Badge tone={LEASE_TONES[s.state]}>{s.state}</Badge>
            <Link
              href={nodeHref(o.cluster, s.node)}
              className="min-w-0 flex-1 truncate font-mono text-accent hover:underline"
            >
              {s.node}
            </Link>
            <span className="font-mono text-fg-muted">{formatSeconds(s.ageSeconds)}</span>
          </li>
        ))}
      </ul>
    </ListCard>
  );
}

function AutoscalerCard({ o }: { o: ClusterOverview }) {
  const a = o.autoscaler;
  return (
    <Card>
      <CardHeader
        title="Cluster autoscaler"
        description={
          a ? `Status of ${formatDateTime(a.observedAt)}.` : 'No autoscaler status recorded.'
        }
      />
      <CardBody>
        {!a ? (
          <p className="text-xs text-fg-subtle">
            Plimsoll has not seen the cluster-autoscaler status ConfigMap in this cluster.
          </p>
        ) : (
          <div className="space-y-2 text-xs">
            <p className="flex flex-wrap items-center gap-2">
              <Badge tone={a.health === 'Healthy' ? 'ok' : 'danger'} dot>
                {a.health}
              </Badge>
              <span>
                ready <span className="font-mono">{a.ready}</span> · unready{' '}
                <span className="font-mono">{a.unready}</span> · registered{' '}
                <span className="font-mono">{a.registered}</span>
              </span>
              <Badge
                tone={
                  a.scaleUp === 'Backoff'
                    ? 'danger'
                    : a.scaleUp === 'InProgress'
                      ? 'info'
                      : 'neutral'
                }
              >
                scale-up {a.scaleUp}
              </Badge>
              <Badge>scale-down {a.scaleDown}</Badge>
            </p>
            <ul className="divide-y divide-line">
              {a.nodeGroups.map((g) => (
                <li key={g.name} className="flex items-center gap-2 py-1">
                  <span className="min-w-0 flex-1 truncate font-mono">{g.name}</span>
                  <span className="font-mono text-fg-muted">
                    {g.min}≤{g.target}≤{g.max}
                  </span>
                  <Badge tone={g.health === 'Healthy' ? 'ok' : 'danger'}>{g.health}</Badge>
                  {g.backoff && (
                    <Badge tone="danger" title={g.backoff}>
                      backoff
                    </Badge>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

function LeadersCard({ o }: { o: ClusterOverview }) {
  return (
    <Card>
      <CardHeader
        title="Control-plane leaders"
        description="Leader-election leases in kube-system."
        actions={
          <Link
            href={`/leases?cluster=${encodeURIComponent(o.cluster)}` as Route}
            className="text-xs text-accent hover:underline"
          >
            All leases
          </Link>
        }
      />
      <CardBody flush>
        {o.leaders.length === 0 ? (
          <p className="px-4 py-6 text-center text-xs text-fg-subtle">No leader-election leases.</p>
        ) : (
          <ul className="divide-y divide-line text-xs">
            {o.leaders.map((l) => (
              <li key={`${l.namespace}/${l.name}`} className="flex items-center gap-2 px-4 py-1.5">
                <span className="w-44 truncate font-mono">{l.name}</span>
                <span className="min-w-0 flex-1 truncate font-mono text-fg-muted">
                  {l.holder ?? 'no holder'}
                </span>
                <Badge tone={l.state === 'held' ? 'ok' : 'danger'}>{l.state}</Badge>
                <span className="w-24 text-right text-fg-muted">
                  {l.lastFailover
                    ? `failover ${formatSeconds((Date.now() - new Date(l.lastFailover.at).getTime()) / 1000)} ago`
                    : '—'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
