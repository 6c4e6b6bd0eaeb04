import { readFileSync } from 'node:fs';

import { adminRequest, DEFAULT_DIR, status, type ClusterState } from '../../tools/k8s/cluster.mjs';

/**
 * The control plane the real-cluster browser tests (real-cluster/, playwright.real-cluster.config.ts) run against:
 * the one `npm run test:cluster` starts for them (it sets PLIMSOLL_E2E_CLUSTER_DIR), else a developer's
 * `npm run cluster:up`.
 */
export const CLUSTER_DIR = process.env.PLIMSOLL_E2E_CLUSTER_DIR ?? DEFAULT_DIR;

/** The running cluster's state (tools/k8s/cluster.mjs); throws, saying how to start one, when none runs. */
export function runningCluster(): ClusterState {
  const state = status(CLUSTER_DIR);
  if (!state || state.processes.length === 0)
    throw new Error(
      `No control plane is running from ${CLUSTER_DIR}. The real-cluster browser tests run inside ` +
        '`npm run test:cluster`, or after `npm run cluster:up -- --nodes 5` (set PLIMSOLL_E2E_CLUSTER_DIR for ' +
        'another directory).',
    );
  return state;
}

/** The cluster's name in Plimsoll: its kubeconfig's current context, as for any user's kubeconfig. */
export function clusterName(state: ClusterState): string {
  const m = /^current-context: (.+)$/m.exec(readFileSync(state.kubeconfig, 'utf8'));
  if (!m?.[1]) throw new Error(`${state.kubeconfig} names no current context`);
  return m[1].trim();
}

/** A request to the real API server as the cluster admin; throws unless the status is one of `ok` (2xx). */
export async function kube(
  state: ClusterState,
  method: string,
  path: string,
  body?: unknown,
  ok: number[] = [],
): Promise<any> {
  const r = await adminRequest(state, method, path, body);
  if (!(ok.includes(r.status) || (r.status >= 200 && r.status < 300)))
    throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
