import type { FastifyInstance } from 'fastify';

import { SIM_CLUSTER_NAME } from '../collector/cluster-manager.js';
import { AppError } from '../errors/app-error.js';
import {
  createTenantClusterAccess,
  loadKubeConfigFor,
  type ClusterConnection,
  type TenantClusterAccess,
} from '../k8s/tenant-cluster-access.js';
import { getClusterCollector } from './get-cluster.js';

// Keyed by the cluster manager: every encapsulated Fastify context of one app shares it (and its lists' cache).
const accessByManager = new WeakMap<object, Map<string, TenantClusterAccess>>();

/**
 * The on-demand reader/patcher of a cluster (404 for an unknown cluster). The collector does not expose its
 * credentials, so this builds a KubeConfig the same way the collector does: the built-in simulator's URL, the
 * in-cluster service account, or the kubeconfig context named like the cluster.
 */
export function getTenantClusterAccess(app: FastifyInstance, cluster: string): TenantClusterAccess {
  getClusterCollector(app, cluster);
  const manager = app.clusterManager as object;
  let perApp = accessByManager.get(manager);
  if (!perApp) {
    perApp = new Map();
    accessByManager.set(manager, perApp);
  }
  const existing = perApp.get(cluster);
  if (existing) return existing;
  const simUrl = app.clusterManager?.simulatorUrl;
  const conn: ClusterConnection =
    cluster === SIM_CLUSTER_NAME && simUrl
      ? { kind: 'url', server: simUrl }
      : cluster === 'in-cluster'
        ? { kind: 'in-cluster' }
        : { kind: 'kubeconfig-context', context: cluster };
  let access: TenantClusterAccess;
  try {
    access = createTenantClusterAccess(loadKubeConfigFor(conn));
  } catch (err) {
    throw new AppError(
      'UNAVAILABLE',
      `Cannot connect to cluster ${cluster}: ${(err as Error).message}`,
    );
  }
  perApp.set(cluster, access);
  return access;
}
