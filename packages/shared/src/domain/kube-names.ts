// Kubernetes name rules, as k8s.io/apimachinery/pkg/util/validation/validation.go states them. The API server
// refuses any object whose name breaks its kind's rule, so a name that breaks it names nothing: the API can
// answer 400 at once instead of looking it up (or, worse, reading another kind's object under that name).

/** The longest DNS-1123 label: `DNS1123LabelMaxLength`. */
export const DNS1123_LABEL_MAX_LENGTH = 63;
/** The longest DNS-1123 subdomain: `DNS1123SubdomainMaxLength`. */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
/** The longest label value: `LabelValueMaxLength`. */
export const LABEL_VALUE_MAX_LENGTH = 63;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * A DNS-1123 label (RFC 1123): at most 63 lower-case alphanumerics or '-', starting and ending with an
 * alphanumeric. The rule for Namespace names (`ValidateNamespaceName`).
 */
export function isDns1123Label(value: string): boolean {
  return value.length <= DNS1123_LABEL_MAX_LENGTH && DNS1123_LABEL.test(value);
}

/**
 * A DNS-1123 subdomain: at most 253 characters, dot-separated DNS-1123 labels. The rule for the names of
 * Nodes, Pods, ResourceQuotas, ConfigMaps and most other kinds (`NameIsDNSSubdomain`).
 */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= DNS1123_SUBDOMAIN_MAX_LENGTH && DNS1123_SUBDOMAIN.test(value);
}

/**
 * A label value (`IsValidLabelValue`): empty, or at most 63 alphanumerics, '-', '_' or '.', starting and
 * ending with an alphanumeric. Tenants are named by a namespace label's value.
 */
export function isLabelValue(value: string): boolean {
  return value.length <= LABEL_VALUE_MAX_LENGTH && LABEL_VALUE.test(value);
}

/** Which rule a kind's names follow. */
export type KubeNameRule = 'dns1123-label' | 'dns1123-subdomain' | 'label-value';

/** The rule each kind Plimsoll takes by name follows (k8s.io/kubernetes pkg/apis/core/validation). */
export const KUBE_NAME_RULES = {
  namespace: 'dns1123-label',
  node: 'dns1123-subdomain',
  pod: 'dns1123-subdomain',
  resourceQuota: 'dns1123-subdomain',
  tenant: 'label-value',
  // Deployments, StatefulSets, DaemonSets and Jobs are named as DNS subdomains (ValidateObjectMeta).
  workload: 'dns1123-subdomain',
} as const satisfies Record<string, KubeNameRule>;

/** A kind Plimsoll takes by name. */
export type KubeNamedKind = keyof typeof KUBE_NAME_RULES;

/** Why `value` is not a valid name of `kind`, in the API server's words; null when it is valid. */
export function explainInvalidKubeName(kind: KubeNamedKind, value: string): string | null {
  const rule = KUBE_NAME_RULES[kind];
  switch (rule) {
    case 'dns1123-label':
      return isDns1123Label(value)
        ? null
        : `a ${kind} name must be a lowercase RFC 1123 label: at most ${DNS1123_LABEL_MAX_LENGTH} lower-case alphanumeric characters or '-', starting and ending with an alphanumeric character`;
    case 'dns1123-subdomain':
      return isDns1123Subdomain(value)
        ? null
        : `a ${kind} name must be a lowercase RFC 1123 subdomain: at most ${DNS1123_SUBDOMAIN_MAX_LENGTH} lower-case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character`;
    case 'label-value':
      return value !== '' && isLabelValue(value)
        ? null
        : `a ${kind} name must be a non-empty label value: at most ${LABEL_VALUE_MAX_LENGTH} alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character`;
  }
}

/** Whether `value` is a valid name of `kind`. */
export function isValidKubeName(kind: KubeNamedKind, value: string): boolean {
  return explainInvalidKubeName(kind, value) === null;
}

// RegexError (k8s.io/apimachinery/pkg/api/validate/content/errors.go)
function regexError(msg: string, re: string, ...examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${re}')`;
}

const LABEL_KEY_NAME_MAX_LENGTH = 63;
const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY_NAME = new RegExp(`^${LABEL_KEY_FMT}$`);
const LABEL_KEY_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

// IsLabelKey (k8s.io/apimachinery/pkg/api/validate/content/kube.go)
/**
 * Why `key` is not a valid label key (a qualified name: an optional DNS-1123 subdomain prefix and `/`, then
 * at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric), in the API server's
 * words; empty when it is valid.
 */
export function explainInvalidLabelKey(key: string): string[] {
  const errs: string[] = [];
  const parts = key.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else {
      if (prefix.length > DNS1123_SUBDOMAIN_MAX_LENGTH)
        errs.push(`prefix part must be no more than ${DNS1123_SUBDOMAIN_MAX_LENGTH} bytes`);
      if (!DNS1123_SUBDOMAIN.test(prefix))
        errs.push(
          `prefix part ${regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com')}`,
        );
    }
  } else {
    return [
      `a valid label key ${regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > LABEL_KEY_NAME_MAX_LENGTH)
    errs.push(`name part must be no more than ${LABEL_KEY_NAME_MAX_LENGTH} bytes`);
  if (!LABEL_KEY_NAME.test(name))
    errs.push(
      `name part ${regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}`,
    );
  return errs;
}

// IsLabelValue (k8s.io/apimachinery/pkg/api/validate/content/kube.go)
/** Why `value` is not a valid label value ({@link isLabelValue}), in the API server's words; empty when valid. */
export function explainInvalidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_VALUE_MAX_LENGTH)
    errs.push(`must be no more than ${LABEL_VALUE_MAX_LENGTH} bytes`);
  if (!LABEL_VALUE.test(value))
    errs.push(regexError(LABEL_VALUE_ERR, `(${LABEL_KEY_FMT})?`, 'MyValue', 'my_value', '12345'));
  return errs;
}
