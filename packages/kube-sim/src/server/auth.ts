/**
 * Authentication by bearer token and authorization for SubjectAccessReviews.
 *
 * Policy: members of `system:masters` may do everything; anyone else is allowed what the RBAC objects in
 * the store grant (RoleBindings in the namespace and ClusterRoleBindings, resolved to Roles/ClusterRoles,
 * matched as rbac's RuleAllows does; aggregated ClusterRoles are not expanded).
 */
import type { IncomingMessage } from 'node:http';

import type { KubeObjectStore } from '../store/object-store.js';
import { isPlainObject } from '../store/json.js';
import type { KubeObject } from '../store/types.js';

/** A user as authentication yields it. */
export interface SimUser {
  username: string;
  uid?: string;
  groups: string[];
}

/** Bearer tokens the server accepts; with none configured every request acts as {@link DEFAULT_ADMIN}. */
export interface AuthConfig {
  tokens: Map<string, SimUser>;
}

/** The user of unauthenticated requests when no token is configured. */
export const DEFAULT_ADMIN: SimUser = {
  username: 'kube-sim-admin',
  groups: ['system:masters', 'system:authenticated'],
};

/** The user a request authenticates as, or undefined when a token is required and missing or wrong. */
export function authenticate(req: IncomingMessage, cfg: AuthConfig): SimUser | undefined {
  if (cfg.tokens.size === 0) return DEFAULT_ADMIN;
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match ? cfg.tokens.get((match[1] as string).trim()) : undefined;
}

/** POST tokenreviews: the review with its status filled in. */
export function reviewToken(review: KubeObject, cfg: AuthConfig): KubeObject {
  const spec = isPlainObject(review.spec) ? review.spec : {};
  const user = typeof spec.token === 'string' ? cfg.tokens.get(spec.token) : undefined;
  const status = user
    ? {
        authenticated: true,
        user: { username: user.username, uid: user.uid ?? user.username, groups: user.groups },
        audiences: spec.audiences ?? [],
      }
    : { authenticated: false, error: 'invalid bearer token' };
  return { ...review, apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', status };
}

/** The attributes of one access check (authorization.k8s.io ResourceAttributes / NonResourceAttributes). */
export interface AccessAttributes {
  user: string;
  groups: string[];
  verb: string;
  namespace?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  path?: string;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function has(list: string[], value: string): boolean {
  return list.includes('*') || list.includes(value);
}

// RuleAllows (pkg/registry/rbac/validation/rule.go) with VerbMatches/APIGroupMatches/ResourceMatches/ResourceNameMatches
function ruleAllows(rule: Record<string, unknown>, a: AccessAttributes): boolean {
  if (!has(strings(rule.verbs), a.verb)) return false;
  if (a.resource === undefined) {
    const urls = strings(rule.nonResourceURLs);
    const path = a.path ?? '';
    return urls.some(
      (u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
    );
  }
  if (!has(strings(rule.apiGroups), a.group ?? '')) return false;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resources = strings(rule.resources);
  const resourceOk =
    resources.includes('*') ||
    resources.includes(combined) ||
    (a.subresource ? resources.includes(`*/${a.subresource}`) : false);
  if (!resourceOk) return false;
  const names = strings(rule.resourceNames);
  return names.length === 0 || (a.name !== undefined && names.includes(a.name));
}

// appliesTo (pkg/registry/rbac/validation/rule.go)
function subjectMatches(
  subject: Record<string, unknown>,
  bindingNs: string | undefined,
  a: AccessAttributes,
): boolean {
  const name = typeof subject.name === 'string' ? subject.name : '';
  switch (subject.kind) {
    case 'User':
      return name === a.user;
    case 'Group':
      return a.groups.includes(name);
    case 'ServiceAccount': {
      const ns =
        typeof subject.namespace === 'string' && subject.namespace ? subject.namespace : bindingNs;
      return a.user === `system:serviceaccount:${ns ?? ''}:${name}`;
    }
    default:
      return false;
  }
}

function rulesOf(
  store: KubeObjectStore,
  roleRef: Record<string, unknown>,
  namespace: string | undefined,
): Record<string, unknown>[] {
  const name = typeof roleRef.name === 'string' ? roleRef.name : '';
  const role =
    roleRef.kind === 'Role'
      ? store.get('rbac.authorization.k8s.io/v1/roles', namespace, name)
      : store.get('rbac.authorization.k8s.io/v1/clusterroles', undefined, name);
  return Array.isArray(role?.rules) ? role.rules.filter(isPlainObject) : [];
}

/** Decides an access check by the policy described at the top of this file. */
export function authorize(
  store: KubeObjectStore,
  a: AccessAttributes,
): { allowed: boolean; reason: string } {
  if (a.groups.includes('system:masters'))
    return { allowed: true, reason: 'member of system:masters' };
  const bindings: Array<{ binding: KubeObject; ns: string | undefined }> = [];
  for (const b of store.list('rbac.authorization.k8s.io/v1/clusterrolebindings'))
    bindings.push({ binding: b, ns: undefined });
  if (a.namespace) {
    for (const b of store.list('rbac.authorization.k8s.io/v1/rolebindings', a.namespace))
      bindings.push({ binding: b, ns: a.namespace });
  }
  for (const { binding, ns } of bindings) {
    const subjects = Array.isArray(binding.subjects) ? binding.subjects.filter(isPlainObject) : [];
    if (!subjects.some((s) => subjectMatches(s, ns, a))) continue;
    const roleRef = isPlainObject(binding.roleRef) ? binding.roleRef : {};
    if (rulesOf(store, roleRef, ns).some((r) => ruleAllows(r, a))) {
      const kind = ns ? 'RoleBinding' : 'ClusterRoleBinding';
      return {
        allowed: true,
        reason: `RBAC: allowed by ${kind} "${binding.metadata.name}"${ns ? ` of ${String(roleRef.kind)} "${String(roleRef.name)}" to ${a.user}` : ''}`,
      };
    }
  }
  return { allowed: false, reason: '' };
}

/** POST subjectaccessreviews / localsubjectaccessreviews / selfsubjectaccessreviews: the review with its status. */
export function reviewAccess(
  store: KubeObjectStore,
  review: KubeObject,
  self: SimUser | undefined,
): KubeObject {
  const spec = isPlainObject(review.spec) ? review.spec : {};
  const ra = isPlainObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nra = isPlainObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  const str = (v: unknown): string | undefined =>
    typeof v === 'string' && v !== '' ? v : undefined;
  const attrs: AccessAttributes = {
    user: self ? self.username : (str(spec.user) ?? ''),
    groups: self ? self.groups : strings(spec.groups),
    verb: str(ra?.verb) ?? str(nra?.verb) ?? '',
  };
  if (ra) {
    attrs.namespace = str(ra.namespace) ?? review.metadata.namespace;
    attrs.group = str(ra.group) ?? '';
    attrs.resource = str(ra.resource) ?? '';
    const sub = str(ra.subresource);
    if (sub) attrs.subresource = sub;
    const name = str(ra.name);
    if (name) attrs.name = name;
  } else {
    attrs.path = str(nra?.path) ?? '';
  }
  const decision = authorize(store, attrs);
  return { ...review, status: decision.reason ? decision : { allowed: decision.allowed } };
}
