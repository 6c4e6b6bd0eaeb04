import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Routes of this view are added by its issue; registered from ./index.ts.
const routes: FastifyPluginAsyncZod = async () => {};

export default routes;
