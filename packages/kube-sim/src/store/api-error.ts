/**
 * Errors carried as Kubernetes `Status` objects (k8s.io/apimachinery/pkg/api/errors), so the store and the
 * REST layer raise the same thing and the server answers it with the right code and reason.
 */

/** The `Status` object the API server sends for a failed request. */
export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: Record<string, unknown>;
  code: number;
}

/** An API error with its HTTP code and `StatusReason`, e.g. 404 NotFound or 409 Conflict. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Seconds for a Retry-After header (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The error as the `Status` body the API server returns. */
  toStatus(): StatusObject {
    const status: StatusObject = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = this.details;
    return status;
  }
}

/** `pods` or `leases.coordination.k8s.io`, as apimachinery's GroupResource.String() prints it. */
export function qualifiedResource(group: string, resource: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

// NewNotFound (k8s.io/apimachinery/pkg/api/errors/errors.go)
/** 404 `<resource> "<name>" not found`. */
export function notFound(group: string, resource: string, name: string): ApiError {
  return new ApiError(
    404,
    'NotFound',
    `${qualifiedResource(group, resource)} "${name}" not found`,
    {
      name,
      ...(group ? { group } : {}),
      kind: resource,
    },
  );
}

// NewAlreadyExists (k8s.io/apimachinery/pkg/api/errors/errors.go)
/** 409 `<resource> "<name>" already exists`. */
export function alreadyExists(group: string, resource: string, name: string): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${qualifiedResource(group, resource)} "${name}" already exists`,
    { name, ...(group ? { group } : {}), kind: resource },
  );
}

// NewConflict (k8s.io/apimachinery/pkg/api/errors/errors.go) with the registry's OptimisticLockErrorMsg
/** 409 Conflict for a stale resourceVersion. */
export function conflict(group: string, resource: string, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(group, resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, ...(group ? { group } : {}), kind: resource },
  );
}

// NewBadRequest (k8s.io/apimachinery/pkg/api/errors/errors.go)
/** 400 BadRequest. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

// NewInvalid (k8s.io/apimachinery/pkg/api/errors/errors.go)
/** 422 Invalid with one cause per field error. */
export function invalid(
  kind: string,
  name: string,
  causes: Array<{ field: string; message: string; reason?: string }>,
): ApiError {
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${text}`, {
    name,
    kind,
    causes: causes.map((c) => ({
      reason: c.reason ?? 'FieldValueInvalid',
      message: c.message,
      field: c.field,
    })),
  });
}

// NewResourceExpired (k8s.io/apimachinery/pkg/api/errors/errors.go)
/** 410 Expired, e.g. `too old resource version: 5 (120)`. */
export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}
