import { KubeApiError, type KubeClient } from './kube-client.js';

/** Cluster API's group. */
export const CLUSTER_API_GROUP = 'cluster.x-k8s.io';

/** A raw Cluster API object (only the fields Plimsoll reads are typed). */
export interface CapiObject {
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind?: string; name?: string; controller?: boolean }>;
    creationTimestamp?: string;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** The Cluster API objects of a cluster, or `served: false` when the CRDs are absent. */
export interface ClusterApiObjects {
  served: boolean;
  version: string | null;
  machineDeployments: CapiObject[];
  machineSets: CapiObject[];
  machines: CapiObject[];
  machineHealthChecks: CapiObject[];
}

/** Discovery: the preferred served version of cluster.x-k8s.io, or null when the group is not served. */
export async function findClusterApiVersion(client: KubeClient): Promise<string | null> {
  try {
    const group = (await client.request('GET', `/apis/${CLUSTER_API_GROUP}`)) as {
      preferredVersion?: { version?: string };
      versions?: Array<{ version?: string }>;
    };
    return group.preferredVersion?.version ?? group.versions?.[0]?.version ?? null;
  } catch (err) {
    if (err instanceof KubeApiError && err.statusCode === 404) return null;
    throw err;
  }
}

async function listAll(
  client: KubeClient,
  version: string,
  resource: string,
): Promise<CapiObject[]> {
  const items: CapiObject[] = [];
  let token: string | undefined;
  do {
    try {
      const page = await client.list(`/apis/${CLUSTER_API_GROUP}/${version}/${resource}`, {
        limit: '500',
        continue: token,
      });
      items.push(...(page.items as CapiObject[]));
      token = page.continueToken;
    } catch (err) {
      // A CRD of the group may be missing (e.g. no MachineHealthCheck CRD installed).
      if (err instanceof KubeApiError && err.statusCode === 404) return items;
      throw err;
    }
  } while (token);
  return items;
}

/** Lists MachineDeployments, MachineSets, Machines and MachineHealthChecks in all namespaces. */
export async function readClusterApiObjects(client: KubeClient): Promise<ClusterApiObjects> {
  const version = await findClusterApiVersion(client);
  if (!version) {
    return {
      served: false,
      version: null,
      machineDeployments: [],
      machineSets: [],
      machines: [],
      machineHealthChecks: [],
    };
  }
  const [machineDeployments, machineSets, machines, machineHealthChecks] = await Promise.all([
    listAll(client, version, 'machinedeployments'),
    listAll(client, version, 'machinesets'),
    listAll(client, version, 'machines'),
    listAll(client, version, 'machinehealthchecks'),
  ]);
  return { served: true, version, machineDeployments, machineSets, machines, machineHealthChecks };
}
