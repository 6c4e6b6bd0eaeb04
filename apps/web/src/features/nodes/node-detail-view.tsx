'use client';

import { useQuery } from '@tanstack/react-query';
import type { NodeDetail, NodePodsResponse } from '@plimsoll/shared/schemas';
import type { Route } from 'next';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, type ReactNode } from 'react';

import { Badge } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { cn } from '@/lib/cn';

import { ViewEmbedButton } from '../embed/components/view-embed-button';
import { LiveIndicator } from '../live/live-indicator';
import { ClusterGate } from '../live/cluster-gate';
import { useCurrentCluster } from '../live/use-current-cluster';
import { CapacityBar, CapacityLegend } from './components/capacity-bar';
import { ConditionTimeline, isHealthyStatus } from './components/condition-timeline';
import { HeadroomCell } from './components/headroom-cell';
import {
  LEASE_TONES,
  READY_LABELS,
  READY_TONES,
  formatAge,
  formatBytes,
  formatCount,
  formatMilli,
  formatPercent,
  formatTime,
} from './format';
import { nodeQueries, useNodeDetail, useNodePods } from './queries';

const RANGES = {
  '1h': 3600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
} as const;
type RangeKey = keyof typeof RANGES;

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
          <div className="grid gap-4 xl:grid-cols-2">
            <ThresholdsCard d={d} />
            <CapacityCard d={d} />
          </div>
          <PodsCard cluster={cluster} name={name} />
          <ConditionsCard cluster={cluster} name={name} />
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
          <span className="font-mono text-xs">{formatAge(d.lease.ageSeconds)} ago</span>
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
        description={`Against the kubelet reading of ${d.pressureAt ? formatTime(d.pressureAt) : '—'}.`}
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

const QOS_TONES = { Guaranteed: 'ok', Burstable: 'info', BestEffort: 'warn' } as const;

function PodsCard({ cluster, name }: { cluster: string; name: string }) {
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
              Memory used / request
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
            const used = p.usage?.memoryBytes ?? null;
            const over = used !== null && used > p.requests.memoryBytes;
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
                  <Badge tone={QOS_TONES[p.qosClass]}>{p.qosClass}</Badge>
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
                  {used === null ? '—' : formatBytes(used)} / {formatBytes(p.requests.memoryBytes)}
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

function ConditionsCard({ cluster, name }: { cluster: string; name: string }) {
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
  const history = useQuery(nodeQueries.conditions(cluster, name, { from }));
  const setRange = (r: RangeKey) => {
    const next = new URLSearchParams(params.toString());
    if (r === '24h') next.delete('range');
    else next.set('range', r);
    router.replace(`${pathname}?${next.toString()}` as Route, { scroll: false });
  };
  return (
    <Card>
      <CardHeader
        title="Conditions over time"
        description="From the condition transitions Plimsoll recorded."
        actions={
          <div
            role="group"
            aria-label="Range"
            className="flex rounded-md border border-line-strong"
          >
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
        }
      />
      <CardBody>
        <QueryState query={history} what="condition history" isEmpty={(h) => h.lanes.length === 0}>
          {(h) => (
            <>
              <ConditionTimeline history={h} />
              {h.transitions.filter((t) => !isHealthyStatus(t.type, t.status)).length > 0 && (
                <details className="mt-3 text-xs">
                  <summary className="cursor-pointer text-fg-muted">
                    Unhealthy transitions in range
                  </summary>
                  <ul className="mt-1 space-y-0.5 font-mono">
                    {h.transitions
                      .filter((t) => !isHealthyStatus(t.type, t.status))
                      .slice(-50)
                      .map((t) => (
                        <li key={`${t.type}-${t.at}`}>
                          {formatTime(t.at)} {t.type}={t.status} {t.reason}
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

function LeaseCard({ d }: { d: NodeDetail }) {
  return (
    <Card>
      <CardHeader
        title="Lease heartbeat"
        description="kube-node-lease; state by the node lifecycle controller’s rule."
      />
      <CardBody className="space-y-3">
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs">
          <dt className="text-fg-muted">State</dt>
          <dd>
            <Badge tone={LEASE_TONES[d.lease.state]}>{d.lease.state}</Badge>
          </dd>
          <dt className="text-fg-muted">Last renew</dt>
          <dd className="font-mono">
            {formatTime(d.lease.renewTime)} ({formatAge(d.lease.ageSeconds)} ago)
          </dd>
          <dt className="text-fg-muted">Lease duration</dt>
          <dd className="font-mono">{d.lease.leaseDurationSeconds ?? '—'}s</dd>
          <dt className="text-fg-muted">Marked Unknown at</dt>
          <dd className="font-mono">{formatTime(d.lease.staleSince)}</dd>
        </dl>
        <div>
          <h3 className="mb-1 text-xs font-medium text-fg-muted">Staleness episodes (30 days)</h3>
          {d.leaseEpisodes.length === 0 ? (
            <p className="text-xs text-fg-subtle">None: every renewal arrived in time.</p>
          ) : (
            <ul className="space-y-0.5 font-mono text-xs">
              {d.leaseEpisodes.map((e) => (
                <li key={e.startedAt}>
                  {formatTime(e.startedAt)} →{' '}
                  {e.endedAt ? formatTime(e.endedAt) : <Badge tone="danger">ongoing</Badge>} ·
                  longest gap {formatAge(e.longestGapSeconds)}
                  {e.reconstructed && <span className="text-fg-subtle"> (reconstructed)</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      </CardBody>
    </Card>
  );
}

function ProblemsCard({ d }: { d: NodeDetail }) {
  const active = d.problems.filter((p) => p.status === 'True');
  return (
    <Card>
      <CardHeader
        title="Node problems (node-problem-detector)"
        description={`${active.length} active of ${d.problems.length} monitored conditions.`}
      />
      <CardBody className="space-y-3">
        {d.problems.length === 0 ? (
          <p className="text-xs text-fg-subtle">
            No node-problem-detector conditions on this node.
          </p>
        ) : (
          <ul className="space-y-1 text-xs">
            {d.problems.map((p) => (
              <li key={p.type} className="flex items-center gap-2">
                <Badge
                  tone={
                    p.status === 'True' ? (p.severity === 'critical' ? 'danger' : 'warn') : 'ok'
                  }
                >
                  {p.status === 'True' ? p.severity : 'ok'}
                </Badge>
                <span className="font-mono">{p.type}</span>
                <span className="truncate text-fg-muted" title={p.message ?? undefined}>
                  {p.reason}
                </span>
              </li>
            ))}
          </ul>
        )}
        {d.problemEpisodes.length > 0 && (
          <div>
            <h3 className="mb-1 text-xs font-medium text-fg-muted">Episodes</h3>
            <ul className="space-y-0.5 font-mono text-xs">
              {d.problemEpisodes.map((e) => (
                <li key={`${e.conditionType}-${e.startedAt}`}>
                  {formatTime(e.startedAt)} → {e.endedAt ? formatTime(e.endedAt) : 'ongoing'} ·{' '}
                  {e.conditionType} {e.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

function EventsCard({ d }: { d: NodeDetail }) {
  return (
    <Card>
      <CardHeader
        title="Events"
        description="Kubernetes events about this node that Plimsoll kept."
      />
      <CardBody flush>
        {d.events.length === 0 ? (
          <EmptyState title="No events" description="No kept event names this node." />
        ) : (
          <ul className="max-h-72 divide-y divide-line overflow-auto text-xs">
            {d.events.map((e) => (
              <li key={`${e.reason}-${e.firstSeen}`} className="px-4 py-1.5">
                <span className="font-mono text-fg-muted">{formatTime(e.lastSeen)}</span>{' '}
                <Badge tone={e.type === 'Warning' ? 'warn' : 'neutral'}>{e.reason ?? '—'}</Badge>
                {e.problemSeverity && (
                  <Badge tone="info" className="ml-1">
                    NPD {e.problemSeverity}
                  </Badge>
                )}
                {e.count > 1 && <span className="ml-1 text-fg-muted">×{e.count}</span>}{' '}
                <span className="text-fg">{e.message}</span>
              </li>
            ))}
          </ul>
        )}
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
