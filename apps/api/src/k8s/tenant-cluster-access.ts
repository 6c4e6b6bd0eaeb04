import http from 'node:http';
import https from 'node:https';

import {
  KubeConfig,
  type V1NetworkPolicy,
  type V1Node,
  type V1Pod,
  type V1ResourceQuota,
  type V1RoleBinding,
} from '@kubernetes/client-node';

import { KubeApiError } from './kube-client.js';

/**
 * On-demand reads (and the one write) the tenant views need beyond the collector's cache: RoleBindings and
 * NetworkPolicies (not watched), full Pods and Nodes for the isolation audit (the cache keeps slim snapshots),
 * and a ResourceQuota read right before it is patched. Lists are cached briefly per cluster so the Tenants
 * page and the audit do not hammer the API server.
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
const REQUEST_TIMEOUT_MS = 15_000;

/** Where the kube config of a cluster comes from. */
export type ClusterConnection =
  | { kind: 'url'; server: string }
  | { kind: 'kubeconfig-context'; context: string }
  | { kind: 'in-cluster' };

/** A KubeConfig for a connection (the simulated cluster's plain-http URL, a kubeconfig context, in-cluster). */
export function loadKubeConfigFor(conn: ClusterConnection): KubeConfig {
  const kc = new KubeConfig();
  if (conn.kind === 'url') {
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: conn.server, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
      currentContext: 'ctx',
    });
  } else if (conn.kind === 'in-cluster') {
    kc.loadFromCluster();
  } else {
    // Reads KUBECONFIG / ~/.kube/config exactly as the collector's kubeconfig loader and kubectl do.
    kc.loadFromDefault();
    if (!kc.getContextObject(conn.context)) {
      throw new Error(`no kubeconfig context named ${conn.context}`);
    }
    kc.setCurrentContext(conn.context);
  }
  return kc;
}

/** Builds the on-demand access for one cluster. */
export function createTenantClusterAccess(
  kc: KubeConfig,
  now: () => number = Date.now,
): TenantClusterAccess {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const base = new URL(cluster.server);
  const isHttps = base.protocol === 'https:';
  const agent = isHttps
    ? new https.Agent({ keepAlive: true })
    : new http.Agent({ keepAlive: true });
  const cache = new Map<string, { at: number; value: Promise<unknown[]> }>();

  async function request(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<unknown> {
    const url = new URL(base.toString().replace(/\/$/, '') + path);
    const opts: https.RequestOptions = {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: { accept: 'application/json' },
      timeout: REQUEST_TIMEOUT_MS,
    };
    await kc.applyToHTTPSOptions(opts);
    opts.agent = agent;
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    if (payload)
      opts.headers = {
        ...opts.headers,
        'content-type': contentType,
        'content-length': payload.length,
      };
    return new Promise((resolve, reject) => {
      const req = (isHttps ? https : http).request(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            parsed = text;
          }
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            const s = parsed as { message?: string; reason?: string } | string | undefined;
            const message =
              typeof s === 'object' && s?.message ? s.message : `${method} ${path}: HTTP ${status}`;
            reject(
              new KubeApiError(status, message, typeof s === 'object' ? s?.reason : undefined),
            );
            return;
          }
          resolve(parsed);
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  async function listAll(path: string): Promise<unknown[]> {
    const items: unknown[] = [];
    let token: string | undefined;
    do {
      const qs = new URLSearchParams({ limit: '500' });
      if (token) qs.set('continue', token);
      const page = (await request('GET', `${path}?${qs.toString()}`)) as {
        items?: unknown[] | null;
        metadata?: { continue?: string };
      };
      items.push(...(page.items ?? []));
      token = page.metadata?.continue || undefined;
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
      (await request(
        'GET',
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/resourcequotas/${encodeURIComponent(name)}`,
      )) as V1ResourceQuota,
    request,
  };
}
