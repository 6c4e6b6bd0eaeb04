import type { ClusterCollector } from '../collector/cluster-collector.js';
import { AppError } from '../errors/app-error.js';
import type { ServiceContext } from './service-context.js';

/** The collector of a cluster named in a route, or a 404 that says which clusters exist. */
export function getClusterCollector(ctx: ServiceContext, cluster: string): ClusterCollector {
  const collector = ctx.clusterManager?.collectors.get(cluster);
  if (!collector) {
    const known = [...(ctx.clusterManager?.collectors.keys() ?? [])];
    throw new AppError(
      'NOT_FOUND',
      `No cluster named ${cluster}. Known clusters: ${known.join(', ') || 'none'}.`,
    );
  }
  return collector;
}
