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
 * Ends a hijacked reply (SSE) whose handler failed: Fastify's error handler no longer owns it, so without this
 * the socket stays open with nothing sent. Before the headers went out the caller gets the usual 500 body;
 * after, the stream just ends (the browser's EventSource reconnects).
 */
export function endFailedHijack(request: FastifyRequest, reply: FastifyReply, err: unknown): void {
  request.log.error({ err }, 'stream failed');
  const res = reply.raw;
  if (res.writableEnded) return;
  if (!res.headersSent) {
    const body: ApiErrorBody = {
      code: 'INTERNAL',
      message: 'Internal Server Error',
      requestId: request.id,
    };
    res.writeHead(500, {
      'content-type': 'application/json; charset=utf-8',
      'x-request-id': request.id,
    });
    res.end(JSON.stringify(body));
    return;
  }
  res.end();
}

/** The not-found body's message, shared by the not-found handler and the /api catch-all. */
export function noRouteMessage(request: FastifyRequest): string {
  return `No route ${request.method} ${request.url.split('?')[0]}`;
}

/**
 * One error body for every failure: `{ code, message, requestId, details? }`. Validation issues say which field
 * and why; an unexpected 5xx never leaks its internal message.
 */
export const errorHandlerPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      // An UNAVAILABLE is written for the caller (what could not be reached, and what the cluster said), so
      // it is shown; any other 5xx AppError is a bug whose message and details stay in the log.
      const shown = error.statusCode < 500 || error.code === 'UNAVAILABLE';
      return send(reply, request, error.statusCode, {
        code: error.code,
        message: shown ? error.message : 'Internal Server Error',
        ...(error.details === undefined || !shown ? {} : { details: error.details }),
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
      message: noRouteMessage(request),
    }),
  );
});
