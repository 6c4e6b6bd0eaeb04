import type { RbacV1Subject, V1Namespace, V1RoleBinding } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import {
  DEFAULT_NAMESPACE_ADMIN_CLUSTER_ROLE,
  DEFAULT_TENANT_LABELS,
  getNamespaceTenant,
  getTenantFromLabels,
  getTenantMembers,
  groupNamespacesByTenant,
  isClusterWideSubject,
  isNamespaceInScope,
  isTenantInScope,
  resolveBindingSubject,
  splitServiceAccountUsername,
} from './tenants.js';

function ns(name: string, labels: Record<string, string> = {}): V1Namespace {
  return { metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } };
}

function binding(
  namespace: string,
  name: string,
  subjects: RbacV1Subject[],
  roleRef: { kind: string; name: string } = { kind: 'ClusterRole', name: 'namespace-admin' },
): V1RoleBinding {
  return {
    metadata: { namespace, name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects,
  };
}

const user = (name: string): RbacV1Subject => ({
  apiGroup: 'rbac.authorization.k8s.io',
  kind: 'User',
  name,
});

const D = DEFAULT_TENANT_LABELS;

describe('getTenantFromLabels — the one "first matching label" rule', () => {
  it('takes the first configured label with a non-empty value, in the configured order', () => {
    const labels = { 'example.com/team': 'red', 'plimsoll.io/tenant': 'blue', empty: '' };
    expect(getTenantFromLabels(labels, ['example.com/team', 'plimsoll.io/tenant'])).toBe('red');
    expect(getTenantFromLabels(labels, ['plimsoll.io/tenant', 'example.com/team'])).toBe('blue');
    expect(getTenantFromLabels(labels, ['empty', 'plimsoll.io/tenant'])).toBe('blue');
    expect(getTenantFromLabels(labels, ['capsule.clastix.io/tenant'])).toBeNull();
    expect(getTenantFromLabels(undefined, D)).toBeNull();
  });

  it('reads no inherited property as a label', () => {
    expect(getTenantFromLabels({}, ['constructor', 'toString'])).toBeNull();
  });
});

describe('getNamespaceTenant', () => {
  it('reads the Capsule tenant label', () => {
    expect(getNamespaceTenant(ns('a', { 'capsule.clastix.io/tenant': 'acme' }), D)).toBe('acme');
  });

  it('reads the plimsoll.io/tenant label', () => {
    expect(getNamespaceTenant(ns('g', { 'plimsoll.io/tenant': 'globex' }), D)).toBe('globex');
  });

  it('prefers the first configured label when a namespace carries both', () => {
    const both = ns('x', { 'capsule.clastix.io/tenant': 'acme', 'plimsoll.io/tenant': 'globex' });
    expect(getNamespaceTenant(both, D)).toBe('acme');
    expect(getNamespaceTenant(both, ['plimsoll.io/tenant'])).toBe('globex');
  });

  it('returns null for a namespace outside every tenant, or with an empty label', () => {
    expect(getNamespaceTenant(ns('kube-system'), D)).toBeNull();
    expect(getNamespaceTenant(ns('e', { 'plimsoll.io/tenant': '' }), D)).toBeNull();
    expect(getNamespaceTenant({}, D)).toBeNull();
  });

  it('uses only the configured labels', () => {
    expect(getNamespaceTenant(ns('t', { 'team.example.com/tenant': 'x' }), D)).toBeNull();
    expect(
      getNamespaceTenant(ns('t', { 'team.example.com/tenant': 'x' }), ['team.example.com/tenant']),
    ).toBe('x');
    expect(DEFAULT_TENANT_LABELS).toEqual(['capsule.clastix.io/tenant', 'plimsoll.io/tenant']);
  });
});

describe('groupNamespacesByTenant', () => {
  it('groups tenant namespaces by tenant in name order and leaves the rest out', () => {
    const groups = groupNamespacesByTenant(
      [
        ns('globex-prod', { 'plimsoll.io/tenant': 'globex' }),
        ns('acme-prod', { 'capsule.clastix.io/tenant': 'acme' }),
        ns('kube-system'),
        ns('acme-dev', { 'capsule.clastix.io/tenant': 'acme' }),
      ],
      D,
    );
    expect([...groups.keys()]).toEqual(['acme', 'globex']);
    expect(groups.get('acme')?.map((n) => n.metadata?.name)).toEqual(['acme-dev', 'acme-prod']);
    expect(groups.get('globex')?.map((n) => n.metadata?.name)).toEqual(['globex-prod']);
  });
});

describe('resolveBindingSubject — appliesToUser, pkg/registry/rbac/validation/rule.go', () => {
  it("defaults a ServiceAccount subject's namespace to the binding's namespace", () => {
    expect(resolveBindingSubject({ kind: 'ServiceAccount', name: 'ci' }, 'acme-dev')).toEqual({
      kind: 'ServiceAccount',
      namespace: 'acme-dev',
      name: 'ci',
    });
  });

  it('keeps an explicit ServiceAccount namespace', () => {
    expect(
      resolveBindingSubject({ kind: 'ServiceAccount', name: 'ci', namespace: 'tools' }, 'acme-dev'),
    ).toEqual({ kind: 'ServiceAccount', namespace: 'tools', name: 'ci' });
  });

  it('grants nothing to a ServiceAccount without any namespace', () => {
    expect(resolveBindingSubject({ kind: 'ServiceAccount', name: 'ci' }, '')).toBeNull();
  });

  it('treats a User named like a ServiceAccount as that ServiceAccount', () => {
    expect(
      resolveBindingSubject(user('system:serviceaccount:globex-prod:deployer'), 'acme-dev'),
    ).toEqual({
      kind: 'ServiceAccount',
      namespace: 'globex-prod',
      name: 'deployer',
    });
  });

  it('grants nobody through an unknown subject kind', () => {
    expect(resolveBindingSubject({ kind: 'Robot', name: 'r2' }, 'acme-dev')).toBeNull();
  });
});

describe('splitServiceAccountUsername — SplitUsername, apiserver/pkg/authentication/serviceaccount/util.go', () => {
  it('splits a valid username', () => {
    expect(splitServiceAccountUsername('system:serviceaccount:ns:sa.name')).toEqual({
      namespace: 'ns',
      name: 'sa.name',
    });
  });

  it('refuses other prefixes, extra parts and invalid names', () => {
    expect(splitServiceAccountUsername('alice')).toBeNull();
    expect(splitServiceAccountUsername('system:serviceaccount:ns')).toBeNull();
    expect(splitServiceAccountUsername('system:serviceaccount:ns:a:b')).toBeNull();
    expect(splitServiceAccountUsername('system:serviceaccount:Bad_NS:sa')).toBeNull();
    expect(splitServiceAccountUsername('system:serviceaccount:ns:Bad_Name')).toBeNull();
  });
});

describe('isClusterWideSubject', () => {
  it('recognises groups and users that include every tenant', () => {
    expect(isClusterWideSubject({ kind: 'Group', name: 'system:authenticated' })).toBe(true);
    expect(isClusterWideSubject({ kind: 'Group', name: 'system:serviceaccounts' })).toBe(true);
    expect(isClusterWideSubject({ kind: 'User', name: 'system:anonymous' })).toBe(true);
    expect(isClusterWideSubject({ kind: 'Group', name: 'system:serviceaccounts:acme-dev' })).toBe(
      false,
    );
    expect(isClusterWideSubject({ kind: 'User', name: 'alice' })).toBe(false);
  });
});

describe('getTenantMembers', () => {
  const namespaces = [
    ns('acme-prod', { 'capsule.clastix.io/tenant': 'acme' }),
    ns('acme-dev', { 'capsule.clastix.io/tenant': 'acme' }),
    ns('globex-prod', { 'plimsoll.io/tenant': 'globex' }),
  ];

  it("lists the users, groups and ServiceAccounts bound to namespace-admin in the tenant's namespaces", () => {
    const members = getTenantMembers(
      'acme',
      namespaces,
      [
        binding('acme-prod', 'namespace-admin', [
          user('alice'),
          { kind: 'Group', name: 'acme-sre' },
        ]),
        binding('acme-dev', 'namespace-admin', [user('alice'), user('carol')]),
        binding('acme-dev', 'ci', [{ kind: 'ServiceAccount', name: 'deployer' }]),
        binding('globex-prod', 'namespace-admin', [user('bob')]),
      ],
      DEFAULT_NAMESPACE_ADMIN_CLUSTER_ROLE,
      D,
    );
    expect(members).toEqual({
      tenant: 'acme',
      users: ['alice', 'carol'],
      groups: ['acme-sre'],
      serviceAccounts: [{ namespace: 'acme-dev', name: 'deployer' }],
    });
  });

  it('ignores other roles and a namespaced Role that shares the ClusterRole name', () => {
    const members = getTenantMembers(
      'acme',
      namespaces,
      [
        binding('acme-prod', 'viewers', [user('dave')], { kind: 'ClusterRole', name: 'view' }),
        binding('acme-prod', 'local', [user('erin')], { kind: 'Role', name: 'namespace-admin' }),
      ],
      DEFAULT_NAMESPACE_ADMIN_CLUSTER_ROLE,
      D,
    );
    expect(members.users).toEqual([]);
  });

  it('uses a configured ClusterRole name', () => {
    const members = getTenantMembers(
      'acme',
      namespaces,
      [
        binding('acme-prod', 'owners', [user('frank')], {
          kind: 'ClusterRole',
          name: 'tenant-owner',
        }),
      ],
      'tenant-owner',
      D,
    );
    expect(members.users).toEqual(['frank']);
  });
});

describe('tenant scope', () => {
  const sre = { kind: 'all' } as const;
  const acmeAdmin = { kind: 'tenants', tenants: ['acme'] } as const;

  it('lets an unscoped caller see every namespace, cluster-scoped objects included', () => {
    expect(isNamespaceInScope('globex-prod', 'globex', sre)).toBe(true);
    expect(isNamespaceInScope('kube-system', null, sre)).toBe(true);
    expect(isNamespaceInScope('', null, sre)).toBe(true);
  });

  it("lets a tenant admin see their own tenant's namespaces only", () => {
    expect(isNamespaceInScope('acme-prod', 'acme', acmeAdmin)).toBe(true);
    expect(isNamespaceInScope('globex-prod', 'globex', acmeAdmin)).toBe(false);
  });

  it('hides namespaces outside every tenant and cluster-scoped objects from a tenant admin', () => {
    expect(isNamespaceInScope('kube-system', null, acmeAdmin)).toBe(false);
    expect(isNamespaceInScope('', 'acme', acmeAdmin)).toBe(false);
  });

  it('gives a tenant admin with no tenants nothing', () => {
    expect(isNamespaceInScope('acme-prod', 'acme', { kind: 'tenants', tenants: [] })).toBe(false);
    expect(isTenantInScope('acme', { kind: 'tenants', tenants: [] })).toBe(false);
  });

  it('scopes tenants by name the same way', () => {
    expect(isTenantInScope('acme', acmeAdmin)).toBe(true);
    expect(isTenantInScope('globex', acmeAdmin)).toBe(false);
    expect(isTenantInScope('globex', sre)).toBe(true);
  });
});
