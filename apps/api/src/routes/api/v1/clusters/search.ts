import { ApiErrorSchema, SearchQuerySchema, SearchResponseSchema } from '@plimsoll/shared/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { ANY_SIGNED_IN } from '../../../../plugins/auth.js';
import { createEvictionRepository } from '../../../../repositories/eviction-repository.js';
import { getClusterCollector } from '../../../../services/get-cluster.js';
import { searchCluster } from '../../../../services/search-cluster.js';

/**
 * The command palette's search (issue 19): nodes, pods, namespaces, tenants and recent evictions whose name
 * contains the text. Any signed-in user; a tenant admin finds only what their tenant may see.
 */
const ClusterParamsSchema = z.object({ cluster: z.string().min(1).max(253) });

const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  const evictions = createEvictionRepository(app.db.prisma);
  app.get(
    '/api/v1/clusters/:cluster/search',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: ['search'],
        summary: 'Nodes, pods, namespaces, tenants and evictions (30 days) matching part of a name',
        description:
          'Case-insensitive substring match, at most 8 results per kind, names starting with the text first; ' +
          'evictions newest first. Tenant admins see only their tenant’s node pools, namespaces and evictions.',
        params: ClusterParamsSchema,
        querystring: SearchQuerySchema,
        response: {
          200: SearchResponseSchema,
          400: ApiErrorSchema,
          401: ApiErrorSchema,
          404: ApiErrorSchema,
        },
      },
    },
    async (request) =>
      searchCluster({
        collector: getClusterCollector(app.services, request.params.cluster),
        evictions,
        scope: request.tenantScope,
        q: request.query.q,
      }),
  );
};

export default searchRoutes;
