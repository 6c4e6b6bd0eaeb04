import { QueryClient } from '@tanstack/react-query';

import { ApiError, CLIENT_ERROR_CODES, isClientError } from './api-client';

/** Failed reads are tried this many more times when a retry can help (network, 5xx). */
export const MAX_QUERY_RETRIES = 2;

/**
 * Retry only what can succeed on a second try: a 4xx is the request's fault and a schema
 * mismatch is a version problem, so repeating either just delays the error the user needs to see.
 */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (isClientError(error)) return false;
  if (error instanceof ApiError && error.code === CLIENT_ERROR_CODES.invalidResponse) return false;
  return failureCount < MAX_QUERY_RETRIES;
}

/** One QueryClient per browser tab (and per server render), with Plimsoll's defaults. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Cluster state moves in seconds, but refetching on every mount would hammer the API when
        // someone flips between views; views that need live data set their own interval.
        staleTime: 15_000,
        retry: shouldRetryQuery,
      },
      mutations: { retry: false },
    },
  });
}
