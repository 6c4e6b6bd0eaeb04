import {
  ApiErrorSchema,
  ClusterOverviewSchema,
  ListClustersResponseSchema,
  ListLeasesResponseSchema,
  ListNodesQuerySchema,
  ListNodesResponseSchema,
  NodeClusterParamsSchema,
  type ListNodesResponse,
  NodeConditionHistorySchema,
  NodeConditionsQuerySchema,
  NodeDetailSchema,
  NodePodsResponseSchema,
  NodePressureHistorySchema,
  NodeRouteParamsSchema,
} from '@plimsoll/shared/schemas';
import { serializerCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

import { AppError } from '../../../../errors/app-error.js';
import { ANY_SIGNED_IN } from '../../../../plugins/auth.js';
import { endFailedHijack } from '../../../../plugins/error-handler.js';
import { createNodeHistoryRepository } from '../../../../repositories/node-history-repository.js';
import { getClusterCollector as getCluster } from '../../../../services/get-cluster.js';
import { getClusterOverview, listClusters } from '../../../../services/get-cluster-overview.js';
import { getNodeConditions } from '../../../../services/get-node-conditions.js';
import { getNodeDetail } from '../../../../services/get-node-detail.js';
import { getNodePressureHistory } from '../../../../services/get-node-pressure-history.js';
import { listLeases } from '../../../../services/list-leases.js';
import { listNodePods } from '../../../../services/list-node-pods.js';
import { listNodes, serializeListNodesResponse } from '../../../../services/list-nodes.js';
import { openChangeStream } from '../../../../services/stream-cluster-changes.js';

const ERRORS = {
  400: ApiErrorSchema,
  401: ApiErrorSchema,
  403: ApiErrorSchema,
  404: ApiErrorSchema,
};
const TAGS = ['nodes'];
const SCOPE_NOTE =
  ' Tenant admins see only the nodes of their tenant’s node pools (nodes labelled with their tenant) and their namespaces’ pods; see docs/api.md.';

/**
 * Node health (issue 6): the cluster list, overview, nodes table, node detail, condition history, the node's pods,
 * leases and the live change stream. Every route is for any signed-in user; tenant admins are scoped inside.
 */
const nodeRoutes: FastifyPluginAsyncZod = async (app) => {
  const repo = createNodeHistoryRepository(app.db.prisma);
  const streams = new Set<{ close(): void }>();
  // Open streams would hold the server open on shutdown.
  app.addHook('preClose', async () => {
    for (const s of [...streams]) s.close();
  });

  app.get(
    '/api/v1/clusters',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary:
          'Clusters Plimsoll collects, their sync state and the number of nodes visible to the caller',
        response: { 200: ListClustersResponseSchema, 401: ApiErrorSchema },
      },
    },
    async (request) => listClusters(app.services, request.tenantScope),
  );

  app.get(
    '/api/v1/clusters/:cluster/overview',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary:
          'Nodes by condition, headroom heatmap, recent transitions and evictions, stale heartbeats, autoscaler, leaders',
        description:
          'Autoscaler health and control-plane leaders are withheld from tenant admins.' +
          SCOPE_NOTE,
        params: NodeClusterParamsSchema,
        response: { 200: ClusterOverviewSchema, ...ERRORS },
      },
    },
    async (request) =>
      getClusterOverview({
        collector: getCluster(app.services, request.params.cluster),
        repo,
        scope: request.tenantScope,
      }),
  );

  app.get(
    '/api/v1/clusters/:cluster/nodes',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary:
          'Every node: conditions, headroom to the eviction thresholds, requests, versions, pool, tenant, heartbeat',
        description:
          'Filters combine with AND; comma-separated `condition` values with OR. Pages follow `nextCursor` ' +
          '(keyset on the sort key and the node name, so pages stay consistent while nodes change).' +
          SCOPE_NOTE,
        params: NodeClusterParamsSchema,
        querystring: ListNodesQuerySchema,
        response: { 200: ListNodesResponseSchema, ...ERRORS },
      },
      // The 200 body is serialised from cached row texts (serializeListNodesResponse); errors as everywhere else.
      serializerCompiler: (route) =>
        route.httpStatus === '200'
          ? (data) => serializeListNodesResponse(data as ListNodesResponse)
          : // Fastify types the argument with the route schema; at run time it carries the status's schema.
            serializerCompiler(route as unknown as Parameters<typeof serializerCompiler>[0]),
    },
    async (request) =>
      listNodes({
        collector: getCluster(app.services, request.params.cluster),
        repo,
        scope: request.tenantScope,
        query: request.query,
      }),
  );

  app.get(
    '/api/v1/clusters/:cluster/nodes/:node',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary:
          'One node: capacity → allocatable breakdown, eviction thresholds in force, lease, NPD problems, events',
        description:
          'A node outside the caller’s scope answers 404, like a node that does not exist.' +
          SCOPE_NOTE,
        params: NodeRouteParamsSchema,
        response: { 200: NodeDetailSchema, ...ERRORS },
      },
    },
    async (request) =>
      getNodeDetail({
        collector: getCluster(app.services, request.params.cluster),
        repo,
        scope: request.tenantScope,
        node: request.params.node,
        eventNamespaces: app.env.PLIMSOLL_NODE_EVENT_NAMESPACES,
      }),
  );

  app.get(
    '/api/v1/clusters/:cluster/nodes/:node/conditions',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary:
          'A node’s condition history over [from, to] as lanes of segments (default: the last 24 hours)',
        params: NodeRouteParamsSchema,
        querystring: NodeConditionsQuerySchema,
        response: { 200: NodeConditionHistorySchema, ...ERRORS },
      },
    },
    async (request) =>
      getNodeConditions({
        collector: getCluster(app.services, request.params.cluster),
        repo,
        scope: request.tenantScope,
        node: request.params.node,
        ...(request.query.from ? { from: request.query.from } : {}),
        ...(request.query.to ? { to: request.query.to } : {}),
      }),
  );

  app.get(
    '/api/v1/clusters/:cluster/nodes/:node/pressure',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary:
          'A node’s PSI (cpu, memory, io avg10), swap and eviction-signal headroom over [from, to] from the stored kubelet readings (default: the last 24 hours), with each signal’s projected threshold crossing',
        description:
          'At most 360 points: readings are averaged per `bucketSeconds`. Null where the kubelet reported none.' +
          SCOPE_NOTE,
        params: NodeRouteParamsSchema,
        querystring: NodeConditionsQuerySchema,
        response: { 200: NodePressureHistorySchema, ...ERRORS },
      },
    },
    async (request) =>
      getNodePressureHistory({
        collector: getCluster(app.services, request.params.cluster),
        repo,
        scope: request.tenantScope,
        node: request.params.node,
        ...(request.query.from ? { from: request.query.from } : {}),
        ...(request.query.to ? { to: request.query.to } : {}),
      }),
  );

  app.get(
    '/api/v1/clusters/:cluster/nodes/:node/pods',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary:
          'A node’s pods: QoS, oom_score_adj, cgroup settings, usage against request and kubelet eviction rank',
        description:
          'Tenant admins see their namespaces’ pods, ranked among every pod of the node.' +
          SCOPE_NOTE,
        params: NodeRouteParamsSchema,
        response: { 200: NodePodsResponseSchema, ...ERRORS },
      },
    },
    async (request) =>
      listNodePods({
        collector: getCluster(app.services, request.params.cluster),
        repo,
        scope: request.tenantScope,
        node: request.params.node,
      }),
  );

  app.get(
    '/api/v1/clusters/:cluster/leases',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: ['leases'],
        summary:
          'Node leases (fresh / late / stale) and leader-election leases (holder, transitions, last failover)',
        description:
          'Leader-election leases are withheld from tenant admins (`leadersHidden: true`).' +
          SCOPE_NOTE,
        params: NodeClusterParamsSchema,
        response: { 200: ListLeasesResponseSchema, ...ERRORS },
      },
    },
    async (request) =>
      listLeases({
        collector: getCluster(app.services, request.params.cluster),
        repo,
        scope: request.tenantScope,
      }),
  );

  app.get(
    '/api/v1/clusters/:cluster/stream',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: ['live'],
        summary:
          'Server-sent events: batched changes (`event: change`, LiveChangeBatch) the caller may see',
        description:
          '`text/event-stream`. One `ready` event, then a `change` event at most every second listing changed keys ' +
          'per resource, and a comment line every 15 s. Scoped like the other routes.',
        params: NodeClusterParamsSchema,
        response: { ...ERRORS },
      },
    },
    async (request, reply) => {
      const collector = getCluster(app.services, request.params.cluster);
      const bus = app.clusterManager?.bus;
      if (!bus)
        throw new AppError(
          'UNAVAILABLE',
          'Live updates are not available: no collector runs in this process.',
        );
      const scope = request.tenantScope;
      reply.hijack();
      try {
        const stream = openChangeStream({
          bus,
          collector,
          scope,
          res: reply.raw,
          requestId: request.id,
          repo,
          onClose: () => streams.delete(stream),
        });
        streams.add(stream);
      } catch (err) {
        endFailedHijack(request, reply, err);
      }
    },
  );
};

export default nodeRoutes;
