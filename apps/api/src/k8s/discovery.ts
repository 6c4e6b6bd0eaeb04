import { KubeApiError, type KubeClient } from './kube-client.js';

/**
 * The version of an API group the server prefers (`GET /apis/<group>`, an APIGroup document), or null when the
 * group is not served (404): optional APIs such as metrics.k8s.io and Cluster API are discovered, never assumed.
 */
export async function findPreferredGroupVersion(
  client: KubeClient,
  group: string,
): Promise<string | null> {
  let doc: { preferredVersion?: { version?: string }; versions?: Array<{ version?: string }> };
  try {
    doc = (await client.request('GET', `/apis/${group}`)) as typeof doc;
  } catch (err) {
    if (err instanceof KubeApiError && err.statusCode === 404) return null;
    throw err;
  }
  return doc?.preferredVersion?.version ?? doc?.versions?.[0]?.version ?? null;
}
