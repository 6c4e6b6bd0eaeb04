import type { ErrorCode } from '@plimsoll/shared/schemas';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  BAD_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  EMBED_TOKEN_INVALID: 401,
  EMBED_TOKEN_EXPIRED: 401,
  EMBED_TOKEN_REVOKED: 403,
  EMBED_WRONG_PANEL: 403,
};

/** An error the API reports to its caller as `{ code, message, requestId, details? }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details?: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { statusCode?: number; details?: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.statusCode = opts.statusCode ?? STATUS_BY_CODE[code];
    this.details = opts.details;
  }
}
