import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** The OpenAPI document at /api/docs/json, generated from the routes' zod schemas, and a browsable reference. */
export const docsPlugin = fp(async (app: FastifyInstance, opts: { version: string }) => {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Plimsoll API',
        description:
          'Node pressure, evictions, leases, tenants and quotas of Kubernetes clusters, with history. ' +
          'Sign in with POST /api/v1/auth/login (session cookie) or through a trusted reverse proxy. ' +
          'Every state-changing request carries the X-CSRF-Token header from GET /api/v1/auth/me. ' +
          'Every error body is { code, message, requestId, details? }.',
        version: opts.version,
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'plimsoll_session' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
});
