'use client';

import type { NodeDetail } from '@plimsoll/shared/schemas';

import { Badge } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { formatDateTime, formatRelative, formatSeconds } from '@/lib/format';

import { EpisodeGap } from '../../leases/episode-gap';

import { LEASE_TONES } from '../format';

/** The node's Lease heartbeat: state, last renewal, deadline and staleness episodes. */
export function LeaseCard({ d }: { d: NodeDetail }) {
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
            {formatDateTime(d.lease.renewTime)} ({formatSeconds(d.lease.ageSeconds)} ago)
          </dd>
          <dt className="text-fg-muted">Lease duration</dt>
          <dd className="font-mono">{d.lease.leaseDurationSeconds ?? '—'}s</dd>
          {d.lease.state === 'stale' ? (
            <>
              <dt className="text-fg-muted">Marked Unknown at</dt>
              <dd className="font-mono">{formatDateTime(d.lease.staleSince)}</dd>
            </>
          ) : (
            <>
              <dt className="text-fg-muted">Marked Unknown if not renewed by</dt>
              <dd className="font-mono">
                {formatDateTime(d.lease.staleSince)}
                {d.lease.staleSince && (
                  <span className="text-fg-muted"> ({formatRelative(d.lease.staleSince)})</span>
                )}
              </dd>
            </>
          )}
        </dl>
        <div>
          <h3 className="mb-1 text-xs font-medium text-fg-muted">Staleness episodes (30 days)</h3>
          {d.leaseEpisodes.length === 0 ? (
            <p className="text-xs text-fg-subtle">None: every renewal arrived in time.</p>
          ) : (
            <ul className="space-y-0.5 font-mono text-xs">
              {d.leaseEpisodes.map((e) => (
                <li key={e.startedAt}>
                  {formatDateTime(e.startedAt)} →{' '}
                  {e.endedAt ? formatDateTime(e.endedAt) : <Badge tone="danger">ongoing</Badge>} ·{' '}
                  <EpisodeGap episode={e} />
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

/** node-problem-detector conditions on the node and their recent episodes. */
export function ProblemsCard({ d }: { d: NodeDetail }) {
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
                  {formatDateTime(e.startedAt)} →{' '}
                  {e.endedAt ? formatDateTime(e.endedAt) : 'ongoing'} · {e.conditionType} {e.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

/** Kubernetes events about the node that Plimsoll kept. */
export function EventsCard({ d }: { d: NodeDetail }) {
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
                <span className="font-mono text-fg-muted">{formatDateTime(e.lastSeen)}</span>{' '}
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
