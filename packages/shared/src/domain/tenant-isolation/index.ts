/** The tenant isolation audit: seven checks of one tenant's namespaces, nodes and bindings, and a weighted score. */
import {
  ISOLATION_SEVERITY_WEIGHTS,
  type IsolationCheckResult,
  type TenantIsolationInput,
  type TenantIsolationAudit,
} from './audit-context.js';
import { checkResourceQuotas } from './quota-check.js';
import { checkDefaultDenyNetworkPolicies } from './network-policy-check.js';
import { checkPrivilegedPods } from './privileged-pods-check.js';
import { checkPodSecurityAdmission } from './pod-security-check.js';
import { checkCrossTenantRoleBindings, checkNamespaceAdminOutsiders } from './rbac-checks.js';
import { checkTenantTaints } from './taint-check.js';

export * from './quota-check.js';
export * from './network-policy-check.js';
export * from './privileged-pods-check.js';
export * from './pod-security-check.js';
export * from './rbac-checks.js';
export * from './taint-check.js';
export {
  ISOLATION_CHECK_IDS,
  ISOLATION_SEVERITY_WEIGHTS,
  type IsolationCheckId,
  type IsolationCheckResult,
  type IsolationFinding,
  type IsolationSeverity,
  type PodSecurityLevel,
  type TenantIsolationAudit,
  type TenantIsolationInput,
} from './audit-context.js';

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
