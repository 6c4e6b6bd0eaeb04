import http from 'node:http';
import https from 'node:https';

import { Watch, type KubeConfig } from '@kubernetes/client-node';

/** A Kubernetes API error with its HTTP status (and the Status object's reason when there was one). */
export class KubeApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/** One page of a list call, as raw JSON. */
export interface KubeListPage {
  items: unknown[];
  resourceVersion: string;
  continueToken?: string;
}

/** What a watch callback receives: the event type and the raw object (timestamps stay strings). */
export type KubeWatchCallback = (type: string, object: unknown) => void;

/** A running watch request. */
export interface KubeWatchHandle {
  abort(): void;
}

/**
 * The few HTTP calls the collector makes against one cluster. Everything is raw JSON, so listed and watched
 * objects look alike (the generated API clients turn timestamps into Dates, watches do not).
 */
export interface KubeClient {
  readonly server: string;
  list(path: string, query: Record<string, string | undefined>): Promise<KubeListPage>;
  watch(
    path: string,
    query: Record<string, string | undefined>,
    onEvent: KubeWatchCallback,
    onDone: (err: unknown) => void,
  ): Promise<KubeWatchHandle>;
  /** Any request with a JSON (or text) answer; non-2xx throws KubeApiError. */
  request(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): void;
}

const REQUEST_TIMEOUT_MS = 30_000;

/** Builds a KubeClient on a loaded KubeConfig (current context). */
export function createKubeClient(kc: KubeConfig): KubeClient {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const base = new URL(cluster.server);
  const isHttps = base.protocol === 'https:';
  const agent = isHttps
    ? new https.Agent({ keepAlive: true, maxSockets: 64 })
    : new http.Agent({ keepAlive: true, maxSockets: 64 });
  const watcher = new Watch(kc);

  async function request(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = new URL(base.toString().replace(/\/$/, '') + path);
    const opts: https.RequestOptions = {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: { accept: 'application/json' },
      agent,
      timeout: REQUEST_TIMEOUT_MS,
    };
    // Adds CA, client certificates, bearer tokens and exec credentials exactly as the client library does.
    await kc.applyToHTTPSOptions(opts);
    opts.agent = agent;
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    if (payload) {
      opts.headers = {
        ...opts.headers,
        'content-type': 'application/json',
        'content-length': payload.length,
      };
    }
    return new Promise((resolve, reject) => {
      const req = (isHttps ? https : http).request(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          if ((res.headers['content-type'] ?? '').includes('json')) {
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = text;
            }
          }
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            const s = parsed as { message?: string; reason?: string } | string;
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

  return {
    server: cluster.server,
    async list(path, query) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, v);
      const body = (await request('GET', `${path}?${qs.toString()}`)) as {
        items?: unknown[] | null;
        metadata?: { resourceVersion?: string; continue?: string };
      };
      return {
        items: body.items ?? [],
        resourceVersion: body.metadata?.resourceVersion ?? '',
        ...(body.metadata?.continue ? { continueToken: body.metadata.continue } : {}),
      };
    },
    async watch(path, query, onEvent, onDone) {
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params[k] = v;
      const controller = await watcher.watch(
        path,
        params,
        (type: string, obj: unknown) => onEvent(type, obj),
        onDone,
      );
      return { abort: () => controller.abort() };
    },
    request,
    close() {
      agent.destroy();
    },
  };
}
