/**
 * Multi-tenancy objects: tenant namespaces (Capsule's capsule.clastix.io/tenant label or a plain
 * plimsoll.io/tenant), a namespace-admin ClusterRole bound per namespace, ResourceQuotas with scopes
 * (the NotBestEffort / BestEffort split of the Kubernetes docs), LimitRanges, default-deny
 * NetworkPolicies — and a quota controller that keeps status.used current.
 */
import type { Cluster } from './cluster.js';
import {
  CLUSTER_ROLES,
  LIMIT_RANGES,
  NETWORK_POLICIES,
  RESOURCE_QUOTAS,
  ROLE_BINDINGS,
} from './resources.js';
import type { SimPod } from './workloads.js';
import { amountToNumber } from './workloads.js';

/** One tenant. */
export interface TenantSpec {
  name: string;
  /** Label key naming the tenant on its namespaces. */
  label: 'capsule.clastix.io/tenant' | 'plimsoll.io/tenant';
  namespaces: string[];
  admins: string[];
  /** Namespaces deliberately left without a NetworkPolicy. */
  withoutNetworkPolicy?: string[];
}

/** The Pod Security Admission labels (k8s.io/pod-security-admission/api). */
export const POD_SECURITY_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const POD_SECURITY_WARN_LABEL = 'pod-security.kubernetes.io/warn';

/**
 * Tenant namespaces whose Pod Security Admission only warns instead of enforcing baseline: `acme-dev`, where
 * the scenario's deliberately privileged `debug-tools` pod runs. That is how it got in — a namespace someone
 * switched to warn-only "for debugging" — and the isolation audit should find both.
 */
export const POD_SECURITY_WARN_ONLY_NAMESPACES: readonly string[] = ['acme-dev'];

/** Create the cluster-wide namespace-admin ClusterRole. */
export function createNamespaceAdminRole(cluster: Cluster): void {
  if (cluster.store.get(CLUSTER_ROLES, undefined, 'namespace-admin')) return;
  cluster.store.create(CLUSTER_ROLES, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'namespace-admin', labels: { 'plimsoll.io/role': 'tenant-admin' } },
    rules: [
      {
        apiGroups: ['', 'apps', 'batch', 'autoscaling', 'networking.k8s.io', 'policy'],
        resources: ['*'],
        verbs: ['*'],
      },
      {
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['roles', 'rolebindings'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      },
      {
        apiGroups: [''],
        resources: ['resourcequotas', 'limitranges'],
        verbs: ['get', 'list', 'watch'],
      },
    ],
  });
}

/** Bind a user to namespace-admin in a namespace. */
export function bindNamespaceAdmin(
  cluster: Cluster,
  namespace: string,
  name: string,
  users: string[],
): void {
  cluster.store.create(ROLE_BINDINGS, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'namespace-admin',
    },
    subjects: users.map((u) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: u })),
  });
}

/** Create a tenant's namespaces and their RBAC, quotas, limit ranges and network policies. */
export function createTenant(
  cluster: Cluster,
  t: TenantSpec,
  quota: { cpu: string; memory: string; pods: string },
): void {
  createNamespaceAdminRole(cluster);
  for (const ns of t.namespaces) {
    const podSecurity: Record<string, string> = POD_SECURITY_WARN_ONLY_NAMESPACES.includes(ns)
      ? { [POD_SECURITY_WARN_LABEL]: 'baseline' }
      : { [POD_SECURITY_ENFORCE_LABEL]: 'baseline', [POD_SECURITY_WARN_LABEL]: 'baseline' };
    cluster.ensureNamespace(ns, { [t.label]: t.name, ...podSecurity });
    bindNamespaceAdmin(cluster, ns, 'namespace-admin', t.admins);
    const hard = {
      pods: quota.pods,
      'requests.cpu': quota.cpu,
      'requests.memory': quota.memory,
      'limits.cpu': String(amountToNumber(quota.cpu) * 2),
      'limits.memory': `${Math.round((amountToNumber(quota.memory) * 2) / 1024 ** 3)}Gi`,
    };
    cluster.store.create(RESOURCE_QUOTAS, {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'not-best-effort', namespace: ns },
      spec: { hard, scopes: ['NotBestEffort'] },
      status: { hard, used: zeroUsed(hard) },
    });
    const beHard = { pods: '10' };
    cluster.store.create(RESOURCE_QUOTAS, {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'best-effort', namespace: ns },
      spec: { hard: beHard, scopes: ['BestEffort'] },
      status: { hard: beHard, used: zeroUsed(beHard) },
    });
    cluster.store.create(LIMIT_RANGES, {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'default-limits', namespace: ns },
      spec: {
        limits: [
          {
            type: 'Container',
            default: { cpu: '500m', memory: '512Mi' },
            defaultRequest: { cpu: '100m', memory: '128Mi' },
            max: { cpu: '4', memory: '8Gi' },
          },
        ],
      },
    });
    if (!(t.withoutNetworkPolicy ?? []).includes(ns)) {
      cluster.store.create(NETWORK_POLICIES, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny-ingress', namespace: ns },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      });
      cluster.store.create(NETWORK_POLICIES, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'allow-same-namespace', namespace: ns },
        spec: {
          podSelector: {},
          ingress: [{ from: [{ podSelector: {} }] }],
          policyTypes: ['Ingress'],
        },
      });
    }
  }
}

function zeroUsed(hard: Record<string, string>): Record<string, string> {
  const used: Record<string, string> = {};
  for (const k of Object.keys(hard)) used[k] = '0';
  return used;
}

function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${Math.round(milli)}m`;
}

function formatMemory(bytes: number): string {
  if (bytes === 0) return '0';
  if (bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3}Gi`;
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}Mi`;
  return String(bytes);
}

/**
 * The ResourceQuota controller: recomputes status.used for every quota from the live pods, honouring
 * the BestEffort / NotBestEffort scopes, and records each change in the truth log.
 */
export class QuotaController {
  private readonly cancels: Array<() => void> = [];

  constructor(private readonly cluster: Cluster) {}

  start(): void {
    // The controller reacts to pod changes within seconds; a short resync stands in for its queue.
    this.cancels.push(this.cluster.clock.every(15_000, () => this.sync()));
    // A spec.hard change (a quota edit or an approved request) is reconciled at once, as the real controller's
    // informer would, rather than at the next resync.
    this.cancels.push(
      this.cluster.store.subscribe((event) => {
        if (event.resource !== RESOURCE_QUOTAS || event.type !== 'MODIFIED') return;
        const before = JSON.stringify(
          (event.oldObject?.spec as { hard?: unknown } | undefined)?.hard ?? {},
        );
        const after = JSON.stringify(
          (event.object.spec as { hard?: unknown } | undefined)?.hard ?? {},
        );
        if (before !== after) queueMicrotask(() => this.sync());
      }),
    );
  }

  stop(): void {
    for (const c of this.cancels.splice(0)) c();
  }

  sync(): void {
    const { store } = this.cluster;
    const byNs = new Map<string, SimPod[]>();
    for (const p of this.cluster.pods.values()) {
      const list = byNs.get(p.namespace) ?? [];
      list.push(p);
      byNs.set(p.namespace, list);
    }
    for (const q of store.list(RESOURCE_QUOTAS)) {
      const ns = q.metadata.namespace ?? '';
      const spec = q.spec as { hard?: Record<string, string>; scopes?: string[] };
      const hard = spec.hard ?? {};
      const pods = (byNs.get(ns) ?? []).filter((p) => {
        const bestEffort = p.workload.containers.every((c) => !c.requests && !c.limits);
        if (spec.scopes?.includes('BestEffort')) return bestEffort;
        if (spec.scopes?.includes('NotBestEffort')) return !bestEffort;
        return true;
      });
      const used: Record<string, string> = {};
      for (const key of Object.keys(hard)) {
        let v = '0';
        if (key === 'pods') v = String(pods.length);
        else if (key === 'requests.cpu')
          v = formatCpu(sum(pods, (c) => amountToNumber(c.requests?.cpu) * 1000));
        else if (key === 'limits.cpu')
          v = formatCpu(sum(pods, (c) => amountToNumber(c.limits?.cpu) * 1000));
        else if (key === 'requests.memory')
          v = formatMemory(sum(pods, (c) => amountToNumber(c.requests?.memory)));
        else if (key === 'limits.memory')
          v = formatMemory(sum(pods, (c) => amountToNumber(c.limits?.memory)));
        used[key] = v;
      }
      const status = q.status as
        { used?: Record<string, string>; hard?: Record<string, string> } | undefined;
      const prev = status?.used ?? {};
      const prevHard = status?.hard ?? {};
      // Like the real controller, status.hard follows spec.hard (an approved quota change) even when usage is still.
      const hardSynced =
        Object.keys(hard).length === Object.keys(prevHard).length &&
        Object.keys(hard).every((k) => prevHard[k] === hard[k]);
      if (hardSynced && Object.keys(used).every((k) => prev[k] === used[k])) continue;
      store.mutate(RESOURCE_QUOTAS, ns, q.metadata.name, (obj) => {
        obj.status = { hard: { ...hard }, used };
      });
      this.cluster.truth.record('quota-change', {
        namespace: ns,
        quota: q.metadata.name,
        hard: { ...hard },
        used,
        previous: prev,
      });
    }
  }
}

function sum(pods: SimPod[], f: (c: SimPod['workload']['containers'][number]) => number): number {
  let s = 0;
  for (const p of pods) for (const c of p.workload.containers) s += f(c);
  return Math.round(s);
}
