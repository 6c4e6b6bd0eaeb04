import type { ClusterCollector } from '../collector/cluster-collector.js';
import {
  createTenantClusterAccess,
  type TenantClusterAccess,
} from '../k8s/tenant-cluster-access.js';
import { getClusterCollector } from './get-cluster.js';
import type { ServiceContext } from './service-context.js';

// One per collector, so every request of an app shares its lists' short cache; gone with the collector.
const accessByCollector = new WeakMap<ClusterCollector, TenantClusterAccess>();

/**
 * The on-demand reader/patcher of a cluster (404 for an unknown cluster), on the client of the cluster's
 * collector — whatever its credentials (kubeconfig context, in-cluster account under PLIMSOLL_IN_CLUSTER_NAME,
 * the simulator).
 */
export function getTenantClusterAccess(ctx: ServiceContext, cluster: string): TenantClusterAccess {
  const collector = getClusterCollector(ctx, cluster);
  let access = accessByCollector.get(collector);
  if (!access) {
    access = createTenantClusterAccess(collector.client);
    accessByCollector.set(collector, access);
  }
  return access;
}
