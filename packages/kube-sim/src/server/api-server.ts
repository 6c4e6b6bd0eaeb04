/** The HTTP(S) listener: authentication, faults, discovery, control routes and resource routes. */
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import type { Simulation } from '../sim/types.js';
import { ApiError } from '../store/api-error.js';
import type { KubeObjectStore } from '../store/object-store.js';
import { authenticate } from './auth.js';
import type { AuthConfig, SimUser } from './auth.js';
import type { ServerContext } from './context.js';
import {
  apiGroupInfo,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
} from './discovery.js';
import { applyFaultUpdate, noFaults } from './faults.js';
import type { FaultUpdate, Faults } from './faults.js';
import { pathNotFound, sendError, sendJson } from './http-util.js';
import { openApiGroupVersion, openApiRoot } from './openapi.js';
import { handleResource, parseResourcePath } from './rest.js';
import { handleSimRoute } from './sim-routes.js';
import { createSelfSignedCertificate } from './tls.js';

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  store: KubeObjectStore;
  sim?: Simulation;
  /** Simulated time for ages in tables (default: the wall clock). */
  now?: () => Date;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Serve HTTPS with a self-signed certificate generated at start. */
  https?: boolean;
  /** Bearer token required on every request; its user is in system:masters. */
  token?: string;
  /** More tokens and their users (for TokenReview and RBAC checks). */
  tokens?: Record<string, SimUser>;
  bookmarkIntervalMs?: number;
  faults?: Partial<Faults>;
  info?: { scenario?: string; speed?: number };
  random?: () => number;
}

/** A running API server. */
export interface ApiServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** PEM of the self-signed certificate when serving HTTPS. */
  readonly caCert?: string;
  /** Switch faults and take one-shot fault actions, as POST /sim/v1/faults does. */
  setFaults(update: FaultUpdate): Faults;
  faults(): Faults;
  /** Close the listener and every connection, and listen again on the same port after `afterMs`. */
  restart(afterMs: number): Promise<void>;
  close(): Promise<void>;
}

const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function route(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  serverAddress: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (HEALTH_PATHS.has(path)) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
    return;
  }
  const user = authenticate(req, ctx.auth);
  if (!user) throw new ApiError(401, 'Unauthorized', 'Unauthorized');
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  if (segments[0] === 'sim' && segments[1] === 'v1' && segments.length === 3) {
    await handleSimRoute(ctx, req, res, segments[2] as string, url.searchParams);
    return;
  }
  const { faults } = ctx;
  if (faults.latencyMs > 0) await sleep(faults.latencyMs);
  if (faults.throttleRate > 0 && ctx.random() < faults.throttleRate) {
    throw new ApiError(
      429,
      'TooManyRequests',
      'Too many requests, please try again later.',
      { retryAfterSeconds: faults.retryAfterSeconds },
      faults.retryAfterSeconds,
    );
  }
  if (faults.errorRate > 0 && ctx.random() < faults.errorRate) {
    throw new ApiError(500, 'InternalError', 'Internal error occurred: injected fault');
  }
  if (req.method === 'GET') {
    if (path === '/version') return sendJson(res, 200, versionInfo());
    if (path === '/api') return sendJson(res, 200, apiVersions(serverAddress));
    if (path === '/apis') return sendJson(res, 200, apiGroupList(ctx.store));
    if (path === '/openapi/v3')
      return sendJson(res, 200, openApiRoot(ctx.store, String(ctx.store.resourceTypes().length)));
    if (segments[0] === 'openapi' && segments[1] === 'v3') {
      const [kind, a, b] = segments.slice(2);
      const doc =
        kind === 'api'
          ? openApiGroupVersion(ctx.store, '', a ?? '')
          : kind === 'apis'
            ? openApiGroupVersion(ctx.store, a ?? '', b ?? '')
            : undefined;
      if (!doc) throw pathNotFound();
      return sendJson(res, 200, doc);
    }
    if (segments[0] === 'api' && segments.length === 2) {
      const list = apiResourceList(ctx.store, '', segments[1] as string);
      if (!list) throw pathNotFound();
      return sendJson(res, 200, list);
    }
    if (segments[0] === 'apis' && segments.length === 2) {
      const group = apiGroupInfo(ctx.store, segments[1] as string);
      if (!group) throw pathNotFound();
      return sendJson(res, 200, group);
    }
    if (segments[0] === 'apis' && segments.length === 3) {
      const list = apiResourceList(ctx.store, segments[1] as string, segments[2] as string);
      if (!list) throw pathNotFound();
      return sendJson(res, 200, list);
    }
  }
  const resourcePath = parseResourcePath(ctx, segments);
  if (!resourcePath) throw pathNotFound();
  await handleResource(ctx, req, res, resourcePath, url.searchParams, user);
}

/** Starts the simulated API server on `host:port` (default 127.0.0.1, a free port). */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const host = opts.host ?? '127.0.0.1';
  const tokens = new Map<string, SimUser>(Object.entries(opts.tokens ?? {}));
  if (opts.token)
    tokens.set(opts.token, {
      username: 'kube-sim-admin',
      groups: ['system:masters', 'system:authenticated'],
    });
  const auth: AuthConfig = { tokens };
  const faults = { ...noFaults() };
  applyFaultUpdate(faults, opts.faults ?? {});
  const ctx: ServerContext = {
    store: opts.store,
    ...(opts.sim ? { sim: opts.sim } : {}),
    now: opts.now ?? (() => new Date()),
    auth,
    faults,
    watches: new Set(),
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 60_000,
    random: opts.random ?? Math.random,
    info: opts.info ?? {},
  };
  const tls = opts.https
    ? createSelfSignedCertificate([
        '127.0.0.1',
        'localhost',
        '::1',
        ...(host === '127.0.0.1' || host === 'localhost' ? [] : [host]),
      ])
    : undefined;
  let port = opts.port ?? 0;
  let serverAddress = '';
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    route(ctx, req, res, serverAddress).catch((err: unknown) => sendError(res, err));
  };
  const server: Server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler)
    : createHttpServer(handler);
  // Watches are long-lived; the default request timeout would cut them off.
  server.requestTimeout = 0;

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        serverAddress = `${host}:${port}`;
        resolve();
      });
    });
  const shutdown = (): Promise<void> =>
    new Promise((resolve) => {
      for (const w of [...ctx.watches]) w.reset();
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
      server.closeAllConnections();
    });

  await listen();
  const restart = async (afterMs: number): Promise<void> => {
    await shutdown();
    await sleep(afterMs);
    await listen();
  };
  ctx.restart = (afterMs) => {
    restart(afterMs).catch((err: unknown) => console.error('kube-sim: restart failed', err));
  };
  const scheme = tls ? 'https' : 'http';
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const api: ApiServer = {
    url: `${scheme}://${hostForUrl}:${port}`,
    host,
    port,
    ...(tls ? { caCert: tls.cert } : {}),
    setFaults(update) {
      const actions = applyFaultUpdate(ctx.faults, update);
      if (actions.dropWatches) for (const w of [...ctx.watches]) w.end();
      if (actions.resetWatches) for (const w of [...ctx.watches]) w.reset();
      if (actions.restartAfterMs !== undefined) ctx.restart?.(actions.restartAfterMs);
      return { ...ctx.faults };
    },
    faults: () => ({ ...ctx.faults }),
    restart,
    close: shutdown,
  };
  return api;
}
