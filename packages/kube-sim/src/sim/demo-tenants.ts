/** The demo's tenants (acme, globex, initech): their namespaces, node pools, RBAC, quotas and workloads. */
import { MiB, POOLS, addNodes, appWorkloads, c } from './demo-catalog.js';
import type { ScenarioContext } from './scenarios.js';
import { createTenant } from './tenants.js';
import type { Workload } from './workloads.js';

export function setupTenants(ctx: ScenarioContext, nodesPerTenant: number): void {
  const { cluster } = ctx;
  createTenant(
    cluster,
    {
      name: 'acme',
      label: 'capsule.clastix.io/tenant',
      namespaces: ['acme-prod', 'acme-dev'],
      admins: ['alice@acme.example'],
    },
    { cpu: '8', memory: '16Gi', pods: '40' },
  );
  createTenant(
    cluster,
    {
      name: 'globex',
      label: 'plimsoll.io/tenant',
      namespaces: ['globex-prod', 'globex-sandbox'],
      admins: ['bob@globex.example'],
      // Deliberate mistake: a tenant namespace without any NetworkPolicy.
      withoutNetworkPolicy: ['globex-sandbox'],
    },
    { cpu: '8', memory: '16Gi', pods: '40' },
  );
  // Deliberate mistake: a RoleBinding granting an acme user admin in a globex namespace.
  cluster.store.create('rbac.authorization.k8s.io/v1/rolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'acme-support', namespace: 'globex-prod' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'namespace-admin',
    },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice@acme.example' }],
  });
  addNodes(cluster, POOLS.acme, nodesPerTenant);
  addNodes(cluster, POOLS.globex, nodesPerTenant);
  for (const [tenant, nss] of [
    ['acme', ['acme-prod', 'acme-dev']],
    ['globex', ['globex-prod', 'globex-sandbox']],
  ] as const) {
    const pin: Partial<Workload> = {
      tolerations: [
        { key: 'plimsoll.io/tenant', operator: 'Equal', value: tenant, effect: 'NoSchedule' },
      ],
      nodeSelector: { 'plimsoll.io/tenant': tenant },
    };
    for (const ns of nss)
      for (const w of appWorkloads(ns, ns.endsWith('prod') ? 0.75 : 0.4, pin))
        cluster.addWorkload(w);
  }
  // Deliberate mistake: a privileged pod in a tenant namespace.
  cluster.addWorkload({
    namespace: 'acme-dev',
    name: 'debug-tools',
    kind: 'Deployment',
    replicas: 1,
    priorityClassName: 'standard',
    tolerations: [
      { key: 'plimsoll.io/tenant', operator: 'Equal', value: 'acme', effect: 'NoSchedule' },
    ],
    nodeSelector: { 'plimsoll.io/tenant': 'acme' },
    containers: [
      c(
        'shell',
        'nicolaka/netshoot:v0.13',
        { cpu: '50m', memory: '64Mi' },
        { memory: '256Mi' },
        30 * MiB,
        2,
        { privileged: true },
      ),
    ],
  });
  // An in-place resize the kubelet deferred, on a 1.35 node: the spec asks for 2Gi, the kubelet
  // still runs and ranks the pod on the 512Mi it admitted.
  cluster.ensureNamespace('analytics');
  cluster.addWorkload({
    namespace: 'analytics',
    name: 'report-builder',
    kind: 'Deployment',
    replicas: 1,
    priorityClassName: 'standard',
    nodeSelector: { 'plimsoll.io/pool': POOLS.memory.name },
    containers: [
      c(
        'builder',
        'ghcr.io/plimsoll-demo/reports:1.4.0',
        { cpu: '200m', memory: '512Mi' },
        { memory: '4Gi' },
        700 * MiB,
        60,
      ),
    ],
    pendingResize: {
      requests: { builder: { cpu: '200m', memory: '2Gi' } },
      reason: 'Deferred',
      message: "Node didn't have enough resource: memory",
    },
  });
  // Deliberate mistake: a globex pod tolerating acme's taint, running on acme's pool.
  cluster.addWorkload({
    namespace: 'globex-prod',
    name: 'cache-warmer',
    kind: 'Deployment',
    replicas: 1,
    priorityClassName: 'standard',
    tolerations: [
      { key: 'plimsoll.io/tenant', operator: 'Equal', value: 'acme', effect: 'NoSchedule' },
    ],
    nodeSelector: { 'plimsoll.io/tenant': 'acme' },
    containers: [
      c(
        'warmer',
        'ghcr.io/globex/cache-warmer:0.9.1',
        { cpu: '100m', memory: '256Mi' },
        { memory: '512Mi' },
        200 * MiB,
        60,
      ),
    ],
  });
}
