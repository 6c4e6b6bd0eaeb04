import type {
  V1LabelSelector,
  V1Namespace,
  V1NetworkPolicy,
  V1NetworkPolicyIngressRule,
  V1Node,
  V1Pod,
  V1ResourceQuota,
  V1RoleBinding,
  V1Taint,
  V1Toleration,
} from '@kubernetes/client-node';

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
} from './tenants.js';

/** How much a failed check weakens isolation. */
export type IsolationSeverity = 'critical' | 'high' | 'medium' | 'low';

/**
 * Weight of each severity in the isolation score. A critical check (a breach a tenant can use
 * today: a privileged pod, another tenant's admin) counts four times a low one.
 */
export const ISOLATION_SEVERITY_WEIGHTS: Readonly<Record<IsolationSeverity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
};

/** Stable identifiers of the isolation checks, in the order the audit runs them. */
export const ISOLATION_CHECK_IDS = [
  'resource-quota',
  'default-deny-network-policy',
  'privileged-pods',
  'pod-security-admission',
  'cross-tenant-role-bindings',
  'tenant-taints',
  'namespace-admin-outsiders',
] as const;

/** One of {@link ISOLATION_CHECK_IDS}. */
export type IsolationCheckId = (typeof ISOLATION_CHECK_IDS)[number];

/** An object a check points at: an offender (why it failed) or a note (what it observed). */
export interface IsolationFinding {
  /** Kubernetes kind: Namespace, Pod, RoleBinding, Node. */
  kind: string;
  namespace?: string;
  name: string;
  detail: string;
}

/** The result of one isolation check. */
export interface IsolationCheckResult {
  id: IsolationCheckId;
  title: string;
  /** True when there are no offenders. */
  passed: boolean;
  severity: IsolationSeverity;
  /** Objects that break the rule, sorted by namespace then name. */
  offenders: IsolationFinding[];
  /** Observations that do not fail the check (which quota scopes apply, egress left open…). */
  notes: IsolationFinding[];
  /** How to fix the offenders. */
  fix: string;
}

/** Pod Security Admission level (`k8s.io/pod-security-admission/api` `Level`). */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Everything the audit looks at, as the Kubernetes API returns it, plus configuration. */
export interface TenantIsolationInput {
  tenant: string;
  /** All namespaces of the cluster: tenants are told apart by their labels. */
  namespaces: V1Namespace[];
  resourceQuotas: V1ResourceQuota[];
  networkPolicies: V1NetworkPolicy[];
  pods: V1Pod[];
  roleBindings: V1RoleBinding[];
  nodes: V1Node[];
  /** Namespace label keys naming the tenant, also the taint keys of tenant node pools. */
  tenantLabels?: readonly string[];
  /** The ClusterRole that makes a tenant member; `namespace-admin` by default. */
  clusterRoleName?: string;
  /**
   * Declared members of each tenant (for example Capsule's `Tenant.spec.owners`). When given it is
   * authoritative for users and groups; otherwise membership is inferred from namespace-admin
   * bindings (see {@link getSubjectHomeTenants}).
   */
  tenantOwners?: Readonly<Record<string, ReadonlyArray<{ kind: 'User' | 'Group'; name: string }>>>;
  /**
   * The enforce level the API server applies to namespaces without the label (the `defaults` of
   * its PodSecurity AdmissionConfiguration); Kubernetes' own default is `privileged`.
   */
  defaultEnforceLevel?: PodSecurityLevel;
  /** Whether the network check also requires a default deny for egress. Default: false. */
  requireEgressDefaultDeny?: boolean;
}

/** The isolation audit of one tenant. */
export interface TenantIsolationAudit {
  tenant: string;
  checks: IsolationCheckResult[];
  /** 0–100: the severity-weighted share of passed checks (see {@link getIsolationScore}). */
  score: number;
}

interface AuditContext {
  input: TenantIsolationInput;
  labels: readonly string[];
  clusterRoleName: string;
  /** Tenant of each namespace by name (null: no tenant). */
  tenantOf: Map<string, string | null>;
  /** The audited tenant's namespaces, sorted by name. */
  namespaces: string[];
}

function buildContext(input: TenantIsolationInput): AuditContext {
  const labels = input.tenantLabels ?? DEFAULT_TENANT_LABELS;
  const tenantOf = new Map<string, string | null>();
  for (const ns of input.namespaces) {
    const name = ns.metadata?.name;
    if (name !== undefined) tenantOf.set(name, getNamespaceTenant(ns, labels));
  }
  const namespaces = [...tenantOf]
    .filter(([, t]) => t === input.tenant)
    .map(([n]) => n)
    .sort(compareStrings);
  return {
    input,
    labels,
    clusterRoleName: input.clusterRoleName ?? DEFAULT_NAMESPACE_ADMIN_CLUSTER_ROLE,
    tenantOf,
    namespaces,
  };
}

function result(
  id: IsolationCheckId,
  title: string,
  severity: IsolationSeverity,
  offenders: IsolationFinding[],
  notes: IsolationFinding[],
  fix: string,
): IsolationCheckResult {
  const byPlace = (a: IsolationFinding, b: IsolationFinding): number =>
    compareStrings(a.namespace ?? '', b.namespace ?? '') ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.name, b.name);
  return {
    id,
    title,
    passed: offenders.length === 0,
    severity,
    offenders: [...offenders].sort(byPlace),
    notes: [...notes].sort(byPlace),
    fix,
  };
}

// (a) ResourceQuota ---------------------------------------------------------------------------

/**
 * The scopes a ResourceQuota is limited to: `spec.scopes` followed by the scope names of
 * `spec.scopeSelector` (the only way to express PriorityClass, CrossNamespacePodAffinity and
 * VolumeAttributesClass), without duplicates. Empty: the quota counts every object.
 */
export function getResourceQuotaScopes(quota: V1ResourceQuota): string[] {
  const scopes = [...(quota.spec?.scopes ?? [])];
  for (const req of quota.spec?.scopeSelector?.matchExpressions ?? []) scopes.push(req.scopeName);
  return [...new Set(scopes)];
}

// Complementary scope pairs (the "conflicting scopes" of validateResourceQuotaScopes): two quotas
// scoped to both halves of one pair count every pod between them.
const COMPLEMENTARY_SCOPES: ReadonlyArray<readonly [string, string]> = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];

/**
 * (a) Every tenant namespace has at least one ResourceQuota. The notes list, per namespace, its
 * quotas with their scopes and whether every pod is counted by some quota (an unscoped quota, or
 * quotas covering both halves of BestEffort/NotBestEffort or Terminating/NotTerminating).
 */
export function checkResourceQuotas(input: TenantIsolationInput): IsolationCheckResult {
  const ctx = buildContext(input);
  const offenders: IsolationFinding[] = [];
  const notes: IsolationFinding[] = [];
  for (const ns of ctx.namespaces) {
    const quotas = input.resourceQuotas
      .filter((q) => q.metadata?.namespace === ns)
      .sort((a, b) => compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? ''));
    if (quotas.length === 0) {
      offenders.push({
        kind: 'Namespace',
        name: ns,
        detail: 'has no ResourceQuota: its workloads can consume the whole cluster',
      });
      continue;
    }
    const allScopes = new Set<string>();
    let unscoped = false;
    const described = quotas.map((q) => {
      const scopes = getResourceQuotaScopes(q);
      scopes.forEach((s) => allScopes.add(s));
      if (scopes.length === 0) unscoped = true;
      return `${q.metadata?.name ?? ''} (${scopes.length === 0 ? 'no scope' : scopes.join(', ')})`;
    });
    const everyPod =
      unscoped || COMPLEMENTARY_SCOPES.some(([a, b]) => allScopes.has(a) && allScopes.has(b));
    notes.push({
      kind: 'Namespace',
      name: ns,
      detail:
        `quotas: ${described.join('; ')}; scopes covered: ` +
        `${allScopes.size === 0 ? 'none (unscoped)' : [...allScopes].join(', ')}; ` +
        (everyPod ? 'every pod is counted' : 'some pods are counted by no quota'),
    });
  }
  return result(
    'resource-quota',
    'Every namespace has a ResourceQuota',
    'medium',
    offenders,
    notes,
    'Create a ResourceQuota in each listed namespace with hard limits for pods, requests.cpu, ' +
      'requests.memory, limits.cpu and limits.memory (for example a NotBestEffort quota for compute ' +
      'and a BestEffort quota for the pod count).',
  );
}

// (b) NetworkPolicy ---------------------------------------------------------------------------

function isEmptySelector(selector: V1LabelSelector | undefined): boolean {
  // An absent podSelector selects all pods, as an empty one does.
  if (selector === undefined) return true;
  return (
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}

// SetDefaults_NetworkPolicy (pkg/apis/networking/v1/defaults.go)
/**
 * The policy types a NetworkPolicy applies to. The API server fills an empty `policyTypes` in on
 * create: always Ingress, plus Egress when the policy has egress rules.
 */
export function getNetworkPolicyTypes(policy: V1NetworkPolicy): Array<'Ingress' | 'Egress'> {
  const declared = policy.spec?.policyTypes ?? [];
  if (declared.length > 0) {
    return declared.filter((t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress');
  }
  return (policy.spec?.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** A namespace's default network isolation, as its NetworkPolicies establish it. */
export interface DefaultDenyCoverage {
  /** Ingress to every pod is denied unless another policy allows it. */
  ingress: boolean;
  /** Egress from every pod is denied unless another policy allows it. */
  egress: boolean;
  /** Names of the default-deny policies found, per direction. */
  denyIngressPolicies: string[];
  denyEgressPolicies: string[];
  /** Names of "allow all" policies that undo a default deny, per direction. */
  allowAllIngressPolicies: string[];
  allowAllEgressPolicies: string[];
}

/**
 * An ingress rule's peers. Kubernetes' JSON calls them `from`; the client library's model renames the field `_from`
 * (a reserved word). Read both, so raw API objects and client objects give the same answer.
 */
function ingressPeers(rule: V1NetworkPolicyIngressRule): readonly unknown[] {
  return (rule as { from?: unknown[] }).from ?? rule._from ?? [];
}

/**
 * The default deny of a namespace, by the Kubernetes docs' "Default policies" (Network Policies
 * concept page). A direction is denied by default when some policy selects every pod
 * (`podSelector: {}`), applies to that direction (`policyTypes`, after the API server's defaulting)
 * and has no rule for it ("Default deny all ingress traffic" / "… egress traffic"; both at once is
 * "Default deny all ingress and all egress traffic") — and no policy of the docs' "Default allow
 * all" form (every pod selected, a rule with no peers and no ports) undoes it, since policies add
 * up. Policies that merely allow specific traffic do not change the default.
 */
export function getDefaultDenyCoverage(
  namespace: string,
  networkPolicies: readonly V1NetworkPolicy[],
): DefaultDenyCoverage {
  const cover: DefaultDenyCoverage = {
    ingress: false,
    egress: false,
    denyIngressPolicies: [],
    denyEgressPolicies: [],
    allowAllIngressPolicies: [],
    allowAllEgressPolicies: [],
  };
  const policies = networkPolicies
    .filter((p) => p.metadata?.namespace === namespace && isEmptySelector(p.spec?.podSelector))
    .sort((a, b) => compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? ''));
  for (const p of policies) {
    const name = p.metadata?.name ?? '';
    const types = getNetworkPolicyTypes(p);
    const ingress = p.spec?.ingress ?? [];
    const egress = p.spec?.egress ?? [];
    if (types.includes('Ingress')) {
      if (ingress.length === 0) cover.denyIngressPolicies.push(name);
      else if (ingress.some((r) => ingressPeers(r).length === 0 && (r.ports ?? []).length === 0)) {
        cover.allowAllIngressPolicies.push(name);
      }
    }
    if (types.includes('Egress')) {
      if (egress.length === 0) cover.denyEgressPolicies.push(name);
      else if (egress.some((r) => (r.to ?? []).length === 0 && (r.ports ?? []).length === 0)) {
        cover.allowAllEgressPolicies.push(name);
      }
    }
  }
  cover.ingress =
    cover.denyIngressPolicies.length > 0 && cover.allowAllIngressPolicies.length === 0;
  cover.egress = cover.denyEgressPolicies.length > 0 && cover.allowAllEgressPolicies.length === 0;
  return cover;
}

/**
 * (b) Every tenant namespace denies ingress by default (see {@link getDefaultDenyCoverage}), and
 * egress too when `requireEgressDefaultDeny` is set. Ingress is the isolation between tenants;
 * an egress default deny is the docs' full default deny and is reported in the notes either way.
 */
export function checkDefaultDenyNetworkPolicies(input: TenantIsolationInput): IsolationCheckResult {
  const ctx = buildContext(input);
  const requireEgress = input.requireEgressDefaultDeny ?? false;
  const offenders: IsolationFinding[] = [];
  const notes: IsolationFinding[] = [];
  for (const ns of ctx.namespaces) {
    const cover = getDefaultDenyCoverage(ns, input.networkPolicies);
    const anyPolicy = input.networkPolicies.some((p) => p.metadata?.namespace === ns);
    const problems: string[] = [];
    if (!anyPolicy) {
      problems.push('has no NetworkPolicy at all: every pod accepts traffic from every namespace');
    } else {
      for (const [dir, ok, deny, allow, required] of [
        ['ingress', cover.ingress, cover.denyIngressPolicies, cover.allowAllIngressPolicies, true],
        [
          'egress',
          cover.egress,
          cover.denyEgressPolicies,
          cover.allowAllEgressPolicies,
          requireEgress,
        ],
      ] as const) {
        if (ok || !required) continue;
        problems.push(
          deny.length === 0
            ? `has no default-deny ${dir} policy`
            : `its default-deny ${dir} (${deny.join(', ')}) is undone by allow-all ${allow.join(', ')}`,
        );
      }
    }
    if (problems.length > 0) {
      offenders.push({ kind: 'Namespace', name: ns, detail: problems.join('; ') });
    } else {
      notes.push({
        kind: 'Namespace',
        name: ns,
        detail:
          `ingress denied by default (${cover.denyIngressPolicies.join(', ')}); ` +
          (cover.egress
            ? `egress denied by default (${cover.denyEgressPolicies.join(', ')})`
            : 'egress open'),
      });
    }
  }
  return result(
    'default-deny-network-policy',
    'Every namespace has a default-deny NetworkPolicy',
    'high',
    offenders,
    notes,
    'In each listed namespace create a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress, ' +
      'Egress]` and no rules (the docs\' "Default deny all ingress and all egress traffic"), remove ' +
      'allow-all policies, then allow the traffic each workload needs with narrower policies.',
  );
}

// (c) Privileged pods -------------------------------------------------------------------------

/** Capabilities that break out of a tenant: mount, namespace and device control, and the network stack. */
export const FORBIDDEN_CAPABILITIES: readonly string[] = ['SYS_ADMIN', 'NET_ADMIN'];

/**
 * A capability name as container runtimes read it: upper case without the `CAP_` prefix, so
 * `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` are one capability.
 */
export function normalizeCapability(name: string): string {
  const upper = name.toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/**
 * What lets a pod reach beyond its sandbox: host network, PID or IPC namespaces, and, in any
 * container (init and ephemeral included), `privileged: true` or an added SYS_ADMIN, NET_ADMIN or
 * ALL capability. A capability that is both added and dropped is still reported: runtimes differ
 * in the order they apply the two lists.
 */
export function findPodPrivilegeIssues(pod: V1Pod): string[] {
  const issues: string[] = [];
  const spec = pod.spec;
  if (spec === undefined) return issues;
  if (spec.hostNetwork === true) issues.push('hostNetwork');
  if (spec.hostPID === true) issues.push('hostPID');
  if (spec.hostIPC === true) issues.push('hostIPC');
  const containers = [
    ...(spec.initContainers ?? []).map((c) => ({ c, what: 'init container' })),
    ...spec.containers.map((c) => ({ c, what: 'container' })),
    ...(spec.ephemeralContainers ?? []).map((c) => ({ c, what: 'ephemeral container' })),
  ];
  for (const { c, what } of containers) {
    const sc = c.securityContext;
    if (sc?.privileged === true) issues.push(`${what} ${c.name}: privileged`);
    const added = new Set((sc?.capabilities?.add ?? []).map(normalizeCapability));
    for (const cap of ['ALL', ...FORBIDDEN_CAPABILITIES]) {
      if (added.has(cap)) issues.push(`${what} ${c.name}: adds ${cap}`);
    }
  }
  return issues;
}

/** (c) No pod in the tenant's namespaces runs privileged, with SYS_ADMIN/NET_ADMIN, or in host namespaces. */
export function checkPrivilegedPods(input: TenantIsolationInput): IsolationCheckResult {
  const ctx = buildContext(input);
  const own = new Set(ctx.namespaces);
  const offenders: IsolationFinding[] = [];
  for (const pod of input.pods) {
    const ns = pod.metadata?.namespace ?? '';
    if (!own.has(ns)) continue;
    const issues = findPodPrivilegeIssues(pod);
    if (issues.length > 0) {
      offenders.push({
        kind: 'Pod',
        namespace: ns,
        name: pod.metadata?.name ?? '',
        detail: issues.join('; '),
      });
    }
  }
  return result(
    'privileged-pods',
    'No privileged pods, SYS_ADMIN/NET_ADMIN or host namespaces',
    'critical',
    offenders,
    [],
    'Remove `privileged: true`, the SYS_ADMIN/NET_ADMIN/ALL capabilities and hostNetwork/hostPID/' +
      'hostIPC from the owning workloads; enforce the baseline Pod Security Standard so they cannot return.',
  );
}

// (d) Pod Security Admission ------------------------------------------------------------------

/** The namespace label that sets the Pod Security Admission enforce level. */
export const POD_SECURITY_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

// ParseLevel (k8s.io/pod-security-admission/api/helpers.go)
/**
 * A Pod Security level from a label value; anything else is evaluated as `restricted` (fail
 * closed) and reported as invalid.
 */
export function parsePodSecurityLevel(value: string): { level: PodSecurityLevel; valid: boolean } {
  if (value === 'privileged' || value === 'baseline' || value === 'restricted') {
    return { level: value, valid: true };
  }
  return { level: 'restricted', valid: false };
}

// PolicyToEvaluate (k8s.io/pod-security-admission/api/helpers.go), the enforce level only
/**
 * The enforce level Pod Security Admission applies to a namespace: its label, or the
 * AdmissionConfiguration default when the label is absent.
 */
export function getPodSecurityEnforceLevel(
  namespace: V1Namespace,
  defaultLevel: PodSecurityLevel = 'privileged',
): { level: PodSecurityLevel; valid: boolean; fromLabel: boolean } {
  const value = namespace.metadata?.labels?.[POD_SECURITY_ENFORCE_LABEL];
  if (value === undefined) return { level: defaultLevel, valid: true, fromLabel: false };
  return { ...parsePodSecurityLevel(value), fromLabel: true };
}

/**
 * (d) Every tenant namespace enforces the baseline or restricted Pod Security Standard. An invalid
 * label value passes (PSA enforces `restricted` then) but is noted, since it hides the intent.
 */
export function checkPodSecurityAdmission(input: TenantIsolationInput): IsolationCheckResult {
  const ctx = buildContext(input);
  const byName = new Map(input.namespaces.map((n) => [n.metadata?.name ?? '', n]));
  const defaultLevel = input.defaultEnforceLevel ?? 'privileged';
  const offenders: IsolationFinding[] = [];
  const notes: IsolationFinding[] = [];
  for (const ns of ctx.namespaces) {
    const namespace = byName.get(ns);
    if (namespace === undefined) continue;
    const { level, valid, fromLabel } = getPodSecurityEnforceLevel(namespace, defaultLevel);
    const raw = namespace.metadata?.labels?.[POD_SECURITY_ENFORCE_LABEL];
    if (level === 'privileged') {
      offenders.push({
        kind: 'Namespace',
        name: ns,
        detail: fromLabel
          ? `${POD_SECURITY_ENFORCE_LABEL}=privileged allows any pod`
          : `no ${POD_SECURITY_ENFORCE_LABEL} label; the cluster default is privileged`,
      });
    } else if (!valid) {
      notes.push({
        kind: 'Namespace',
        name: ns,
        detail: `${POD_SECURITY_ENFORCE_LABEL}="${raw ?? ''}" is not a level; PSA enforces restricted`,
      });
    } else {
      notes.push({
        kind: 'Namespace',
        name: ns,
        detail: fromLabel ? `enforces ${level}` : `enforces ${level} (cluster default)`,
      });
    }
  }
  return result(
    'pod-security-admission',
    'Pod Security Admission enforces baseline or restricted',
    'high',
    offenders,
    notes,
    `Label each listed namespace \`${POD_SECURITY_ENFORCE_LABEL}=baseline\` (or \`restricted\`); ` +
      'try it first with the `warn` and `audit` labels to see which pods would be refused.',
  );
}

// (e), (g) RBAC ------------------------------------------------------------------------------

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

// (f) Taints and tolerations -----------------------------------------------------------------

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// IsDecimalInteger (k8s.io/apimachinery/pkg/api/validate/content) then strconv.ParseInt(s, 10, 64):
// "0" or a non-zero integer without leading zeros or a plus sign, within int64.
function parseDecimalInt64(s: string): bigint | null {
  if (!/^(0|-?[1-9][0-9]*)$/.test(s)) return null;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? null : v;
}

// compareNumericValues (staging/src/k8s.io/api/core/v1/toleration.go)
/**
 * The numeric comparison behind the `Lt` and `Gt` toleration operators: `Lt` tolerates a taint
 * value below the toleration's, `Gt` one above it. Either value not a canonical int64, or any
 * other operator, matches nothing.
 */
export function compareTolerationNumericValues(
  tolerationValue: string,
  taintValue: string,
  operator: string,
): boolean {
  const t = parseDecimalInt64(tolerationValue);
  if (t === null) return false;
  const v = parseDecimalInt64(taintValue);
  if (v === null) return false;
  if (operator === 'Lt') return v < t;
  if (operator === 'Gt') return v > t;
  return false;
}

// ToleratesTaint (staging/src/k8s.io/api/core/v1/toleration.go)
/**
 * Whether a toleration tolerates a taint: an empty effect matches every effect; an empty key with
 * `Exists` matches every taint; `Exists` matches every value; `Equal` (or no operator) needs equal
 * values; `Lt`/`Gt` compare integers ({@link compareTolerationNumericValues}) and match only when
 * `enableComparisonOperators` (the TaintTolerationComparisonOperators feature gate, alpha and off
 * by default in Kubernetes 1.35, which added the operators) is on; any other operator matches
 * nothing. Before 1.35 the function had no gate parameter and knew no `Lt`/`Gt`.
 */
export function toleratesTaint(
  toleration: V1Toleration,
  taint: V1Taint,
  enableComparisonOperators = false,
): boolean {
  if (
    toleration.effect !== undefined &&
    toleration.effect !== '' &&
    toleration.effect !== taint.effect
  ) {
    return false;
  }
  if (toleration.key !== undefined && toleration.key !== '' && toleration.key !== taint.key) {
    return false;
  }
  const operator = toleration.operator ?? '';
  switch (operator) {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    case 'Lt':
    case 'Gt':
      if (!enableComparisonOperators) return false;
      return compareTolerationNumericValues(toleration.value ?? '', taint.value ?? '', operator);
    default:
      return false;
  }
}

const ISOLATING_EFFECTS = ['NoSchedule', 'NoExecute'] as const;

/**
 * (f) The tenant's pods tolerate only its own taints, and its nodes are tainted for it.
 *
 * Convention: a tenant's node pool carries a taint whose key is one of the tenant label keys
 * (`plimsoll.io/tenant`, `capsule.clastix.io/tenant`) and whose value is the tenant, with effect
 * NoSchedule or NoExecute; its nodes are those labelled with such a key and the tenant's name.
 * A pod fails when it tolerates another tenant's taint — one on a node, or the taint any other
 * known tenant's pool would carry — including through a wildcard (`operator: Exists` on a tenant
 * key or on an empty key). A tenant node fails when it lacks its tenant taint, since any pod
 * could then be scheduled onto it.
 */
export function checkTenantTaints(input: TenantIsolationInput): IsolationCheckResult {
  const ctx = buildContext(input);
  const tenant = input.tenant;
  const keys = ctx.labels;
  const own = new Set(ctx.namespaces);
  const others = new Set<string>();
  for (const t of ctx.tenantOf.values()) if (t !== null) others.add(t);
  const foreign: Array<{ tenant: string; taint: V1Taint }> = [];
  for (const node of input.nodes) {
    for (const taint of node.spec?.taints ?? []) {
      if (keys.includes(taint.key) && (taint.value ?? '') !== tenant) {
        foreign.push({ tenant: taint.value ?? '', taint });
      }
    }
    for (const key of keys) {
      const v = node.metadata?.labels?.[key];
      if (v !== undefined && v !== '') others.add(v);
    }
  }
  others.delete(tenant);
  for (const other of others) {
    for (const key of keys) {
      for (const effect of ISOLATING_EFFECTS)
        foreign.push({ tenant: other, taint: { key, value: other, effect } });
    }
  }
  const offenders: IsolationFinding[] = [];
  for (const pod of input.pods) {
    const ns = pod.metadata?.namespace ?? '';
    if (!own.has(ns)) continue;
    const tolerations = pod.spec?.tolerations ?? [];
    const tolerated = new Set<string>();
    for (const { tenant: other, taint } of foreign) {
      if (tolerations.some((t) => toleratesTaint(t, taint))) tolerated.add(other);
    }
    if (tolerated.size === 0) continue;
    const wildcard = tolerations.some(
      (t) =>
        t.operator === 'Exists' && (t.key === undefined || t.key === '' || keys.includes(t.key)),
    );
    offenders.push({
      kind: 'Pod',
      namespace: ns,
      name: pod.metadata?.name ?? '',
      detail:
        `tolerates the taints of tenant ${[...tolerated].sort(compareStrings).join(', ')}` +
        (wildcard ? ' (a wildcard toleration)' : ''),
    });
  }
  const notes: IsolationFinding[] = [];
  let tenantNodes = 0;
  for (const node of input.nodes) {
    const name = node.metadata?.name ?? '';
    if (!keys.some((k) => node.metadata?.labels?.[k] === tenant)) continue;
    tenantNodes++;
    const tainted = (node.spec?.taints ?? []).some(
      (t) =>
        keys.includes(t.key) &&
        t.value === tenant &&
        (ISOLATING_EFFECTS as readonly string[]).includes(t.effect),
    );
    if (!tainted) {
      offenders.push({
        kind: 'Node',
        name,
        detail: `is labelled for tenant ${tenant} but has no NoSchedule/NoExecute taint ${keys[0] ?? ''}=${tenant}; other tenants' pods can run on it`,
      });
    }
  }
  if (tenantNodes === 0) {
    notes.push({
      kind: 'Tenant',
      name: tenant,
      detail: 'has no dedicated nodes; its pods share the general pool',
    });
  }
  return result(
    'tenant-taints',
    "Pods tolerate only their tenant's taints, and its nodes are tainted",
    'medium',
    offenders,
    notes,
    `Give the listed pods only the toleration \`${keys[0] ?? ''}=${tenant}\` (operator Equal), never a ` +
      `wildcard; taint each listed node \`kubectl taint node <node> ${keys[0] ?? ''}=${tenant}:NoSchedule\`.`,
  );
}

// Audit ----------------------------------------------------------------------------------------

/**
 * The isolation score: 100 × (sum of the severity weights of passed checks) / (sum over all
 * checks), rounded; weights in {@link ISOLATION_SEVERITY_WEIGHTS}. No checks score 100.
 */
export function getIsolationScore(checks: readonly IsolationCheckResult[]): number {
  let total = 0;
  let passed = 0;
  for (const c of checks) {
    const w = ISOLATION_SEVERITY_WEIGHTS[c.severity];
    total += w;
    if (c.passed) passed += w;
  }
  return total === 0 ? 100 : Math.round((100 * passed) / total);
}

/**
 * Audit one tenant's isolation: every check of {@link ISOLATION_CHECK_IDS}, in that order, and the
 * severity-weighted score.
 */
export function auditTenantIsolation(input: TenantIsolationInput): TenantIsolationAudit {
  const checks = [
    checkResourceQuotas(input),
    checkDefaultDenyNetworkPolicies(input),
    checkPrivilegedPods(input),
    checkPodSecurityAdmission(input),
    checkCrossTenantRoleBindings(input),
    checkTenantTaints(input),
    checkNamespaceAdminOutsiders(input),
  ];
  return { tenant: input.tenant, checks, score: getIsolationScore(checks) };
}

// Code-unit order, not locale order, so results are the same on every machine.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
