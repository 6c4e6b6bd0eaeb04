import type { ClusterManager } from '../collector/cluster-manager.js';
import type { PrismaClient } from '../generated/prisma/client.js';

/**
 * What services read besides their own arguments: the clusters' collectors and the database. Plain values, so a
 * service runs (and is tested) without Fastify; app.ts decorates one as `app.services`.
 */
export interface ServiceContext {
  /** Null when the API runs without collectors (some tests); server.ts attaches the manager after migrations. */
  readonly clusterManager: ClusterManager | null;
  readonly prisma: PrismaClient;
}
