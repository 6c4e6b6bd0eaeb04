'use client';

import type { ListLeasesResponse } from '@plimsoll/shared/schemas';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Route } from 'next';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useRef } from 'react';

import { Badge } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { LEASE_TONES } from '@/features/nodes/format';
import { cn } from '@/lib/cn';

import { LiveIndicator } from '../live/live-indicator';
import { ClusterGate } from '../live/cluster-gate';
import { useCurrentCluster } from '../live/use-current-cluster';
import { useLeases } from './queries';
import { formatDateTime, formatSeconds } from '@/lib/format';

import { EpisodeGap } from './episode-gap';

const STATE_ORDER = { stale: 0, late: 1, fresh: 2 } as const;

/** The Leases view (`/leases`): node heartbeats and leader-election leases. */
export function LeasesView() {
  const current = useCurrentCluster();
  const { cluster } = current;
  return (
    <>
      <PageHeader
        title="Leases"
        description="Node heartbeats and control-plane leaders."
        actions={<LiveIndicator cluster={cluster} />}
      />
      <ClusterGate current={current}>{(cluster) => <LeasesBody cluster={cluster} />}</ClusterGate>
    </>
  );
}

function LeasesBody({ cluster }: { cluster: string }) {
  const leases = useLeases(cluster);
  return (
    <QueryState query={leases} what="leases">
      {(data) => (
        // Node heartbeats first: they are what an SRE opens this view for; leaders follow.
        <div className="space-y-4">
          <div className="grid gap-4 xl:grid-cols-3">
            <div className="min-w-0 xl:col-span-2">
              <NodeLeasesCard data={data} cluster={cluster} />
            </div>
            <EpisodesCard data={data} cluster={cluster} />
          </div>
          <LeadersCard data={data} />
        </div>
      )}
    </QueryState>
  );
}

function LeadersCard({ data }: { data: ListLeasesResponse }) {
  if (data.leadersHidden) {
    return (
      <Card>
        <CardHeader
          title="Leader election"
          description="Cluster-wide leader-election leases are shown to SREs and viewers only."
        />
      </Card>
    );
  }
  return (
    <Card>
      <CardHeader
        title="Leader election"
        description="Holders of control-plane and controller leases, with their last failover."
      />
      <CardBody flush>
        {data.leaders.length === 0 ? (
          <EmptyState title="No leader-election leases" />
        ) : (
          <table className="w-full text-left text-[13px]">
            <thead className="border-b border-line text-xs text-fg-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Lease
                </th>
                <th scope="col" className="px-2 py-2 font-medium">
                  Holder
                </th>
                <th scope="col" className="px-2 py-2 font-medium">
                  State
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium">
                  Last renew
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium">
                  Transitions
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Last failover
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {data.leaders.map((l) => (
                <tr key={`${l.namespace}/${l.name}`}>
                  <td className="px-4 py-1.5 font-mono text-xs">
                    <span className="text-fg-muted">{l.namespace}/</span>
                    {l.name}
                    {l.controlPlane && <Badge className="ml-1.5">control plane</Badge>}
                  </td>
                  <td className="px-2 py-1.5 font-mono text-xs">{l.holder ?? '—'}</td>
                  <td className="px-2 py-1.5">
                    <Badge tone={l.state === 'held' ? 'ok' : 'danger'} dot>
                      {l.state}
                    </Badge>
                  </td>
                  <td className="px-2 py-1.5 text-right font-mono text-xs">
                    {formatSeconds(l.ageSeconds)} ago
                  </td>
                  <td className="px-2 py-1.5 text-right font-mono text-xs">
                    {l.transitions ?? '—'}
                  </td>
                  <td className="px-4 py-1.5 text-xs">
                    {l.lastFailover ? (
                      <>
                        <span className="font-mono text-fg-muted">
                          {formatDateTime(l.lastFailover.at)}
                        </span>{' '}
                        {l.lastFailover.from ?? '∅'} → {l.lastFailover.to}
                      </>
                    ) : (
                      <span className="text-fg-subtle">none recorded</span>
                    )}
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

function NodeLeasesCard({ data, cluster }: { data: ListLeasesResponse; cluster: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = params.get('state') ?? '';
  const rows = useMemo(
    () =>
      data.nodeLeases
        .filter((l) => !state || l.state === state)
        .sort(
          (a, b) =>
            STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
            (b.ageSeconds ?? 0) - (a.ageSeconds ?? 0),
        ),
    [data.nodeLeases, state],
  );
  const counts = { fresh: 0, late: 0, stale: 0 };
  for (const l of data.nodeLeases) counts[l.state]++;
  const scroll = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroll.current,
    estimateSize: () => 32,
    overscan: 10,
  });
  const setState = (s: string) => {
    const next = new URLSearchParams(params.toString());
    if (s) next.set('state', s);
    else next.delete('state');
    router.replace(`${pathname}?${next.toString()}` as Route, { scroll: false });
  };
  // On a phone "Last renew" gives way (the age says the same); the node name keeps the rest.
  const cols =
    'grid-cols-[minmax(0,1fr)_4.5rem_4.5rem_3rem] sm:grid-cols-[minmax(0,1fr)_6rem_7rem_10rem_5rem]';
  return (
    <Card>
      <CardHeader
        title="Node leases"
        description="kube-node-lease: fresh (renewed within 10 s), late (past the renew interval, the kubelet’s 4% jitter and a second for delivery), stale (past the 50 s grace: the node lifecycle controller marks the node Unknown)."
        actions={
          <div
            role="group"
            aria-label="Lease state"
            className="flex rounded-md border border-line-strong"
          >
            {(['', 'stale', 'late', 'fresh'] as const).map((s) => (
              <button
                key={s || 'all'}
                type="button"
                aria-pressed={state === s}
                onClick={() => setState(s)}
                className={cn(
                  'h-7 px-2.5 text-xs',
                  state === s
                    ? 'bg-accent-soft font-medium text-fg'
                    : 'text-fg-muted hover:bg-surface-hover',
                )}
              >
                {s ? `${s} ${counts[s]}` : `all ${data.nodeLeases.length}`}
              </button>
            ))}
          </div>
        }
      />
      <div role="table" aria-label="Node leases" aria-rowcount={rows.length + 1}>
        <div role="rowgroup">
          <div
            role="row"
            className={cn(
              'grid border-b border-line bg-surface-muted px-4 py-1.5 text-xs text-fg-muted',
              cols,
            )}
          >
            <span role="columnheader">Node</span>
            <span role="columnheader">State</span>
            <span role="columnheader" className="text-right">
              Since renew
            </span>
            <span role="columnheader" className="text-right max-sm:hidden">
              Last renew
            </span>
            <span role="columnheader" className="text-right">
              Episodes 7d
            </span>
          </div>
        </div>
        <div
          ref={scroll}
          role="rowgroup"
          className="max-h-[32rem] overflow-auto"
          tabIndex={0}
          aria-label="Node lease rows"
        >
          <div className="relative" style={{ height: v.getTotalSize() }}>
            {v.getVirtualItems().map((item) => {
              const l = rows[item.index];
              if (!l) return null;
              return (
                <div
                  key={l.node}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className={cn(
                    'absolute inset-x-0 grid items-center border-b border-line px-4 text-xs',
                    cols,
                  )}
                  style={{ transform: `translateY(${item.start}px)`, height: 32 }}
                >
                  <span role="cell" className="truncate">
                    <Link
                      href={
                        `/nodes/${encodeURIComponent(l.node)}?cluster=${encodeURIComponent(cluster)}` as Route
                      }
                      className="font-mono text-accent hover:underline"
                    >
                      {l.node}
                    </Link>
                  </span>
                  <span role="cell">
                    <Badge tone={LEASE_TONES[l.state]}>{l.state}</Badge>
                  </span>
                  <span role="cell" className="text-right font-mono">
                    {formatSeconds(l.ageSeconds)}
                  </span>
                  <span role="cell" className="text-right font-mono text-fg-muted max-sm:hidden">
                    {formatDateTime(l.renewTime)}
                  </span>
                  <span
                    role="cell"
                    className={cn(
                      'text-right font-mono',
                      l.recentEpisodes > 0 ? 'text-warn' : 'text-fg-subtle',
                    )}
                  >
                    {l.recentEpisodes}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </Card>
  );
}

function EpisodesCard({ data, cluster }: { data: ListLeasesResponse; cluster: string }) {
  return (
    <Card>
      <CardHeader
        title="Staleness episodes (7 days)"
        description="Periods a node's lease went unrenewed past the grace period."
      />
      <CardBody flush>
        {data.recentEpisodes.length === 0 ? (
          <p className="px-4 py-6 text-center text-xs text-fg-subtle">
            No episodes: every node renewed in time.
          </p>
        ) : (
          <ul className="max-h-[32rem] divide-y divide-line overflow-auto text-xs">
            {data.recentEpisodes.map((e) => (
              <li key={`${e.node}-${e.startedAt}`} className="px-4 py-1.5">
                <Link
                  href={
                    `/nodes/${encodeURIComponent(e.node)}?cluster=${encodeURIComponent(cluster)}` as Route
                  }
                  className="font-mono text-accent hover:underline"
                >
                  {e.node}
                </Link>
                <div className="font-mono text-fg-muted">
                  {formatDateTime(e.startedAt)} →{' '}
                  {e.endedAt ? formatDateTime(e.endedAt) : 'ongoing'} · <EpisodeGap episode={e} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
