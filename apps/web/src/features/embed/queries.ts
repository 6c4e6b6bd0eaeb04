import {
  ApiErrorSchema,
  EmbedLinkSchema,
  EmbedPanelDataSchema,
  ListEmbedLinksResponseSchema,
  type CreateEmbedLinkBody,
  type EmbedPanel,
  type EmbedPanelData,
} from '@plimsoll/shared/schemas';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { ApiError, CLIENT_ERROR_CODES, apiGet, apiSend } from '@/lib/api-client';

/** How often a framed panel refetches its data (live updates without a session-bound stream). */
export const EMBED_REFRESH_MS = 10_000;

/**
 * A panel's data, authorised by the link's token only (`Authorization: Bearer`), with no cookies: the frame
 * may sit on a site whose browser blocks third-party cookies, and a 401 here must not send anyone to sign in.
 */
export async function fetchEmbedPanelData(
  panel: EmbedPanel,
  token: string,
  signal?: AbortSignal,
): Promise<EmbedPanelData> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/embed/${panel}/data`, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      status: 0,
      code: CLIENT_ERROR_CODES.network,
      message: 'Could not reach Plimsoll.',
      requestId: null,
    });
  }
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  const requestId = response.headers.get('x-request-id');
  if (!response.ok) {
    const err = ApiErrorSchema.safeParse(body);
    throw err.success
      ? new ApiError({ status: response.status, ...err.data })
      : new ApiError({
          status: response.status,
          code: CLIENT_ERROR_CODES.unexpectedResponse,
          message: `Plimsoll answered ${response.status}.`,
          requestId,
        });
  }
  const parsed = EmbedPanelDataSchema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError({
      status: response.status,
      code: CLIENT_ERROR_CODES.invalidResponse,
      message: 'The panel data does not match what this page expects.',
      requestId,
      details: parsed.error.issues,
    });
  }
  return parsed.data;
}

/** Token errors: retrying or polling again cannot fix them. */
export const EMBED_TOKEN_CODES = [
  'EMBED_TOKEN_INVALID',
  'EMBED_TOKEN_EXPIRED',
  'EMBED_TOKEN_REVOKED',
  'EMBED_WRONG_PANEL',
] as const;
export const isEmbedTokenError = (e: unknown): e is ApiError =>
  e instanceof ApiError && (EMBED_TOKEN_CODES as readonly string[]).includes(e.code);

export const embedQueries = {
  all: () => ['embed'] as const,
  panel: (panel: EmbedPanel, token: string) =>
    queryOptions({
      queryKey: [...embedQueries.all(), 'panel', panel, token],
      queryFn: ({ signal }) => fetchEmbedPanelData(panel, token, signal),
      staleTime: EMBED_REFRESH_MS - 1000,
      // Stop polling once the token is refused (expired, revoked…); keep polling through transient failures.
      refetchInterval: (query) => (isEmbedTokenError(query.state.error) ? false : EMBED_REFRESH_MS),
      refetchIntervalInBackground: false,
      retry: (count, error) =>
        !isEmbedTokenError(error) &&
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) &&
        count < 2,
    }),
  links: () =>
    queryOptions({
      queryKey: [...embedQueries.all(), 'links'],
      queryFn: ({ signal }) =>
        apiGet('/api/v1/embed-links', ListEmbedLinksResponseSchema, { signal }),
      staleTime: 10_000,
    }),
};

export const useEmbedPanelData = (panel: EmbedPanel, token: string) =>
  useQuery(embedQueries.panel(panel, token));
export const useEmbedLinks = () => useQuery(embedQueries.links());

export function useCreateEmbedLink() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateEmbedLinkBody) =>
      apiSend('POST', '/api/v1/embed-links', EmbedLinkSchema, body),
    onSuccess: () => client.invalidateQueries({ queryKey: embedQueries.links().queryKey }),
  });
}

export function useRevokeEmbedLink() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiSend('DELETE', `/api/v1/embed-links/${encodeURIComponent(id)}`, EmbedLinkSchema),
    onSuccess: () => client.invalidateQueries({ queryKey: embedQueries.links().queryKey }),
  });
}
