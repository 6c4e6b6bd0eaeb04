import { join } from 'node:path';

import type { TestProject } from 'vitest/node';

import { down, up, type ClusterState } from '../../../tools/k8s/cluster.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterState;
  }
}

/** Nodes KWOK manages for the suite; each test file takes its own so they don't meet. */
export const SUITE_NODES = 8;

/**
 * Starts one real control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, KWOK) for the whole
 * cluster suite, in its own directory so a developer's `npm run cluster:up` cluster is left alone, and stops it after.
 */
export default async function setup(project: TestProject) {
  const dir = join(import.meta.dirname, '..', '..', '..', '.plimsoll', 'test-cluster');
  const state = await up({ dir, nodes: SUITE_NODES });
  process.stderr.write(`test:cluster against ${state.version} at ${state.server}\n`);
  project.provide('cluster', state);
  return async () => {
    await down({ dir });
  };
}
