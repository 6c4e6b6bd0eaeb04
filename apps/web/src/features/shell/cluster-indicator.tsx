'use client';

import { Badge } from '@/components/badge';

import { CLUSTER_STATE_TONES, useHealth } from '../health/queries';

/**
 * Which cluster the UI shows and whether its collector is in sync. Until cluster selection exists
 * it names the first cluster and counts the rest; with none it says so plainly.
 */
export function ClusterIndicator() {
  const health = useHealth();

  let content;
  if (health.isPending) {
    content = <span className="h-4 w-28 animate-pulse rounded bg-surface-hover" />;
  } else if (health.isError && !health.data) {
    content = (
      <Badge tone="danger" dot>
        API unreachable
      </Badge>
    );
  } else {
    const [first, ...rest] = health.data.clusters;
    content = first ? (
      <>
        <span className="truncate font-mono text-xs text-fg">{first.name}</span>
        <Badge tone={CLUSTER_STATE_TONES[first.state]} dot>
          {first.state}
        </Badge>
        {rest.length > 0 && (
          <span className="text-xs text-fg-muted" title={rest.map((c) => c.name).join(', ')}>
            +{rest.length} more
          </span>
        )}
      </>
    ) : (
      <Badge tone="neutral" dot>
        No cluster connected
      </Badge>
    );
  }

  return (
    <div role="group" aria-label="Cluster" className="flex min-w-0 items-center gap-2">
      <span className="text-xs text-fg-subtle max-sm:hidden">Cluster</span>
      {content}
    </div>
  );
}
