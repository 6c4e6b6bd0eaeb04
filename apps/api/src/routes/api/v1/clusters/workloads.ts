import {
  ApiErrorSchema,
  ListWorkloadsQuerySchema,
  ListWorkloadsResponseSchema,
  TenantViewClusterParamsSchema,
  WorkloadDetailQuerySchema,
  WorkloadDetailResponseSchema,
  WorkloadParamsSchema,
} from '@plimsoll/shared/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

import { ANY_SIGNED_IN } from '../../../../plugins/auth.js';
import { createEvictionRepository } from '../../../../repositories/eviction-repository.js';
import { getClusterCollector } from '../../../../services/get-cluster.js';
import { getWorkloadDetail, listWorkloads } from '../../../../services/workload-evictions.js';

const TAGS = ['workloads'];
const ERRORS = {
  400: ApiErrorSchema,
  401: ApiErrorSchema,
  403: ApiErrorSchema,
  404: ApiErrorSchema,
};

/**
 * Workloads and their evictions (issue 19): the repeat offenders of a range and one workload's evictions, where
 * they ran and what its pods used against their requests. Any signed-in user; tenant admins see their namespaces.
 */
const routes: FastifyPluginAsyncZod = async (app) => {
  const repo = createEvictionRepository(app.db.prisma);

  app.get(
    '/api/v1/clusters/:cluster/workloads',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary: 'Workloads with the most evictions in the range (default: the last 7 days)',
        params: TenantViewClusterParamsSchema,
        querystring: ListWorkloadsQuerySchema,
        response: { 200: ListWorkloadsResponseSchema, ...ERRORS },
      },
    },
    async (request) => {
      // Answers 404 for a cluster Plimsoll does not watch, as every other view does.
      getClusterCollector(app.services, request.params.cluster);
      return listWorkloads({
        repo,
        cluster: request.params.cluster,
        query: request.query,
        scope: request.tenantScope,
        now: new Date(),
      });
    },
  );

  app.get(
    '/api/v1/clusters/:cluster/workloads/:namespace/:kind/:name',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary:
          'One workload: evictions by node, QoS and resource, usage against request, pods now',
        params: WorkloadParamsSchema,
        querystring: WorkloadDetailQuerySchema,
        response: { 200: WorkloadDetailResponseSchema, ...ERRORS },
      },
    },
    async (request) => {
      const { cluster, namespace, kind, name } = request.params;
      return getWorkloadDetail({
        repo,
        collector: getClusterCollector(app.services, cluster),
        cluster,
        workload: { namespace, kind, name },
        query: request.query,
        scope: request.tenantScope,
        now: new Date(),
      });
    },
  );
};

export default routes;
