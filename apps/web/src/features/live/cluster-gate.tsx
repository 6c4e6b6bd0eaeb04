'use client';

import type { ReactNode } from 'react';

import { Card } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { QueryState } from '@/components/query-state';

import type { useCurrentCluster } from './use-current-cluster';

/**
 * What every cluster view shows before its body: "No cluster connected" when none is collected, the clusters'
 * loading or error state while the list loads, then the body for the chosen cluster.
 */
export function ClusterGate({
  current,
  emptyDescription,
  children,
}: {
  current: ReturnType<typeof useCurrentCluster>;
  emptyDescription?: string;
  children: (cluster: string) => ReactNode;
}) {
  if (current.none) {
    return (
      <Card>
        <EmptyState
          title="No cluster connected"
          {...(emptyDescription ? { description: emptyDescription } : {})}
        />
      </Card>
    );
  }
  if (current.cluster) return children(current.cluster);
  return (
    <QueryState query={current.clusters} what="clusters">
      {() => null}
    </QueryState>
  );
}
