import {
  AutoscalerClusterParamsSchema,
  AutoscalerRangeQuerySchema,
  AutoscalerTimelineQuerySchema,
  GetAutoscalerHistoryResponseSchema,
  GetAutoscalerStatusResponseSchema,
  GetAutoscalerTimelineResponseSchema,
  ListExtendedResourcesResponseSchema,
  ListMachinesResponseSchema,
  ListPendingPodsResponseSchema,
  WhyThisGroupQuerySchema,
  WhyThisGroupResponseSchema,
} from '@plimsoll/shared/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

import type { RouteAuth } from '../../../../plugins/auth.js';
import { getAutoscalerHistory } from '../../../../services/get-autoscaler-history.js';
import { getAutoscalerStatus } from '../../../../services/get-autoscaler-status.js';
import { getAutoscalerTimeline } from '../../../../services/get-autoscaler-timeline.js';
import { getAutoscalerWhyThisGroup } from '../../../../services/get-autoscaler-why-this-group.js';
import { listAutoscalerPendingPods } from '../../../../services/list-autoscaler-pending-pods.js';
import { listExtendedResources } from '../../../../services/list-extended-resources.js';
import { listMachines } from '../../../../services/list-machines.js';

/**
 * Who may read these views: SREs and viewers. Tenant admins get 403: node groups, machines and other tenants'
 * pending pods are cluster-wide facts about shared capacity, not about their namespaces.
 */
export const AUTOSCALER_READERS: RouteAuth = { roles: ['sre', 'viewer'] };

const base = '/api/v1/clusters/:cluster';

/** Autoscaler, Machines and Extended resources views. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    `${base}/autoscaler/status`,
    {
      config: { auth: AUTOSCALER_READERS },
      schema: {
        tags: ['autoscaler'],
        summary:
          'cluster-autoscaler status now (either format, parsed), with node groups, backoff and the raw text',
        params: AutoscalerClusterParamsSchema,
        response: { 200: GetAutoscalerStatusResponseSchema },
      },
    },
    async (request) => getAutoscalerStatus(app.services, request.params.cluster),
  );

  app.get(
    `${base}/autoscaler/history`,
    {
      config: { auth: AUTOSCALER_READERS },
      schema: {
        tags: ['autoscaler'],
        summary:
          'Stored status samples over a range (default: last 6 h), summarised per node group for charts',
        params: AutoscalerClusterParamsSchema,
        querystring: AutoscalerRangeQuerySchema,
        response: { 200: GetAutoscalerHistoryResponseSchema },
      },
    },
    async (request) => getAutoscalerHistory(app.services, request.params.cluster, request.query),
  );

  app.get(
    `${base}/autoscaler/timeline`,
    {
      config: { auth: AUTOSCALER_READERS },
      schema: {
        tags: ['autoscaler'],
        summary:
          "Scale-ups and scale-downs from the autoscaler's Events and from status changes, newest first",
        params: AutoscalerClusterParamsSchema,
        querystring: AutoscalerTimelineQuerySchema,
        response: { 200: GetAutoscalerTimelineResponseSchema },
      },
    },
    async (request) => getAutoscalerTimeline(app.services, request.params.cluster, request.query),
  );

  app.get(
    `${base}/autoscaler/pending-pods`,
    {
      config: { auth: AUTOSCALER_READERS },
      schema: {
        tags: ['autoscaler'],
        summary:
          'Unscheduled pods and why each did not trigger a scale-up (NotTriggerScaleUp reasons)',
        params: AutoscalerClusterParamsSchema,
        response: { 200: ListPendingPodsResponseSchema },
      },
    },
    async (request) => listAutoscalerPendingPods(app.services, request.params.cluster),
  );

  app.get(
    `${base}/autoscaler/why-this-group`,
    {
      config: { auth: AUTOSCALER_READERS },
      schema: {
        tags: ['autoscaler'],
        summary:
          'Which node group each expander (least-waste, most-pods, least-nodes, priority) would grow, with scores',
        description:
          'Give `namespace` and `pod` for a pending pod (its spec is read from the API server), or `cpu`/`memory` ' +
          '(and optionally `replicas`, `tolerate`, `nodeSelector`) for a hypothetical pod. Example: ' +
          '`?cpu=2&memory=4Gi&replicas=3&tolerate=workload-class`.',
        params: AutoscalerClusterParamsSchema,
        querystring: WhyThisGroupQuerySchema,
        response: { 200: WhyThisGroupResponseSchema },
      },
    },
    async (request) =>
      getAutoscalerWhyThisGroup(app.services, request.params.cluster, request.query),
  );

  app.get(
    `${base}/machines`,
    {
      config: { auth: AUTOSCALER_READERS },
      schema: {
        tags: ['machines'],
        summary:
          'Cluster API MachineDeployments → MachineSets → Machines with their Nodes, and MachineHealthChecks',
        params: AutoscalerClusterParamsSchema,
        response: { 200: ListMachinesResponseSchema },
      },
    },
    async (request) => listMachines(app.services, request.params.cluster),
  );

  app.get(
    `${base}/extended-resources`,
    {
      config: { auth: AUTOSCALER_READERS },
      schema: {
        tags: ['extended-resources'],
        summary: 'Nodes advertising extended resources and their allocation to pods',
        params: AutoscalerClusterParamsSchema,
        response: { 200: ListExtendedResourcesResponseSchema },
      },
    },
    async (request) => listExtendedResources(app.services, request.params.cluster),
  );
};

export default routes;
