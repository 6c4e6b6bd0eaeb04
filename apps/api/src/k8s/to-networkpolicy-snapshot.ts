import { requireMetadata } from './snapshot-util.js';

/** A metav1.LabelSelector as the API carries it. */
export interface LabelSelectorSnapshot {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/**
 * What Plimsoll keeps of a networking.k8s.io NetworkPolicy: the selected pods, the policy types and the rules as the
 * API has them (peers and ports are small, and the tenant views read them whole).
 */
export interface NetworkPolicySnapshot {
  namespace: string;
  name: string;
  resourceVersion: string;
  podSelector: LabelSelectorSnapshot;
  /** spec.policyTypes, defaulted as the API server does: Ingress, plus Egress when egress rules exist. */
  policyTypes: string[];
  ingress: unknown[];
  egress: unknown[];
}

/** Slims a NetworkPolicy. */
export function toNetworkPolicySnapshot(object: unknown): NetworkPolicySnapshot {
  const meta = requireMetadata('NetworkPolicy', object);
  const spec = (object as { spec?: Record<string, unknown> }).spec ?? {};
  const ingress = Array.isArray(spec.ingress) ? (spec.ingress as unknown[]) : [];
  const egress = Array.isArray(spec.egress) ? (spec.egress as unknown[]) : [];
  let policyTypes = Array.isArray(spec.policyTypes)
    ? (spec.policyTypes as unknown[]).filter((t): t is string => typeof t === 'string')
    : [];
  // SetDefaults_NetworkPolicySpec (pkg/apis/networking/v1/defaults.go) fills policyTypes when it is empty.
  if (policyTypes.length === 0)
    policyTypes = egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  const selector =
    spec.podSelector && typeof spec.podSelector === 'object'
      ? (spec.podSelector as LabelSelectorSnapshot)
      : {};
  return {
    namespace: meta.namespace,
    name: meta.name,
    resourceVersion: meta.resourceVersion,
    podSelector: selector,
    policyTypes,
    ingress,
    egress,
  };
}
