import type { FastifyInstance } from 'fastify';

import type { ClusterCollector } from '../collector/collector.js';
import { AppError } from '../errors/app-error.js';

/** The collector of a cluster named in a route, or a 404 that says which clusters exist. */
export function getClusterCollector(app: FastifyInstance, cluster: string): ClusterCollector {
  const collector = app.clusterManager?.collectors.get(cluster);
  if (!collector) {
    const known = [...(app.clusterManager?.collectors.keys() ?? [])];
    throw new AppError(
      'NOT_FOUND',
      `No cluster named ${cluster}. Known clusters: ${known.join(', ') || 'none'}.`,
    );
  }
  return collector;
}
