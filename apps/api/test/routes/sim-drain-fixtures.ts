import { expect } from 'vitest';

import type { ClusterManager } from '../../src/collector/cluster-manager.js';

export interface SimPod {
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; controller?: boolean }[];
  };
}

/** The simulated cluster's pods and budgets, as the drain tests set them up. */
export function simDrainFixtures(manager: ClusterManager) {
  const simUrl = manager.simulatorUrl ?? '';
  const podsOn = async (node: string) =>
    (
      (await (
        await fetch(
          `${simUrl}/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`,
        )
      ).json()) as { items: SimPod[] }
    ).items;
  /** A worker node running a ReplicaSet pod, and that pod. */
  async function workerWithReplicaSetPod(exclude: string[] = []) {
    for (const node of manager.collectors.get('sim')?.cache.nodes.values() ?? []) {
      if (node.name.startsWith('master') || exclude.includes(node.name)) continue;
      const pod = (await podsOn(node.name)).find((p) =>
        p.metadata.ownerReferences?.some((r) => r.kind === 'ReplicaSet' && r.controller),
      );
      if (pod) return { node: node.name, pod };
    }
    throw new Error('no worker with a ReplicaSet pod');
  }
  /** A PodDisruptionBudget over the pod's labels. */
  async function createPdb(pod: SimPod, name: string, maxUnavailable: number) {
    const labels = { ...(pod.metadata.labels ?? {}) };
    const res = await fetch(
      `${simUrl}/apis/policy/v1/namespaces/${pod.metadata.namespace}/poddisruptionbudgets`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: { name },
          spec: { maxUnavailable, selector: { matchLabels: labels } },
        }),
      },
    );
    expect(res.status).toBe(201);
  }
  return { simUrl, podsOn, workerWithReplicaSetPod, createPdb };
}
