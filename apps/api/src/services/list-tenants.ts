import { getTenantMembers, isTenantInScope, type TenantScope } from '@plimsoll/shared';
import type { TenantIsolationResponse, TenantSummary } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import type { TenantViewConfig } from '../config/quota-requests.js';
import { AppError } from '../errors/app-error.js';
import type { TenantClusterAccess } from '../k8s/tenant-cluster-access.js';
import type { TenantReadRepository } from '../repositories/tenant-read-repository.js';
import {
  getTenantClusterState,
  loadTenantAuditObjects,
  redactAuditForScope,
  runTenantAudit,
  type TenantAuditObjects,
} from './load-tenant-audit-inputs.js';
import { assertTenantInScope, getCachedQuotas, toQuotaSummary } from './resolve-tenant-scope.js';

/** What the tenant services need. */
export interface TenantServiceDeps {
  cluster: string;
  collector: ClusterCollector;
  access: TenantClusterAccess;
  reads: TenantReadRepository;
  config: TenantViewConfig;
  now: Date;
}

const DAY_MS = 86_400_000;

/**
 * The Tenants list: each tenant the caller may see with its namespaces, members, quota usage, evictions in
 * the last 24 hours and isolation score. A tenant admin gets only their tenants; the audit is still run on
 * the whole cluster's objects, because isolation is about the others.
 */
export async function listTenants(
  deps: TenantServiceDeps,
  scope: TenantScope,
): Promise<TenantSummary[]> {
  const state = getTenantClusterState(deps.collector, deps.config);
  const visible = [...state.tenants].filter(([t]) => isTenantInScope(t, scope));
  const namespaces = visible.flatMap(([, nss]) => nss);
  const since = new Date(deps.now.getTime() - DAY_MS);
  const [evictions, objects] = await Promise.all([
    deps.reads.countEvictionsByNamespace(deps.cluster, namespaces, since),
    loadTenantAuditObjects(deps.access, namespaces).then(
      (o): TenantAuditObjects | Error => o,
      (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
    ),
  ]);
  return visible.map(([tenant, nss]) => {
    const own = new Set(nss);
    const quotas = getCachedQuotas(deps.collector, own).map((q) =>
      toQuotaSummary(q, tenant, deps.config.warningRatio),
    );
    const base = {
      name: tenant,
      namespaces: nss,
      quotas,
      evictions24h: nss.reduce((n, ns) => n + (evictions.get(ns) ?? 0), 0),
    };
    if (objects instanceof Error) {
      return {
        ...base,
        members: { users: [], groups: [], serviceAccounts: [] },
        isolationScore: null,
        auditError: `Could not read the cluster for the audit: ${objects.message}`,
        failedChecks: [],
      };
    }
    const members = getTenantMembers(
      tenant,
      state.namespaces,
      objects.roleBindings,
      deps.config.namespaceAdminClusterRole,
      deps.config.tenantLabels,
    );
    const audit = runTenantAudit(tenant, state, objects, deps.config);
    return {
      ...base,
      members: {
        users: members.users,
        groups: members.groups,
        serviceAccounts: members.serviceAccounts,
      },
      isolationScore: audit.score,
      auditError: null,
      failedChecks: audit.checks
        .filter((c) => !c.passed)
        .map((c) => ({ id: c.id, title: c.title, severity: c.severity })),
    };
  });
}

/** One tenant's summary: 403 outside the caller's scope (whether or not it exists), 404 when it has no namespace. */
export async function getTenantSummary(
  deps: TenantServiceDeps,
  scope: TenantScope,
  tenant: string,
): Promise<TenantSummary> {
  assertTenantInScope(tenant, scope);
  const all = await listTenants(deps, { kind: 'tenants', tenants: [tenant] });
  const found = all[0];
  if (!found)
    throw new AppError(
      'NOT_FOUND',
      `No namespace of cluster ${deps.cluster} is labelled for tenant ${tenant}.`,
    );
  return found;
}

/** The isolation audit of one tenant, each check with offenders and how to fix them. */
export async function getTenantIsolation(
  deps: TenantServiceDeps,
  scope: TenantScope,
  tenant: string,
): Promise<TenantIsolationResponse> {
  assertTenantInScope(tenant, scope);
  const state = getTenantClusterState(deps.collector, deps.config);
  const nss = state.tenants.get(tenant);
  if (!nss)
    throw new AppError(
      'NOT_FOUND',
      `No namespace of cluster ${deps.cluster} is labelled for tenant ${tenant}.`,
    );
  let objects: TenantAuditObjects;
  try {
    objects = await loadTenantAuditObjects(deps.access, nss);
  } catch (err) {
    throw new AppError(
      'UNAVAILABLE',
      `Could not read the cluster for the audit: ${(err as Error).message}`,
    );
  }
  const tenantOf = new Map<string, string>();
  for (const [t, list] of state.tenants) for (const ns of list) tenantOf.set(ns, t);
  const audit = redactAuditForScope(
    runTenantAudit(tenant, state, objects, deps.config),
    scope,
    (ns) => tenantOf.get(ns) ?? null,
  );
  return {
    tenant: audit.tenant,
    score: audit.score,
    checks: audit.checks.map((c) => ({ ...c, offenders: c.offenders, notes: c.notes })),
    auditedAt: deps.now.toISOString(),
  };
}
