/**
 * A minimal OpenAPI v3 discovery: the /openapi/v3 root and one document per group-version listing each
 * resource's paths with its x-kubernetes-group-version-kind and the `fieldValidation` and `dryRun` query
 * parameters. That is what kubectl's QueryParamVerifierV3 reads to choose server-side field validation,
 * so `kubectl apply` works; there are no schemas, so `kubectl explain` does not.
 */
import type { KubeObjectStore } from '../store/object-store.js';
import { apiVersionOf, servedResources } from './resources.js';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** GET /openapi/v3. */
export function openApiRoot(store: KubeObjectStore, hash: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const s of servedResources(store)) {
    const p = gvPath(s.type.group, s.type.version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  return { paths };
}

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'].map((name) => ({
  name,
  in: 'query',
  schema: { type: 'string', uniqueItems: true },
}));

/** GET /openapi/v3/api/v1 or /openapi/v3/apis/<group>/<version>; undefined when not served. */
export function openApiGroupVersion(
  store: KubeObjectStore,
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const served = servedResources(store).filter(
    (s) => s.type.group === group && s.type.version === version,
  );
  if (served.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const s of served) {
    const gvk = { group, version, kind: s.type.kind };
    const base = `/${gvPath(group, version)}${s.type.namespaced ? '/namespaces/{namespace}' : ''}/${s.type.resource}`;
    const op = (verb: string, params: unknown[]): Record<string, unknown> => ({
      operationId: `${verb}${s.type.kind}`,
      'x-kubernetes-action': verb,
      'x-kubernetes-group-version-kind': gvk,
      parameters: params,
      responses: { '200': { description: 'OK' } },
    });
    const verbs = s.type.verbs ?? [];
    const collection: Record<string, unknown> = {};
    if (verbs.includes('list')) collection.get = op('list', []);
    if (verbs.includes('create')) collection.post = op('post', QUERY_PARAMS);
    paths[base] = collection;
    const item: Record<string, unknown> = {};
    if (verbs.includes('get')) item.get = op('get', []);
    if (verbs.includes('update')) item.put = op('put', QUERY_PARAMS);
    if (verbs.includes('patch')) item.patch = op('patch', QUERY_PARAMS);
    if (verbs.includes('delete')) item.delete = op('delete', [QUERY_PARAMS[0]]);
    if (Object.keys(item).length > 0) paths[`${base}/{name}`] = item;
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: `${apiVersionOf({ group, version })} (kube-sim)` },
    paths,
    components: { schemas: {} },
  };
}
