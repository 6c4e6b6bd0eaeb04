'use client';

import {
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import {
  SessionResponseSchema,
  type LoginRequest,
  type SessionResponse,
} from '@plimsoll/shared/schemas';

import { ApiError, NoContentSchema, apiGet, apiSend, setCsrfToken } from '@/lib/api-client';

/** Where the browser goes after signing out; the sign-in page says the user signed out. */
export const SIGNED_OUT_PATH = '/login?signedOut=1';

/**
 * The signed-in session, or `null` when there is none. A 401 from `/auth/me` is an answer, not
 * an error: it is how the app learns it must show the sign-in page.
 */
async function findSession(signal: AbortSignal): Promise<SessionResponse | null> {
  try {
    const session = await apiGet('/api/v1/auth/me', SessionResponseSchema, {
      signal,
      redirectOnUnauthenticated: false,
    });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** Query keys and options for the session. */
export const authQueries = {
  all: () => ['auth'] as const,
  session: () =>
    queryOptions({
      queryKey: [...authQueries.all(), 'session'],
      queryFn: ({ signal }) => findSession(signal),
      staleTime: 60_000,
    }),
};

/** The current session (`null` when signed out). */
export function useSession() {
  return useQuery(authQueries.session());
}

function startSession(queryClient: QueryClient, session: SessionResponse): void {
  setCsrfToken(session.csrfToken);
  // Nothing cached for a previous user may survive into this one's session.
  queryClient.clear();
  queryClient.setQueryData(authQueries.session().queryKey, session);
}

/** Sign in with a username and password; on success the session is cached and the token kept. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: LoginRequest) =>
      apiSend('POST', '/api/v1/auth/login', SessionResponseSchema, credentials, {
        redirectOnUnauthenticated: false,
      }),
    onSuccess: (session) => startSession(queryClient, session),
  });
}

/**
 * Sign out. A 401 means the session had already ended, which is the goal, so it counts as
 * success. Afterwards the page is reloaded at the sign-in page: a full navigation drops every
 * cached response and the CSRF token in one go.
 */
export function useLogout() {
  return useMutation({
    mutationFn: async () => {
      try {
        await apiSend('POST', '/api/v1/auth/logout', NoContentSchema, undefined, {
          redirectOnUnauthenticated: false,
        });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    onSuccess: () => {
      setCsrfToken(null);
      window.location.assign(SIGNED_OUT_PATH);
    },
  });
}
