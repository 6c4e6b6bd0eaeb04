import type {
  V1Namespace,
  V1NetworkPolicy,
  V1Node,
  V1Pod,
  V1ResourceQuota,
  V1RoleBinding,
} from '@kubernetes/client-node';

import {
  DEFAULT_NAMESPACE_ADMIN_CLUSTER_ROLE,
  DEFAULT_TENANT_LABELS,
  getNamespaceTenant,
} from '../tenants.js';

/** The audit's vocabulary (checks, findings, severities, its input) and the context every check builds on. */
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

export interface AuditContext {
  input: TenantIsolationInput;
  labels: readonly string[];
  clusterRoleName: string;
  /** Tenant of each namespace by name (null: no tenant). */
  tenantOf: Map<string, string | null>;
  /** The audited tenant's namespaces, sorted by name. */
  namespaces: string[];
}

export function buildContext(input: TenantIsolationInput): AuditContext {
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

export function result(
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

/** Code-unit order, not locale order, so results are the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
