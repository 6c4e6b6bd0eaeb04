import { KubeApiError, type KubeClient } from './kube-client.js';

/** A ConfigMap's data, or null when it does not exist. */
export async function readConfigMapData(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<Record<string, string> | null> {
  try {
    const cm = (await client.request(
      'GET',
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps/${encodeURIComponent(name)}`,
    )) as { data?: Record<string, unknown> | null };
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(cm.data ?? {})) if (typeof v === 'string') data[k] = v;
    return data;
  } catch (err) {
    if (err instanceof KubeApiError && err.statusCode === 404) return null;
    throw err;
  }
}
