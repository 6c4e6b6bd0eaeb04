import { isValidKubeName } from '@plimsoll/shared';

import { KubeApiError, type KubeClient } from './kube-client.js';

/** The scheduling-relevant part of a Pod spec as the API server returns it. */
export interface PodSchedulingSpec {
  containers: Array<{
    name?: string;
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  }>;
  nodeSelector: Record<string, string>;
  tolerations: Array<{ key?: string; operator?: string; value?: string; effect?: string }>;
  /**
   * requiredDuringSchedulingIgnoredDuringExecution node selector terms; null when the pod has none (an empty
   * list is a required affinity that no node matches).
   */
  requiredNodeAffinity: Array<{
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
    matchFields?: Array<{ key: string; operator: string; values?: string[] }>;
  }> | null;
}

/** One Pod's scheduling spec, read now; null when the pod does not exist. */
export async function readPodSchedulingSpec(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<PodSchedulingSpec | null> {
  // A name outside the kinds' rules names no pod, and `..` would make the path another object's (the namespace).
  if (!isValidKubeName('namespace', namespace) || !isValidKubeName('pod', name)) return null;
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
  const required = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = required?.nodeSelectorTerms;
  return {
    containers: Array.isArray(spec.containers)
      ? (spec.containers as PodSchedulingSpec['containers'])
      : [],
    nodeSelector: (spec.nodeSelector as Record<string, string> | undefined) ?? {},
    tolerations: Array.isArray(spec.tolerations)
      ? (spec.tolerations as PodSchedulingSpec['tolerations'])
      : [],
    requiredNodeAffinity: required
      ? Array.isArray(terms)
        ? (terms as NonNullable<PodSchedulingSpec['requiredNodeAffinity']>)
        : []
      : null,
  };
}
