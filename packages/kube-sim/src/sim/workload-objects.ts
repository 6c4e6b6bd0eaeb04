/**
 * The DaemonSet objects behind the simulation's DaemonSet pods, so that what reads a pod's controller (kubectl
 * drain's daemonSetFilter GETs it) finds it, as in a real cluster.
 */
import type { Cluster } from './cluster.js';

/** Store key of apps/v1 DaemonSets. */
export const DAEMON_SETS = 'apps/v1/daemonsets';

/** Creates the DaemonSet of every DaemonSet workload that has none yet. */
export function publishDaemonSets(cluster: Cluster): void {
  for (const w of cluster.workloads) {
    if (w.kind !== 'DaemonSet' || cluster.store.get(DAEMON_SETS, w.namespace, w.name)) continue;
    const labels = { ...(w.labels ?? { app: w.name }) };
    cluster.store.create(DAEMON_SETS, {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: w.name, namespace: w.namespace, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: w.containers.map((c) => ({ name: c.name, image: c.image })) },
        },
      },
    });
  }
}
