import { QUOTA_UNSEEN_MAX, type CurrentUser } from '@plimsoll/shared/schemas';
import type { TenantScope } from '@plimsoll/shared';

import type { QuotaRequestRepository } from '../repositories/quota-request-repository.js';
import { getQuotaRequest, type QuotaRequestDeps } from './decide-quota-request.js';

type Viewer = Pick<CurrentUser, 'username' | 'role'>;

/**
 * Decisions the viewer has not seen: a tenant admin hears of every decision on their tenants' requests (they
 * share the tenant's quota), anyone else of decisions on requests they filed; nobody of their own decisions.
 */
export function listUnseenDecisions(
  requests: QuotaRequestRepository,
  cluster: string,
  viewer: Viewer,
  scope: TenantScope,
): Promise<string[]> {
  return requests.findUnseenDecisions({
    cluster,
    username: viewer.username,
    tenants: scope.kind === 'all' ? null : [...scope.tenants],
    ownOnly: viewer.role !== 'tenant-admin',
    limit: QUOTA_UNSEEN_MAX,
  });
}

/**
 * Marks one request's decision (`id`) or every unseen one (`'all'`) as seen by the viewer now, and answers what
 * is still unseen. One request is checked like a read of it: 404 when unknown, 403 when another tenant's.
 */
export async function markDecisionsSeen(
  deps: QuotaRequestDeps,
  viewer: Viewer,
  scope: TenantScope,
  which: string | 'all',
): Promise<string[]> {
  const ids =
    which === 'all'
      ? await listUnseenDecisions(deps.requests, deps.cluster, viewer, scope)
      : [(await getQuotaRequest(deps, scope, which)).id];
  await deps.requests.markSeen(
    viewer.username,
    ids.map((id) => BigInt(id)),
    deps.now(),
  );
  return listUnseenDecisions(deps.requests, deps.cluster, viewer, scope);
}
