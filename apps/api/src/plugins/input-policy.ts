import { findControlCharacter } from '@plimsoll/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

import { AppError } from '../errors/app-error.js';

interface Issue {
  path: string;
  message: string;
}

const codePoint = (s: string, i: number) =>
  `U+${(s.codePointAt(i) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The first string (value or key) under `value` holding a control character, depth-first. */
function findControl(value: unknown, path: string, multiline: boolean, depth = 0): Issue | null {
  if (typeof value === 'string') {
    const i = findControlCharacter(value, { multiline });
    return i === -1
      ? null
      : { path, message: `must not contain control characters (${codePoint(value, i)} at ${i})` };
  }
  // JSON bodies are at most 1 MiB; the depth bound only keeps a pathological one from costing a stack.
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const issue = findControl(value[i], `${path}.${i}`, multiline, depth + 1);
      if (issue) return issue;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    const i = findControlCharacter(key);
    if (i !== -1)
      return { path, message: `has a key with a control character (${codePoint(key, i)} at ${i})` };
    const issue = findControl(v, `${path}.${key}`, multiline, depth + 1);
    if (issue) return issue;
  }
  return null;
}

/**
 * One input policy for every API route (docs/api.md, "Input policy"): no string in the path, the query or the
 * body may hold NUL or another control character (C0, DEL, C1); body strings alone may hold tab, LF and CR, for
 * multi-line text. Refused with 400 VALIDATION_FAILED before the route's schema runs, so no such string reaches
 * a handler, the database or the cluster. Names and ids are then checked by the routes' schemas.
 */
export const inputPolicyPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => {
    if (!request.routeOptions.config?.auth) return;
    const issue =
      findControl(request.params, 'params', false) ??
      findControl(request.query, 'querystring', false) ??
      findControl(request.body, 'body', true);
    if (issue) {
      throw new AppError('VALIDATION_FAILED', `${issue.path}: ${issue.message}`, {
        details: { issues: [issue] },
      });
    }
  });
});
