import {
  isNamespaceInScope,
  projectQuotaExhaustion,
  QuantityParseError,
  type TenantScope,
} from '@plimsoll/shared';
import type {
  ListQuotasQuery,
  QuotaHistoryResponse,
  QuotaProjection,
  QuotaSummary,
} from '@plimsoll/shared/schemas';

import { AppError } from '../errors/app-error.js';
import type { TenantServiceDeps } from './list-tenants.js';
import {
  assertNamespaceInScope,
  assertTenantInScope,
  getCachedNamespaceTenant,
  getCachedQuotas,
  toQuotaSummary,
} from './resolve-tenant-scope.js';

/**
 * ResourceQuotas with usage, filtered by tenant and namespace. A tenant admin naming another tenant or one
 * of its namespaces gets a 403, not an empty list, so a filter cannot be used to probe; without filters they
 * get their own tenants' quotas only.
 */
export function listQuotas(
  deps: Omit<TenantServiceDeps, 'access' | 'reads'>,
  scope: TenantScope,
  query: ListQuotasQuery,
): QuotaSummary[] {
  const labels = deps.config.tenantLabels;
  if (query.tenant !== undefined) assertTenantInScope(query.tenant, scope);
  if (query.namespace !== undefined) {
    assertNamespaceInScope(
      query.namespace,
      getCachedNamespaceTenant(deps.collector, query.namespace, labels),
      scope,
    );
  }
  const result: QuotaSummary[] = [];
  for (const q of getCachedQuotas(deps.collector, null)) {
    const tenant = getCachedNamespaceTenant(deps.collector, q.namespace, labels);
    if (!isNamespaceInScope(q.namespace, tenant, scope)) continue;
    if (query.tenant !== undefined && tenant !== query.tenant) continue;
    if (query.namespace !== undefined && q.namespace !== query.namespace) continue;
    result.push(toQuotaSummary(q, tenant, deps.config.warningRatio));
  }
  return result;
}

/** Looks up one quota the caller may see: 403 before 404, so another tenant's quota names are not confirmed. */
export function getScopedQuota(
  deps: Pick<TenantServiceDeps, 'collector' | 'config'>,
  scope: TenantScope,
  namespace: string,
  name: string,
) {
  const tenant = getCachedNamespaceTenant(deps.collector, namespace, deps.config.tenantLabels);
  assertNamespaceInScope(namespace, tenant, scope);
  const quota = deps.collector.cache.resourcequotas.get(`${namespace}/${name}`);
  if (!quota)
    throw new AppError('NOT_FOUND', `No ResourceQuota ${name} in namespace ${namespace}.`);
  return { quota, tenant };
}

/**
 * Usage history of one quota from its samples, and per resource the projection "at this rate, pods reaches
 * its limit in 9 days" (least-squares over the window, from the latest value).
 */
export async function getQuotaHistory(
  deps: TenantServiceDeps,
  scope: TenantScope,
  namespace: string,
  name: string,
  hours: number,
): Promise<QuotaHistoryResponse> {
  const { quota, tenant } = getScopedQuota(deps, scope, namespace, name);
  const since = new Date(deps.now.getTime() - hours * 3_600_000);
  const stored = await deps.reads.findQuotaSamples(deps.cluster, namespace, name, since);
  const summary = toQuotaSummary(quota, tenant, deps.config.warningRatio);
  // Samples are written on change: the value in force now is the cache's, so it closes the series.
  const series = [...stored, { at: deps.now, hard: quota.hard, used: quota.used }];
  const projections: QuotaProjection[] = [];
  for (const r of summary.resources) {
    try {
      const p = projectQuotaExhaustion(
        series
          .filter((s) => s.at >= since)
          .map((s) => ({ at: s.at, used: s.used[r.resource] ?? '0' })),
        r.hard,
        deps.now,
      );
      projections.push({
        resource: r.resource,
        used: r.used,
        hard: r.hard,
        ratePerDay: p.ratePerDay,
        exhaustedAt: p.exhaustedAt?.toISOString() ?? null,
        daysLeft: p.daysLeft,
      });
    } catch (err) {
      if (!(err instanceof QuantityParseError)) throw err;
    }
  }
  return {
    quota: summary,
    samples: series.map((s) => ({ at: s.at.toISOString(), hard: s.hard, used: s.used })),
    projections,
    warningRatio: deps.config.warningRatio,
  };
}
