'use client';

import type { AutoscalerNodeGroup, GetAutoscalerStatusResponse } from '@plimsoll/shared/schemas';

import { Badge } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { Stat } from '@/components/stat';

import { conditionTone, shortGroupName } from '../format';
import { AutoscalerPartialNotice } from './autoscaler-partial-notice';
import { formatDateTime, formatRelative } from '@/lib/format';

/** Cluster-wide health, scale-up and scale-down state, and each node group. */
export function AutoscalerStatusPanel({ data }: { data: GetAutoscalerStatusResponse }) {
  const s = data.status;
  if (!s) {
    return (
      <EmptyState
        title="No autoscaler status"
        description={data.error ?? 'cluster-autoscaler has not written a status yet.'}
      />
    );
  }
  const h = s.clusterWide.health;
  return (
    <div className="space-y-4">
      <AutoscalerPartialNotice status={s} configMap={data.configMap} />
      <Card aria-label="Cluster-wide autoscaler status">
        <dl className="grid grid-cols-2 gap-y-3 px-4 py-3 sm:grid-cols-4 lg:grid-cols-8">
          <Stat label="Health">
            <Badge tone={conditionTone(h.status)} dot>
              {h.status || 'unknown'}
            </Badge>
          </Stat>
          <Stat label="Ready">{h.ready}</Stat>
          <Stat label="Unready">
            <span className={h.unready > 0 ? 'text-warn' : ''}>{h.unready}</span>
            {h.resourceUnready > 0 && (
              <span className="ml-1 text-xs text-fg-muted">({h.resourceUnready} resource)</span>
            )}
          </Stat>
          <Stat label="Not started">{h.notStarted}</Stat>
          <Stat label="Long unregistered">
            <span className={h.longUnregistered > 0 ? 'text-danger' : ''}>
              {h.longUnregistered}
            </span>
          </Stat>
          <Stat label="Registered">{h.registered}</Stat>
          <Stat label="Scale-up">
            <Badge tone={conditionTone(s.clusterWide.scaleUp.status)}>
              {s.clusterWide.scaleUp.status || '—'}
            </Badge>
          </Stat>
          <Stat label="Scale-down">
            <Badge tone={conditionTone(s.clusterWide.scaleDown.status)}>
              {s.clusterWide.scaleDown.status || '—'}
              {s.clusterWide.scaleDown.candidates ? ` · ${s.clusterWide.scaleDown.candidates}` : ''}
            </Badge>
          </Stat>
        </dl>
        <p className="border-t border-line px-4 py-2 text-xs text-fg-muted">
          {s.autoscalerStatus ?? 'Running'} ·{' '}
          {s.format === 'yaml' ? 'YAML status (≥ 1.30)' : 'text status (≤ 1.29)'} · written{' '}
          <span className="font-mono">{s.time ?? '—'}</span> · seen{' '}
          {formatDateTime(data.observedAt)} (
          {data.source === 'live'
            ? 'live'
            : data.source === 'history'
              ? 'last stored sample'
              : 'none'}
          ) · <span className="font-mono">{data.configMap}</span>
          {s.message && <> · {s.message}</>}
        </p>
      </Card>
      <NodeGroupsTable groups={s.nodeGroups} />
      {data.raw && (
        <details className="rounded-lg border border-line bg-surface">
          <summary className="cursor-pointer px-4 py-2 text-xs font-medium text-fg-muted hover:text-fg">
            Raw status text
          </summary>
          <pre className="max-h-96 overflow-auto border-t border-line px-4 py-3 font-mono text-[11px] leading-relaxed text-fg">
            {data.raw}
          </pre>
        </details>
      )}
    </div>
  );
}

/** min ≤ target ≤ max as a bar: where the group sits within its bounds. */
function SizeBar({
  min,
  target,
  max,
  ready,
}: {
  min: number;
  target: number;
  max: number;
  ready: number;
}) {
  const width = (n: number) => `${max > 0 ? Math.min(100, (n / max) * 100) : 0}%`;
  return (
    <div className="flex items-center gap-2">
      <div
        className="relative h-2 w-28 rounded-full bg-surface-muted ring-1 ring-line"
        role="img"
        aria-label={`min ${min}, target ${target}, max ${max}, ready ${ready}`}
      >
        <div
          className="absolute inset-y-0 left-0 rounded-full bg-accent/35"
          style={{ width: width(target) }}
        />
        <div
          className="absolute inset-y-0 left-0 rounded-full bg-accent"
          style={{ width: width(Math.min(ready, target)) }}
        />
        <div
          className="absolute -inset-y-0.5 w-px bg-fg-muted"
          style={{ left: width(min) }}
          title={`min ${min}`}
        />
      </div>
      <span className="font-mono text-xs tabular-nums text-fg">
        {min} / <strong>{target}</strong> / {max}
      </span>
    </div>
  );
}

function NodeGroupsTable({ groups }: { groups: AutoscalerNodeGroup[] }) {
  return (
    <Card>
      <CardHeader
        title="Node groups"
        description="min / target / max; the bar fills with ready nodes, its pale part is the target still booting."
      />
      <CardBody flush className="overflow-x-auto">
        {groups.length === 0 ? (
          <p className="px-4 py-3 text-[13px] text-fg-muted">The status lists no node groups.</p>
        ) : (
          <table className="w-full text-left text-[13px]">
            <thead className="text-[11px] text-fg-subtle">
              <tr className="border-b border-line">
                <th className="px-4 py-2 font-medium">Group</th>
                <th className="px-3 py-2 font-medium">Health</th>
                <th className="px-3 py-2 font-medium">min / target / max</th>
                <th className="px-3 py-2 font-medium">Ready / registered</th>
                <th className="px-3 py-2 font-medium">Not started</th>
                <th className="px-3 py-2 font-medium">Scale-up</th>
                <th className="px-3 py-2 font-medium">Scale-down</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr
                  key={g.name}
                  className="border-b border-line align-top last:border-0 hover:bg-surface-hover"
                >
                  <td className="max-w-xs px-4 py-2">
                    <div className="truncate font-mono text-xs text-fg" title={g.name}>
                      {shortGroupName(g.name)}
                    </div>
                    {shortGroupName(g.name) !== g.name && (
                      <div className="truncate font-mono text-[11px] text-fg-subtle" title={g.name}>
                        {g.name}
                      </div>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <Badge tone={conditionTone(g.health.status)} dot>
                      {g.health.status || '—'}
                    </Badge>
                  </td>
                  <td className="px-3 py-2">
                    <SizeBar
                      min={g.health.minSize}
                      target={g.health.cloudProviderTarget}
                      max={g.health.maxSize}
                      ready={g.health.ready}
                    />
                  </td>
                  <td className="px-3 py-2 font-mono text-xs tabular-nums">
                    {g.health.ready} / {g.health.registered}
                    {g.health.unready > 0 && (
                      <span className="ml-1 text-warn">({g.health.unready} unready)</span>
                    )}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs tabular-nums">
                    {g.health.notStarted}
                    {g.health.longUnregistered > 0 && (
                      <span className="ml-1 text-danger">
                        +{g.health.longUnregistered} long unregistered
                      </span>
                    )}
                  </td>
                  <td className="max-w-md px-3 py-2">
                    <Badge tone={conditionTone(g.scaleUp.status)}>{g.scaleUp.status || '—'}</Badge>
                    {g.scaleUp.lastTransitionTime && (
                      <span
                        className="ml-2 text-[11px] text-fg-subtle"
                        title={formatDateTime(g.scaleUp.lastTransitionTime)}
                      >
                        since {formatRelative(g.scaleUp.lastTransitionTime)}
                      </span>
                    )}
                    {g.scaleUp.backoff && (
                      <p className="mt-1 text-xs break-words text-warn">
                        <span className="font-mono">{g.scaleUp.backoff.errorCode}</span>:{' '}
                        {g.scaleUp.backoff.errorMessage}
                      </p>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <Badge tone={conditionTone(g.scaleDown.status)}>
                      {g.scaleDown.status || '—'}
                      {g.scaleDown.candidates ? ` · ${g.scaleDown.candidates}` : ''}
                    </Badge>
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
