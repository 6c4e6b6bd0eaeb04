import type {
  V1LabelSelector,
  V1NetworkPolicy,
  V1NetworkPolicyIngressRule,
} from '@kubernetes/client-node';

import {
  type IsolationFinding,
  type IsolationCheckResult,
  type TenantIsolationInput,
  buildContext,
  result,
  compareStrings,
} from './audit-context.js';

// (b) NetworkPolicy

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
