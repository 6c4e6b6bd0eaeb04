import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Registry } from 'prom-client';
import { inject } from 'vitest';

import {
  adminRequest,
  soloNode as soloNodeIn,
  type ClusterState,
} from '../../../tools/k8s/cluster.mjs';
import { createClusterCollector } from '../src/collector/collector.js';
import type {
  ClusterCollector,
  ClusterCollectorOptions,
} from '../src/collector/cluster-collector.js';
import type { Database } from '../src/db/client.js';
import { clusterTargetFromKubeconfig } from '../src/k8s/kube-config.js';
import { createHistoryRepository } from '../src/repositories/history-repository.js';
import { memoryLogger, waitFor } from '../test/collector/sim-harness.js';
import { kubectl, KUSTOMIZE_ROOT, type KubectlResult } from '../test/deploy/manifests.js';

/** The control plane global-setup.ts started. */
export function cluster(): ClusterState {
  return inject('cluster');
}

/** A request as the cluster admin; throws unless the status is one of `ok` (default: any 2xx). */
export async function kube(
  method: string,
  path: string,
  body?: unknown,
  opts: { contentType?: string; ok?: number[] } = {},
): Promise<any> {
  const r = await adminRequest(cluster(), method, path, body, opts.contentType);
  const ok = opts.ok ? opts.ok.includes(r.status) : r.status >= 200 && r.status < 300;
  if (!ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A strategic merge patch of a subresource or object, as the kubelet and kubectl send them. */
export function strategicPatch(path: string, patch: unknown): Promise<any> {
  return kube('PATCH', path, patch, { contentType: 'application/strategic-merge-patch+json' });
}

/** kubectl as the cluster admin. */
export function kubectlAdmin(args: string[], stdin?: string): Promise<KubectlResult> {
  return kubectl(['--request-timeout=60s', ...args], {
    kubeconfig: cluster().kubeconfig,
    ...(stdin !== undefined ? { stdin } : {}),
  });
}

async function mustKubectl(args: string[], stdin?: string): Promise<string> {
  const r = await kubectlAdmin(args, stdin);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}`);
  return r.stdout;
}

/**
 * Applies Plimsoll's access objects from deploy/kubernetes for real, as an operator would: the namespace, the
 * ServiceAccount, the collector's ClusterRole and binding, the leader-election Role, and the quota-requests component.
 */
export async function applyPlimsollAccess(): Promise<void> {
  await mustKubectl(['apply', '-k', `${KUSTOMIZE_ROOT}/base/access`]);
  await mustKubectl([
    'apply',
    '-f',
    `${KUSTOMIZE_ROOT}/components/quota-requests/cluster-role.yaml`,
  ]);
}

/**
 * A kubeconfig (written to a temp file) that authenticates as the `plimsoll` ServiceAccount with a bound token from
 * the TokenRequest API: what the pod's projected token gives the collector in a real deployment.
 */
export async function serviceAccountKubeconfig(context = 'real'): Promise<{
  path: string;
  yaml: string;
  token: string;
}> {
  const c = cluster();
  const tr = await kube('POST', '/api/v1/namespaces/plimsoll/serviceaccounts/plimsoll/token', {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds: 3600 },
  });
  const token = tr.status.token as string;
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${context}`,
    '  cluster:',
    `    server: ${c.server}`,
    `    certificate-authority: ${join(c.dir, 'pki', 'ca.crt')}`,
    'users:',
    '- name: plimsoll',
    '  user:',
    `    token: ${token}`,
    'contexts:',
    `- name: ${context}`,
    '  context:',
    `    cluster: ${context}`,
    '    user: plimsoll',
    `current-context: ${context}`,
    '',
  ].join('\n');
  const path = join(mkdtempSync(join(tmpdir(), 'plimsoll-sa-')), 'kubeconfig');
  writeFileSync(path, yaml, { mode: 0o600 });
  return { path, yaml, token };
}

/** A node's object. */
export function getNode(name: string): Promise<any> {
  return kube('GET', `/api/v1/nodes/${name}`);
}

/** The node's condition of `type`. */
export function conditionOf(node: any, type: string): any {
  return (node.status?.conditions ?? []).find((c: { type: string }) => c.type === type);
}

/** A node with a KWOK of its own in the suite's cluster (tools/k8s/cluster.mjs `soloNode`). */
export function soloNode(name: string): ReturnType<typeof soloNodeIn> {
  return soloNodeIn(cluster(), name);
}

/** metav1.Time on the wire: RFC 3339 in whole seconds. */
export function metaTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** Creates a namespace (labels optional); an existing one is fine. */
export async function createNamespace(name: string, labels: Record<string, string> = {}) {
  await kube(
    'POST',
    '/api/v1/namespaces',
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } },
    { ok: [201, 409] },
  );
  // The ServiceAccount admission plugin refuses pods until the controller made the namespace's default account.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const r = await adminRequest(
      cluster(),
      'GET',
      `/api/v1/namespaces/${name}/serviceaccounts/default`,
    );
    if (r.status === 200) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`namespace ${name} got no default ServiceAccount`);
}

/** A pod bound to `node` (no scheduler needed), with requests so quota and QoS have something to count. */
export function podOn(
  namespace: string,
  name: string,
  node: string,
  requests: Record<string, string> = { cpu: '100m', memory: '128Mi' },
  limits?: Record<string, string>,
) {
  return kube('POST', `/api/v1/namespaces/${namespace}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      nodeName: node,
      containers: [
        {
          name: 'app',
          image: 'registry.example/app:1',
          resources: { requests, ...(limits ? { limits } : {}) },
        },
      ],
    },
  });
}

/** The cluster's name in the tests' history. */
export const CLUSTER = 'real';

/** A collector on the real cluster with `kubeconfigYaml`'s credentials, writing to `db`, timed as the cluster is. */
export function collectorOn(
  kubeconfigYaml: string,
  db: Database,
  extra: Partial<ClusterCollectorOptions> = {},
): { collector: ClusterCollector; registry: Registry; log: ReturnType<typeof memoryLogger> } {
  const registry = extra.registry ?? new Registry();
  const log = memoryLogger();
  const collector = createClusterCollector({
    target: clusterTargetFromKubeconfig(CLUSTER, 'kubeconfig', kubeconfigYaml),
    history: createHistoryRepository(db.prisma),
    registry,
    log,
    tenantLabels: ['capsule.clastix.io/tenant', 'plimsoll.io/tenant'],
    autoscalerStatusConfigMap: 'kube-system/cluster-autoscaler-status',
    bufferCapacity: 10_000,
    leaderElection: false,
    backoff: { minMs: 200, maxMs: 2000 },
    nodeMonitorGracePeriodSeconds: cluster().timing.nodeMonitorGracePeriodSeconds,
    ...extra,
  });
  return { collector, registry, log };
}

/** Sum of a counter's values whose labels match `labels`. */
export async function counter(registry: Registry, name: string, labels: Record<string, string>) {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}

/** Starts a collector and waits until it has listed everything and writes history. */
export async function startWriting(collector: ClusterCollector): Promise<void> {
  await collector.start();
  await waitFor(
    () => collector.health().state === 'synced' && collector.isWriter(),
    60_000,
    'the collector to sync and write',
  );
}
