import { z } from 'zod';

import { int64IdSchema, kubeNameSchema } from './input.js';

// Wire contracts of the tenant views: /tenants, /tenants/{tenant} (isolation audit), /quotas and
// /quota-requests. Times are ISO 8601 strings; quantities are Kubernetes quantity strings.

/** Path parameters of every route under a cluster. */
export const TenantViewClusterParamsSchema = z.object({
  cluster: z.string().min(1).max(253),
});

export const TenantParamsSchema = TenantViewClusterParamsSchema.extend({
  tenant: kubeNameSchema('tenant'),
});

/** A quota resource's state, as `getQuotaState` decides it (KubeQuotaAlmostFull and siblings). */
export const QuotaStateSchema = z.enum(['ok', 'warning', 'full', 'exceeded', 'blocked']);
export type QuotaStateWire = z.infer<typeof QuotaStateSchema>;

/** Usage of one resource of a ResourceQuota. */
export const QuotaResourceUsageSchema = z.object({
  resource: z.string(),
  used: z.string(),
  hard: z.string(),
  /** used / hard; null when hard is zero. */
  ratio: z.number().nullable(),
  state: QuotaStateSchema,
});
export type QuotaResourceUsageWire = z.infer<typeof QuotaResourceUsageSchema>;

/** One ResourceQuota with its usage per resource. */
export const QuotaSummarySchema = z.object({
  namespace: z.string(),
  name: z.string(),
  /** Tenant of the namespace; null outside every tenant. */
  tenant: z.string().nullable(),
  scopes: z.array(z.string()),
  resourceVersion: z.string(),
  resources: z.array(QuotaResourceUsageSchema),
});
export type QuotaSummary = z.infer<typeof QuotaSummarySchema>;

export const TenantMembersSchema = z.object({
  users: z.array(z.string()),
  groups: z.array(z.string()),
  serviceAccounts: z.array(z.object({ namespace: z.string(), name: z.string() })),
});

export const IsolationSeveritySchema = z.enum(['critical', 'high', 'medium', 'low']);

/** An object an isolation check points at. */
export const IsolationFindingSchema = z.object({
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  detail: z.string(),
});
export type IsolationFindingWire = z.infer<typeof IsolationFindingSchema>;

export const IsolationCheckSchema = z.object({
  id: z.string(),
  title: z.string(),
  passed: z.boolean(),
  severity: IsolationSeveritySchema,
  offenders: z.array(IsolationFindingSchema),
  notes: z.array(IsolationFindingSchema),
  fix: z.string(),
});
export type IsolationCheck = z.infer<typeof IsolationCheckSchema>;

/** GET /tenants/{tenant}/isolation. */
export const TenantIsolationResponseSchema = z.object({
  tenant: z.string(),
  /** 0–100, severity-weighted share of passed checks. */
  score: z.number(),
  checks: z.array(IsolationCheckSchema),
  auditedAt: z.string(),
});
export type TenantIsolationResponse = z.infer<typeof TenantIsolationResponseSchema>;

/** One tenant on the Tenants list. */
export const TenantSummarySchema = z.object({
  name: z.string(),
  namespaces: z.array(z.string()),
  members: TenantMembersSchema,
  quotas: z.array(QuotaSummarySchema),
  /** Evictions in the tenant's namespaces in the last 24 hours. */
  evictions24h: z.number().int(),
  /** null when the audit could not read the cluster (see auditError). */
  isolationScore: z.number().nullable(),
  auditError: z.string().nullable(),
  failedChecks: z.array(
    z.object({ id: z.string(), title: z.string(), severity: IsolationSeveritySchema }),
  ),
});
export type TenantSummary = z.infer<typeof TenantSummarySchema>;

/** GET /tenants. */
export const ListTenantsResponseSchema = z.object({
  tenants: z.array(TenantSummarySchema),
  /** Usage share above which a quota resource is flagged (QUOTA_WARNING_RATIO unless configured). */
  warningRatio: z.number(),
  generatedAt: z.string(),
});
export type ListTenantsResponse = z.infer<typeof ListTenantsResponseSchema>;

/** GET /tenants/{tenant}. */
export const TenantDetailResponseSchema = TenantSummarySchema.extend({
  warningRatio: z.number(),
  generatedAt: z.string(),
});
export type TenantDetailResponse = z.infer<typeof TenantDetailResponseSchema>;

/** GET /quotas filters. A tenant admin may only name their own tenants and namespaces. */
export const ListQuotasQuerySchema = z.object({
  tenant: kubeNameSchema('tenant').optional(),
  namespace: kubeNameSchema('namespace').optional(),
});
export type ListQuotasQuery = z.infer<typeof ListQuotasQuerySchema>;

export const ListQuotasResponseSchema = z.object({
  quotas: z.array(QuotaSummarySchema),
  warningRatio: z.number(),
});
export type ListQuotasResponse = z.infer<typeof ListQuotasResponseSchema>;

export const QuotaParamsSchema = TenantViewClusterParamsSchema.extend({
  namespace: kubeNameSchema('namespace'),
  name: kubeNameSchema('resourceQuota'),
});

export const QuotaHistoryQuerySchema = z.object({
  /** How far back, in hours (default 7 days, at most 400 days). */
  hours: z.coerce
    .number()
    .positive()
    .max(24 * 400)
    .default(24 * 7),
});
export type QuotaHistoryQuery = z.infer<typeof QuotaHistoryQuerySchema>;

/** "At this rate, pods reaches its limit in 9 days." */
export const QuotaProjectionSchema = z.object({
  resource: z.string(),
  used: z.string(),
  hard: z.string(),
  /** Growth in base units (cores, bytes, objects) per day. */
  ratePerDay: z.number(),
  exhaustedAt: z.string().nullable(),
  daysLeft: z.number().nullable(),
});
export type QuotaProjection = z.infer<typeof QuotaProjectionSchema>;

export const QuotaSampleSchema = z.object({
  at: z.string(),
  hard: z.record(z.string(), z.string()),
  used: z.record(z.string(), z.string()),
});
export type QuotaSampleWire = z.infer<typeof QuotaSampleSchema>;

/** GET /quotas/{namespace}/{name}/history. */
export const QuotaHistoryResponseSchema = z.object({
  quota: QuotaSummarySchema,
  samples: z.array(QuotaSampleSchema),
  projections: z.array(QuotaProjectionSchema),
  warningRatio: z.number(),
});
export type QuotaHistoryResponse = z.infer<typeof QuotaHistoryResponseSchema>;

// --- Quota requests ----------------------------------------------------------------------------

export const QuotaRequestStatusSchema = z.enum([
  'pending',
  'applying',
  'approved',
  'rejected',
  'cancelled',
  'failed',
]);
export type QuotaRequestStatus = z.infer<typeof QuotaRequestStatusSchema>;

/** Hard limits by resource name: `{ "pods": "60", "requests.cpu": "12" }`. */
export const HardLimitsSchema = z
  .record(z.string().min(1).max(253), z.string().min(1).max(64))
  .refine((r) => Object.keys(r).length > 0 && Object.keys(r).length <= 50, {
    message: 'name between 1 and 50 resources',
  });

/** One entry of a request's audit trail: who did what, when. Never deleted. */
export const QuotaRequestAuditEventSchema = z.object({
  id: z.string(),
  actor: z.string(),
  /** requested | approved | rejected | cancelled | applied | apply-failed | apply-interrupted | auto-approval-declined */
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type QuotaRequestAuditEvent = z.infer<typeof QuotaRequestAuditEventSchema>;

export const QuotaRequestProblemSchema = z.object({
  resource: z.string().nullable(),
  severity: z.enum(['error', 'note']),
  code: z.string(),
  message: z.string(),
});

export const QuotaRequestSchema = z.object({
  id: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  tenant: z.string(),
  quotaName: z.string(),
  requestedHard: z.record(z.string(), z.string()),
  currentHard: z.record(z.string(), z.string()),
  reason: z.string(),
  status: QuotaRequestStatusSchema,
  requestedBy: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
  appliedHard: z.record(z.string(), z.string()).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type QuotaRequest = z.infer<typeof QuotaRequestSchema>;

/** GET /quota-requests/{id}: the request, its audit trail, and what validation says now. */
export const QuotaRequestDetailSchema = QuotaRequestSchema.extend({
  audit: z.array(QuotaRequestAuditEventSchema),
});
export type QuotaRequestDetail = z.infer<typeof QuotaRequestDetailSchema>;

export const QuotaRequestParamsSchema = TenantViewClusterParamsSchema.extend({
  id: int64IdSchema('a quota request id'),
});

export const ListQuotaRequestsQuerySchema = z.object({
  status: QuotaRequestStatusSchema.optional(),
  tenant: kubeNameSchema('tenant').optional(),
  namespace: kubeNameSchema('namespace').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListQuotaRequestsQuery = z.infer<typeof ListQuotaRequestsQuerySchema>;

/** The most unseen decisions one answer names. */
export const QUOTA_UNSEEN_MAX = 100;

/**
 * Ids of decisions the caller has not seen yet, newest first (at most 100): for a tenant admin every decision on
 * their tenants' requests, for anyone else those on requests they filed; never one they made themselves.
 */
const UnseenDecisionsSchema = z
  .array(z.string())
  .describe('Ids of decided requests whose decision the caller has not seen yet, newest first');

export const ListQuotaRequestsResponseSchema = z.object({
  requests: z.array(QuotaRequestSchema),
  unseen: UnseenDecisionsSchema,
});

/** POST /quota-requests/{id}/seen and /quota-requests/seen: what is still unseen afterwards. */
export const QuotaRequestsSeenResponseSchema = z.object({ unseen: UnseenDecisionsSchema });
export type QuotaRequestsSeenResponse = z.infer<typeof QuotaRequestsSeenResponseSchema>;
export type ListQuotaRequestsResponse = z.infer<typeof ListQuotaRequestsResponseSchema>;

/** POST /quota-requests (send an Idempotency-Key header to make retries safe). */
export const CreateQuotaRequestBodySchema = z.object({
  namespace: kubeNameSchema('namespace'),
  quotaName: kubeNameSchema('resourceQuota'),
  requestedHard: HardLimitsSchema,
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(2000),
  /** The Idempotency-Key, for clients that cannot set the header; the header wins when both are sent. */
  idempotencyKey: z.string().min(1).max(200).optional(),
});
export type CreateQuotaRequestBody = z.infer<typeof CreateQuotaRequestBodySchema>;

/** POST /quota-requests/{id}/approve: optionally edited hard limits and a comment. */
export const ApproveQuotaRequestBodySchema = z.object({
  hard: HardLimitsSchema.optional(),
  comment: z.string().trim().max(2000).optional(),
});
export type ApproveQuotaRequestBody = z.infer<typeof ApproveQuotaRequestBodySchema>;

/** POST /quota-requests/{id}/reject: the comment is required. */
export const RejectQuotaRequestBodySchema = z.object({
  comment: z.string().trim().min(1, 'say why the request is rejected').max(2000),
});
export type RejectQuotaRequestBody = z.infer<typeof RejectQuotaRequestBodySchema>;

export const CancelQuotaRequestBodySchema = z.object({
  comment: z.string().trim().max(2000).optional(),
});
export type CancelQuotaRequestBody = z.infer<typeof CancelQuotaRequestBodySchema>;

/** Header that makes POST /quota-requests safe to retry. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
