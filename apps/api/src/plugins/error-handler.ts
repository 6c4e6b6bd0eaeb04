import type { ApiErrorBody, ErrorCode } from '@plimsoll/shared/schemas';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

import { AppError } from '../errors/app-error.js';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'VALIDATION_FAILED',
  415: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
};

function send(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  body: Omit<ApiErrorBody, 'requestId'>,
) {
  return reply.status(status).send({ ...body, requestId: request.id } satisfies ApiErrorBody);
}

/**
 * One error body for every failure: `{ code, message, requestId, details? }`. Validation issues say which field
 * and why; a 5xx never leaks its internal message.
 */
export const errorHandlerPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      return send(reply, request, error.statusCode, {
        code: error.code,
        message: error.statusCode >= 500 ? 'Internal Server Error' : error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'request'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? 'is invalid',
      }));
      const first = issues[0];
      return send(reply, request, 400, {
        code: 'VALIDATION_FAILED',
        message: first ? `${first.path}: ${first.message}` : 'The request is invalid.',
        details: { issues },
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return send(reply, request, status, {
        code: status === 503 ? 'UNAVAILABLE' : 'INTERNAL',
        message: 'Internal Server Error',
      });
    }
    return send(reply, request, status, {
      code: CODE_BY_STATUS[status] ?? 'VALIDATION_FAILED',
      message: error.message,
    });
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, request, 404, {
      code: 'NOT_FOUND',
      message: `No route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
});
