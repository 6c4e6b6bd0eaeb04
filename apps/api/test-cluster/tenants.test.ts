import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { waitFor } from '../test/collector/sim-harness.js';
import { buildClusterTestApp, signIn } from '../test/helper.js';
import {
  applyPlimsollAccess,
  CLUSTER,
  cluster,
  createNamespace,
  kube,
  serviceAccountKubeconfig,
} from './harness.js';

type Ctx = Awaited<ReturnType<typeof buildClusterTestApp>>;
type Check = {
  id: string;
  passed: boolean;
  offenders: Array<{ kind: string; namespace?: string; name: string }>;
};

const NODE = 'kwok-node-6';

/** Tenant initech, set up with real objects: prod done right, dev with three mistakes the audit must find. */
async function createTenant() {
  await kube(
    'POST',
    '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'namespace-admin' },
      rules: [{ apiGroups: ['', 'apps'], resources: ['*'], verbs: ['*'] }],
    },
    { ok: [201, 409] },
  );
  await createNamespace('initech-prod', {
    'plimsoll.io/tenant': 'initech',
    'pod-security.kubernetes.io/enforce': 'restricted',
  });
  // dev only warns about baseline, so the real PodSecurity admission lets a privileged pod in.
  await createNamespace('initech-dev', {
    'plimsoll.io/tenant': 'initech',
    'pod-security.kubernetes.io/warn': 'baseline',
  });
  for (const ns of ['initech-prod', 'initech-dev']) {
    await kube('POST', `/api/v1/namespaces/${ns}/resourcequotas`, {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'compute' },
      spec: { hard: { pods: '20' } },
    });
    await kube('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'initech-admins' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'namespace-admin',
      },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'peter@initech.example' },
      ],
    });
  }
  await kube('POST', '/apis/networking.k8s.io/v1/namespaces/initech-prod/networkpolicies', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  await kube('POST', '/api/v1/namespaces/initech-dev/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'debug' },
    spec: {
      nodeName: NODE,
      containers: [
        {
          name: 'shell',
          image: 'registry.example/busybox:1',
          securityContext: { privileged: true },
        },
      ],
    },
  });
}

describe('tenants from real RBAC, NetworkPolicies and Pod Security labels', () => {
  let t: Ctx;
  let sre: { cookie: string };
  const savedKubeconfig = process.env.KUBECONFIG;

  beforeAll(async () => {
    await applyPlimsollAccess();
    const sa = await serviceAccountKubeconfig(CLUSTER);
    await createTenant();
    process.env.KUBECONFIG = sa.path;
    t = await buildClusterTestApp({
      KUBECONFIG: sa.path,
      PLIMSOLL_SIMULATOR: 'off',
      POD_NAMESPACE: 'plimsoll',
      PLIMSOLL_NODE_MONITOR_GRACE_PERIOD_SECONDS: String(
        cluster().timing.nodeMonitorGracePeriodSeconds,
      ),
    });
    const collector = t.manager.collectors.get(CLUSTER)!;
    await waitFor(
      () => collector.health().state === 'synced' && collector.cache.pods.has('initech-dev/debug'),
      60_000,
      'the collector to sync',
    );
    sre = (await signIn(t.app, 'sre')).headers;
  });
  afterAll(async () => {
    await t?.close();
    if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = savedKubeconfig;
  });

  it('finds the tenant, its members, and exactly the mistakes made in dev', async () => {
    const res = await t.app.inject({
      url: `/api/v1/clusters/${CLUSTER}/tenants/initech/isolation`,
      headers: sre,
    });
    expect(res.statusCode, res.body).toBe(200);
    const audit = res.json<{ tenant: string; checks: Check[] }>();
    const failing = Object.fromEntries(
      audit.checks
        .filter((c) => !c.passed)
        .map((c) => [c.id, c.offenders.map((o) => `${o.kind} ${o.namespace ?? ''}/${o.name}`)]),
    );
    expect(failing).toEqual({
      'privileged-pods': ['Pod initech-dev/debug'],
      'pod-security-admission': ['Namespace /initech-dev'],
      'default-deny-network-policy': ['Namespace /initech-dev'],
    });
    const tenants = await t.app.inject({
      url: `/api/v1/clusters/${CLUSTER}/tenants/initech`,
      headers: sre,
    });
    expect(tenants.statusCode, tenants.body).toBe(200);
    const detail = tenants.json<any>();
    expect(detail.namespaces.map((n: any) => n.name ?? n).sort()).toEqual([
      'initech-dev',
      'initech-prod',
    ]);
    expect(detail.members.users).toEqual(['peter@initech.example']);
  });
});
