import type { V1Namespace } from '@kubernetes/client-node';

import {
  type IsolationFinding,
  type IsolationCheckResult,
  type PodSecurityLevel,
  type TenantIsolationInput,
  buildContext,
  result,
} from './audit-context.js';

// (d) Pod Security Admission

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
