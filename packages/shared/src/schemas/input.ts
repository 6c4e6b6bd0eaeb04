import { z } from 'zod';

import { isInt64Id } from '../domain/input-policy.js';
import {
  DNS1123_LABEL_MAX_LENGTH,
  DNS1123_SUBDOMAIN_MAX_LENGTH,
  explainInvalidKubeName,
  KUBE_NAME_RULES,
  LABEL_VALUE_MAX_LENGTH,
  type KubeNamedKind,
} from '../domain/kube-names.js';

const MAX_LENGTH: Record<(typeof KUBE_NAME_RULES)[KubeNamedKind], number> = {
  'dns1123-label': DNS1123_LABEL_MAX_LENGTH,
  'dns1123-subdomain': DNS1123_SUBDOMAIN_MAX_LENGTH,
  'label-value': LABEL_VALUE_MAX_LENGTH,
};

/**
 * A request field naming a Kubernetes object of `kind`, checked by the API server's own rule for that kind
 * (DNS-1123 label for namespaces, subdomain for nodes, pods and quotas, label value for tenants). A name that
 * breaks the rule names nothing, so it is a 400, never a lookup.
 */
export function kubeNameSchema(kind: KubeNamedKind) {
  return z
    .string()
    .min(1)
    .max(MAX_LENGTH[KUBE_NAME_RULES[kind]])
    .superRefine((value, ctx) => {
      const why = explainInvalidKubeName(kind, value);
      if (why !== null) ctx.addIssue({ code: 'custom', message: why });
    });
}

/** A row id in a path: a decimal integer from 1 to 2^63−1 (a Postgres bigint), without leading zeros. */
export function int64IdSchema(what: string) {
  return z
    .string()
    .regex(/^[1-9]\d{0,18}$/, `${what} is a decimal integer`)
    .refine(isInt64Id, `${what} is at most 9223372036854775807`);
}
