import { badRequest } from '../store/api-error.js';
import { readPath } from '../store/json.js';
import type { KubeObject } from '../store/types.js';

/** One parsed label requirement (k8s.io/apimachinery/pkg/labels Requirement). */
export interface LabelRequirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | '=' | '==' | '!=' | 'gt' | 'lt';
  values: string[];
}

/** A parsed label selector; an empty list selects everything. */
export type LabelSelector = LabelRequirement[];

type Token = { kind: 'id' | 'op' | 'comma' | 'open' | 'close' | 'not'; text: string };

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === ',') {
      tokens.push({ kind: 'comma', text: c });
      i++;
    } else if (c === '(') {
      tokens.push({ kind: 'open', text: c });
      i++;
    } else if (c === ')') {
      tokens.push({ kind: 'close', text: c });
      i++;
    } else if (input.startsWith('==', i) || input.startsWith('!=', i)) {
      tokens.push({ kind: 'op', text: input.slice(i, i + 2) });
      i += 2;
    } else if (c === '=' || c === '>' || c === '<') {
      tokens.push({ kind: 'op', text: c });
      i++;
    } else if (c === '!') {
      tokens.push({ kind: 'not', text: c });
      i++;
    } else {
      let j = i;
      while (j < input.length && !' \t,()=!<>'.includes(input[j] as string)) j++;
      tokens.push({ kind: 'id', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

// Parse (k8s.io/apimachinery/pkg/labels/selector.go): the string form of a label selector
/** Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h`; throws a 400 ApiError when malformed. */
export function parseLabelSelector(input: string | undefined | null): LabelSelector {
  if (!input || input.trim() === '') return [];
  const tokens = lex(input);
  const reqs: LabelRequirement[] = [];
  let p = 0;
  const fail = (msg: string): never => {
    throw badRequest(`unable to parse requirement: ${msg}`);
  };
  const next = (): Token | undefined => tokens[p++];
  const peek = (): Token | undefined => tokens[p];
  while (p < tokens.length) {
    let tok = next();
    if (tok?.kind === 'not') {
      const key = next();
      if (key?.kind !== 'id') fail(`found '${key?.text ?? ''}', expected: identifier after '!'`);
      reqs.push({ key: (key as Token).text, op: '!', values: [] });
    } else if (tok?.kind === 'id') {
      const key = tok.text;
      const after = peek();
      if (!after || after.kind === 'comma') {
        reqs.push({ key, op: 'exists', values: [] });
      } else if (after.kind === 'op') {
        p++;
        const value = peek()?.kind === 'id' ? (next() as Token).text : '';
        const op =
          after.text === '>' ? 'gt' : after.text === '<' ? 'lt' : (after.text as '=' | '==' | '!=');
        reqs.push({ key, op, values: [value] });
      } else if (after.kind === 'id' && (after.text === 'in' || after.text === 'notin')) {
        p++;
        if (next()?.kind !== 'open') fail(`found '${peek()?.text ?? ''}', expected: '('`);
        const values: string[] = [];
        for (;;) {
          tok = next();
          if (!tok) fail('found end of input, expected: )');
          if (tok?.kind === 'close') break;
          if (tok?.kind === 'comma') continue;
          if (tok?.kind !== 'id') fail(`found '${tok?.text ?? ''}', expected: identifier`);
          values.push((tok as Token).text);
        }
        reqs.push({ key, op: after.text, values });
      } else {
        fail(`found '${after.text}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    } else {
      fail(`found '${tok?.text ?? ''}', expected: !, identifier, or 'end of string'`);
    }
    const sep = next();
    if (sep && sep.kind !== 'comma') fail(`found '${sep.text}', expected: ',' or 'end of string'`);
  }
  return reqs;
}

// Requirement.Matches (k8s.io/apimachinery/pkg/labels/selector.go)
/** Whether the labels satisfy every requirement. */
export function matchesLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const ls = labels ?? {};
  for (const r of selector) {
    const has = Object.prototype.hasOwnProperty.call(ls, r.key);
    const v = ls[r.key];
    switch (r.op) {
      case '=':
      case '==':
      case 'in':
        if (!has || !r.values.includes(v as string)) return false;
        break;
      case '!=':
      case 'notin':
        if (has && r.values.includes(v as string)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case 'gt':
      case 'lt': {
        const n = Number(v);
        const bound = Number(r.values[0]);
        if (!has || !Number.isInteger(n) || !Number.isInteger(bound)) return false;
        if (r.op === 'gt' ? !(n > bound) : !(n < bound)) return false;
        break;
      }
    }
  }
  return true;
}

/** One field requirement: `field=value`, `field==value` or `field!=value`. */
export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

// splitTerms / splitTerm / UnescapeValue (k8s.io/apimachinery/pkg/fields/selector.go)
/** Parses a field selector, honouring the `\,` `\=` `\!` `\\` escapes; throws a 400 when malformed. */
export function parseFieldSelector(input: string | undefined | null): FieldRequirement[] {
  if (!input) return [];
  const terms: string[] = [];
  let cur = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as string;
    if (c === '\\' && i + 1 < input.length) {
      cur += c + input[++i];
    } else if (c === ',') {
      terms.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  terms.push(cur);
  const out: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    let idx = -1;
    let op: '=' | '!=' = '=';
    let width = 1;
    for (let i = 0; i < term.length; i++) {
      if (term[i] === '\\') {
        i++;
        continue;
      }
      if (term.startsWith('!=', i)) {
        [idx, op, width] = [i, '!=', 2];
        break;
      }
      if (term.startsWith('==', i)) {
        [idx, op, width] = [i, '=', 2];
        break;
      }
      if (term[i] === '=') {
        [idx, op, width] = [i, '=', 1];
        break;
      }
    }
    if (idx < 0) throw badRequest(`invalid selector: '${input}'; can't understand '${term}'`);
    const value = term.slice(idx + width).replace(/\\(.)/g, '$1');
    out.push({ field: term.slice(0, idx).trim(), op, value });
  }
  return out;
}

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

const EVENT_FIELDS = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
];

/** Field selector keys each resource supports, as their registries' GetAttrs/field label conversions allow. */
const SUPPORTED_FIELDS: Record<string, string[]> = {
  'core/v1/pods': [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  'core/v1/nodes': ['spec.unschedulable'],
  'core/v1/namespaces': ['status.phase'],
  'core/v1/secrets': ['type'],
  'core/v1/events': EVENT_FIELDS,
};

/** The field selector keys a resource type accepts. */
export function supportedFields(key: string): string[] {
  return [...COMMON_FIELDS, ...(SUPPORTED_FIELDS[key] ?? [])];
}

/** Rejects selectors on fields the resource does not support, as the API server does (400). */
export function validateFieldSelector(key: string, reqs: FieldRequirement[]): FieldRequirement[] {
  const supported = supportedFields(key);
  return reqs.map((r) => {
    // events.k8s.io/v1 names the involved object `regarding`; both groups store the core shape.
    const field = r.field.startsWith('regarding.')
      ? `involvedObject.${r.field.slice(10)}`
      : r.field;
    if (!supported.includes(field)) throw badRequest(`field label not supported: ${r.field}`);
    return { ...r, field };
  });
}

/** The string value of a selectable field, '' when absent (booleans as "true"/"false"). */
export function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'source') {
    const src = readPath(obj, 'source.component');
    return typeof src === 'string' ? src : '';
  }
  const v = readPath(obj, field);
  if (v === undefined || v === null)
    return field === 'spec.unschedulable' || field === 'spec.hostNetwork' ? 'false' : '';
  return String(v);
}

/** Whether an object satisfies every field requirement. */
export function matchesFields(reqs: FieldRequirement[], obj: KubeObject): boolean {
  for (const r of reqs) {
    const v = fieldValue(obj, r.field);
    if (r.op === '=' ? v !== r.value : v === r.value) return false;
  }
  return true;
}

/** A compiled label + field selector. */
export interface ObjectFilter {
  labels: LabelSelector;
  fields: FieldRequirement[];
  matches(obj: KubeObject): boolean;
}

/** Builds the filter for a list or watch request. */
export function compileFilter(
  key: string,
  labelSelector?: string | null,
  fieldSelector?: string | null,
): ObjectFilter {
  const labels = parseLabelSelector(labelSelector);
  const fields = validateFieldSelector(key, parseFieldSelector(fieldSelector));
  return {
    labels,
    fields,
    matches: (obj) => matchesFields(fields, obj) && matchesLabels(labels, obj.metadata.labels),
  };
}
