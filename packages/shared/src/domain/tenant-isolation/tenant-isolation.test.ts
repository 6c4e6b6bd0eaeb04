import type {
  RbacV1Subject,
  V1Container,
  V1Namespace,
  V1NetworkPolicy,
  V1Node,
  V1Pod,
  V1PodSpec,
  V1ResourceQuota,
  V1RoleBinding,
  V1Taint,
  V1Toleration,
} from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import {
  auditTenantIsolation,
  checkCrossTenantRoleBindings,
  checkDefaultDenyNetworkPolicies,
  checkNamespaceAdminOutsiders,
  checkPodSecurityAdmission,
  checkPrivilegedPods,
  checkResourceQuotas,
  checkTenantTaints,
  findPodPrivilegeIssues,
  getDefaultDenyCoverage,
  getIsolationScore,
  getNetworkPolicyTypes,
  getResourceQuotaScopes,
  getSubjectHomeTenants,
  ISOLATION_CHECK_IDS,
  type IsolationCheckResult,
  normalizeCapability,
  parsePodSecurityLevel,
  type TenantIsolationInput,
} from './index.js';

// ---------------------------------------------------------------------------------------------
// Builders for Kubernetes JSON

function ns(name: string, labels: Record<string, string> = {}): V1Namespace {
  return { metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } };
}

function rq(namespace: string, name: string, scopes: string[] = []): V1ResourceQuota {
  const hard: Record<string, string> = scopes.includes('BestEffort')
    ? { pods: '10' }
    : { pods: '40', 'requests.cpu': '8' };
  return {
    metadata: { namespace, name },
    spec: { hard, ...(scopes.length > 0 ? { scopes } : {}) },
    status: { hard, used: {} },
  };
}

function netpol(namespace: string, name: string, spec: V1NetworkPolicy['spec']): V1NetworkPolicy {
  return { metadata: { namespace, name }, spec };
}

const denyIngress = (namespace: string): V1NetworkPolicy =>
  netpol(namespace, 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
const allowSameNamespace = (namespace: string): V1NetworkPolicy =>
  netpol(namespace, 'allow-same-namespace', {
    podSelector: {},
    ingress: [{ _from: [{ podSelector: {} }] }],
    policyTypes: ['Ingress'],
  });

const user = (name: string): RbacV1Subject => ({
  apiGroup: 'rbac.authorization.k8s.io',
  kind: 'User',
  name,
});
const group = (name: string): RbacV1Subject => ({
  apiGroup: 'rbac.authorization.k8s.io',
  kind: 'Group',
  name,
});
const sa = (name: string, namespace?: string): RbacV1Subject => ({
  kind: 'ServiceAccount',
  name,
  ...(namespace === undefined ? {} : { namespace }),
});

function rb(
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

const tenantToleration = (tenant: string): V1Toleration => ({
  key: 'plimsoll.io/tenant',
  operator: 'Equal',
  value: tenant,
  effect: 'NoSchedule',
});

// What the DefaultTolerationSeconds admission plugin adds to every pod.
const DEFAULT_TOLERATIONS: V1Toleration[] = [
  {
    key: 'node.kubernetes.io/not-ready',
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: 300,
  },
  {
    key: 'node.kubernetes.io/unreachable',
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: 300,
  },
];

function container(name: string, securityContext?: V1Container['securityContext']): V1Container {
  return {
    name,
    image: 'registry.example/app:1.0',
    ...(securityContext ? { securityContext } : {}),
  };
}

function pod(namespace: string, name: string, spec: Partial<V1PodSpec> = {}): V1Pod {
  return {
    metadata: { namespace, name },
    spec: { containers: [container('app')], tolerations: [...DEFAULT_TOLERATIONS], ...spec },
  };
}

function node(name: string, tenant?: string, taints: V1Taint[] = []): V1Node {
  return {
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        ...(tenant ? { 'plimsoll.io/tenant': tenant } : {}),
      },
    },
    spec: { taints },
  };
}

const tenantTaint = (tenant: string): V1Taint => ({
  key: 'plimsoll.io/tenant',
  value: tenant,
  effect: 'NoSchedule',
});

// ---------------------------------------------------------------------------------------------
// A realistic two-tenant cluster: acme (Capsule label) and globex (plimsoll.io label), each with
// two namespaces, a node pool, namespace-admin bindings, quotas, policies and workloads.
// With `mistakes`, exactly one deliberate mistake per check type is planted in acme.

function cluster(mistakes: boolean): Omit<TenantIsolationInput, 'tenant'> {
  const acmeNs = ['acme-prod', 'acme-dev'];
  const globexNs = ['globex-prod', 'globex-sandbox'];
  const namespaces = [
    ns('kube-system'),
    ns('ci'),
    ns('acme-prod', {
      'capsule.clastix.io/tenant': 'acme',
      'pod-security.kubernetes.io/enforce': 'restricted',
    }),
    // Mistake (d): acme-dev has no Pod Security Admission label.
    ns('acme-dev', {
      'capsule.clastix.io/tenant': 'acme',
      ...(mistakes ? {} : { 'pod-security.kubernetes.io/enforce': 'baseline' }),
    }),
    ...globexNs.map((n) =>
      ns(n, { 'plimsoll.io/tenant': 'globex', 'pod-security.kubernetes.io/enforce': 'baseline' }),
    ),
  ];
  const resourceQuotas = [...acmeNs, ...globexNs]
    // Mistake (a): acme-dev has no ResourceQuota.
    .filter((n) => !(mistakes && n === 'acme-dev'))
    .flatMap((n) => [
      rq(n, 'not-best-effort', ['NotBestEffort']),
      rq(n, 'best-effort', ['BestEffort']),
    ]);
  const networkPolicies = [...acmeNs, ...globexNs]
    // Mistake (b): acme-prod has no NetworkPolicy.
    .filter((n) => !(mistakes && n === 'acme-prod'))
    .flatMap((n) => [denyIngress(n), allowSameNamespace(n)]);
  const roleBindings = [
    ...acmeNs.map((n) => rb(n, 'namespace-admin', [user('alice@acme.example')])),
    ...globexNs.map((n) => rb(n, 'namespace-admin', [user('bob@globex.example')])),
    rb('acme-prod', 'app', [sa('app')], { kind: 'Role', name: 'app-config-reader' }),
    rb(
      'kube-system',
      'system:controller:bootstrap-signer',
      [sa('bootstrap-signer', 'kube-system')],
      {
        kind: 'Role',
        name: 'system:controller:bootstrap-signer',
      },
    ),
    ...(mistakes
      ? [
          // Mistake (e): a globex member can read acme-prod.
          rb('acme-prod', 'globex-viewer', [user('bob@globex.example')], {
            kind: 'ClusterRole',
            name: 'view',
          }),
          // Mistake (g): a CI ServiceAccount from outside the tenant is namespace-admin in acme-dev.
          rb('acme-dev', 'ci-admin', [sa('deployer', 'ci')]),
        ]
      : []),
  ];
  const nodes = [
    node('general-1'),
    node('acme-1', 'acme', [tenantTaint('acme')]),
    node('acme-2', 'acme', [tenantTaint('acme')]),
    node('globex-1', 'globex', [tenantTaint('globex')]),
  ];
  const pin = (tenant: string): Partial<V1PodSpec> => ({
    tolerations: [...DEFAULT_TOLERATIONS, tenantToleration(tenant)],
    nodeSelector: { 'plimsoll.io/tenant': tenant },
  });
  const pods = [
    pod('kube-system', 'kube-proxy-x1', {
      hostNetwork: true,
      containers: [container('kube-proxy', { privileged: true })],
      tolerations: [{ operator: 'Exists' }],
    }),
    pod('acme-prod', 'web-7d9f-1', pin('acme')),
    pod('acme-prod', 'web-7d9f-2', pin('acme')),
    pod('acme-dev', 'web-5c4b-1', pin('acme')),
    pod('globex-prod', 'api-6b8d-1', pin('globex')),
    pod('globex-sandbox', 'job-1', pin('globex')),
    ...(mistakes
      ? [
          // Mistake (c): a privileged debugging pod.
          pod('acme-dev', 'debug-tools', {
            ...pin('acme'),
            containers: [container('shell', { privileged: true })],
          }),
          // Mistake (f): an acme pod tolerating globex's taint.
          pod('acme-prod', 'cache-warmer', pin('globex')),
        ]
      : []),
  ];
  return { namespaces, resourceQuotas, networkPolicies, pods, roleBindings, nodes };
}

const offendersOf = (check: IsolationCheckResult | undefined): string[] =>
  (check?.offenders ?? []).map((o) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`);

function summary(audit: { checks: IsolationCheckResult[] }): Record<string, string[]> {
  return Object.fromEntries(audit.checks.map((c) => [c.id, offendersOf(c)]));
}

describe('auditTenantIsolation on a realistic cluster', () => {
  it('finds each deliberate mistake in acme and nothing else', () => {
    const audit = auditTenantIsolation({ tenant: 'acme', ...cluster(true) });
    expect(summary(audit)).toEqual({
      'resource-quota': ['Namespace acme-dev'],
      'default-deny-network-policy': ['Namespace acme-prod'],
      'privileged-pods': ['Pod acme-dev/debug-tools'],
      'pod-security-admission': ['Namespace acme-dev'],
      'cross-tenant-role-bindings': ['RoleBinding acme-prod/globex-viewer'],
      'tenant-taints': ['Pod acme-prod/cache-warmer'],
      'namespace-admin-outsiders': ['RoleBinding acme-dev/ci-admin'],
    });
    expect(audit.checks.every((c) => !c.passed)).toBe(true);
    expect(audit.score).toBe(0);
  });

  it('explains each offence', () => {
    const audit = auditTenantIsolation({ tenant: 'acme', ...cluster(true) });
    const detail = (id: string): string | undefined =>
      audit.checks.find((c) => c.id === id)?.offenders[0]?.detail;
    expect(detail('resource-quota')).toContain('has no ResourceQuota');
    expect(detail('default-deny-network-policy')).toContain('has no NetworkPolicy at all');
    expect(detail('privileged-pods')).toBe('container shell: privileged');
    expect(detail('pod-security-admission')).toContain('the cluster default is privileged');
    expect(detail('cross-tenant-role-bindings')).toBe(
      'grants ClusterRole view: User bob@globex.example belongs to tenant globex',
    );
    expect(detail('tenant-taints')).toBe('tolerates the taints of tenant globex');
    expect(detail('namespace-admin-outsiders')).toBe(
      'binds namespace-admin to ServiceAccount ci/deployer (not a member of acme)',
    );
  });

  it("reports to globex only the binding that hands a globex member rights in acme's namespace", () => {
    const audit = auditTenantIsolation({ tenant: 'globex', ...cluster(true) });
    expect(summary(audit)).toEqual({
      'resource-quota': [],
      'default-deny-network-policy': [],
      'privileged-pods': [],
      'pod-security-admission': [],
      'cross-tenant-role-bindings': ['RoleBinding acme-prod/globex-viewer'],
      'tenant-taints': [],
      'namespace-admin-outsiders': [],
    });
    expect(
      audit.checks.find((c) => c.id === 'cross-tenant-role-bindings')?.offenders[0]?.detail,
    ).toBe(
      'grants ClusterRole view: User bob@globex.example of tenant globex gets rights in tenant acme',
    );
    // Everything but one critical check (weight 4) of 22 passes: 18/22.
    expect(audit.score).toBe(82);
  });

  it('passes every check once the mistakes are fixed', () => {
    for (const tenant of ['acme', 'globex']) {
      const audit = auditTenantIsolation({ tenant, ...cluster(false) });
      expect(audit.checks.map((c) => c.id)).toEqual([...ISOLATION_CHECK_IDS]);
      expect(audit.checks.filter((c) => !c.passed)).toEqual([]);
      expect(audit.score).toBe(100);
    }
  });

  it('notes which quota scopes cover each namespace', () => {
    const check = checkResourceQuotas({ tenant: 'acme', ...cluster(false) });
    expect(check.notes.map((n) => `${n.name}: ${n.detail}`)).toEqual([
      'acme-dev: quotas: best-effort (BestEffort); not-best-effort (NotBestEffort); scopes covered: BestEffort, NotBestEffort; every pod is counted',
      'acme-prod: quotas: best-effort (BestEffort); not-best-effort (NotBestEffort); scopes covered: BestEffort, NotBestEffort; every pod is counted',
    ]);
  });

  it('catches the kube-sim tenants scenario: an acme admin bound as namespace-admin in globex-prod', () => {
    const base = cluster(false);
    const input = {
      ...base,
      roleBindings: [
        ...base.roleBindings,
        rb('globex-prod', 'acme-support', [user('alice@acme.example')]),
      ],
    };
    const globex = auditTenantIsolation({ tenant: 'globex', ...input });
    expect(offendersOf(globex.checks.find((c) => c.id === 'cross-tenant-role-bindings'))).toEqual([
      'RoleBinding globex-prod/acme-support',
    ]);
    expect(offendersOf(globex.checks.find((c) => c.id === 'namespace-admin-outsiders'))).toEqual([
      'RoleBinding globex-prod/acme-support',
    ]);
    const acme = auditTenantIsolation({ tenant: 'acme', ...input });
    expect(acme.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual([
      'cross-tenant-role-bindings',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('(a) ResourceQuota scopes', () => {
  it('lists spec.scopes and the scope names of scopeSelector without duplicates', () => {
    const q: V1ResourceQuota = {
      metadata: { namespace: 'acme-prod', name: 'high' },
      spec: {
        scopes: ['NotTerminating'],
        scopeSelector: {
          matchExpressions: [
            { scopeName: 'PriorityClass', operator: 'In', values: ['high'] },
            { scopeName: 'NotTerminating', operator: 'Exists' },
          ],
        },
      },
    };
    expect(getResourceQuotaScopes(q)).toEqual(['NotTerminating', 'PriorityClass']);
    expect(getResourceQuotaScopes(rq('a', 'b'))).toEqual([]);
  });

  it('notes a namespace whose quotas leave some pods uncounted', () => {
    const check = checkResourceQuotas({
      tenant: 'acme',
      ...cluster(false),
      resourceQuotas: [rq('acme-prod', 'best-effort', ['BestEffort']), rq('acme-dev', 'all')],
    });
    expect(check.passed).toBe(true);
    expect(check.notes.map((n) => `${n.name}: ${n.detail}`)).toEqual([
      'acme-dev: quotas: all (no scope); scopes covered: none (unscoped); every pod is counted',
      'acme-prod: quotas: best-effort (BestEffort); scopes covered: BestEffort; some pods are counted by no quota',
    ]);
  });
});

describe('(b) default-deny NetworkPolicy — Kubernetes docs "Default policies"', () => {
  it('defaults policyTypes as the API server does — SetDefaults_NetworkPolicy', () => {
    expect(getNetworkPolicyTypes(netpol('a', 'p', { podSelector: {} }))).toEqual(['Ingress']);
    expect(getNetworkPolicyTypes(netpol('a', 'p', { podSelector: {}, egress: [{}] }))).toEqual([
      'Ingress',
      'Egress',
    ]);
    expect(
      getNetworkPolicyTypes(netpol('a', 'p', { podSelector: {}, policyTypes: ['Egress'] })),
    ).toEqual(['Egress']);
  });

  it('counts "Default deny all ingress and all egress traffic" for both directions', () => {
    const cover = getDefaultDenyCoverage('a', [
      netpol('a', 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    ]);
    expect(cover).toMatchObject({
      ingress: true,
      egress: true,
      denyIngressPolicies: ['default-deny-all'],
    });
  });

  it('reads ingress peers from raw API JSON (`from`) as from client objects (`_from`)', () => {
    const sameNamespaceOnly = { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] };
    const raw = netpol('a', 'allow-same-ns', sameNamespaceOnly as never);
    const denyAll = netpol('a', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] });
    const cover = getDefaultDenyCoverage('a', [denyAll, raw]);
    expect(cover.allowAllIngressPolicies).toEqual([]);
    expect(cover.ingress).toBe(true);
  });

  it('counts a policy without policyTypes or rules as an ingress default deny', () => {
    expect(getDefaultDenyCoverage('a', [netpol('a', 'p', { podSelector: {} })]).ingress).toBe(true);
  });

  it('counts a policy without podSelector as selecting every pod', () => {
    expect(
      getDefaultDenyCoverage('a', [netpol('a', 'p', { policyTypes: ['Ingress'] })]).ingress,
    ).toBe(true);
  });

  it('does not count a deny that selects only some pods', () => {
    const cover = getDefaultDenyCoverage('a', [
      netpol('a', 'db', { podSelector: { matchLabels: { role: 'db' } }, policyTypes: ['Ingress'] }),
    ]);
    expect(cover.ingress).toBe(false);
  });

  it('does not count a deny undone by a "Default allow all ingress traffic" policy', () => {
    const cover = getDefaultDenyCoverage('a', [
      denyIngress('a'),
      netpol('a', 'allow-all', { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] }),
    ]);
    expect(cover.ingress).toBe(false);
    expect(cover.allowAllIngressPolicies).toEqual(['allow-all']);
  });

  it('names the allow-all policy that undoes the deny', () => {
    const base = cluster(false);
    const check = checkDefaultDenyNetworkPolicies({
      tenant: 'acme',
      ...base,
      networkPolicies: [
        ...base.networkPolicies,
        netpol('acme-dev', 'allow-all', {
          podSelector: {},
          ingress: [{}],
          policyTypes: ['Ingress'],
        }),
      ],
    });
    expect(check.offenders).toEqual([
      {
        kind: 'Namespace',
        name: 'acme-dev',
        detail: 'its default-deny ingress (default-deny-ingress) is undone by allow-all allow-all',
      },
    ]);
  });

  it('fails a namespace whose only policies allow traffic', () => {
    const base = cluster(false);
    const check = checkDefaultDenyNetworkPolicies({
      tenant: 'acme',
      ...base,
      networkPolicies: base.networkPolicies.filter(
        (p) =>
          !(p.metadata?.namespace === 'acme-dev' && p.metadata.name === 'default-deny-ingress'),
      ),
    });
    expect(offendersOf(check)).toEqual(['Namespace acme-dev']);
    expect(check.offenders[0]?.detail).toBe('has no default-deny ingress policy');
  });

  it('requires an egress default deny only when configured to, and notes open egress', () => {
    const input = { tenant: 'acme', ...cluster(false) };
    const lenient = checkDefaultDenyNetworkPolicies(input);
    expect(lenient.passed).toBe(true);
    expect(lenient.notes[0]?.detail).toBe(
      'ingress denied by default (default-deny-ingress); egress open',
    );
    const strict = checkDefaultDenyNetworkPolicies({ ...input, requireEgressDefaultDeny: true });
    expect(offendersOf(strict)).toEqual(['Namespace acme-dev', 'Namespace acme-prod']);
    expect(strict.offenders[0]?.detail).toBe('has no default-deny egress policy');
  });
});

describe('(c) privileged pods', () => {
  it('flags host network, PID and IPC namespaces', () => {
    expect(
      findPodPrivilegeIssues(pod('a', 'p', { hostNetwork: true, hostPID: true, hostIPC: true })),
    ).toEqual(['hostNetwork', 'hostPID', 'hostIPC']);
  });

  it('flags SYS_ADMIN and NET_ADMIN in any spelling, in init and ephemeral containers too', () => {
    const p = pod('a', 'p', {
      initContainers: [container('setup', { capabilities: { add: ['cap_sys_admin'] } })],
      containers: [
        container('app', { capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] } }),
      ],
      ephemeralContainers: [
        {
          name: 'debugger',
          image: 'busybox',
          securityContext: { capabilities: { add: ['CAP_NET_ADMIN'] } },
        },
      ],
    });
    expect(findPodPrivilegeIssues(p)).toEqual([
      'init container setup: adds SYS_ADMIN',
      'ephemeral container debugger: adds NET_ADMIN',
    ]);
  });

  it('flags adding ALL capabilities, which includes SYS_ADMIN', () => {
    expect(
      findPodPrivilegeIssues(
        pod('a', 'p', { containers: [container('c', { capabilities: { add: ['all'] } })] }),
      ),
    ).toEqual(['container c: adds ALL']);
  });

  it('normalises capability names as runtimes do', () => {
    expect(normalizeCapability('cap_net_admin')).toBe('NET_ADMIN');
    expect(normalizeCapability('SYS_ADMIN')).toBe('SYS_ADMIN');
  });

  it('leaves a restricted pod alone', () => {
    const p = pod('a', 'p', {
      containers: [
        container('c', {
          privileged: false,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        }),
      ],
    });
    expect(findPodPrivilegeIssues(p)).toEqual([]);
  });

  it("looks only at the tenant's namespaces", () => {
    const check = checkPrivilegedPods({ tenant: 'globex', ...cluster(true) });
    expect(check.passed).toBe(true);
  });
});

describe('(d) Pod Security Admission — ParseLevel / PolicyToEvaluate, pod-security-admission/api/helpers.go', () => {
  it('parses the three levels and evaluates anything else as restricted', () => {
    expect(parsePodSecurityLevel('baseline')).toEqual({ level: 'baseline', valid: true });
    expect(parsePodSecurityLevel('Baseline')).toEqual({ level: 'restricted', valid: false });
    expect(parsePodSecurityLevel('')).toEqual({ level: 'restricted', valid: false });
  });

  it('fails a namespace labelled privileged', () => {
    const base = cluster(false);
    const check = checkPodSecurityAdmission({
      tenant: 'globex',
      ...base,
      namespaces: base.namespaces.map((n) =>
        n.metadata?.name === 'globex-sandbox'
          ? ns('globex-sandbox', {
              'plimsoll.io/tenant': 'globex',
              'pod-security.kubernetes.io/enforce': 'privileged',
            })
          : n,
      ),
    });
    expect(check.offenders).toEqual([
      {
        kind: 'Namespace',
        name: 'globex-sandbox',
        detail: 'pod-security.kubernetes.io/enforce=privileged allows any pod',
      },
    ]);
  });

  it('passes an unlabelled namespace when the cluster default enforces baseline', () => {
    const check = checkPodSecurityAdmission({
      tenant: 'acme',
      ...cluster(true),
      defaultEnforceLevel: 'baseline',
    });
    expect(check.passed).toBe(true);
    expect(check.notes.find((n) => n.name === 'acme-dev')?.detail).toBe(
      'enforces baseline (cluster default)',
    );
  });

  it('passes an invalid level, which PSA enforces as restricted, with a note', () => {
    const base = cluster(false);
    const check = checkPodSecurityAdmission({
      tenant: 'acme',
      ...base,
      namespaces: [
        ...base.namespaces.filter((n) => n.metadata?.name !== 'acme-dev'),
        ns('acme-dev', {
          'capsule.clastix.io/tenant': 'acme',
          'pod-security.kubernetes.io/enforce': 'strict',
        }),
      ],
    });
    expect(check.passed).toBe(true);
    expect(check.notes.find((n) => n.name === 'acme-dev')?.detail).toContain(
      '"strict" is not a level',
    );
  });
});

describe('(e)/(g) RBAC across tenants', () => {
  const base = cluster(false);
  const withBindings = (...extra: V1RoleBinding[]): Omit<TenantIsolationInput, 'tenant'> => ({
    ...base,
    roleBindings: [...base.roleBindings, ...extra],
  });

  it('infers membership from the largest share of namespace-admin grants', () => {
    const home = getSubjectHomeTenants(
      withBindings(rb('globex-prod', 'acme-support', [user('alice@acme.example')])),
    );
    expect(home.get('User:alice@acme.example')).toEqual(['acme']);
    expect(home.get('User:bob@globex.example')).toEqual(['globex']);
  });

  it('keeps every tenant on a tie, so a shared admin of both tenants is flagged in neither', () => {
    const input = withBindings(
      ...['acme-prod', 'acme-dev', 'globex-prod', 'globex-sandbox'].map((n) =>
        rb(n, 'platform-admin', [group('platform-team')]),
      ),
    );
    expect(getSubjectHomeTenants(input).get('Group:platform-team')).toEqual(['acme', 'globex']);
    expect(checkCrossTenantRoleBindings({ tenant: 'acme', ...input }).passed).toBe(true);
    expect(checkNamespaceAdminOutsiders({ tenant: 'acme', ...input }).passed).toBe(true);
  });

  it("flags another tenant's ServiceAccount, however it is spelled", () => {
    const input = withBindings(
      rb('acme-prod', 'sa-subject', [sa('deployer', 'globex-prod')], {
        kind: 'ClusterRole',
        name: 'edit',
      }),
      rb('acme-prod', 'sa-as-user', [user('system:serviceaccount:globex-prod:deployer')], {
        kind: 'ClusterRole',
        name: 'edit',
      }),
      rb('acme-prod', 'sa-group', [group('system:serviceaccounts:globex-sandbox')], {
        kind: 'ClusterRole',
        name: 'edit',
      }),
    );
    const check = checkCrossTenantRoleBindings({ tenant: 'acme', ...input });
    expect(offendersOf(check)).toEqual([
      'RoleBinding acme-prod/sa-as-user',
      'RoleBinding acme-prod/sa-group',
      'RoleBinding acme-prod/sa-subject',
    ]);
    expect(check.offenders[1]?.detail).toBe(
      'grants ClusterRole edit: Group system:serviceaccounts:globex-sandbox belongs to tenant globex',
    );
  });

  it('flags a cluster-wide group in a tenant namespace under both checks', () => {
    const input = withBindings(rb('acme-dev', 'everyone', [group('system:authenticated')]));
    expect(checkCrossTenantRoleBindings({ tenant: 'acme', ...input }).offenders[0]?.detail).toBe(
      "grants ClusterRole namespace-admin: Group system:authenticated includes every tenant's principals",
    );
    expect(offendersOf(checkNamespaceAdminOutsiders({ tenant: 'acme', ...input }))).toEqual([
      'RoleBinding acme-dev/everyone',
    ]);
  });

  it("does not flag a tenant's own ServiceAccounts from a sibling namespace", () => {
    const input = withBindings(rb('acme-prod', 'dev-ci', [sa('deployer', 'acme-dev')]));
    expect(checkCrossTenantRoleBindings({ tenant: 'acme', ...input }).passed).toBe(true);
    expect(checkNamespaceAdminOutsiders({ tenant: 'acme', ...input }).passed).toBe(true);
  });

  it('ignores bindings outside tenant namespaces', () => {
    const input = withBindings(
      rb('ci', 'pipeline', [user('alice@acme.example'), user('bob@globex.example')]),
    );
    expect(checkCrossTenantRoleBindings({ tenant: 'acme', ...input }).passed).toBe(true);
  });

  it('with declared owners, flags a namespace-admin the tenant does not list', () => {
    const input = {
      ...withBindings(rb('acme-prod', 'contractor', [user('mallory@example.com')])),
      tenantOwners: {
        acme: [{ kind: 'User' as const, name: 'alice@acme.example' }],
        globex: [{ kind: 'User' as const, name: 'bob@globex.example' }],
      },
    };
    expect(offendersOf(checkNamespaceAdminOutsiders({ tenant: 'acme', ...input }))).toEqual([
      'RoleBinding acme-prod/contractor',
    ]);
    // Mallory belongs to no tenant, so this is not a cross-tenant grant.
    expect(checkCrossTenantRoleBindings({ tenant: 'acme', ...input }).passed).toBe(true);
  });

  it('honours a configured namespace-admin ClusterRole name', () => {
    const input = withBindings(
      rb('acme-dev', 'owner', [sa('deployer', 'ci')], {
        kind: 'ClusterRole',
        name: 'tenant-owner',
      }),
    );
    expect(checkNamespaceAdminOutsiders({ tenant: 'acme', ...input }).passed).toBe(true);
    const check = checkNamespaceAdminOutsiders({
      tenant: 'acme',
      ...input,
      clusterRoleName: 'tenant-owner',
    });
    expect(offendersOf(check)).toEqual(['RoleBinding acme-dev/owner']);
    expect(check.title).toBe('Nobody outside the tenant is tenant-owner');
  });
});

describe('(f) tenant taints and tolerations', () => {
  const base = cluster(false);

  it("flags a wildcard toleration of the tenant key, which tolerates every tenant's taint", () => {
    const check = checkTenantTaints({
      tenant: 'acme',
      ...base,
      pods: [
        pod('acme-dev', 'any-pool', {
          tolerations: [{ key: 'plimsoll.io/tenant', operator: 'Exists' }],
        }),
      ],
    });
    expect(check.offenders[0]?.detail).toBe(
      'tolerates the taints of tenant globex (a wildcard toleration)',
    );
  });

  it('flags a toleration of every taint', () => {
    const check = checkTenantTaints({
      tenant: 'acme',
      ...base,
      pods: [pod('acme-dev', 'everywhere', { tolerations: [{ operator: 'Exists' }] })],
    });
    expect(offendersOf(check)).toEqual(['Pod acme-dev/everywhere']);
  });

  it("flags tolerating another tenant's taint under the Capsule label key", () => {
    const check = checkTenantTaints({
      tenant: 'acme',
      ...base,
      pods: [
        pod('acme-dev', 'capsule', {
          tolerations: [{ key: 'capsule.clastix.io/tenant', operator: 'Equal', value: 'globex' }],
        }),
      ],
    });
    expect(offendersOf(check)).toEqual(['Pod acme-dev/capsule']);
  });

  it('flags a tenant node without a NoSchedule or NoExecute taint for its tenant', () => {
    const check = checkTenantTaints({
      tenant: 'acme',
      ...base,
      nodes: [
        ...base.nodes,
        node('acme-3', 'acme'),
        node('acme-4', 'acme', [
          { key: 'plimsoll.io/tenant', value: 'acme', effect: 'PreferNoSchedule' },
        ]),
        node('acme-5', 'acme', [{ key: 'plimsoll.io/tenant', value: 'acme', effect: 'NoExecute' }]),
      ],
    });
    expect(offendersOf(check)).toEqual(['Node acme-3', 'Node acme-4']);
  });

  it('notes a tenant without dedicated nodes', () => {
    const check = checkTenantTaints({ tenant: 'acme', ...base, nodes: [node('general-1')] });
    expect(check.passed).toBe(true);
    expect(check.notes[0]?.detail).toBe('has no dedicated nodes; its pods share the general pool');
  });
});

describe('isolation score', () => {
  const check = (
    severity: IsolationCheckResult['severity'],
    passed: boolean,
  ): IsolationCheckResult => ({
    id: 'resource-quota',
    title: 't',
    passed,
    severity,
    offenders: [],
    notes: [],
    fix: '',
  });

  it('weights checks by severity: critical 4, high 3, medium 2, low 1', () => {
    expect(getIsolationScore([check('critical', false), check('low', true)])).toBe(20);
    expect(getIsolationScore([check('high', true), check('medium', false)])).toBe(60);
  });

  it('scores 100 when every check passes, or when there are none', () => {
    expect(getIsolationScore([check('critical', true), check('high', true)])).toBe(100);
    expect(getIsolationScore([])).toBe(100);
  });

  it('scores a tenant without namespaces as fully isolated', () => {
    const audit = auditTenantIsolation({ tenant: 'initech', ...cluster(true) });
    expect(audit.score).toBe(100);
    expect(audit.checks.every((c) => c.offenders.length === 0)).toBe(true);
  });
});
