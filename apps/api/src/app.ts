import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { ApiErrorBody, ClusterHealth } from '@plimsoll/shared/schemas';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerOptions,
} from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';

import type { ClusterManager } from './collector/cluster-manager.js';

import type { Env } from './config/env.js';
import type { Database } from './db/client.js';
import type { ServiceContext } from './services/service-context.js';
import { AppError } from './errors/app-error.js';
import { authPlugin } from './plugins/auth.js';
import { docsPlugin } from './plugins/docs.js';
import { canonicalRequestTarget } from './plugins/canonical-url.js';
import { errorHandlerPlugin, noRouteMessage } from './plugins/error-handler.js';
import { inputPolicyPlugin } from './plugins/input-policy.js';
import { metricsPlugin } from './plugins/metrics.js';
import { webProxyPlugin } from './plugins/web-proxy.js';
import { createUserRepository, type UserRepository } from './repositories/user-repository.js';
import authRoutes from './routes/api/v1/auth/index.js';
import clusterRoutes from './routes/api/v1/clusters/index.js';
import embedRoutes from './routes/api/v1/embed/index.js';
import healthRoutes from './routes/api/v1/health/index.js';

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
    /** The clusters and the database as plain values, for services (services/service-context.ts). */
    services: ServiceContext;
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

/** The longest path parameter the router accepts (a DNS-1123 subdomain is at most 253 characters). */
const MAX_PATH_PARAM_LENGTH = 512;

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
    // Route, authorise and proxy one spelling of each path (plugins/canonical-url.ts).
    rewriteUrl: (req) => canonicalRequestTarget(req.url ?? '/'),
    // Kubernetes names in a path reach 253 characters; the router's default stops at 100.
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    // The router's own refusals (a target it cannot decode, `/%zz`; an overlong parameter) in the error shape.
    frameworkErrors: (error, request, reply) => {
      request.log.info({ err: error }, 'request target refused by the router');
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const body: ApiErrorBody = {
        code: 'VALIDATION_FAILED',
        message: tooLong
          ? `A path parameter is longer than ${MAX_PATH_PARAM_LENGTH} characters.`
          : 'The request target is not a valid URL path.',
        requestId: request.id,
      };
      void (reply as FastifyReply).status(tooLong ? 414 : 400).send(body);
    },
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
  app.decorate('services', {
    // A getter: server.ts attaches the manager after the app is built.
    get clusterManager() {
      return app.clusterManager;
    },
    prisma: opts.db.prisma,
  } satisfies ServiceContext);

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
  await app.register(inputPolicyPlugin);
  await app.register(docsPlugin, { version: VERSION });

  await app.register(healthRoutes);
  await app.register(authRoutes, { loginRateLimit: env.PLIMSOLL_LOGIN_RATE_LIMIT });
  await app.register(clusterRoutes);
  await app.register(embedRoutes, { env });
  // Anything else under /api is a 404 in the error shape, not a page of the web app.
  app.all('/api', { config: { auth: 'public' }, schema: { hide: true } }, async (request) => {
    throw new AppError('NOT_FOUND', noRouteMessage(request));
  });
  app.all('/api/*', { config: { auth: 'public' }, schema: { hide: true } }, async (request) => {
    throw new AppError('NOT_FOUND', noRouteMessage(request));
  });

  if (opts.proxyWeb && env.PLIMSOLL_WEB_URL) {
    await app.register(webProxyPlugin, {
      upstream: env.PLIMSOLL_WEB_URL,
      embedFrameAncestors: env.PLIMSOLL_EMBED_ALLOWED_ORIGINS,
    });
  }
  return app;
}
