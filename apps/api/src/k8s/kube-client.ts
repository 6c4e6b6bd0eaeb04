import http from 'node:http';
import https from 'node:https';

import { Watch, type KubeConfig } from '@kubernetes/client-node';

/** A Kubernetes API error with its HTTP status (and the Status object's reason when there was one). */
export class KubeApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly reason?: string,
    /** The Status object's `details` (e.g. a refused eviction's DisruptionBudget cause). */
    readonly details?: { causes?: { reason?: string; message?: string }[] },
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
  /** Any request with a JSON (or text) answer; non-2xx throws KubeApiError. PATCH bodies name their content type. */
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<unknown>;
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

  const request = (method: string, path: string, body?: unknown, contentType?: string) =>
    sendKubeRequest({ kc, base, agent }, method, path, body, contentType);

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

/** Where {@link sendKubeRequest} sends: the kubeconfig (credentials), the server's URL, the keep-alive agent. */
export interface KubeRequestTarget {
  kc: KubeConfig;
  base: URL;
  agent: http.Agent;
}

/**
 * One request to the API server with a JSON (or text) answer; non-2xx throws KubeApiError with the Status object's
 * message, reason and details. A keep-alive socket the server closed while idle fails with ECONNRESET when reused;
 * such a request never reached the server, so it goes once more on a fresh socket, as Node's http docs advise.
 */
export async function sendKubeRequest(
  target: KubeRequestTarget,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<unknown> {
  const { kc, base, agent } = target;
  const isHttps = base.protocol === 'https:';
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
  // Adds CA, client certificates, bearer tokens and exec credentials exactly as the client library does.
  await kc.applyToHTTPSOptions(opts);
  opts.agent = agent;
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  if (payload)
    opts.headers = {
      ...opts.headers,
      'content-type': contentType,
      'content-length': payload.length,
    };
  const attempt = (retried: boolean): Promise<unknown> =>
    new Promise((resolve, reject) => {
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
            const s = parsed as
              | { message?: string; reason?: string; details?: KubeApiError['details'] }
              | string
              | undefined;
            const message =
              typeof s === 'object' && s?.message ? s.message : `${method} ${path}: HTTP ${status}`;
            reject(
              typeof s === 'object'
                ? new KubeApiError(status, message, s.reason, s.details)
                : new KubeApiError(status, message),
            );
            return;
          }
          resolve(parsed);
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (!retried && req.reusedSocket && err.code === 'ECONNRESET') resolve(attempt(true));
        else reject(err);
      });
      if (payload) req.write(payload);
      req.end();
    });
  return attempt(false);
}
