import {
  DrainJobParamsSchema,
  DrainJobSchema,
  DrainOptionsSchema,
  DrainPreviewQuerySchema,
  DrainPreviewSchema,
  NodeActionAuditResponseSchema,
  NodeCordonResponseSchema,
  NodeDrainsResponseSchema,
  NodeRouteParamsSchema,
} from '@plimsoll/shared/schemas';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

import { AppError } from '../../../../errors/app-error.js';
import { requireUser, SRE_ONLY } from '../../../../plugins/auth.js';
import { createNodeActionAuditRepository } from '../../../../repositories/node-action-audit-repository.js';
import { createNodeDrainRepository } from '../../../../repositories/node-drain-repository.js';
import {
  cancelDrain,
  getDrain,
  listNodeActions,
  listNodeDrains,
  previewDrain,
  setCordon,
  startDrain,
  stopLocalDrains,
  type LocalDrains,
  type NodeActionDeps,
} from '../../../../services/drain-node.js';
import { getClusterCollector } from '../../../../services/get-cluster.js';
import { getTenantClusterAccess } from '../../../../services/get-tenant-cluster-access.js';

/** The node from the collector's cache (404 before anything is sent to the cluster). */
function requireNode(app: FastifyInstance, cluster: string, node: string) {
  const snapshot = getClusterCollector(app.services, cluster).cache.nodes.get(node);
  if (!snapshot) throw new AppError('NOT_FOUND', `No node ${node} in cluster ${cluster}.`);
  return snapshot;
}

function depsFor(app: FastifyInstance, local: LocalDrains, cluster: string): NodeActionDeps {
  return {
    cluster,
    access: getTenantClusterAccess(app.services, cluster),
    audit: createNodeActionAuditRepository(app.db.prisma),
    drains: createNodeDrainRepository(app.db.prisma),
    local,
    now: () => new Date(),
  };
}

/**
 * The SRE's hands on a node: cordon, uncordon, a drain's preview and the drain itself through the Eviction API
 * (PodDisruptionBudgets respected), its progress and cancel. SRE only and CSRF-protected like every write; the
 * cluster grants the writes only with the opt-in node-actions component (docs/production.md). A drain runs on the
 * replica that started it and keeps its progress in the database, so any replica answers its progress and cancel.
 */
const nodeActionRoutes: FastifyPluginAsyncZod = async (app) => {
  const local: LocalDrains = new Map();
  app.addHook('onClose', () => stopLocalDrains(local));
  for (const [verb, cordon] of [
    ['cordon', true],
    ['uncordon', false],
  ] as const) {
    app.post(
      `/api/v1/clusters/:cluster/nodes/:node/${verb}`,
      {
        config: { auth: SRE_ONLY },
        schema: {
          summary: cordon
            ? 'Mark the node unschedulable (kubectl cordon)'
            : 'Make the node schedulable again',
          tags: ['node-actions'],
          params: NodeRouteParamsSchema,
          response: { 200: NodeCordonResponseSchema },
        },
      },
      async (request) => {
        const { cluster, node } = request.params;
        requireNode(app, cluster, node);
        return setCordon(depsFor(app, local, cluster), requireUser(request).username, node, cordon);
      },
    );
  }

  app.get(
    '/api/v1/clusters/:cluster/nodes/:node/actions',
    {
      config: { auth: SRE_ONLY },
      schema: {
        summary: "The node's action audit log, newest first (the last 100 entries)",
        tags: ['node-actions'],
        params: NodeRouteParamsSchema,
        response: { 200: NodeActionAuditResponseSchema },
      },
    },
    // A node that has gone keeps its audit log: only the cluster must exist.
    async (request) => {
      const { cluster, node } = request.params;
      getClusterCollector(app.services, cluster);
      return listNodeActions(depsFor(app, local, cluster), node);
    },
  );

  app.get(
    '/api/v1/clusters/:cluster/nodes/:node/drain-preview',
    {
      config: { auth: SRE_ONLY },
      schema: {
        summary:
          'What a drain with these flags evicts, leaves and refuses (kubectl drain filters), with budgets',
        tags: ['node-actions'],
        params: NodeRouteParamsSchema,
        querystring: DrainPreviewQuerySchema,
        response: { 200: DrainPreviewSchema },
      },
    },
    async (request) => {
      const { cluster, node } = request.params;
      const snapshot = requireNode(app, cluster, node);
      const q = request.query;
      return previewDrain(
        depsFor(app, local, cluster),
        node,
        {
          ignoreDaemonSets: q.ignoreDaemonSets === 'true',
          deleteEmptyDirData: q.deleteEmptyDirData === 'true',
          force: q.force === 'true',
        },
        snapshot.unschedulable,
      );
    },
  );

  app.post(
    '/api/v1/clusters/:cluster/nodes/:node/drains',
    {
      config: { auth: SRE_ONLY },
      schema: {
        summary:
          'Cordon and drain the node through the Eviction API; 429s are retried with backoff',
        tags: ['node-actions'],
        params: NodeRouteParamsSchema,
        body: DrainOptionsSchema,
        response: { 202: DrainJobSchema },
      },
    },
    async (request, reply) => {
      const { cluster, node } = request.params;
      requireNode(app, cluster, node);
      const job = await startDrain(
        depsFor(app, local, cluster),
        requireUser(request).username,
        node,
        request.body,
      );
      return reply.status(202).send(job);
    },
  );

  app.get(
    '/api/v1/clusters/:cluster/nodes/:node/drains',
    {
      config: { auth: SRE_ONLY },
      schema: {
        summary:
          "The node's latest drains (the last 10), newest first, from whichever replica ran them",
        tags: ['node-actions'],
        params: NodeRouteParamsSchema,
        response: { 200: NodeDrainsResponseSchema },
      },
    },
    // Like the audit log: a node that has gone keeps its drains.
    async (request) => {
      const { cluster, node } = request.params;
      return listNodeDrains(depsFor(app, local, cluster), node);
    },
  );

  app.get(
    '/api/v1/clusters/:cluster/drains/:id',
    {
      config: { auth: SRE_ONLY },
      schema: {
        summary: "A drain's progress: each pod's state, attempts and the budget's latest refusal",
        tags: ['node-actions'],
        params: DrainJobParamsSchema,
        response: { 200: DrainJobSchema },
      },
    },
    async (request) => {
      const { cluster, id } = request.params;
      return getDrain(depsFor(app, local, cluster), id);
    },
  );

  app.post(
    '/api/v1/clusters/:cluster/drains/:id/cancel',
    {
      config: { auth: SRE_ONLY },
      schema: {
        summary: 'Stop retrying: evicted pods stay evicted, the node stays cordoned',
        tags: ['node-actions'],
        params: DrainJobParamsSchema,
        response: { 200: DrainJobSchema },
      },
    },
    async (request) => {
      const { cluster, id } = request.params;
      return cancelDrain(depsFor(app, local, cluster), id);
    },
  );
};

export default nodeActionRoutes;
