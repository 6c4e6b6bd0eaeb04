/**
 * The demo's node pools and workloads: system DaemonSets, the tenants' apps and batch Jobs, as scenarios place them.
 */
import { DEFAULT_KUBELET_PROFILE, TUNED_KUBELET_PROFILE, type NodePool } from './node-factory.js';
import type { Cluster } from './cluster.js';
import type { Kubelet } from './kubelet.js';
import type { ContainerTemplate, Workload } from './workloads.js';

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

export const POOLS = {
  controlPlane: {
    name: 'control-plane',
    instanceType: 'm6i.xlarge',
    cpu: 4,
    memoryGi: 16,
    diskGi: 80,
    role: 'control-plane',
    kubelet: DEFAULT_KUBELET_PROFILE,
  },
  general: {
    name: 'general',
    instanceType: 'm6i.2xlarge',
    cpu: 8,
    memoryGi: 32,
    diskGi: 100,
    kubelet: DEFAULT_KUBELET_PROFILE,
  },
  memory: {
    name: 'memory-optimized',
    instanceType: 'r6i.xlarge',
    cpu: 4,
    memoryGi: 32,
    diskGi: 100,
    kubelet: TUNED_KUBELET_PROFILE,
    // Upgraded first: 1.35 with 8Gi of swap under LimitedSwap.
    kubeletVersion: 'v1.35.0',
    swapGi: 8,
  },
  small: {
    name: 'general-small',
    instanceType: 'm6i.large',
    cpu: 2,
    memoryGi: 8,
    diskGi: 50,
    kubelet: TUNED_KUBELET_PROFILE,
  },
  acme: {
    name: 'tenant-acme',
    instanceType: 'm6i.xlarge',
    cpu: 4,
    memoryGi: 16,
    diskGi: 80,
    tenant: 'acme',
    taints: [{ key: 'plimsoll.io/tenant', value: 'acme', effect: 'NoSchedule' }],
    kubelet: DEFAULT_KUBELET_PROFILE,
  },
  globex: {
    name: 'tenant-globex',
    instanceType: 'm6i.xlarge',
    cpu: 4,
    memoryGi: 16,
    diskGi: 80,
    tenant: 'globex',
    taints: [{ key: 'plimsoll.io/tenant', value: 'globex', effect: 'NoSchedule' }],
    kubelet: DEFAULT_KUBELET_PROFILE,
  },
  batch: {
    name: 'batch',
    instanceType: 'c6i.2xlarge',
    cpu: 8,
    memoryGi: 16,
    diskGi: 100,
    taints: [{ key: 'workload-class', value: 'batch', effect: 'NoSchedule' }],
    kubelet: DEFAULT_KUBELET_PROFILE,
    autoscaling: { min: 1, max: 5 },
    // 1.35 with images on their own disk and writable layers on nodefs (split image fs).
    kubeletVersion: 'v1.35.0',
    imageFsGi: 200,
  },
  gpu: {
    name: 'gpu',
    instanceType: 'g5.2xlarge',
    cpu: 8,
    memoryGi: 32,
    diskGi: 250,
    taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
    kubelet: DEFAULT_KUBELET_PROFILE,
    autoscaling: { min: 0, max: 2 },
  },
} satisfies Record<string, NodePool>;

export function c(
  name: string,
  image: string,
  requests: ContainerTemplate['requests'],
  limits: ContainerTemplate['limits'],
  memoryBytes: number,
  cpuMilli: number,
  extra: Partial<ContainerTemplate> = {},
): ContainerTemplate {
  return {
    name,
    image,
    ...(requests ? { requests } : {}),
    ...(limits ? { limits } : {}),
    memoryBytes,
    cpuMilli,
    rootfsBytes: 40 * MiB,
    logsBytes: 15 * MiB,
    processCount: 12,
    ...extra,
  };
}

/** System DaemonSets on every node. */
export function systemDaemonSets(npd: boolean): Workload[] {
  const all: Workload[] = [
    {
      namespace: 'kube-system',
      name: 'kube-proxy',
      kind: 'DaemonSet',
      replicas: 0,
      priorityClassName: 'system-node-critical',
      tolerations: [{ operator: 'Exists' }],
      containers: [
        c(
          'kube-proxy',
          'registry.k8s.io/kube-proxy:v1.33.1',
          { cpu: '100m' },
          undefined,
          38 * MiB,
          5,
        ),
      ],
    },
    {
      namespace: 'kube-system',
      name: 'aws-node',
      kind: 'DaemonSet',
      replicas: 0,
      priorityClassName: 'system-node-critical',
      tolerations: [{ operator: 'Exists' }],
      containers: [
        c(
          'aws-node',
          '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.19.5',
          { cpu: '25m' },
          undefined,
          58 * MiB,
          4,
        ),
      ],
    },
  ];
  if (npd) {
    all.push({
      namespace: 'kube-system',
      name: 'node-problem-detector',
      kind: 'DaemonSet',
      replicas: 0,
      priorityClassName: 'system-node-critical',
      tolerations: [{ operator: 'Exists' }],
      containers: [
        c(
          'node-problem-detector',
          'registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.20',
          { cpu: '10m', memory: '80Mi' },
          { memory: '80Mi' },
          32 * MiB,
          2,
        ),
      ],
    });
  }
  return all;
}

/** A mix of tiers in one namespace: Guaranteed databases, Burstable services, BestEffort batch. */
export function appWorkloads(ns: string, scale: number, extra: Partial<Workload> = {}): Workload[] {
  const r = (n: number) => Math.max(1, Math.round(n * scale));
  return [
    {
      namespace: ns,
      name: 'api',
      kind: 'Deployment',
      replicas: r(4),
      priorityClassName: 'business-critical',
      containers: [
        c(
          'api',
          'ghcr.io/plimsoll-demo/api:2.14.3',
          { cpu: '250m', memory: '512Mi' },
          { memory: '1Gi' },
          420 * MiB,
          180,
        ),
      ],
      ...extra,
    },
    {
      namespace: ns,
      name: 'web',
      kind: 'Deployment',
      replicas: r(3),
      priorityClassName: 'standard',
      containers: [
        c(
          'nginx',
          'nginx:1.27.5',
          { cpu: '100m', memory: '128Mi' },
          { cpu: '500m', memory: '256Mi' },
          90 * MiB,
          40,
        ),
      ],
      ...extra,
    },
    {
      namespace: ns,
      name: 'worker',
      kind: 'Deployment',
      replicas: r(3),
      priorityClassName: 'standard',
      containers: [
        c(
          'worker',
          'ghcr.io/plimsoll-demo/worker:2.14.3',
          { cpu: '200m', memory: '256Mi' },
          undefined,
          380 * MiB,
          150,
        ),
      ],
      ...extra,
    },
    {
      namespace: ns,
      name: 'postgres',
      kind: 'StatefulSet',
      replicas: r(1),
      priorityClassName: 'business-critical',
      containers: [
        c(
          'postgres',
          'postgres:16.9',
          { cpu: '500m', memory: '1Gi' },
          { cpu: '500m', memory: '1Gi' },
          700 * MiB,
          220,
        ),
      ],
      ...extra,
    },
    {
      namespace: ns,
      name: 'reports',
      kind: 'Deployment',
      replicas: r(2),
      priorityClassName: 'batch-low',
      containers: [
        c('reports', 'ghcr.io/plimsoll-demo/reports:1.4.0', undefined, undefined, 300 * MiB, 80),
      ],
      ...extra,
    },
  ];
}

/** A batch Job too big for the current batch nodes. */
export function burstJob(ns: string, name: string, pods: number, pool: 'batch' | 'gpu'): Workload {
  return {
    namespace: ns,
    name,
    kind: 'Job',
    replicas: pods,
    priorityClassName: 'batch-low',
    tolerations: [
      pool === 'batch'
        ? { key: 'workload-class', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }
        : { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ],
    nodeSelector: { 'plimsoll.io/pool': POOLS[pool].name },
    containers: [
      c(
        'job',
        `ghcr.io/plimsoll-demo/${name}:1.0.0`,
        { cpu: '2', memory: '4Gi' },
        { cpu: '2', memory: '4Gi' },
        3 * GiB,
        1800,
      ),
    ],
  };
}

/** Add `n` nodes of a pool. */
export function addNodes(cluster: Cluster, pool: NodePool, n: number): Kubelet[] {
  const out: Kubelet[] = [];
  for (let i = 0; i < n; i++) out.push(cluster.addNode(pool));
  return out;
}
