import {
  ApproveQuotaRequestBodySchema,
  CancelQuotaRequestBodySchema,
  CreateQuotaRequestBodySchema,
  ListQuotaRequestsQuerySchema,
  ListQuotaRequestsResponseSchema,
  ListQuotasQuerySchema,
  ListQuotasResponseSchema,
  ListTenantsResponseSchema,
  QuotaHistoryQuerySchema,
  QuotaHistoryResponseSchema,
  QuotaParamsSchema,
  QuotaRequestDetailSchema,
  QuotaRequestParamsSchema,
  QuotaRequestsSeenResponseSchema,
  RejectQuotaRequestBodySchema,
  TenantDetailResponseSchema,
  TenantIsolationResponseSchema,
  TenantParamsSchema,
  TenantViewClusterParamsSchema,
} from '@plimsoll/shared/schemas';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { toTenantViewConfig, type TenantViewConfig } from '../../../../config/quota-requests.js';
import { ANY_SIGNED_IN, requireUser, SRE_ONLY, type RouteAuth } from '../../../../plugins/auth.js';
import { createQuotaRequestRepository } from '../../../../repositories/quota-request-repository.js';
import { createTenantReadRepository } from '../../../../repositories/tenant-read-repository.js';
import {
  approveQuotaRequest,
  cancelQuotaRequest,
  createQuotaRequest,
  getQuotaRequest,
  listQuotaRequests,
  rejectQuotaRequest,
  type QuotaRequestDeps,
} from '../../../../services/decide-quota-request.js';
import { getClusterCollector } from '../../../../services/get-cluster.js';
import { getTenantClusterAccess } from '../../../../services/get-tenant-cluster-access.js';
import { getQuotaHistory, listQuotas } from '../../../../services/list-quotas.js';
import {
  getTenantIsolation,
  getTenantSummary,
  listTenants,
  type TenantServiceDeps,
} from '../../../../services/list-tenants.js';
import { createQuotaWebhookNotifier } from '../../../../services/notify-quota-webhook.js';
import {
  listUnseenDecisions,
  markDecisionsSeen,
} from '../../../../services/quota-request-views.js';

/** Who may file a quota request: tenant admins for their tenants, SREs for any; viewers only read. */
const REQUESTERS: RouteAuth = { roles: ['sre', 'tenant-admin'] };

export interface TenantRoutesOptions {
  /** Parsed settings; when absent they are read from the environment (see config/quota-requests.ts). */
  tenantViewConfig?: TenantViewConfig;
  now?: () => Date;
}

const IdempotencyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'Makes the POST safe to retry: the same key returns the first request instead of filing another',
    ),
});

/**
 * Tenants, isolation audit, quotas and quota requests under /api/v1/clusters/{cluster}. Every route scopes to
 * the caller's tenants (tenant admins) and refuses with 403 anything outside them — by id, by name or by filter.
 */
const routes: FastifyPluginAsyncZod<TenantRoutesOptions> = async (app, opts) => {
  const config = opts.tenantViewConfig ?? toTenantViewConfig(app.env);
  const now = opts.now ?? (() => new Date());
  const requests = createQuotaRequestRepository(app.db.prisma);
  const reads = createTenantReadRepository(app.db.prisma);
  const webhook = createQuotaWebhookNotifier({
    url: config.webhookUrl,
    timeoutMs: config.webhookTimeoutMs,
    log: app.log,
    registry: app.metrics,
  });
  app.addHook('onClose', async () => webhook.settle());

  const tenantDeps = (instance: FastifyInstance, cluster: string): TenantServiceDeps => ({
    cluster,
    collector: getClusterCollector(instance.services, cluster),
    access: getTenantClusterAccess(instance.services, cluster),
    reads,
    config,
    now: now(),
  });
  const requestDeps = (instance: FastifyInstance, cluster: string): QuotaRequestDeps => ({
    cluster,
    collector: getClusterCollector(instance.services, cluster),
    access: getTenantClusterAccess(instance.services, cluster),
    requests,
    config,
    webhook,
    now,
  });

  app.get(
    '/api/v1/clusters/:cluster/tenants',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        summary:
          'Tenants with namespaces, members, quota usage, evictions (24 h) and isolation score',
        description: 'Tenant admins see only their own tenants.',
        tags: ['tenants'],
        params: TenantViewClusterParamsSchema,
        response: { 200: ListTenantsResponseSchema },
      },
    },
    async (request) => {
      const deps = tenantDeps(app, request.params.cluster);
      return {
        tenants: await listTenants(deps, request.tenantScope),
        warningRatio: config.warningRatio,
        generatedAt: deps.now.toISOString(),
      };
    },
  );

  app.get(
    '/api/v1/clusters/:cluster/tenants/:tenant',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        summary: "One tenant's summary",
        description:
          '403 for a tenant admin naming another tenant; 404 when no namespace carries the tenant label.',
        tags: ['tenants'],
        params: TenantParamsSchema,
        response: { 200: TenantDetailResponseSchema },
      },
    },
    async (request) => {
      const deps = tenantDeps(app, request.params.cluster);
      const summary = await getTenantSummary(deps, request.tenantScope, request.params.tenant);
      return { ...summary, warningRatio: config.warningRatio, generatedAt: deps.now.toISOString() };
    },
  );

  app.get(
    '/api/v1/clusters/:cluster/tenants/:tenant/isolation',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        summary:
          "A tenant's isolation audit: each check with pass/fail, offenders and how to fix them",
        tags: ['tenants'],
        params: TenantParamsSchema,
        response: { 200: TenantIsolationResponseSchema },
      },
    },
    async (request) =>
      getTenantIsolation(
        tenantDeps(app, request.params.cluster),
        request.tenantScope,
        request.params.tenant,
      ),
  );

  app.get(
    '/api/v1/clusters/:cluster/quotas',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        summary: 'ResourceQuotas with usage per resource',
        description:
          'Filter by tenant and/or namespace; a tenant admin naming another tenant or namespace gets 403.',
        tags: ['quotas'],
        params: TenantViewClusterParamsSchema,
        querystring: ListQuotasQuerySchema,
        response: { 200: ListQuotasResponseSchema },
      },
    },
    async (request) => ({
      quotas: listQuotas(
        {
          cluster: request.params.cluster,
          collector: getClusterCollector(app.services, request.params.cluster),
          config,
          now: now(),
        },
        request.tenantScope,
        request.query,
      ),
      warningRatio: config.warningRatio,
    }),
  );

  app.get(
    '/api/v1/clusters/:cluster/quotas/:namespace/:name/history',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        summary: "A quota's usage history and the projection of when each resource runs out",
        tags: ['quotas'],
        params: QuotaParamsSchema,
        querystring: QuotaHistoryQuerySchema,
        response: { 200: QuotaHistoryResponseSchema },
      },
    },
    async (request) =>
      getQuotaHistory(
        tenantDeps(app, request.params.cluster),
        request.tenantScope,
        request.params.namespace,
        request.params.name,
        request.query.hours,
      ),
  );

  app.get(
    '/api/v1/clusters/:cluster/quota-requests',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        summary: 'Quota requests, newest first',
        description:
          "Tenant admins see their tenants' requests only; filtering by another tenant or namespace is a 403.",
        tags: ['quota-requests'],
        params: TenantViewClusterParamsSchema,
        querystring: ListQuotaRequestsQuerySchema,
        response: { 200: ListQuotaRequestsResponseSchema },
      },
    },
    async (request) => {
      const deps = requestDeps(app, request.params.cluster);
      return {
        requests: await listQuotaRequests(deps, request.tenantScope, request.query),
        unseen: await listUnseenDecisions(
          requests,
          deps.cluster,
          requireUser(request),
          request.tenantScope,
        ),
      };
    },
  );

  app.post(
    '/api/v1/clusters/:cluster/quota-requests/seen',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        summary: 'Mark every decision the caller has not seen as seen',
        tags: ['quota-requests'],
        params: TenantViewClusterParamsSchema,
        response: { 200: QuotaRequestsSeenResponseSchema },
      },
    },
    async (request) => ({
      unseen: await markDecisionsSeen(
        requestDeps(app, request.params.cluster),
        requireUser(request),
        request.tenantScope,
        'all',
      ),
    }),
  );

  app.post(
    '/api/v1/clusters/:cluster/quota-requests/:id/seen',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        summary:
          'Mark one request’s decision as seen by the caller (the web app does when it opens the request)',
        tags: ['quota-requests'],
        params: QuotaRequestParamsSchema,
        response: { 200: QuotaRequestsSeenResponseSchema },
      },
    },
    async (request) => ({
      unseen: await markDecisionsSeen(
        requestDeps(app, request.params.cluster),
        requireUser(request),
        request.tenantScope,
        request.params.id,
      ),
    }),
  );

  app.post(
    '/api/v1/clusters/:cluster/quota-requests',
    {
      config: { auth: REQUESTERS },
      schema: {
        summary: 'Ask for new hard limits on a ResourceQuota',
        description:
          'Tenant admins for their own namespaces, SREs for any. Send an Idempotency-Key header: a retry with the same ' +
          'key returns the first request (200, Idempotent-Replayed: true) instead of filing another (201). Configured ' +
          'auto-approval rules run at once and are recorded as the actor `auto-approval`.',
        tags: ['quota-requests'],
        params: TenantViewClusterParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: CreateQuotaRequestBodySchema,
        response: { 200: QuotaRequestDetailSchema, 201: QuotaRequestDetailSchema },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { request: created, duplicate } = await createQuotaRequest(
        requestDeps(app, request.params.cluster),
        user,
        request.tenantScope,
        request.body,
        request.headers['idempotency-key'] ?? request.body.idempotencyKey ?? null,
      );
      if (duplicate) reply.header('idempotent-replayed', 'true');
      return reply.status(duplicate ? 200 : 201).send(created);
    },
  );

  app.get(
    '/api/v1/clusters/:cluster/quota-requests/:id',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        summary: 'One quota request with its audit trail',
        tags: ['quota-requests'],
        params: QuotaRequestParamsSchema,
        response: { 200: QuotaRequestDetailSchema },
      },
    },
    async (request) =>
      getQuotaRequest(
        requestDeps(app, request.params.cluster),
        request.tenantScope,
        request.params.id,
      ),
  );

  app.post(
    '/api/v1/clusters/:cluster/quota-requests/:id/approve',
    {
      config: { auth: SRE_ONLY },
      schema: {
        summary: 'Approve (optionally with edited hard limits) and apply to the cluster',
        description:
          'Patches spec.hard with the live resourceVersion as precondition. A conflict (409) or an RBAC refusal (403) ' +
          'from the cluster marks the request failed, records why in its audit trail and is returned as the error.',
        tags: ['quota-requests'],
        params: QuotaRequestParamsSchema,
        body: ApproveQuotaRequestBodySchema.optional(),
        response: { 200: QuotaRequestDetailSchema },
      },
    },
    async (request) =>
      approveQuotaRequest(
        requestDeps(app, request.params.cluster),
        requireUser(request),
        request.tenantScope,
        request.params.id,
        request.body ?? {},
      ),
  );

  app.post(
    '/api/v1/clusters/:cluster/quota-requests/:id/reject',
    {
      config: { auth: SRE_ONLY },
      schema: {
        summary: 'Reject with a comment',
        tags: ['quota-requests'],
        params: QuotaRequestParamsSchema,
        body: RejectQuotaRequestBodySchema,
        response: { 200: QuotaRequestDetailSchema },
      },
    },
    async (request) =>
      rejectQuotaRequest(
        requestDeps(app, request.params.cluster),
        requireUser(request),
        request.tenantScope,
        request.params.id,
        request.body.comment,
      ),
  );

  app.post(
    '/api/v1/clusters/:cluster/quota-requests/:id/cancel',
    {
      config: { auth: REQUESTERS },
      schema: {
        summary: 'Withdraw your own pending request',
        tags: ['quota-requests'],
        params: QuotaRequestParamsSchema,
        body: CancelQuotaRequestBodySchema.optional(),
        response: { 200: QuotaRequestDetailSchema },
      },
    },
    async (request) =>
      cancelQuotaRequest(
        requestDeps(app, request.params.cluster),
        requireUser(request),
        request.tenantScope,
        request.params.id,
        request.body?.comment,
      ),
  );
};

export default routes;
