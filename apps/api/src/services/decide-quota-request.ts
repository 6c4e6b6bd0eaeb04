import type { V1ResourceQuota } from '@kubernetes/client-node';
import { applyAutoApprovalRule, validateQuotaRequest, type TenantScope } from '@plimsoll/shared';
import type {
  CurrentUser,
  ListQuotaRequestsQuery,
  QuotaRequest,
  QuotaRequestDetail,
  QuotaRequestStatus,
} from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import type { TenantViewConfig } from '../config/quota-requests.js';
import { AppError } from '../errors/app-error.js';
import { patchResourceQuotaHard, QuotaPatchError } from '../k8s/patch-resource-quota.js';
import type { TenantClusterAccess } from '../k8s/tenant-cluster-access.js';
import type { QuotaRequestRepository } from '../repositories/quota-request-repository.js';
import { getScopedQuota } from './list-quotas.js';
import type { QuotaWebhookEventType, QuotaWebhookNotifier } from './notify-quota-webhook.js';
import {
  assertNamespaceInScope,
  assertTenantInScope,
  getCachedNamespaceTenant,
  toResourceQuota,
} from './resolve-tenant-scope.js';

/** The actor auto-approval decisions are recorded under. */
export const AUTO_APPROVAL_ACTOR = 'auto-approval';

/** What the quota-request services need. */
export interface QuotaRequestDeps {
  cluster: string;
  collector: ClusterCollector;
  access: TenantClusterAccess;
  requests: QuotaRequestRepository;
  config: TenantViewConfig;
  webhook: QuotaWebhookNotifier;
  now: () => Date;
}

const scopeOfTenants = (scope: TenantScope) => (scope.kind === 'all' ? null : scope.tenants);

function notify(
  deps: QuotaRequestDeps,
  event: QuotaWebhookEventType,
  actor: string,
  request: QuotaRequest,
  details?: Record<string, unknown>,
) {
  const { audit: _audit, ...plain } = request as QuotaRequestDetail;
  deps.webhook.notify({
    event,
    actor,
    at: deps.now().toISOString(),
    request: plain,
    ...(details ? { details } : {}),
  });
}

async function reload(deps: QuotaRequestDeps, id: bigint): Promise<QuotaRequestDetail> {
  const r = await deps.requests.findById(id);
  if (!r) throw new AppError('NOT_FOUND', `No quota request ${id.toString()}.`);
  return r;
}

function conflictFor(r: QuotaRequestDetail, attempted: string): AppError {
  const by = r.decidedBy ? ` by ${r.decidedBy}` : '';
  const when = r.decidedAt ? ` at ${r.decidedAt}` : '';
  return new AppError(
    'CONFLICT',
    `Quota request ${r.id} is already ${r.status}${by}${when}; it cannot be ${attempted}.`,
    {
      details: { status: r.status, decidedBy: r.decidedBy, decidedAt: r.decidedAt },
    },
  );
}

/** List requests the caller may see; a tenant or namespace filter outside their scope is a 403. */
export async function listQuotaRequests(
  deps: QuotaRequestDeps,
  scope: TenantScope,
  query: ListQuotaRequestsQuery,
): Promise<QuotaRequest[]> {
  if (query.tenant !== undefined) assertTenantInScope(query.tenant, scope);
  if (query.namespace !== undefined) {
    const tenant = getCachedNamespaceTenant(
      deps.collector,
      query.namespace,
      deps.config.tenantLabels,
    );
    assertNamespaceInScope(query.namespace, tenant, scope);
  }
  return deps.requests.list({
    cluster: deps.cluster,
    tenants: scopeOfTenants(scope),
    ...(query.status ? { status: query.status } : {}),
    ...(query.tenant ? { tenant: query.tenant } : {}),
    ...(query.namespace ? { namespace: query.namespace } : {}),
    limit: query.limit,
  });
}

/** One request with its audit trail: 404 when unknown (or of another cluster), 403 when of another tenant. */
export async function getQuotaRequest(
  deps: QuotaRequestDeps,
  scope: TenantScope,
  id: string,
): Promise<QuotaRequestDetail> {
  const r = await deps.requests.findById(BigInt(id));
  if (!r || r.cluster !== deps.cluster)
    throw new AppError('NOT_FOUND', `No quota request ${id} in cluster ${deps.cluster}.`);
  if (scope.kind === 'tenants' && !scope.tenants.includes(r.tenant)) {
    throw new AppError(
      'FORBIDDEN',
      `Quota request ${id} belongs to another tenant: you act for tenant ${scope.tenants.join(', ') || 'none'} only.`,
    );
  }
  return r;
}

function validationError(problems: ReturnType<typeof validateQuotaRequest>): AppError {
  const errors = problems.filter((p) => p.severity === 'error');
  return new AppError('VALIDATION_FAILED', errors.map((e) => e.message).join(' '), {
    details: { problems },
  });
}

/**
 * Files a request for new hard limits on a quota in one of the caller's namespaces. With an Idempotency-Key a
 * retry returns the first request (`duplicate: true`); the same key with a different body is a 409. Then the
 * configured auto-approval rules run, and a matching rule approves it exactly as a person would.
 */
export async function createQuotaRequest(
  deps: QuotaRequestDeps,
  user: CurrentUser,
  scope: TenantScope,
  body: {
    namespace: string;
    quotaName: string;
    requestedHard: Record<string, string>;
    reason: string;
  },
  idempotencyKey: string | null,
): Promise<{ request: QuotaRequestDetail; duplicate: boolean }> {
  const { quota, tenant } = getScopedQuota(deps, scope, body.namespace, body.quotaName);
  if (tenant === null) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Namespace ${body.namespace} belongs to no tenant; quota requests are for tenant namespaces.`,
    );
  }
  const sameBody = (r: QuotaRequestDetail) =>
    r.namespace === body.namespace &&
    r.quotaName === body.quotaName &&
    r.reason === body.reason &&
    JSON.stringify(sortRecord(r.requestedHard)) === JSON.stringify(sortRecord(body.requestedHard));
  const replay = (r: QuotaRequestDetail) => {
    if (r.cluster !== deps.cluster || !sameBody(r)) {
      throw new AppError(
        'CONFLICT',
        'This Idempotency-Key was already used for a different request; use a new key.',
        {
          details: { requestId: r.id },
        },
      );
    }
    return { request: r, duplicate: true };
  };
  if (idempotencyKey !== null) {
    const existing = await deps.requests.findByIdempotencyKey(user.username, idempotencyKey);
    if (existing) return replay(existing);
  }
  const asQuota = toResourceQuota(quota);
  const problems = validateQuotaRequest(asQuota, body.requestedHard);
  if (problems.some((p) => p.severity === 'error')) throw validationError(problems);

  const created = await deps.requests.create({
    cluster: deps.cluster,
    namespace: body.namespace,
    tenant,
    quotaName: body.quotaName,
    requestedHard: body.requestedHard,
    currentHard: { ...quota.hard },
    reason: body.reason,
    requestedBy: user.username,
    idempotencyKey,
    auditDetails: {
      requestedHard: body.requestedHard,
      currentHard: quota.hard,
      used: quota.used,
      reason: body.reason,
      notes: problems,
      resourceVersion: quota.resourceVersion,
    },
  });
  if (created.duplicate) return replay(created.request);
  notify(deps, 'quota_request.created', user.username, created.request);

  const request = await runAutoApproval(deps, created.request, asQuota);
  return { request, duplicate: false };
}

async function runAutoApproval(
  deps: QuotaRequestDeps,
  request: QuotaRequestDetail,
  quota: V1ResourceQuota,
): Promise<QuotaRequestDetail> {
  const rules = deps.config.autoApprovalRules;
  if (rules.length === 0) return request;
  const declined: string[] = [];
  for (const [index, rule] of rules.entries()) {
    const decision = applyAutoApprovalRule(rule, quota, request.requestedHard);
    if (decision.approve) {
      try {
        return await approveQuotaRequestAs(deps, request, AUTO_APPROVAL_ACTOR, {
          comment: decision.reason,
          auditExtra: { rule, ruleIndex: index },
        });
      } catch (err) {
        // The failure is in the request's audit trail and state (failed); filing it still succeeded.
        if (err instanceof AppError) return reload(deps, BigInt(request.id));
        throw err;
      }
    }
    declined.push(`rule ${index + 1}: ${decision.reason}`);
  }
  await deps.requests.appendAudit(BigInt(request.id), {
    actor: AUTO_APPROVAL_ACTOR,
    action: 'auto-approval-declined',
    details: { reasons: declined },
  });
  return reload(deps, BigInt(request.id));
}

/** SRE approval (optionally with edited limits and a comment). */
export async function approveQuotaRequest(
  deps: QuotaRequestDeps,
  user: CurrentUser,
  scope: TenantScope,
  id: string,
  body: { hard?: Record<string, string>; comment?: string },
): Promise<QuotaRequestDetail> {
  const request = await getQuotaRequest(deps, scope, id);
  return approveQuotaRequestAs(deps, request, user.username, {
    ...(body.hard ? { hard: body.hard } : {}),
    ...(body.comment ? { comment: body.comment } : {}),
  });
}

/**
 * Approves and applies: validates the limits against the live quota (400, nothing recorded), claims the
 * request with a conditional UPDATE (pending or failed → applying; a second approver gets 409), then merge-
 * patches spec.hard with the live resourceVersion as precondition. Success → approved with the applied limits;
 * a refusal (409 Conflict, 403 RBAC, …) → failed, with the reason in the audit trail and in the error.
 */
async function approveQuotaRequestAs(
  deps: QuotaRequestDeps,
  request: QuotaRequestDetail,
  actor: string,
  opts: { hard?: Record<string, string>; comment?: string; auditExtra?: Record<string, unknown> },
): Promise<QuotaRequestDetail> {
  const id = BigInt(request.id);
  const claimable: QuotaRequestStatus[] = ['pending', 'failed'];
  if (!claimable.includes(request.status)) throw conflictFor(request, 'approved');
  const hard = opts.hard ?? request.requestedHard;

  let live: V1ResourceQuota;
  try {
    live = await deps.access.getResourceQuota(request.namespace, request.quotaName);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    throw new AppError(
      'UNAVAILABLE',
      `Could not read ResourceQuota ${request.namespace}/${request.quotaName}: ${e.message}`,
      {
        details: { requestStatus: request.status },
      },
    );
  }
  const problems = validateQuotaRequest(live, hard);
  if (problems.some((p) => p.severity === 'error')) throw validationError(problems);
  const resourceVersion = live.metadata?.resourceVersion ?? '';
  const edited =
    opts.hard !== undefined &&
    JSON.stringify(sortRecord(opts.hard)) !== JSON.stringify(sortRecord(request.requestedHard));

  const claimed = await deps.requests.transition(
    id,
    claimable,
    'applying',
    { decidedBy: actor, decidedAt: deps.now(), decisionComment: opts.comment ?? null },
    [
      {
        actor,
        action: 'approved',
        details: {
          hard,
          edited,
          ...(opts.comment ? { comment: opts.comment } : {}),
          previousHard: live.spec?.hard ?? {},
          ...(opts.auditExtra ?? {}),
        },
      },
    ],
  );
  if (!claimed) throw conflictFor(await reload(deps, id), 'approved');

  try {
    const result = await patchResourceQuotaHard(
      deps.access,
      { namespace: request.namespace, name: request.quotaName, resourceVersion },
      hard,
    );
    await deps.requests.transition(id, ['applying'], 'approved', { appliedHard: { ...hard } }, [
      {
        actor,
        action: 'applied',
        details: {
          hard,
          resourceVersionBefore: result.resourceVersionBefore,
          resourceVersionAfter: result.resourceVersionAfter,
          specHard: result.hard,
        },
      },
    ]);
    const done = await reload(deps, id);
    notify(deps, 'quota_request.approved', actor, done, { edited });
    return done;
  } catch (err) {
    const failure =
      err instanceof QuotaPatchError
        ? err
        : new QuotaPatchError('unavailable', 0, `Applying failed: ${(err as Error).message}`);
    await deps.requests.transition(id, ['applying'], 'failed', {}, [
      {
        actor,
        action: 'apply-failed',
        details: {
          kind: failure.kind,
          statusCode: failure.statusCode,
          message: failure.message,
          hard,
          resourceVersion,
        },
      },
    ]);
    const failed = await reload(deps, id);
    notify(deps, 'quota_request.failed', actor, failed, {
      kind: failure.kind,
      message: failure.message,
    });
    const details = {
      requestStatus: 'failed',
      kind: failure.kind,
      clusterStatus: failure.statusCode,
      reason: failure.message,
    };
    const next = ' The request is marked failed; approve it again to retry.';
    switch (failure.kind) {
      case 'conflict':
        throw new AppError('CONFLICT', failure.message + next, { details });
      case 'forbidden':
        throw new AppError('FORBIDDEN', failure.message + next, { details });
      case 'not-found':
        throw new AppError('NOT_FOUND', failure.message + next, { details });
      case 'invalid':
        throw new AppError('VALIDATION_FAILED', failure.message + next, { details });
      default:
        throw new AppError('UNAVAILABLE', failure.message + next, { details });
    }
  }
}

/** SRE rejection with a required comment; 409 when already decided. */
export async function rejectQuotaRequest(
  deps: QuotaRequestDeps,
  user: CurrentUser,
  scope: TenantScope,
  id: string,
  comment: string,
): Promise<QuotaRequestDetail> {
  const request = await getQuotaRequest(deps, scope, id);
  const ok = await deps.requests.transition(
    BigInt(id),
    ['pending', 'failed'],
    'rejected',
    { decidedBy: user.username, decidedAt: deps.now(), decisionComment: comment },
    [{ actor: user.username, action: 'rejected', details: { comment } }],
  );
  if (!ok) throw conflictFor(await reload(deps, BigInt(request.id)), 'rejected');
  const done = await reload(deps, BigInt(id));
  notify(deps, 'quota_request.rejected', user.username, done, { comment });
  return done;
}

/** The requester withdraws a pending request; nobody else may (an SRE rejects instead). */
export async function cancelQuotaRequest(
  deps: QuotaRequestDeps,
  user: CurrentUser,
  scope: TenantScope,
  id: string,
  comment: string | undefined,
): Promise<QuotaRequestDetail> {
  const request = await getQuotaRequest(deps, scope, id);
  if (request.requestedBy !== user.username) {
    throw new AppError(
      'FORBIDDEN',
      `Only the requester (${request.requestedBy}) can cancel quota request ${id}` +
        (user.role === 'sre' ? '; reject it instead.' : '.'),
    );
  }
  const ok = await deps.requests.transition(
    BigInt(id),
    ['pending', 'failed'],
    'cancelled',
    { decidedBy: user.username, decidedAt: deps.now(), decisionComment: comment ?? null },
    [{ actor: user.username, action: 'cancelled', details: comment ? { comment } : {} }],
  );
  if (!ok) throw conflictFor(await reload(deps, BigInt(id)), 'cancelled');
  const done = await reload(deps, BigInt(id));
  notify(deps, 'quota_request.cancelled', user.username, done);
  return done;
}

function sortRecord(r: Record<string, string>): Array<[string, string]> {
  return Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
