'use client';

import type { EvictionDetailResponse } from '@plimsoll/shared/schemas';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, useMemo, type ReactNode } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { CHART_TOOLTIP_STYLE } from '@/components/chart';
import { Badge, type BadgeTone } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { LoadingState } from '@/components/loading-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';

import { useHealth } from '../health/queries';
import { resourceColor } from './colors';
import { Offenders, evictionHref, evictionListHref } from './components/eviction-table';
import { useEvictionDetail } from './queries';
import { formatAmount, formatDateTime, formatQuantity, formatTick, timeTicks } from '@/lib/format';

/** One eviction (`/evictions/[id]?cluster=`): why it happened and whether the kubelet chose as expected. */
export function EvictionDetailView({ id }: { id: string }) {
  return (
    <Suspense fallback={<LoadingState label="eviction" />}>
      <DetailPage id={id} />
    </Suspense>
  );
}

function DetailPage({ id }: { id: string }) {
  const search = useSearchParams();
  const health = useHealth();
  const cluster = search.get('cluster') ?? health.data?.clusters[0]?.name ?? null;
  if (!cluster)
    return health.isPending ? (
      <LoadingState label="clusters" />
    ) : (
      <EmptyState title="No cluster connected" />
    );
  return <Detail cluster={cluster} id={id} />;
}

function Detail({ cluster, id }: { cluster: string; id: string }) {
  const detail = useEvictionDetail(cluster, id);
  const listQuery = useSearchParams().toString();
  return (
    <>
      <Link
        href={evictionListHref(cluster, listQuery)}
        className="mb-2 inline-block text-xs text-accent hover:underline"
      >
        ← All evictions
      </Link>
      <QueryState query={detail} what="the eviction">
        {(d) => <DetailBody cluster={cluster} d={d} />}
      </QueryState>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] text-fg-subtle">{label}</dt>
      <dd className="mt-0.5 truncate text-[13px] text-fg">{children}</dd>
    </div>
  );
}

function DetailBody({ cluster, d }: { cluster: string; d: EvictionDetailResponse }) {
  const e = d.eviction;
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${e.namespace}/${e.pod}`}
        description={
          <>
            Evicted {formatDateTime(e.evictedAt)} from{' '}
            <span className="font-mono">{e.node ?? 'no node'}</span> for{' '}
            <span className="font-medium" style={{ color: resourceColor(e.resource) }}>
              {e.resource ?? 'an unknown resource'}
            </span>
            {e.reconstructed && ' · found on relist'}
          </>
        }
        actions={<OrderBadge matches={d.order.matches} />}
      />
      <Card>
        <CardBody>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-3 md:grid-cols-4 xl:grid-cols-8">
            <Fact label="Owner">{e.ownerName ? `${e.ownerKind}/${e.ownerName}` : '—'}</Fact>
            <Fact label="Tenant">{e.tenant ?? '—'}</Fact>
            <Fact label="QoS">{e.qosClass ?? '—'}</Fact>
            <Fact label="Priority">
              <span className="font-mono">{e.priority ?? '—'}</span>
            </Fact>
            <Fact label="Threshold">
              <span className="font-mono" title={e.threshold ?? undefined}>
                {formatQuantity(e.threshold, e.resource)}
              </span>
            </Fact>
            <Fact label="Available">
              <span className="font-mono text-danger" title={e.available ?? undefined}>
                {formatQuantity(e.available, e.resource)}
              </span>
            </Fact>
            <Fact label="Pod UID">
              <span className="font-mono text-xs" title={e.podUid}>
                {e.podUid}
              </span>
            </Fact>
            <Fact label="Eviction id">
              <span className="font-mono">{e.id}</span>
            </Fact>
          </dl>
          <div className="mt-3 grid gap-3 md:grid-cols-[minmax(0,1fr)_auto]">
            <div>
              <div className="text-[11px] text-fg-subtle">Kubelet message</div>
              <p
                className="mt-0.5 rounded bg-surface-muted px-2 py-1.5 font-mono text-xs text-fg"
                data-testid="eviction-message"
              >
                {e.message || '—'}
              </p>
            </div>
            <div>
              <div className="text-[11px] text-fg-subtle">
                Offending containers (usage / request)
              </div>
              <div className="mt-0.5 text-xs">
                <Offenders e={e} />
              </div>
            </div>
          </div>
        </CardBody>
      </Card>

      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <PressureCard d={d} />
        <NodeStateCard d={d} />
      </div>
      <EpisodeCard cluster={cluster} d={d} />
    </div>
  );
}

const ORDER_TONES: Record<string, BadgeTone> = { true: 'ok', false: 'warn', null: 'neutral' };

function OrderBadge({ matches }: { matches: boolean | null }) {
  return (
    <Badge tone={ORDER_TONES[String(matches)]} dot data-testid="order-verdict">
      {matches === null
        ? 'Order not checkable'
        : matches
          ? "Kubelet's order"
          : "Not the kubelet's order"}
    </Badge>
  );
}

function PressureCard({ d }: { d: EvictionDetailResponse }) {
  const p = d.pressure;
  const at = Date.parse(d.eviction.evictedAt);
  const from = Date.parse(p.from);
  const to = Date.parse(p.to);
  const rows = useMemo(
    () => p.samples.map((s) => ({ t: Date.parse(s.at), available: s.available })),
    [p.samples],
  );
  const others = d.episode.evictions
    .filter((x) => x.id !== d.eviction.id)
    .map((x) => Date.parse(x.evictedAt));
  const { ticks, step } = timeTicks(from, to, 6);
  const label = {
    memory: 'memory.available',
    nodefs: 'nodefs.available',
    inodes: 'nodefs.inodesFree',
    pids: 'pid.available',
  };
  return (
    <Card>
      <CardHeader
        title={p.series ? `Node ${label[p.series]} ±30 minutes` : 'Node pressure'}
        description={
          <>
            Availability from Plimsoll&apos;s kubelet samples; the solid line marks this eviction,
            dotted ones the rest of its episode.
            {p.threshold !== null && (
              <>
                {' '}
                <span className="whitespace-nowrap text-danger" data-testid="threshold-legend">
                  ┄ threshold {formatAmount(p.threshold, p.unit)}
                </span>
              </>
            )}
          </>
        }
      />
      <CardBody>
        {rows.length === 0 ? (
          <EmptyState
            title="No pressure samples"
            description="Plimsoll has no kubelet readings for this node around that time."
            className="py-6"
          />
        ) : (
          <div className="h-56" data-testid="pressure-chart">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
                <CartesianGrid stroke="var(--line)" vertical={false} />
                <XAxis
                  dataKey="t"
                  type="number"
                  domain={[from, to]}
                  scale="time"
                  ticks={ticks}
                  tickFormatter={(t: number) => formatTick(t, step)}
                  tick={{ fontSize: 11, fill: 'var(--fg-subtle)' }}
                  stroke="var(--line-strong)"
                />
                <YAxis
                  tickFormatter={(v: number) => formatAmount(v, p.unit)}
                  tick={{ fontSize: 11, fill: 'var(--fg-subtle)' }}
                  stroke="var(--line-strong)"
                  width={72}
                  domain={[0, 'auto']}
                />
                <Tooltip
                  contentStyle={CHART_TOOLTIP_STYLE}
                  labelFormatter={(t) => formatDateTime(Number(t))}
                  formatter={(v) => [formatAmount(Number(v), p.unit), 'available']}
                />
                {p.threshold !== null && (
                  <ReferenceLine y={p.threshold} stroke="var(--danger)" strokeDasharray="5 3" />
                )}
                {others.map((t) => (
                  <ReferenceLine key={t} x={t} stroke="var(--fg-subtle)" strokeDasharray="2 3" />
                ))}
                <ReferenceLine x={at} stroke="var(--warn)" strokeWidth={2} />
                <Line
                  type="monotone"
                  dataKey="available"
                  stroke="var(--accent)"
                  dot={false}
                  strokeWidth={1.5}
                  isAnimationActive={false}
                  connectNulls
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

function NodeStateCard({ d }: { d: EvictionDetailResponse }) {
  const bad = (type: string, status: string) =>
    type === 'Ready' ? status !== 'True' : status === 'True';
  return (
    <Card>
      <CardHeader
        title="Node at that moment"
        description="Conditions and taints as Plimsoll recorded them when the pod was evicted."
      />
      <CardBody className="space-y-3">
        {d.conditions.length === 0 ? (
          <p className="text-xs text-fg-muted">No condition history for this node.</p>
        ) : (
          <ul className="flex flex-wrap gap-1.5" data-testid="node-conditions">
            {d.conditions.map((c) => (
              <li
                key={c.type}
                title={`${c.reason ?? ''} ${c.message ?? ''} (since ${formatDateTime(c.lastTransitionTime)})`}
              >
                <Badge tone={bad(c.type, c.status) ? 'danger' : 'neutral'} dot>
                  {c.type}={c.status}
                </Badge>
              </li>
            ))}
          </ul>
        )}
        <div>
          <div className="mb-1 text-[11px] text-fg-subtle">Taints</div>
          {d.taints === null ? (
            <p className="text-xs text-fg-muted">Unknown.</p>
          ) : d.taints.length === 0 ? (
            <p className="text-xs text-fg-muted">None.</p>
          ) : (
            <ul className="space-y-0.5 font-mono text-xs">
              {d.taints.map((t, i) => (
                <li key={i}>
                  {String(t.key)}
                  {t.value ? `=${String(t.value)}` : ''}:{String(t.effect)}
                </li>
              ))}
            </ul>
          )}
        </div>
        {d.conditionTransitions.length > 0 && (
          <div>
            <div className="mb-1 text-[11px] text-fg-subtle">Condition changes ±30 minutes</div>
            <ul className="space-y-0.5 text-xs">
              {d.conditionTransitions.map((c) => (
                <li key={`${c.type}-${c.lastTransitionTime}-${c.status}`} className="flex gap-2">
                  <span className="shrink-0 font-mono whitespace-nowrap tabular-nums text-fg-subtle">
                    {formatDateTime(c.lastTransitionTime)}
                  </span>
                  <span className="font-mono">
                    {c.type}={c.status}
                  </span>
                  <span className="truncate text-fg-muted">{c.reason}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

const TH = 'px-2 py-1.5 text-left text-[11px] font-medium whitespace-nowrap text-fg-subtle';
const TD = 'px-2 py-1.5';

function EpisodeCard({ cluster, d }: { cluster: string; d: EvictionDetailResponse }) {
  const listQuery = useSearchParams().toString();
  const ep = d.episode;
  const facts = new Map(d.order.pods.map((p) => [p.id, p]));
  const expectedPos = new Map(d.order.expected.map((x, i) => [x, i + 1]));
  return (
    <Card>
      <CardHeader
        title={`Episode on ${ep.node ?? 'no node'}: ${ep.count} pod${ep.count === 1 ? '' : 's'} evicted for ${ep.resource ?? 'unknown'}`}
        description={`${formatDateTime(ep.start)} → ${formatDateTime(ep.end)} · reclaimed at least ${formatQuantity(ep.reclaimed, ep.resource)}${ep.hidden ? ` · ${ep.hidden} in namespaces you cannot see` : ''}`}
        actions={<OrderBadge matches={d.order.matches} />}
      />
      <p
        className={`border-b border-line px-4 py-2 text-xs ${d.order.matches === false ? 'text-warn' : 'text-fg-muted'}`}
        data-testid="order-explanation"
      >
        {d.order.explanation}
        {d.order.signal && (
          <span className="text-fg-subtle"> Ranked as the kubelet does for {d.order.signal}.</span>
        )}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-xs" data-testid="episode-table">
          <thead className="border-b border-line bg-surface-muted">
            <tr>
              <th className={TH}>#</th>
              <th className={TH}>Pod</th>
              <th className={TH}>Evicted</th>
              <th className={TH}>QoS</th>
              <th className={`${TH} text-right`}>Priority</th>
              <th className={`${TH} text-right`}>Usage</th>
              <th className={`${TH} text-right`}>Over request by</th>
              <th className={`${TH} text-right`}>Kubelet rank</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {ep.evictions.map((x, i) => {
              const f = facts.get(x.id);
              const expected = expectedPos.get(x.id);
              const off = expected !== undefined && expected !== i + 1;
              return (
                <tr
                  key={x.id}
                  className={x.id === d.eviction.id ? 'bg-accent-soft' : 'hover:bg-surface-hover'}
                >
                  <td className={`${TD} font-mono tabular-nums text-fg-subtle`}>{i + 1}</td>
                  <td className={TD}>
                    <Link
                      href={evictionHref(cluster, x.id, listQuery)}
                      className="font-mono text-accent hover:underline"
                    >
                      {x.namespace}/{x.pod}
                    </Link>
                  </td>
                  <td className={`${TD} font-mono tabular-nums text-fg-muted`}>
                    {formatDateTime(x.evictedAt)}
                  </td>
                  <td className={TD}>{x.qosClass ?? '—'}</td>
                  <td className={`${TD} text-right font-mono tabular-nums`}>{x.priority ?? '—'}</td>
                  <td className={`${TD} text-right font-mono tabular-nums`}>
                    {formatQuantity(x.usage, ep.resource)}
                  </td>
                  <td className={`${TD} text-right font-mono tabular-nums`}>
                    {f ? (
                      f.exceedsRequest ? (
                        <span className="text-danger" title={f.aboveRequest ?? undefined}>
                          {formatQuantity(f.aboveRequest, ep.resource)}
                        </span>
                      ) : (
                        'within request'
                      )
                    ) : (
                      '—'
                    )}
                  </td>
                  <td
                    className={`${TD} text-right font-mono tabular-nums ${off ? 'font-semibold text-warn' : ''}`}
                  >
                    {expected ?? '—'}
                    {off && ' ≠'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
