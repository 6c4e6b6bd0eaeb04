import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { ClusterHealthSchema } from '@plimsoll/shared/schemas';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import type { z } from 'zod';

import type { ClusterManager } from './collector/cluster-manager.js';

import type { Env } from './config/env.js';
import type { Database } from './db/client.js';
import { AppError } from './errors/app-error.js';
import { authPlugin } from './plugins/auth.js';
import { docsPlugin } from './plugins/docs.js';
import { errorHandlerPlugin } from './plugins/error-handler.js';
import { metricsPlugin } from './plugins/metrics.js';
import { webProxyPlugin } from './plugins/web-proxy.js';
import { createUserRepository, type UserRepository } from './repositories/user-repository.js';
import authRoutes from './routes/api/v1/auth/index.js';
import clusterRoutes from './routes/api/v1/clusters/index.js';
import embedRoutes from './routes/api/v1/embed/index.js';
import healthRoutes from './routes/api/v1/health/index.js';

export type ClusterHealth = z.infer<typeof ClusterHealthSchema>;

/** Where the health route learns each cluster's sync state (the collector, once it runs). */
export interface ClusterStatusProvider {
  list(): ClusterHealth[];
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    users: UserRepository;
    clusters: ClusterStatusProvider;
    /** Every cluster's collector (caches, live bus); null when the API runs without collectors (some tests). */
    clusterManager: ClusterManager | null;
    /** The parsed configuration (config/env.ts). */
    env: Env;
    appVersion: string;
  }
}

export interface AppOptions {
  env: Env;
  db: Database;
  clusters?: ClusterStatusProvider;
  clusterManager?: ClusterManager;
  /** The Prometheus registry /metrics serves; created here when not given (the collector registers in it too). */
  registry?: Registry;
  /** Signs proxy users' CSRF tokens; random per process unless PLIMSOLL_SECRET is set. */
  secret?: Buffer;
  /** Serve the web app through the front door (off in API tests). */
  proxyWeb?: boolean;
  logger?: FastifyServerOptions['logger'];
  now?: () => Date;
}

export const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/** Builds the API: plugins, then routes. server.ts listens; tests use `app.inject`. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { env } = opts;
  const app = Fastify({
    logger: opts.logger ?? {
      level: env.PLIMSOLL_LOG_LEVEL,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'],
    },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming)
        ? incoming
        : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.decorate('db', opts.db);
  app.decorate('users', createUserRepository(opts.db.prisma));
  app.decorate('env', env);
  app.decorate('clusterManager', opts.clusterManager ?? null);
  // Without an explicit provider, health reports whatever manager is attached (server.ts attaches it after migrations).
  app.decorate('clusters', opts.clusters ?? { list: () => app.clusterManager?.list() ?? [] });
  app.decorate('appVersion', VERSION);

  await app.register(errorHandlerPlugin);
  await app.register(metricsPlugin, opts.registry ? { registry: opts.registry } : {});
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new AppError(
        'RATE_LIMITED',
        `Too many attempts; try again in ${Math.ceil(ctx.ttl / 1000)} s.`,
      ),
  });
  await app.register(authPlugin, {
    env,
    users: app.users,
    secret: opts.secret ?? randomBytes(32),
    ...(opts.now ? { now: opts.now } : {}),
  });
  await app.register(docsPlugin, { version: VERSION });

  await app.register(healthRoutes);
  await app.register(authRoutes, { loginRateLimit: env.PLIMSOLL_LOGIN_RATE_LIMIT });
  await app.register(clusterRoutes);
  await app.register(embedRoutes, { env });

  if (opts.proxyWeb && env.PLIMSOLL_WEB_URL) {
    await app.register(webProxyPlugin, {
      upstream: env.PLIMSOLL_WEB_URL,
      embedFrameAncestors: env.PLIMSOLL_EMBED_ALLOWED_ORIGINS,
    });
  }
  return app;
}
