import type { FastifyPluginAsync } from 'fastify';

import autoscalerRoutes from './autoscaler.js';
import evictionRoutes from './evictions.js';
import nodeActionRoutes from './node-actions.js';
import nodeRoutes from './nodes.js';
import searchRoutes from './search.js';
import tenantRoutes from './tenants.js';
import workloadRoutes from './workloads.js';

/**
 * Everything under /api/v1/clusters: one file per view's routes. Tenant admins are scoped inside each route
 * (request.tenantScope); docs/api.md says what each role may see.
 */
const clusterRoutes: FastifyPluginAsync = async (app) => {
  await app.register(nodeRoutes);
  await app.register(nodeActionRoutes);
  await app.register(evictionRoutes);
  await app.register(tenantRoutes);
  await app.register(autoscalerRoutes);
  await app.register(searchRoutes);
  await app.register(workloadRoutes);
};

export default clusterRoutes;
