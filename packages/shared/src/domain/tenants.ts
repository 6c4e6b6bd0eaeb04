import type { RbacV1Subject, V1Namespace, V1RoleBinding } from '@kubernetes/client-node';

/**
 * Namespace label keys that name a namespace's tenant, in order of precedence: Capsule's label
 * first (Capsule sets it on every namespace of a Tenant), then Plimsoll's own for clusters
 * without Capsule. The default of `PLIMSOLL_TENANT_LABELS`: every function here takes the configured list.
 */
export const DEFAULT_TENANT_LABELS: readonly string[] = [
  'capsule.clastix.io/tenant',
  'plimsoll.io/tenant',
];

/**
 * The ClusterRole that makes a subject a tenant member when a RoleBinding in one of the tenant's
 * namespaces grants it (the "namespace-admin ClusterRole bound per namespace" pattern).
 */
export const DEFAULT_NAMESPACE_ADMIN_CLUSTER_ROLE = 'namespace-admin';

/** The API group of RBAC subjects and role references. */
export const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

// Constants of k8s.io/apiserver/pkg/authentication/serviceaccount/util.go.
/** Username prefix of a ServiceAccount: `system:serviceaccount:<namespace>:<name>`. */
export const SERVICE_ACCOUNT_USERNAME_PREFIX = 'system:serviceaccount:';
/** Group prefix every ServiceAccount of a namespace belongs to: `system:serviceaccounts:<namespace>`. */
export const SERVICE_ACCOUNT_GROUP_PREFIX = 'system:serviceaccounts:';
/** The group every ServiceAccount in the cluster belongs to. */
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';

/**
 * Groups and users that stand for principals of every tenant at once (k8s.io/apiserver
 * `user.AllAuthenticated`, `user.AllUnauthenticated`, `user.Anonymous`, and all ServiceAccounts).
 * Binding one of them in a tenant namespace hands that namespace to every other tenant too.
 */
export const CLUSTER_WIDE_GROUPS: readonly string[] = [
  'system:authenticated',
  'system:unauthenticated',
  ALL_SERVICE_ACCOUNTS_GROUP,
];
/** The user name unauthenticated requests run as (`user.Anonymous`). */
export const ANONYMOUS_USER = 'system:anonymous';

/** A principal an RBAC binding grants, after Kubernetes' own defaulting (see {@link resolveBindingSubject}). */
export type TenantSubject =
  | { kind: 'User'; name: string }
  | { kind: 'Group'; name: string }
  | { kind: 'ServiceAccount'; namespace: string; name: string };

/** Who is a tenant's member: subjects bound to the namespace-admin ClusterRole in its namespaces. */
export interface TenantMembers {
  tenant: string;
  /** User names, sorted. */
  users: string[];
  /** Group names, sorted. */
  groups: string[];
  /** ServiceAccounts, sorted by namespace then name. */
  serviceAccounts: Array<{ namespace: string; name: string }>;
}

/**
 * Which namespaces a caller may see or act on: everything (SRE, viewer) or only the namespaces of
 * the listed tenants (tenant admin).
 */
export type TenantScope = { kind: 'all' } | { kind: 'tenants'; tenants: readonly string[] };

/**
 * The tenant named by a set of labels: the value of the first of `tenantLabels` the labels carry with a
 * non-empty value, or `null` when none does. The one "first matching label" rule, for namespaces (see
 * {@link getNamespaceTenant}) and for the nodes of a tenant's pool alike; callers pass the configured
 * labels (`PLIMSOLL_TENANT_LABELS`), never a default of their own.
 */
export function getTenantFromLabels(
  labels: Readonly<Record<string, string>> | undefined,
  tenantLabels: readonly string[],
): string | null {
  if (!labels) return null;
  for (const key of tenantLabels) {
    if (!Object.prototype.hasOwnProperty.call(labels, key)) continue;
    const value = labels[key];
    if (value !== undefined && value !== '') return value;
  }
  return null;
}

/**
 * The tenant a namespace belongs to: the value of the first label in `tenantLabels` that the namespace
 * carries with a non-empty value, or `null` for a namespace outside every tenant. A namespace
 * belongs to at most one tenant, so the first match wins even when a second label disagrees.
 */
export function getNamespaceTenant(
  namespace: V1Namespace,
  tenantLabels: readonly string[],
): string | null {
  return getTenantFromLabels(namespace.metadata?.labels, tenantLabels);
}

/**
 * Tenant namespaces grouped by tenant: tenants in name order, each with its namespaces in name
 * order. Namespaces outside every tenant are left out.
 */
export function groupNamespacesByTenant(
  namespaces: readonly V1Namespace[],
  labels: readonly string[],
): Map<string, V1Namespace[]> {
  const groups = new Map<string, V1Namespace[]>();
  for (const ns of namespaces) {
    const tenant = getNamespaceTenant(ns, labels);
    if (tenant === null) continue;
    const list = groups.get(tenant) ?? [];
    list.push(ns);
    groups.set(tenant, list);
  }
  const sorted = new Map<string, V1Namespace[]>();
  for (const tenant of [...groups.keys()].sort(compareStrings)) {
    const list = groups.get(tenant) ?? [];
    sorted.set(
      tenant,
      [...list].sort((a, b) => compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? '')),
    );
  }
  return sorted;
}

/**
 * Names of the namespaces labelled for `tenant`. A small helper so every caller resolves a
 * tenant's namespaces with the same label precedence.
 */
export function getTenantNamespaceNames(
  tenant: string,
  namespaces: readonly V1Namespace[],
  labels: readonly string[],
): Set<string> {
  const names = new Set<string>();
  for (const ns of namespaces) {
    const name = ns.metadata?.name;
    if (name !== undefined && getNamespaceTenant(ns, labels) === tenant) names.add(name);
  }
  return names;
}

/** Whether a RoleBinding grants the ClusterRole `clusterRoleName` (not a namespaced Role of that name). */
export function isClusterRoleBinding(binding: V1RoleBinding, clusterRoleName: string): boolean {
  const ref = binding.roleRef;
  return (
    ref.kind === 'ClusterRole' &&
    ref.name === clusterRoleName &&
    (ref.apiGroup === undefined || ref.apiGroup === '' || ref.apiGroup === RBAC_API_GROUP)
  );
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

// SplitUsername (k8s.io/apiserver/pkg/authentication/serviceaccount/util.go)
/**
 * The namespace and name of a ServiceAccount username (`system:serviceaccount:<ns>:<name>`), or
 * `null` when the string is not one (wrong prefix, wrong number of parts, a namespace that is not a
 * DNS-1123 label or a name that is not a DNS-1123 subdomain).
 */
export function splitServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | null {
  if (!username.startsWith(SERVICE_ACCOUNT_USERNAME_PREFIX)) return null;
  const parts = username.slice(SERVICE_ACCOUNT_USERNAME_PREFIX.length).split(':');
  if (parts.length !== 2) return null;
  const [namespace = '', name = ''] = parts;
  // ValidateNamespaceName is a DNS-1123 label; ValidateServiceAccountName a DNS-1123 subdomain.
  if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) return null;
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) return null;
  return { namespace, name };
}

// appliesToUser (pkg/registry/rbac/validation/rule.go)
/**
 * The principal a binding subject grants, as the RBAC authorizer matches it in the binding's
 * namespace: a ServiceAccount subject without a namespace means one in the binding's own namespace
 * (and grants nothing when there is none); a User subject spelled as a ServiceAccount username is
 * that ServiceAccount, because the authorizer compares usernames; an unknown kind grants nobody
 * and yields `null`.
 */
export function resolveBindingSubject(
  subject: RbacV1Subject,
  bindingNamespace: string,
): TenantSubject | null {
  switch (subject.kind) {
    case 'User': {
      const sa = splitServiceAccountUsername(subject.name);
      return sa === null ? { kind: 'User', name: subject.name } : { kind: 'ServiceAccount', ...sa };
    }
    case 'Group':
      return { kind: 'Group', name: subject.name };
    case 'ServiceAccount': {
      const namespace =
        subject.namespace !== undefined && subject.namespace !== ''
          ? subject.namespace
          : bindingNamespace;
      if (namespace === '') return null;
      return { kind: 'ServiceAccount', namespace, name: subject.name };
    }
    default:
      return null;
  }
}

/** A stable key for a subject, for sets and maps: `User:alice`, `ServiceAccount:ns:name`. */
export function getSubjectKey(subject: TenantSubject): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount:${subject.namespace}:${subject.name}`
    : `${subject.kind}:${subject.name}`;
}

/** A subject as people read it: `User alice`, `Group ops`, `ServiceAccount ci/deployer`. */
export function formatSubject(subject: TenantSubject): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount ${subject.namespace}/${subject.name}`
    : `${subject.kind} ${subject.name}`;
}

/**
 * Whether a subject stands for principals of every tenant: the all-authenticated,
 * all-unauthenticated and all-ServiceAccounts groups, and the anonymous user.
 */
export function isClusterWideSubject(subject: TenantSubject): boolean {
  if (subject.kind === 'Group') return CLUSTER_WIDE_GROUPS.includes(subject.name);
  return subject.kind === 'User' && subject.name === ANONYMOUS_USER;
}

/**
 * The namespace whose ServiceAccounts a subject stands for: a ServiceAccount's own namespace, or
 * `<ns>` of the group `system:serviceaccounts:<ns>`; `null` for users and other groups.
 */
export function getSubjectServiceAccountNamespace(subject: TenantSubject): string | null {
  if (subject.kind === 'ServiceAccount') return subject.namespace;
  if (subject.kind === 'Group' && subject.name.startsWith(SERVICE_ACCOUNT_GROUP_PREFIX)) {
    const ns = subject.name.slice(SERVICE_ACCOUNT_GROUP_PREFIX.length);
    return ns === '' ? null : ns;
  }
  return null;
}

/**
 * A tenant's members: the users, groups and ServiceAccounts that RoleBindings in the tenant's
 * namespaces bind to the ClusterRole `clusterRoleName`. Bindings to a namespaced Role of the same
 * name do not count: the convention is one cluster-wide role bound per namespace.
 */
export function getTenantMembers(
  tenant: string,
  namespaces: readonly V1Namespace[],
  roleBindings: readonly V1RoleBinding[],
  clusterRoleName: string,
  labels: readonly string[],
): TenantMembers {
  const tenantNamespaces = getTenantNamespaceNames(tenant, namespaces, labels);
  const users = new Set<string>();
  const groups = new Set<string>();
  const serviceAccounts = new Map<string, { namespace: string; name: string }>();
  for (const binding of roleBindings) {
    const ns = binding.metadata?.namespace ?? '';
    if (!tenantNamespaces.has(ns) || !isClusterRoleBinding(binding, clusterRoleName)) continue;
    for (const raw of binding.subjects ?? []) {
      const subject = resolveBindingSubject(raw, ns);
      if (subject === null) continue;
      if (subject.kind === 'User') users.add(subject.name);
      else if (subject.kind === 'Group') groups.add(subject.name);
      else
        serviceAccounts.set(getSubjectKey(subject), {
          namespace: subject.namespace,
          name: subject.name,
        });
    }
  }
  return {
    tenant,
    users: [...users].sort(compareStrings),
    groups: [...groups].sort(compareStrings),
    serviceAccounts: [...serviceAccounts.values()].sort(
      (a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name),
    ),
  };
}

/**
 * Whether a tenant is visible to a caller with `scope`. The single source of the tenant-isolation
 * rule for routes addressed by tenant name.
 */
export function isTenantInScope(tenant: string, scope: TenantScope): boolean {
  return scope.kind === 'all' || scope.tenants.includes(tenant);
}

/**
 * Whether a namespace is visible to a caller with `scope`, given the namespace's tenant (from
 * {@link getNamespaceTenant}). The single source of the tenant-isolation rule the API applies to
 * every namespaced object: an unscoped caller sees everything; a tenant-scoped caller sees only
 * namespaces whose tenant is one of theirs, never a namespace outside every tenant and never a
 * cluster-scoped object (empty namespace).
 */
export function isNamespaceInScope(
  namespace: string,
  tenantOfNamespace: string | null,
  scope: TenantScope,
): boolean {
  if (scope.kind === 'all') return true;
  if (namespace === '' || tenantOfNamespace === null) return false;
  return scope.tenants.includes(tenantOfNamespace);
}

// Code-unit order, not locale order, so results are the same on every machine.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
