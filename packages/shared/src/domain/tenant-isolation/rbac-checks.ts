import type { V1RoleBinding } from '@kubernetes/client-node';

import {
  DEFAULT_NAMESPACE_ADMIN_CLUSTER_ROLE,
  DEFAULT_TENANT_LABELS,
  formatSubject,
  getNamespaceTenant,
  getSubjectKey,
  getSubjectServiceAccountNamespace,
  isClusterRoleBinding,
  isClusterWideSubject,
  resolveBindingSubject,
  type TenantSubject,
} from '../tenants.js';
import {
  type IsolationFinding,
  type IsolationCheckResult,
  type TenantIsolationInput,
  type AuditContext,
  buildContext,
  result,
  compareStrings,
} from './audit-context.js';

// (e), (g) RBAC

/**
 * The tenants each user and group belongs to (keyed by {@link getSubjectKey}). With
 * `tenantOwners`, exactly the tenants that list it. Otherwise inferred from namespace-admin
 * bindings: a subject belongs to the tenant(s) where it holds namespace-admin in the largest
 * share of the tenant's namespaces, ties broken by the number of namespaces; remaining ties
 * are all kept. So an admin of all of acme who was also given one of globex's two namespaces
 * belongs to acme, and the globex grant is the cross-tenant one. ServiceAccounts are not listed:
 * they belong to the tenant of their namespace.
 */
export function getSubjectHomeTenants(
  input: Pick<
    TenantIsolationInput,
    'namespaces' | 'roleBindings' | 'tenantLabels' | 'clusterRoleName' | 'tenantOwners'
  >,
): Map<string, string[]> {
  const home = new Map<string, string[]>();
  if (input.tenantOwners !== undefined) {
    for (const tenant of Object.keys(input.tenantOwners).sort(compareStrings)) {
      for (const owner of input.tenantOwners[tenant] ?? []) {
        const key = getSubjectKey(owner);
        home.set(key, [...(home.get(key) ?? []), tenant]);
      }
    }
    return home;
  }
  const labels = input.tenantLabels ?? DEFAULT_TENANT_LABELS;
  const clusterRoleName = input.clusterRoleName ?? DEFAULT_NAMESPACE_ADMIN_CLUSTER_ROLE;
  const tenantOf = new Map<string, string>();
  const nsCount = new Map<string, number>();
  for (const ns of input.namespaces) {
    const tenant = getNamespaceTenant(ns, labels);
    const name = ns.metadata?.name;
    if (tenant === null || name === undefined) continue;
    tenantOf.set(name, tenant);
    nsCount.set(tenant, (nsCount.get(tenant) ?? 0) + 1);
  }
  // subject key → tenant → namespaces where it is namespace-admin
  const held = new Map<string, Map<string, Set<string>>>();
  for (const rb of input.roleBindings) {
    const ns = rb.metadata?.namespace ?? '';
    const tenant = tenantOf.get(ns);
    if (tenant === undefined || !isClusterRoleBinding(rb, clusterRoleName)) continue;
    for (const raw of rb.subjects ?? []) {
      const s = resolveBindingSubject(raw, ns);
      if (s === null || s.kind === 'ServiceAccount' || isClusterWideSubject(s)) continue;
      if (getSubjectServiceAccountNamespace(s) !== null) continue;
      const key = getSubjectKey(s);
      const perTenant = held.get(key) ?? new Map<string, Set<string>>();
      const set = perTenant.get(tenant) ?? new Set<string>();
      set.add(ns);
      perTenant.set(tenant, set);
      held.set(key, perTenant);
    }
  }
  for (const [key, perTenant] of held) {
    const ranked = [...perTenant].map(([tenant, set]) => ({
      tenant,
      count: set.size,
      share: set.size / (nsCount.get(tenant) ?? 1),
    }));
    const best = ranked.reduce((a, b) =>
      b.share > a.share || (b.share === a.share && b.count > a.count) ? b : a,
    );
    home.set(
      key,
      ranked
        .filter((r) => r.share === best.share && r.count === best.count)
        .map((r) => r.tenant)
        .sort(compareStrings),
    );
  }
  return home;
}

interface Membership {
  /** Tenants a subject belongs to; empty for cluster-wide subjects and outsiders. */
  homeOf(subject: TenantSubject): string[];
}

function buildMembership(ctx: AuditContext): Membership {
  const home = getSubjectHomeTenants(ctx.input);
  return {
    homeOf(subject) {
      if (isClusterWideSubject(subject)) return [];
      const saNamespace = getSubjectServiceAccountNamespace(subject);
      if (saNamespace !== null) {
        const t = ctx.tenantOf.get(saNamespace) ?? null;
        return t === null ? [] : [t];
      }
      return home.get(getSubjectKey(subject)) ?? [];
    },
  };
}

function describeRoleRef(rb: V1RoleBinding): string {
  return `${rb.roleRef.kind} ${rb.roleRef.name}`;
}

/**
 * (e) No RoleBinding crosses tenants. In the tenant's namespaces, no binding (to any role) grants a
 * subject that belongs to another tenant — a user or group that is another tenant's member, a
 * ServiceAccount of another tenant's namespace or its `system:serviceaccounts:<ns>` group — nor a
 * cluster-wide group (`system:authenticated`…), which includes every tenant. And no binding in
 * another tenant's namespace grants one of this tenant's subjects. Members are as in
 * {@link getSubjectHomeTenants}.
 */
export function checkCrossTenantRoleBindings(input: TenantIsolationInput): IsolationCheckResult {
  const ctx = buildContext(input);
  const membership = buildMembership(ctx);
  const offenders: IsolationFinding[] = [];
  for (const rb of input.roleBindings) {
    const ns = rb.metadata?.namespace ?? '';
    const owner = ctx.tenantOf.get(ns) ?? null;
    if (owner === null) continue;
    const reasons: string[] = [];
    for (const raw of rb.subjects ?? []) {
      const s = resolveBindingSubject(raw, ns);
      if (s === null) continue;
      const home = membership.homeOf(s);
      if (owner === input.tenant) {
        if (isClusterWideSubject(s)) {
          reasons.push(`${formatSubject(s)} includes every tenant's principals`);
        } else if (home.length > 0 && !home.includes(input.tenant)) {
          reasons.push(`${formatSubject(s)} belongs to tenant ${home.join(', ')}`);
        }
      } else if (home.includes(input.tenant) && !home.includes(owner)) {
        reasons.push(
          `${formatSubject(s)} of tenant ${input.tenant} gets rights in tenant ${owner}`,
        );
      }
    }
    if (reasons.length > 0) {
      offenders.push({
        kind: 'RoleBinding',
        namespace: ns,
        name: rb.metadata?.name ?? '',
        detail: `grants ${describeRoleRef(rb)}: ${reasons.join('; ')}`,
      });
    }
  }
  return result(
    'cross-tenant-role-bindings',
    "No RoleBinding grants rights in another tenant's namespace",
    'critical',
    offenders,
    [],
    'Delete the listed RoleBindings or remove the foreign subjects from them. If two tenants must ' +
      'share something, give it its own namespace rather than crossing tenants.',
  );
}

/**
 * (g) Only the tenant's members hold the namespace-admin ClusterRole in its namespaces: no member
 * of another tenant, no cluster-wide group, no ServiceAccount from outside the tenant's
 * namespaces, and (with `tenantOwners`) no user or group the tenant does not list.
 */
export function checkNamespaceAdminOutsiders(input: TenantIsolationInput): IsolationCheckResult {
  const ctx = buildContext(input);
  const own = new Set(ctx.namespaces);
  const membership = buildMembership(ctx);
  const offenders: IsolationFinding[] = [];
  for (const rb of input.roleBindings) {
    const ns = rb.metadata?.namespace ?? '';
    if (!own.has(ns) || !isClusterRoleBinding(rb, ctx.clusterRoleName)) continue;
    const outsiders: string[] = [];
    for (const raw of rb.subjects ?? []) {
      const s = resolveBindingSubject(raw, ns);
      if (s === null) continue;
      const home = membership.homeOf(s);
      if (home.includes(input.tenant)) continue;
      outsiders.push(
        home.length > 0
          ? `${formatSubject(s)} (member of ${home.join(', ')})`
          : `${formatSubject(s)} (not a member of ${input.tenant})`,
      );
    }
    if (outsiders.length > 0) {
      offenders.push({
        kind: 'RoleBinding',
        namespace: ns,
        name: rb.metadata?.name ?? '',
        detail: `binds ${ctx.clusterRoleName} to ${outsiders.join(', ')}`,
      });
    }
  }
  return result(
    'namespace-admin-outsiders',
    `Nobody outside the tenant is ${ctx.clusterRoleName}`,
    'critical',
    offenders,
    [],
    `Remove the listed subjects from the ${ctx.clusterRoleName} RoleBindings; grant outside helpers a ` +
      'narrower, time-limited role instead.',
  );
}
