import type {
  V1Affinity,
  V1NodeSelector,
  V1NodeSelectorRequirement,
  V1NodeSelectorTerm,
} from '@kubernetes/client-node';

import { parseGoInt64 } from './go-strconv.js';
import { explainInvalidLabelKey, explainInvalidLabelValue } from './kube-names.js';

// Node affinity as the scheduler evaluates it: k8s.io/component-helpers/scheduling/corev1/nodeaffinity and the
// label selectors of k8s.io/apimachinery/pkg/labels/selector.go. A pod's selector is parsed when it is matched,
// so a requirement the API server would have refused (a bad key, an Exists with values, a Gt that is no
// integer) is a parse error of its term, which then matches nothing.

/** A field.Error of k8s.io/apimachinery/pkg/util/validation/field (without the bad value). */
export interface FieldError {
  type: 'FieldValueInvalid' | 'FieldValueNotSupported';
  /** The path, as field.Path renders it: `nodeSelectorTerms[0].matchFields[0].values`. */
  field: string;
  detail: string;
}

/** selection.Operator (k8s.io/apimachinery/pkg/selection/operator.go). */
export type SelectionOperator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

/** One requirement of a label selector (labels.Requirement). */
export interface LabelRequirement {
  key: string;
  operator: SelectionOperator;
  values: readonly string[];
}

/** A label selector: labels.Nothing(), or requirements that must all hold (labels.internalSelector). */
export type LabelSelector =
  { kind: 'nothing' } | { kind: 'requirements'; requirements: readonly LabelRequirement[] };

/** A field selector over a node's fields: fields.Nothing(), or terms that must all hold. */
export type FieldSelector =
  | { kind: 'nothing' }
  | { kind: 'terms'; terms: ReadonlyArray<{ field: string; operator: '=' | '!='; value: string }> };

/** The node fields a node selector can read (extractNodeFields): only `metadata.name`. */
export const NODE_NAME_FIELD = 'metadata.name';

/** The node a selector reads: its name and labels. */
export interface SelectableNode {
  metadata?: { name?: string; labels?: Record<string, string> };
}

/** A parsed node selector term: its selectors, or the errors that make it match nothing. */
export interface ParsedNodeSelectorTerm {
  matchLabels: LabelSelector | null;
  matchFields: FieldSelector | null;
  parseErrors: FieldError[];
}

/** A node selector parsed lazily (LazyErrorNodeSelector): its non-empty terms. */
export interface LazyErrorNodeSelector {
  terms: ParsedNodeSelectorTerm[];
}

const child = (path: string, name: string) => (path === '' ? name : `${path}.${name}`);
const index = (path: string, i: number | string) => `${path}[${i}]`;
const invalid = (field: string, detail: string): FieldError => ({
  type: 'FieldValueInvalid',
  field,
  detail,
});
const notSupported = (field: string, supported: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  detail: `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}`,
});

const VALID_REQUIREMENT_OPERATORS: readonly SelectionOperator[] = [
  'in',
  'notin',
  '=',
  '==',
  '!=',
  'gt',
  'lt',
  'exists',
  '!',
];

// NewRequirement (k8s.io/apimachinery/pkg/labels/selector.go)
/**
 * A label requirement and the errors that make it invalid: In/NotIn need values, Exists/DoesNotExist none,
 * the exact-match operators one, Gt/Lt exactly one that strconv.ParseInt reads; the key must be a qualified
 * name and every value a label value. The API server checks the same at admission, so a stored pod's
 * requirements normally pass.
 */
export function newLabelRequirement(
  key: string,
  operator: SelectionOperator,
  values: readonly string[],
  path = '',
): { requirement: LabelRequirement; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const keyErrors = explainInvalidLabelKey(key);
  if (keyErrors.length > 0) errors.push(invalid(child(path, 'key'), keyErrors.join('; ')));
  const valuePath = child(path, 'values');
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0)
        errors.push(invalid(valuePath, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1)
        errors.push(invalid(valuePath, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0)
        errors.push(invalid(valuePath, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1)
        errors.push(invalid(valuePath, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseGoInt64(v) === null)
          errors.push(
            invalid(index(valuePath, i), "for 'Gt', 'Lt' operators, the value must be an integer"),
          );
      });
      break;
    default:
      errors.push(notSupported(child(path, 'operator'), VALID_REQUIREMENT_OPERATORS));
  }
  values.forEach((v, i) => {
    const valueErrors = explainInvalidLabelValue(v);
    if (valueErrors.length > 0)
      errors.push(invalid(index(index(valuePath, i), key), valueErrors.join('; ')));
  });
  return { requirement: { key, operator, values: [...values] }, errors };
}

// Requirement.Matches (k8s.io/apimachinery/pkg/labels/selector.go)
/**
 * Whether labels satisfy a requirement. Gt/Lt read both the label's value and the requirement's with
 * strconv.ParseInt (so `0206` is 206, and `1e3` or ` 5` is no number and matches nothing).
 */
export function labelRequirementMatches(
  r: LabelRequirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (value === undefined) return false;
      const labelValue = parseGoInt64(value);
      if (labelValue === null || r.values.length !== 1) return false;
      const bound = parseGoInt64(r.values[0] ?? '');
      if (bound === null) return false;
      return r.operator === 'gt' ? labelValue > bound : labelValue < bound;
    }
    default:
      return false;
  }
}

// internalSelector.Matches and nothingSelector.Matches (k8s.io/apimachinery/pkg/labels/selector.go)
/** Whether labels satisfy a selector: every requirement holds; Nothing matches no labels. */
export function labelSelectorMatches(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (selector.kind === 'nothing') return false;
  return selector.requirements.every((r) => labelRequirementMatches(r, labels));
}

// SelectorFromSet (k8s.io/apimachinery/pkg/labels/selector.go)
/** The selector of a `key: value` map (a pod's nodeSelector): every key present with that value. */
export function labelSelectorFromSet(set: Readonly<Record<string, string>>): LabelSelector {
  const requirements = Object.keys(set)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key): LabelRequirement => ({ key, operator: '=', values: [set[key] ?? ''] }));
  return { kind: 'requirements', requirements };
}

const NODE_SELECTOR_OPERATORS: Readonly<Record<string, SelectionOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};
const VALID_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;
const VALID_FIELD_SELECTOR_OPERATORS = ['In', 'NotIn'] as const;

// nodeSelectorRequirementsAsSelector (k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go)
/** The label selector of a term's matchExpressions (none: Nothing), or the errors that make it invalid. */
export function nodeSelectorRequirementsAsSelector(
  requirements: readonly V1NodeSelectorRequirement[] | undefined,
  path: string,
): { selector: LabelSelector | null; errors: FieldError[] } {
  if (!requirements || requirements.length === 0)
    return { selector: { kind: 'nothing' }, errors: [] };
  const errors: FieldError[] = [];
  const parsed: LabelRequirement[] = [];
  requirements.forEach((expr, i) => {
    const p = index(path, i);
    const op = Object.prototype.hasOwnProperty.call(NODE_SELECTOR_OPERATORS, expr.operator)
      ? NODE_SELECTOR_OPERATORS[expr.operator]
      : undefined;
    if (op === undefined) {
      errors.push(notSupported(child(p, 'operator'), VALID_SELECTOR_OPERATORS));
      return;
    }
    const r = newLabelRequirement(expr.key, op, expr.values ?? [], p);
    if (r.errors.length > 0) errors.push(...r.errors);
    else parsed.push(r.requirement);
  });
  if (errors.length > 0) return { selector: null, errors };
  // internalSelector.Add keeps the requirements sorted by key (a stable sort).
  parsed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { selector: { kind: 'requirements', requirements: parsed }, errors: [] };
}

// nodeSelectorRequirementsAsFieldSelector (k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go)
/** The field selector of a term's matchFields: In/NotIn with exactly one value each (none: Nothing). */
export function nodeSelectorRequirementsAsFieldSelector(
  requirements: readonly V1NodeSelectorRequirement[] | undefined,
  path: string,
): { selector: FieldSelector | null; errors: FieldError[] } {
  if (!requirements || requirements.length === 0)
    return { selector: { kind: 'nothing' }, errors: [] };
  const errors: FieldError[] = [];
  const terms: Array<{ field: string; operator: '=' | '!='; value: string }> = [];
  requirements.forEach((expr, i) => {
    const p = index(path, i);
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      const values = expr.values ?? [];
      if (values.length !== 1) errors.push(invalid(child(p, 'values'), 'must have one element'));
      else
        terms.push({
          field: expr.key,
          operator: expr.operator === 'In' ? '=' : '!=',
          value: values[0] ?? '',
        });
    } else {
      errors.push(notSupported(child(p, 'operator'), VALID_FIELD_SELECTOR_OPERATORS));
    }
  });
  if (errors.length > 0) return { selector: null, errors };
  return { selector: { kind: 'terms', terms }, errors: [] };
}

// hasTerm.Matches, notHasTerm.Matches, andTerm.Matches (k8s.io/apimachinery/pkg/fields/selector.go)
function fieldSelectorMatches(selector: FieldSelector, fields: Record<string, string>): boolean {
  if (selector.kind === 'nothing') return false;
  // fields.Set.Get: an absent field reads as "".
  const get = (f: string) => (Object.prototype.hasOwnProperty.call(fields, f) ? fields[f] : '');
  return selector.terms.every((t) =>
    t.operator === '=' ? get(t.field) === t.value : get(t.field) !== t.value,
  );
}

// newNodeSelectorTerm (k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go)
function newNodeSelectorTerm(term: V1NodeSelectorTerm, path: string): ParsedNodeSelectorTerm {
  const parsed: ParsedNodeSelectorTerm = { matchLabels: null, matchFields: null, parseErrors: [] };
  if ((term.matchExpressions ?? []).length !== 0) {
    const r = nodeSelectorRequirementsAsSelector(
      term.matchExpressions,
      child(path, 'matchExpressions'),
    );
    parsed.matchLabels = r.selector;
    parsed.parseErrors.push(...r.errors);
  }
  if ((term.matchFields ?? []).length !== 0) {
    const r = nodeSelectorRequirementsAsFieldSelector(term.matchFields, child(path, 'matchFields'));
    parsed.matchFields = r.selector;
    parsed.parseErrors.push(...r.errors);
  }
  return parsed;
}

// nodeSelectorTerm.match (k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go)
function matchNodeSelectorTerm(
  term: ParsedNodeSelectorTerm,
  labels: Record<string, string>,
  fields: Record<string, string>,
): { match: boolean; errors: FieldError[] } {
  if (term.parseErrors.length > 0) return { match: false, errors: term.parseErrors };
  if (term.matchLabels !== null && !labelSelectorMatches(term.matchLabels, labels))
    return { match: false, errors: [] };
  // A node without a name has no fields, and then matchFields are not checked (as upstream).
  if (
    term.matchFields !== null &&
    Object.keys(fields).length > 0 &&
    !fieldSelectorMatches(term.matchFields, fields)
  )
    return { match: false, errors: [] };
  return { match: true, errors: [] };
}

// NewLazyErrorNodeSelector (k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go)
/** Parses a node selector's terms, skipping empty ones (an empty term selects nothing); errors wait for Match. */
export function newLazyErrorNodeSelector(
  selector: Partial<V1NodeSelector>,
  path = '',
): LazyErrorNodeSelector {
  const termsPath = child(path, 'nodeSelectorTerms');
  const terms: ParsedNodeSelectorTerm[] = [];
  (selector.nodeSelectorTerms ?? []).forEach((term, i) => {
    if ((term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0) return;
    terms.push(newNodeSelectorTerm(term, index(termsPath, i)));
  });
  return { terms };
}

// LazyErrorNodeSelector.Match (k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go)
/**
 * Whether a node matches any term (terms are ORed, the requirements of a term ANDed). A term with parse
 * errors is skipped; its errors are returned only when no term matched. No node matches nothing.
 */
export function matchLazyErrorNodeSelector(
  selector: LazyErrorNodeSelector,
  node: SelectableNode | null | undefined,
): { match: boolean; errors: FieldError[] } {
  if (!node) return { match: false, errors: [] };
  const labels = node.metadata?.labels ?? {};
  const name = node.metadata?.name ?? '';
  const fields: Record<string, string> = name.length > 0 ? { [NODE_NAME_FIELD]: name } : {};
  const errors: FieldError[] = [];
  for (const term of selector.terms) {
    const r = matchNodeSelectorTerm(term, labels, fields);
    if (r.errors.length > 0) {
      errors.push(...r.errors);
      continue;
    }
    if (r.match) return { match: true, errors: [] };
  }
  return { match: false, errors };
}

// NewNodeSelector (k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go)
/** A node selector parsed strictly: every term's parse errors at once, and no selector when there are any. */
export function newNodeSelector(
  selector: Partial<V1NodeSelector>,
  path = '',
): { selector: LazyErrorNodeSelector | null; errors: FieldError[] } {
  const lazy = newLazyErrorNodeSelector(selector, path);
  const errors = lazy.terms.flatMap((t) => t.parseErrors);
  return errors.length > 0 ? { selector: null, errors } : { selector: lazy, errors: [] };
}

// MatchNodeSelectorTerms (k8s.io/component-helpers/scheduling/corev1/helpers.go)
/** Whether a node matches a node selector's terms, ORed; no node, or a nil or empty term, matches nothing. */
export function matchNodeSelectorTerms(
  node: SelectableNode | null | undefined,
  selector: Partial<V1NodeSelector> | null | undefined,
): { match: boolean; errors: FieldError[] } {
  if (!node) return { match: false, errors: [] };
  return matchLazyErrorNodeSelector(newLazyErrorNodeSelector(selector ?? {}), node);
}

/** A pod's required node placement: its nodeSelector map and required node affinity, parsed. */
export interface RequiredNodeAffinity {
  labelSelector: LabelSelector | null;
  nodeSelector: LazyErrorNodeSelector | null;
}

/** The parts of a pod that constrain the nodes it may run on. */
export interface PodNodePlacement {
  spec?: { nodeSelector?: Record<string, string>; affinity?: V1Affinity };
}

// GetRequiredNodeAffinity (k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go)
/** Parses a pod's nodeSelector (when non-empty) and requiredDuringSchedulingIgnoredDuringExecution (when set). */
export function getRequiredNodeAffinity(pod: PodNodePlacement): RequiredNodeAffinity {
  const map = pod.spec?.nodeSelector ?? {};
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return {
    labelSelector: Object.keys(map).length > 0 ? labelSelectorFromSet(map) : null,
    nodeSelector: required ? newLazyErrorNodeSelector(required) : null,
  };
}

// RequiredNodeAffinity.Match (k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go)
/** Whether a pod may be scheduled onto a node: its nodeSelector matches the labels AND its required affinity. */
export function matchRequiredNodeAffinity(
  affinity: RequiredNodeAffinity,
  node: SelectableNode,
): { match: boolean; errors: FieldError[] } {
  if (
    affinity.labelSelector !== null &&
    !labelSelectorMatches(affinity.labelSelector, node.metadata?.labels ?? {})
  )
    return { match: false, errors: [] };
  if (affinity.nodeSelector !== null)
    return matchLazyErrorNodeSelector(affinity.nodeSelector, node);
  return { match: true, errors: [] };
}
