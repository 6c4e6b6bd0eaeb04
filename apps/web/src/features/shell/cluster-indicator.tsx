'use client';

import type { Route } from 'next';
import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useId } from 'react';

import { Badge } from '@/components/badge';

import { CLUSTER_STATE_TONES } from '../health/queries';
import { withClusterParam } from '../live/cluster-choice';
import { clusterQueries, useCurrentCluster } from '../live/use-current-cluster';
import { useRememberedCluster } from '../live/use-remembered-cluster';

function Skeleton() {
  return <span className="h-4 w-28 animate-pulse rounded bg-surface-hover" />;
}

/**
 * The header's cluster switcher: with several clusters a labelled native select (keyboard and screen reader
 * friendly) listing each cluster with its sync state; with one it just names it. Choosing sets `?cluster=` on the
 * current URL, keeping the other parameters, and remembers the choice so views reached from the sidebar keep it.
 */
function ClusterSwitcher() {
  const clusters = useQuery(clusterQueries.list());
  const { cluster } = useCurrentCluster();
  const { remember } = useRememberedCluster();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const selectId = useId();

  if (clusters.isPending) return <Skeleton />;
  if (clusters.isError && !clusters.data) {
    return (
      <Badge tone="danger" dot>
        API unreachable
      </Badge>
    );
  }
  const list = clusters.data.clusters;
  const current = list.find((c) => c.name === cluster);
  if (!current) {
    return (
      <Badge tone="neutral" dot>
        No cluster connected
      </Badge>
    );
  }

  const choose = (name: string) => {
    remember(name);
    const qs = withClusterParam(search.toString(), name);
    router.replace(`${pathname}?${qs}` as Route, { scroll: false });
  };

  return (
    <>
      {list.length > 1 ? (
        <>
          <label htmlFor={selectId} className="sr-only">
            Cluster
          </label>
          <select
            id={selectId}
            value={current.name}
            onChange={(e) => choose(e.target.value)}
            className="h-7 max-w-48 min-w-0 truncate rounded-md border border-line bg-surface px-2 font-mono text-xs text-fg hover:bg-surface-hover focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
          >
            {list.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} · {c.state}
              </option>
            ))}
          </select>
        </>
      ) : (
        <span className="truncate font-mono text-xs text-fg">{current.name}</span>
      )}
      <Badge tone={CLUSTER_STATE_TONES[current.state]} dot>
        {current.state}
      </Badge>
    </>
  );
}

/** Which cluster the UI shows, whether its collector is in sync, and (with several) a switcher between them. */
export function ClusterIndicator() {
  return (
    <div role="group" aria-label="Cluster" className="flex min-w-0 items-center gap-2">
      <span className="text-xs text-fg-subtle max-sm:hidden" aria-hidden="true">
        Cluster
      </span>
      <Suspense fallback={<Skeleton />}>
        <ClusterSwitcher />
      </Suspense>
    </div>
  );
}
