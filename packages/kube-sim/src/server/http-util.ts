import type { IncomingMessage, ServerResponse } from 'node:http';

import { ApiError, badRequest } from '../store/api-error.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Writes a JSON body with the given status code. */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(text);
}

/** Writes an error as a Kubernetes Status object; unexpected errors become 500 InternalError. */
export function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const apiErr =
    err instanceof ApiError
      ? err
      : new ApiError(
          500,
          'InternalError',
          `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`,
        );
  const headers: Record<string, string> = {};
  if (apiErr.retryAfterSeconds !== undefined)
    headers['Retry-After'] = String(apiErr.retryAfterSeconds);
  sendJson(res, apiErr.code, apiErr.toStatus(), headers);
}

/** Reads and parses a JSON request body; an empty body is undefined. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES)
      throw new ApiError(413, 'RequestEntityTooLarge', 'request entity too large');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(
      `the body of the request could not be decoded as JSON: ${(err as Error).message}`,
    );
  }
}

/** A 405 MethodNotAllowed Status error. */
export function methodNotAllowed(method: string): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
  );
}

/** A 404 NotFound for a path the server does not serve. */
export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}
