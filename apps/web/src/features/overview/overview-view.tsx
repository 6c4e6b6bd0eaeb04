'use client';

import type { HealthResponse } from '@plimsoll/shared/schemas';

import { Badge } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';

import {
  CLUSTER_SOURCE_LABELS,
  CLUSTER_STATE_TONES,
  DATABASE_LABELS,
  useHealth,
} from '../health/queries';
import { ViewEmbedButton } from '../embed/components/view-embed-button';
import { LiveIndicator } from '../live/live-indicator';
import { useCurrentCluster } from '../live/use-current-cluster';
import { ClusterSections } from './components/cluster-sections';

/** The Overview (`/`): per cluster, node health at a glance; then Plimsoll's own health (`/api/v1/health`). */
export function OverviewView() {
  const health = useHealth();
  const current = useCurrentCluster();
  return (
    <>
      <PageHeader
        title="Overview"
        description="Node health of every cluster Plimsoll watches, and Plimsoll's own health."
        actions={
          <>
            {current.cluster && (
              <ViewEmbedButton cluster={current.cluster} panel="cluster-heatmap" />
            )}
            <LiveIndicator cluster={current.cluster} />
          </>
        }
      />
      <ClusterSections />
      <QueryState query={health} what="API health">
        {(data) => (
          <div className="mt-4 space-y-4">
            <HealthSummary health={data} />
            <ClustersCard clusters={data.clusters} />
          </div>
        )}
      </QueryState>
    </>
  );
}

function HealthSummary({ health }: { health: HealthResponse }) {
  const synced = health.clusters.filter((cluster) => cluster.state === 'synced').length;
  return (
    <Card aria-label="Plimsoll status">
      <dl className="grid grid-cols-2 divide-line max-lg:gap-y-3 lg:grid-cols-4 lg:divide-x">
        <Stat label="API">
          <Badge tone={health.status === 'ok' ? 'ok' : 'warn'} dot>
            {health.status === 'ok' ? 'OK' : 'Degraded'}
          </Badge>
        </Stat>
        <Stat label="Database">{DATABASE_LABELS[health.database]}</Stat>
        <Stat label="Clusters in sync">
          <span className="font-mono tabular-nums">
            {synced} / {health.clusters.length}
          </span>
        </Stat>
        <Stat label="Version">
          <span className="font-mono">{health.version}</span>
        </Stat>
      </dl>
    </Card>
  );
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="px-4 py-3">
      <dt className="text-xs text-fg-muted">{label}</dt>
      <dd className="mt-1 flex h-5 items-center text-sm font-medium text-fg">{children}</dd>
    </div>
  );
}

function ClustersCard({ clusters }: { clusters: HealthResponse['clusters'] }) {
  return (
    <Card>
      <CardHeader
        title="Clusters"
        description="Each cluster the collector watches and its sync state."
      />
      {clusters.length === 0 ? (
        <EmptyState
          title="No cluster connected"
          description="Plimsoll is running, but it is not watching any cluster yet. Once one is connected, its sync state appears here and the other views fill from its history."
        />
      ) : (
        <CardBody flush>
          <table className="w-full text-left text-[13px]">
            <thead className="border-b border-line text-xs text-fg-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Name
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Source
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  State
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {clusters.map((cluster) => (
                <tr key={cluster.name} className="hover:bg-surface-muted">
                  <td className="px-4 py-2 font-mono text-fg">{cluster.name}</td>
                  <td className="px-4 py-2 text-fg-muted">
                    {CLUSTER_SOURCE_LABELS[cluster.source]}
                  </td>
                  <td className="px-4 py-2">
                    <Badge tone={CLUSTER_STATE_TONES[cluster.state]} dot>
                      {cluster.state}
                    </Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardBody>
      )}
    </Card>
  );
}
