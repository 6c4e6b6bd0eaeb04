import { z } from 'zod';

/** The one error body every failing API response carries. An unexpected 5xx never shows its internal message. */
export const ApiErrorSchema = z.object({
  code: z.string().describe('Stable UPPER_SNAKE error code, e.g. VALIDATION_FAILED'),
  message: z.string(),
  requestId: z.string(),
  details: z.unknown().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorSchema>;

/** Stable error codes the API returns. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CSRF_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'BAD_CREDENTIALS',
  'INTERNAL',
  'UNAVAILABLE',
  'EMBED_TOKEN_INVALID',
  'EMBED_TOKEN_EXPIRED',
  'EMBED_TOKEN_REVOKED',
  'EMBED_WRONG_PANEL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
