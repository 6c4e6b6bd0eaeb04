import type { V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';

import { KubeApiError } from './kube-client.js';
import type { TenantClusterAccess } from './tenant-cluster-access.js';

const enc = encodeURIComponent;

/** Cordon (true) or uncordon: spec.unschedulable with a merge patch, as `kubectl cordon` sets it. */
export async function setNodeUnschedulable(
  access: TenantClusterAccess,
  node: string,
  unschedulable: boolean,
): Promise<boolean> {
  const updated = (await access.request(
    'PATCH',
    `/api/v1/nodes/${enc(node)}`,
    { spec: { unschedulable: unschedulable ? true : null } },
    'application/merge-patch+json',
  )) as { spec?: { unschedulable?: boolean } };
  return updated.spec?.unschedulable === true;
}

/** The node's pods, as full objects (kubectl drain lists them with the same field selector). */
export async function listPodsOnNode(access: TenantClusterAccess, node: string): Promise<V1Pod[]> {
  const list = (await access.request(
    'GET',
    `/api/v1/pods?fieldSelector=${enc(`spec.nodeName=${node}`)}`,
  )) as { items?: V1Pod[] };
  return list.items ?? [];
}

/** Whether the DaemonSet exists (a 404 is no, any other failure throws). */
export async function daemonSetExists(
  access: TenantClusterAccess,
  namespace: string,
  name: string,
): Promise<boolean> {
  try {
    await access.request(
      'GET',
      `/apis/apps/v1/namespaces/${enc(namespace)}/daemonsets/${enc(name)}`,
    );
    return true;
  } catch (err) {
    if (err instanceof KubeApiError && err.statusCode === 404) return false;
    throw err;
  }
}

/** The PodDisruptionBudgets of a namespace. */
export async function listPodDisruptionBudgets(
  access: TenantClusterAccess,
  namespace: string,
): Promise<V1PodDisruptionBudget[]> {
  const list = (await access.request(
    'GET',
    `/apis/policy/v1/namespaces/${enc(namespace)}/poddisruptionbudgets`,
  )) as { items?: V1PodDisruptionBudget[] };
  return list.items ?? [];
}

/** POST a policy/v1 Eviction; a 429 (budget) or any other refusal throws KubeApiError with the Status details. */
export async function createEviction(
  access: TenantClusterAccess,
  pod: { namespace: string; name: string; uid: string },
): Promise<void> {
  await access.request(
    'POST',
    `/api/v1/namespaces/${enc(pod.namespace)}/pods/${enc(pod.name)}/eviction`,
    {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: pod.name, namespace: pod.namespace },
      // Only this pod: a replacement under the same name (StatefulSet) must not be evicted by a retry.
      deleteOptions: { preconditions: { uid: pod.uid } },
    },
    'application/json',
  );
}

/** The pod's uid now, or null once it is gone. */
export async function getPodUid(
  access: TenantClusterAccess,
  namespace: string,
  name: string,
): Promise<string | null> {
  try {
    const pod = (await access.request(
      'GET',
      `/api/v1/namespaces/${enc(namespace)}/pods/${enc(name)}`,
    )) as V1Pod;
    return pod.metadata?.uid ?? null;
  } catch (err) {
    if (err instanceof KubeApiError && err.statusCode === 404) return null;
    throw err;
  }
}
