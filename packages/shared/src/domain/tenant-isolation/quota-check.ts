import type { V1ResourceQuota } from '@kubernetes/client-node';

import {
  type IsolationFinding,
  type IsolationCheckResult,
  type TenantIsolationInput,
  buildContext,
  result,
  compareStrings,
} from './audit-context.js';

// (a) ResourceQuota

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
