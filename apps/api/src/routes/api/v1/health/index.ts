import { HealthResponseSchema } from '@plimsoll/shared/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Liveness and readiness: database kind and reachability, and each cluster's sync state. */
const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Health of the API, its database and each cluster collector',
        response: { 200: HealthResponseSchema, 503: HealthResponseSchema },
      },
    },
    async (_request, reply) => {
      const databaseUp = await app.db.prisma.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      );
      const clusters = app.clusters.list();
      const degraded = !databaseUp || clusters.some((c) => c.state === 'degraded');
      return reply.status(databaseUp ? 200 : 503).send({
        status: degraded ? 'degraded' : 'ok',
        database: app.db.kind,
        version: app.appVersion,
        clusters,
      });
    },
  );
};

export default healthRoutes;
