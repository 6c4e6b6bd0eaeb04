import { KubeApiError, type KubeClient } from './kube-client.js';

/** The scheduling-relevant part of a Pod spec as the API server returns it. */
export interface PodSchedulingSpec {
  containers: Array<{
    name?: string;
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  }>;
  nodeSelector: Record<string, string>;
  tolerations: Array<{ key?: string; operator?: string; value?: string; effect?: string }>;
  /** requiredDuringSchedulingIgnoredDuringExecution node selector terms. */
  requiredNodeAffinity: Array<{
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
  }>;
}

/** One Pod's scheduling spec, read now; null when the pod does not exist. */
export async function readPodSchedulingSpec(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<PodSchedulingSpec | null> {
  let pod: { spec?: Record<string, unknown> };
  try {
    pod = (await client.request(
      'GET',
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`,
    )) as { spec?: Record<string, unknown> };
  } catch (err) {
    if (err instanceof KubeApiError && err.statusCode === 404) return null;
    throw err;
  }
  const spec = pod.spec ?? {};
  const affinity = spec.affinity as
    | {
        nodeAffinity?: {
          requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: unknown };
        };
      }
    | undefined;
  const terms =
    affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return {
    containers: Array.isArray(spec.containers)
      ? (spec.containers as PodSchedulingSpec['containers'])
      : [],
    nodeSelector: (spec.nodeSelector as Record<string, string> | undefined) ?? {},
    tolerations: Array.isArray(spec.tolerations)
      ? (spec.tolerations as PodSchedulingSpec['tolerations'])
      : [],
    requiredNodeAffinity: Array.isArray(terms)
      ? (terms as PodSchedulingSpec['requiredNodeAffinity'])
      : [],
  };
}
