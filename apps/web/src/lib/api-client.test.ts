import type * as ApiClientModule from './api-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

import {
  ApiError,
  CLIENT_ERROR_CODES,
  NoContentSchema,
  apiGet,
  apiSend,
  buildApiUrl,
  setCsrfToken,
} from './api-client';
import { shouldRetryQuery } from './query-client';

const ItemSchema = z.object({ name: z.string() });

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
  setCsrfToken(null);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function lastRequest(): { url: string; init: RequestInit } {
  const [url, init] = fetchMock.mock.calls.at(-1) as [string, RequestInit];
  return { url, init };
}

describe('buildApiUrl', () => {
  it('leaves out empty values and repeats keys for arrays', () => {
    expect(buildApiUrl('/api/v1/nodes', { q: 'a b', limit: 50, cursor: undefined, n: null })).toBe(
      '/api/v1/nodes?q=a+b&limit=50',
    );
    expect(buildApiUrl('/api/v1/nodes', { condition: ['Ready', 'MemoryPressure'] })).toBe(
      '/api/v1/nodes?condition=Ready&condition=MemoryPressure',
    );
  });

  it('refuses anything but a same-origin API path', () => {
    expect(() => buildApiUrl('https://elsewhere.example/api/v1/nodes')).toThrow();
    expect(() => buildApiUrl('/nodes')).toThrow();
  });
});

describe('apiGet', () => {
  it('parses a success body with the schema', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { name: 'node-a', extra: true }));
    await expect(apiGet('/api/v1/item', ItemSchema)).resolves.toEqual({ name: 'node-a' });
    expect(lastRequest().init.method).toBe('GET');
    expect(lastRequest().init.credentials).toBe('same-origin');
  });

  it('never sends the CSRF token on a read', async () => {
    setCsrfToken('token-1');
    fetchMock.mockResolvedValue(jsonResponse(200, { name: 'x' }));
    await apiGet('/api/v1/item', ItemSchema);
    expect(lastRequest().init.headers).not.toHaveProperty('x-csrf-token');
  });

  it("throws the API's error body as an ApiError", async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(403, { code: 'FORBIDDEN', message: 'Not your tenant.', requestId: 'req-7' }),
    );
    const error = await apiGet('/api/v1/item', ItemSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      message: 'Not your tenant.',
      requestId: 'req-7',
    });
  });

  it('reports a body that does not match the schema as INVALID_RESPONSE with the issues', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { name: 42 }, { 'x-request-id': 'req-9' }));
    const error = await apiGet('/api/v1/item', ItemSchema).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: CLIENT_ERROR_CODES.invalidResponse,
      requestId: 'req-9',
    });
    expect((error as ApiError).details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: ['name'] })]),
    );
  });

  it('reports an error page that is not the API error shape as UNEXPECTED_RESPONSE', async () => {
    fetchMock.mockResolvedValue(
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    await expect(apiGet('/api/v1/item', ItemSchema)).rejects.toMatchObject({
      status: 502,
      code: CLIENT_ERROR_CODES.unexpectedResponse,
      requestId: null,
    });
  });

  it('reports an unreachable server as NETWORK_ERROR with status 0', async () => {
    fetchMock.mockRejectedValue(new TypeError('fetch failed'));
    await expect(apiGet('/api/v1/item', ItemSchema)).rejects.toMatchObject({
      status: 0,
      code: CLIENT_ERROR_CODES.network,
    });
  });

  it('passes an abort through untouched', async () => {
    fetchMock.mockRejectedValue(new DOMException('aborted', 'AbortError'));
    await expect(apiGet('/api/v1/item', ItemSchema)).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('401 handling', () => {
  const assign = vi.fn();
  // A fresh module per test: the client redirects only once per page, and remembers it.
  let client: typeof ApiClientModule;

  beforeEach(async () => {
    assign.mockReset();
    vi.stubGlobal('window', { location: { pathname: '/nodes', search: '?sort=name', assign } });
    vi.resetModules();
    client = await import('./api-client');
  });

  it('sends the browser to sign-in with the current page as next', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(401, { code: 'UNAUTHENTICATED', message: 'Sign in.', requestId: 'r' }),
    );
    await expect(client.apiGet('/api/v1/item', ItemSchema)).rejects.toMatchObject({ status: 401 });
    expect(assign).toHaveBeenCalledWith('/login?next=%2Fnodes%3Fsort%3Dname&reason=expired');
  });

  it('stays put when the caller expects a 401 (the session probe, the login call)', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(401, { code: 'BAD_CREDENTIALS', message: 'Wrong.', requestId: 'r' }),
    );
    await expect(
      client.apiSend(
        'POST',
        '/api/v1/auth/login',
        ItemSchema,
        {},
        { redirectOnUnauthenticated: false },
      ),
    ).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    expect(assign).not.toHaveBeenCalled();
  });

  it('does not redirect from the sign-in page itself', async () => {
    vi.stubGlobal('window', { location: { pathname: '/login', search: '', assign } });
    fetchMock.mockResolvedValue(
      jsonResponse(401, { code: 'UNAUTHENTICATED', message: 'Sign in.', requestId: 'r' }),
    );
    await expect(client.apiGet('/api/v1/item', ItemSchema)).rejects.toMatchObject({ status: 401 });
    expect(assign).not.toHaveBeenCalled();
  });
});

describe('apiSend', () => {
  it('sends JSON with the CSRF token of the session', async () => {
    setCsrfToken('token-2');
    fetchMock.mockResolvedValue(jsonResponse(200, { name: 'created' }));
    await expect(apiSend('POST', '/api/v1/item', ItemSchema, { name: 'new' })).resolves.toEqual({
      name: 'created',
    });
    const { init } = lastRequest();
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"name":"new"}');
    expect(init.headers).toMatchObject({
      'content-type': 'application/json',
      'x-csrf-token': 'token-2',
    });
  });

  it('accepts an empty 204 with NoContentSchema', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(apiSend('POST', '/api/v1/auth/logout', NoContentSchema)).resolves.toBeUndefined();
  });
});

describe('shouldRetryQuery', () => {
  const error = (status: number, code = 'X') =>
    new ApiError({ status, code, message: '', requestId: null });

  it('does not retry what the caller got wrong (4xx) or a version mismatch', () => {
    expect(shouldRetryQuery(0, error(404))).toBe(false);
    expect(shouldRetryQuery(0, error(401))).toBe(false);
    expect(shouldRetryQuery(0, error(200, CLIENT_ERROR_CODES.invalidResponse))).toBe(false);
  });

  it('retries server and network failures twice', () => {
    expect(shouldRetryQuery(0, error(503))).toBe(true);
    expect(shouldRetryQuery(1, error(0, CLIENT_ERROR_CODES.network))).toBe(true);
    expect(shouldRetryQuery(2, error(503))).toBe(false);
  });
});
