import type {
  V1NetworkPolicy,
  V1Node,
  V1Pod,
  V1ResourceQuota,
  V1RoleBinding,
} from '@kubernetes/client-node';

import type { KubeClient } from './kube-client.js';

/**
 * On-demand reads (and the writes) the tenant views and node actions need beyond the collector's cache:
 * RoleBindings and NetworkPolicies, full Pods and Nodes for the isolation audit (the cache keeps slim snapshots),
 * and a ResourceQuota read right before it is patched. Lists are cached briefly so the Tenants page and the audit
 * do not hammer the API server. Built on the collector's own client: same credentials, same connection pool.
 */
export interface TenantClusterAccess {
  listRoleBindings(): Promise<V1RoleBinding[]>;
  listNetworkPolicies(): Promise<V1NetworkPolicy[]>;
  /** Full pods of the given namespaces (one list per namespace, each cached). */
  listPods(namespaces: readonly string[]): Promise<V1Pod[]>;
  listNodes(): Promise<V1Node[]>;
  /** A fresh read (never cached): the resourceVersion is the precondition of the next patch. */
  getResourceQuota(namespace: string, name: string): Promise<V1ResourceQuota>;
  /** Raw request with a chosen content type (PATCH needs merge-patch+json). */
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<unknown>;
}

/** How long an on-demand list is reused. */
export const TENANT_LIST_CACHE_MS = 15_000;

/** The on-demand access of one cluster, on that cluster's client. */
export function createTenantClusterAccess(
  client: KubeClient,
  now: () => number = Date.now,
): TenantClusterAccess {
  const cache = new Map<string, { at: number; value: Promise<unknown[]> }>();

  async function listAll(path: string): Promise<unknown[]> {
    const items: unknown[] = [];
    let token: string | undefined;
    do {
      const page = await client.list(path, { limit: '500', continue: token });
      items.push(...page.items);
      token = page.continueToken;
    } while (token);
    return items;
  }

  function cachedList(path: string): Promise<unknown[]> {
    const hit = cache.get(path);
    if (hit && now() - hit.at < TENANT_LIST_CACHE_MS) return hit.value;
    const value = listAll(path);
    cache.set(path, { at: now(), value });
    // A failed list is not reused: the next caller tries again.
    value.catch(() => {
      if (cache.get(path)?.value === value) cache.delete(path);
    });
    return value;
  }

  return {
    listRoleBindings: async () =>
      (await cachedList('/apis/rbac.authorization.k8s.io/v1/rolebindings')) as V1RoleBinding[],
    listNetworkPolicies: async () =>
      (await cachedList('/apis/networking.k8s.io/v1/networkpolicies')) as V1NetworkPolicy[],
    listNodes: async () => (await cachedList('/api/v1/nodes')) as V1Node[],
    async listPods(namespaces) {
      const lists = await Promise.all(
        [...new Set(namespaces)].map((ns) =>
          cachedList(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods`),
        ),
      );
      return lists.flat() as V1Pod[];
    },
    getResourceQuota: async (namespace, name) =>
      (await client.request(
        'GET',
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/resourcequotas/${encodeURIComponent(name)}`,
      )) as V1ResourceQuota,
    request: (method, path, body, contentType) => client.request(method, path, body, contentType),
  };
}
