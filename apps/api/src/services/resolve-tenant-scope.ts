import type { V1Namespace, V1ResourceQuota } from '@kubernetes/client-node';
import {
  getQuotaUsage,
  getTenantFromLabels,
  isNamespaceInScope,
  isTenantInScope,
  QuantityParseError,
  type TenantScope,
} from '@plimsoll/shared';
import type { QuotaSummary } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import { AppError } from '../errors/app-error.js';
import type { QuotaSnapshot } from '../k8s/to-quota-snapshot.js';

/** The collector's namespaces as the Kubernetes objects the shared tenant rules take. */
export function getCachedNamespaces(collector: ClusterCollector): V1Namespace[] {
  return [...collector.cache.namespaces.values()].map((n) => ({
    metadata: { name: n.name, labels: { ...n.labels } },
  }));
}

/** Tenant of a namespace by the configured labels, from the collector's cache; null outside every tenant. */
export function getCachedNamespaceTenant(
  collector: ClusterCollector,
  namespace: string,
  tenantLabels: readonly string[],
): string | null {
  const ns = collector.cache.namespaces.get(namespace);
  return ns ? getTenantFromLabels(ns.labels, tenantLabels) : null;
}

function describeScope(scope: TenantScope): string {
  if (scope.kind === 'all') return 'every tenant';
  return scope.tenants.length === 0 ? 'no tenant' : `tenant ${scope.tenants.join(', ')} only`;
}

/** 403 unless the caller may see `tenant`. The message names the caller's tenants, never the other's data. */
export function assertTenantInScope(tenant: string, scope: TenantScope): void {
  if (!isTenantInScope(tenant, scope)) {
    throw new AppError(
      'FORBIDDEN',
      `Tenant ${tenant} is not yours: you act for ${describeScope(scope)}. Ask an SRE if you need access.`,
    );
  }
}

/**
 * 403 unless the caller may see `namespace` (whose tenant is `tenant`). One message whether the namespace is
 * another tenant's, belongs to no tenant or does not exist, so a tenant admin cannot tell them apart.
 */
export function assertNamespaceInScope(
  namespace: string,
  tenant: string | null,
  scope: TenantScope,
): void {
  if (isNamespaceInScope(namespace, tenant, scope)) return;
  throw new AppError(
    'FORBIDDEN',
    `Namespace ${namespace} is not one of yours: you act for ${describeScope(scope)}.`,
  );
}

/** A cached quota snapshot as the V1ResourceQuota the shared quota rules take (status.hard is the enforced one). */
export function toResourceQuota(q: QuotaSnapshot): V1ResourceQuota {
  return {
    metadata: { namespace: q.namespace, name: q.name, resourceVersion: q.resourceVersion },
    spec: { hard: { ...q.hard }, ...(q.scopes.length > 0 ? { scopes: [...q.scopes] } : {}) },
    status: { hard: { ...q.hard }, used: { ...q.used } },
  };
}

/** A quota with its usage per resource; a quantity the API server would not accept yields no resources. */
export function toQuotaSummary(
  q: QuotaSnapshot,
  tenant: string | null,
  warningRatio: number,
): QuotaSummary {
  let resources: QuotaSummary['resources'] = [];
  try {
    resources = getQuotaUsage(toResourceQuota(q), warningRatio);
  } catch (err) {
    if (!(err instanceof QuantityParseError)) throw err;
  }
  return {
    namespace: q.namespace,
    name: q.name,
    tenant,
    scopes: [...q.scopes],
    resourceVersion: q.resourceVersion,
    resources,
  };
}

/** Cached quotas in the given namespaces, sorted by namespace then name. */
export function getCachedQuotas(
  collector: ClusterCollector,
  namespaces: ReadonlySet<string> | null,
): QuotaSnapshot[] {
  return [...collector.cache.resourcequotas.values()]
    .filter((q) => namespaces === null || namespaces.has(q.namespace))
    .sort((a, b) =>
      a.namespace === b.namespace ? cmp(a.name, b.name) : cmp(a.namespace, b.namespace),
    );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
