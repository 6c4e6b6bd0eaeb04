import { z } from 'zod';
import { ApiErrorSchema, CSRF_HEADER } from '@plimsoll/shared/schemas';

/**
 * Codes the client itself produces when there is no API error body to read. They sit beside the
 * API's own codes (`ERROR_CODES` in @plimsoll/shared) so every failure reaches the UI as one shape.
 */
export const CLIENT_ERROR_CODES = {
  /** fetch() rejected: server down, proxy unreachable, offline. */
  network: 'NETWORK_ERROR',
  /** A success body that does not match the shared schema: UI and API versions disagree. */
  invalidResponse: 'INVALID_RESPONSE',
  /** An error status whose body is not the API's error shape (e.g. an HTML page from a proxy). */
  unexpectedResponse: 'UNEXPECTED_RESPONSE',
} as const;

/** What the UI knows about a failed API call. `requestId` ties it to the API's logs. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly details: unknown;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    requestId: string | null;
    details?: unknown;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.details = init.details;
  }
}

/** True for errors the caller made (4xx); repeating the same request will not help. */
export function isClientError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status >= 400 && error.status < 500;
}

type QueryScalar = string | number | boolean;
/** Query parameters; `undefined`/`null` are left out, arrays repeat the key (`?a=1&a=2`). */
export type ApiQuery = Record<string, QueryScalar | readonly QueryScalar[] | null | undefined>;

/** Options shared by reads and writes. */
export interface ApiRequestOptions {
  signal?: AbortSignal;
  /**
   * On 401, send the browser to the sign-in page and come back here afterwards. On by default
   * because every page but sign-in is an authenticated area; the session probe and the login
   * call turn it off because a 401 is an expected answer for them.
   */
  redirectOnUnauthenticated?: boolean;
}

/** Options for {@link apiGet}. */
export interface ApiGetOptions extends ApiRequestOptions {
  query?: ApiQuery;
}

/** Methods that change state and therefore carry the CSRF token. */
export type ApiSendMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Schema for the empty body of a 204 answer (logout, deletes). */
export const NoContentSchema = z.undefined();

const REQUEST_ID_HEADER = 'x-request-id';
const LOGIN_PATH = '/login';

// The CSRF token lives in the session response, not in a cookie the page could read. The session
// hooks hand it over here so that every write carries it without each caller threading it through.
let csrfToken: string | null = null;
let redirecting = false;

/** Remember (or forget, with `null`) the current session's CSRF token. Called by the session hooks. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Build a same-origin relative URL from a path and query parameters. */
export function buildApiUrl(path: string, query?: ApiQuery): string {
  if (!path.startsWith('/api/')) {
    throw new Error(`API paths are relative to the origin and start with /api/: got ${path}`);
  }
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const values: readonly QueryScalar[] = Array.isArray(value) ? value : [value as QueryScalar];
    for (const item of values) params.append(key, String(item));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * Read a resource and parse it with its shared schema.
 * @throws ApiError for every failure, including a body the schema rejects.
 */
export function apiGet<S extends z.ZodType>(
  path: string,
  schema: S,
  options: ApiGetOptions = {},
): Promise<z.output<S>> {
  return request('GET', buildApiUrl(path, options.query), schema, undefined, options);
}

/**
 * Change state. Sends `body` as JSON with the session's CSRF token and parses the answer with
 * `schema` (use {@link NoContentSchema} for 204).
 * @throws ApiError for every failure.
 */
export function apiSend<S extends z.ZodType>(
  method: ApiSendMethod,
  path: string,
  schema: S,
  body?: unknown,
  options: ApiRequestOptions = {},
): Promise<z.output<S>> {
  return request(method, buildApiUrl(path), schema, body, options);
}

async function request<S extends z.ZodType>(
  method: 'GET' | ApiSendMethod,
  url: string,
  schema: S,
  body: unknown,
  options: ApiRequestOptions,
): Promise<z.output<S>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (cause) {
    // An abort is the caller's decision (react-query cancelling a stale query), not a failure.
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      status: 0,
      code: CLIENT_ERROR_CODES.network,
      message: 'Could not reach the Plimsoll API. Check that the server is running.',
      requestId: null,
    });
  }

  if (!response.ok) {
    const error = await readApiError(response);
    if (response.status === 401 && options.redirectOnUnauthenticated !== false) {
      redirectToLogin();
    }
    throw error;
  }

  const payload = response.status === 204 ? undefined : await readJson(response);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiError({
      status: response.status,
      code: CLIENT_ERROR_CODES.invalidResponse,
      message: `The API's answer to ${method} ${url} does not match what this version of the web app expects.`,
      requestId: response.headers.get(REQUEST_ID_HEADER),
      details: parsed.error.issues,
    });
  }
  return parsed.data;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function readApiError(response: Response): Promise<ApiError> {
  const body = await readJson(response);
  const parsed = ApiErrorSchema.safeParse(body);
  if (parsed.success) {
    return new ApiError({ status: response.status, ...parsed.data });
  }
  return new ApiError({
    status: response.status,
    code: CLIENT_ERROR_CODES.unexpectedResponse,
    message: `The server answered ${response.status} ${response.statusText}`.trim() + '.',
    requestId: response.headers.get(REQUEST_ID_HEADER),
  });
}

function redirectToLogin(): void {
  if (typeof window === 'undefined' || redirecting) return;
  const { pathname, search } = window.location;
  if (pathname === LOGIN_PATH) return;
  // Several queries can fail with 401 at once when a session expires; one navigation is enough.
  redirecting = true;
  const next = encodeURIComponent(`${pathname}${search}`);
  window.location.assign(`${LOGIN_PATH}?next=${next}&reason=expired`);
}
