/**
 * Extended resources on autoscaled pools, as a device plugin (or a `kubectl patch node --subresource=status`)
 * advertises them: batch nodes carry `example.com/dongle` (the Kubernetes docs' example), GPU nodes
 * `nvidia.com/gpu`. A small Deployment on the batch pool consumes dongles (requests = limits, as the API server
 * requires for extended resources).
 */
import type { Cluster } from './cluster.js';
import type { Kubelet } from './kubelet.js';
import { NODES } from './resources.js';
import type { ResourceAmounts, Workload } from './workloads.js';

/** Extended resources per pool name. */
export const POOL_EXTENDED_RESOURCES: Readonly<Record<string, Record<string, string>>> = {
  batch: { 'example.com/dongle': '4' },
  gpu: { 'nvidia.com/gpu': '1' },
};

/** Add the pool's extended resources to the node's capacity and allocatable (idempotent). */
export function advertiseExtendedResources(cluster: Cluster, k: Kubelet): void {
  const extra = POOL_EXTENDED_RESOURCES[k.id.pool.name];
  if (!extra || !cluster.store.get(NODES, undefined, k.name)) return;
  cluster.store.mutate(NODES, undefined, k.name, (node) => {
    const status = node.status as {
      capacity?: Record<string, string>;
      allocatable?: Record<string, string>;
    };
    status.capacity = { ...status.capacity, ...extra };
    status.allocatable = { ...status.allocatable, ...extra };
  });
}

/** A Deployment on the batch pool using one dongle per pod. */
export function dongleWorkload(): Workload {
  const amounts = { cpu: '250m', memory: '256Mi', 'example.com/dongle': '1' } as ResourceAmounts;
  return {
    namespace: 'default',
    name: 'license-server',
    kind: 'Deployment',
    replicas: 2,
    tolerations: [
      { key: 'workload-class', operator: 'Equal', value: 'batch', effect: 'NoSchedule' },
    ],
    nodeSelector: { 'plimsoll.io/pool': 'batch' },
    containers: [
      {
        name: 'license-server',
        image: 'ghcr.io/plimsoll-demo/license-server:3.2.0',
        requests: amounts,
        limits: amounts,
        memoryBytes: 180 * 1024 ** 2,
        cpuMilli: 60,
        rootfsBytes: 20 * 1024 ** 2,
        logsBytes: 5 * 1024 ** 2,
        processCount: 4,
      },
    ],
  };
}
