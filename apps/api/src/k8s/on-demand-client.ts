import type { KubeClient } from './kube-client.js';
import { clusterTargetFromKubeconfig } from './kube-config.js';

/** What this module needs of a collector and of the cluster manager (structural, to stay out of collector/). */
interface CollectorLike {
  readonly name: string;
  readonly client?: KubeClient;
}
interface ManagerLike {
  readonly simulatorUrl: string | undefined;
}

const simClients = new Map<string, KubeClient>();

/**
 * A client for on-demand reads (ConfigMaps, Cluster API objects, one pod) against a collected cluster: the
 * collector's own client when it exposes one, else — for the built-in simulated cluster, which needs no
 * credentials — a client on the simulator's URL. Null when neither is available.
 */
export function findOnDemandClient(
  manager: ManagerLike | null,
  collector: CollectorLike,
): KubeClient | null {
  if (collector.client) return collector.client;
  const url = manager?.simulatorUrl;
  if (!url) return null;
  let client = simClients.get(url);
  if (!client) {
    // JSON is YAML: a kubeconfig for the plain-HTTP simulator (client-node wants TLS verification off for http).
    const kubeconfig = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'sim', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'sim', user: {} }],
      contexts: [{ name: 'sim', context: { cluster: 'sim', user: 'sim' } }],
      'current-context': 'sim',
    });
    client = clusterTargetFromKubeconfig(collector.name, 'simulated', kubeconfig).client;
    simClients.set(url, client);
  }
  return client;
}

/** Closes the simulator clients made here (the simulator's URL changes per test app). */
export function closeOnDemandClients(): void {
  for (const c of simClients.values()) c.close();
  simClients.clear();
}
