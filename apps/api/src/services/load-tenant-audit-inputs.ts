import type {
  V1NetworkPolicy,
  V1Node,
  V1Pod,
  V1ResourceQuota,
  V1RoleBinding,
  V1Namespace,
} from '@kubernetes/client-node';
import {
  auditTenantIsolation,
  groupNamespacesByTenant,
  type TenantIsolationAudit,
  type TenantScope,
} from '@plimsoll/shared';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import type { TenantViewConfig } from '../config/quota-requests.js';
import type { TenantClusterAccess } from '../k8s/tenant-cluster-access.js';
import { getCachedNamespaces, toResourceQuota } from './resolve-tenant-scope.js';

/** Everything the tenant views read about a cluster: cache first, then short-cached on-demand lists. */
export interface TenantClusterState {
  namespaces: V1Namespace[];
  /** Tenant → its namespace names, sorted; every tenant of the cluster. */
  tenants: Map<string, string[]>;
  resourceQuotas: V1ResourceQuota[];
  nodes: V1Node[];
}

/** The RBAC, network and pod objects the audit needs beyond the cache. */
export interface TenantAuditObjects {
  roleBindings: V1RoleBinding[];
  networkPolicies: V1NetworkPolicy[];
  pods: V1Pod[];
}

/** Namespaces, tenants, quotas and nodes from the collector's cache. */
export function getTenantClusterState(
  collector: ClusterCollector,
  config: TenantViewConfig,
): TenantClusterState {
  const namespaces = getCachedNamespaces(collector);
  const tenants = new Map<string, string[]>();
  for (const [tenant, nss] of groupNamespacesByTenant(namespaces, config.tenantLabels)) {
    tenants.set(
      tenant,
      nss.map((n) => n.metadata?.name ?? ''),
    );
  }
  const resourceQuotas = [...collector.cache.resourcequotas.values()].map(toResourceQuota);
  const nodes: V1Node[] = [...collector.cache.nodes.values()].map((n) => ({
    metadata: { name: n.name, labels: { ...n.labels } },
    spec: {
      taints: n.taints.map((t) => ({
        key: t.key,
        effect: t.effect,
        ...(t.value !== null ? { value: t.value } : {}),
      })),
    },
  }));
  return { namespaces, tenants, resourceQuotas, nodes };
}

/** Reads RoleBindings, NetworkPolicies and the pods of `podNamespaces` (each list cached for a few seconds). */
export async function loadTenantAuditObjects(
  access: TenantClusterAccess,
  podNamespaces: readonly string[],
): Promise<TenantAuditObjects> {
  const [roleBindings, networkPolicies, pods] = await Promise.all([
    access.listRoleBindings(),
    access.listNetworkPolicies(),
    access.listPods(podNamespaces),
  ]);
  return { roleBindings, networkPolicies, pods };
}

/** The audit of one tenant on the loaded state. */
export function runTenantAudit(
  tenant: string,
  state: TenantClusterState,
  objects: TenantAuditObjects,
  config: TenantViewConfig,
): TenantIsolationAudit {
  return auditTenantIsolation({
    tenant,
    namespaces: state.namespaces,
    resourceQuotas: state.resourceQuotas,
    networkPolicies: objects.networkPolicies,
    pods: objects.pods,
    roleBindings: objects.roleBindings,
    nodes: state.nodes,
    tenantLabels: config.tenantLabels,
    clusterRoleName: config.namespaceAdminClusterRole,
  });
}

/**
 * A tenant admin sees only their tenants: an offender or note placed in a namespace outside their scope (a
 * binding in another tenant's namespace that grants one of their users rights there) keeps the check failing
 * but loses its name and place.
 */
export function redactAuditForScope(
  audit: TenantIsolationAudit,
  scope: TenantScope,
  tenantOfNamespace: (ns: string) => string | null,
): TenantIsolationAudit {
  if (scope.kind === 'all') return audit;
  const visible = (ns: string | undefined) => {
    if (ns === undefined) return true;
    const t = tenantOfNamespace(ns);
    return t !== null && scope.tenants.includes(t);
  };
  const redact = <F extends { kind: string; namespace?: string; name: string; detail: string }>(
    f: F,
  ): F =>
    visible(f.namespace)
      ? f
      : {
          ...f,
          namespace: undefined,
          name: '(hidden)',
          detail: `a ${f.kind} in a namespace of another tenant involves your tenant; an SRE can see which`,
        };
  return {
    ...audit,
    checks: audit.checks.map((c) => ({
      ...c,
      offenders: c.offenders.map(redact),
      notes: c.notes.map(redact),
    })),
  };
}
