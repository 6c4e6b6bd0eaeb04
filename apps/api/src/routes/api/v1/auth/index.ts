import { LoginRequestSchema, SessionResponseSchema } from '@plimsoll/shared/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { verifyPassword } from '../../../../auth/password.js';
import { AppError } from '../../../../errors/app-error.js';
import { ANY_SIGNED_IN, requireUser, toCurrentUser } from '../../../../plugins/auth.js';

// Compared against when the user does not exist, so a wrong username costs as much time as a wrong password.
const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

const authRoutes: FastifyPluginAsyncZod<{ loginRateLimit: number }> = async (app, opts) => {
  app.post(
    '/api/v1/auth/login',
    {
      config: {
        auth: 'public',
        rateLimit: { max: opts.loginRateLimit, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a local user; sets an HttpOnly session cookie',
        body: LoginRequestSchema,
        response: { 200: SessionResponseSchema },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const user = await app.users.findUserByUsername(username);
      const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !user.passwordHash || !ok) {
        request.log.info({ username }, 'sign-in refused');
        throw new AppError('BAD_CREDENTIALS', 'Wrong username or password.');
      }
      const { csrfToken } = await app.signIn(reply, user, request);
      request.log.info({ username }, 'signed in');
      return { user: toCurrentUser(user, 'local'), csrfToken };
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, their role and tenants, and the CSRF token for writes',
        response: { 200: SessionResponseSchema },
      },
    },
    async (request) => ({ user: requireUser(request), csrfToken: request.csrfToken ?? '' }),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: ['auth'],
        summary: 'Sign out (ends the session)',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await app.signOut(request, reply);
      return reply.status(204).send(null);
    },
  );
};

export default authRoutes;
