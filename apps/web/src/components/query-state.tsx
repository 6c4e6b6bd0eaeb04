'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import { EmptyState } from './empty-state';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';

/** Props for {@link QueryState}. */
export interface QueryStateProps<T> {
  query: UseQueryResult<T>;
  /** What the query loads, in the user's words; used by the loading and error states. */
  what: string;
  /** Decides whether loaded data counts as empty (an empty list, a cluster with no nodes). */
  isEmpty?: (data: T) => boolean;
  /** Shown when `isEmpty` says so; defaults to a plain "Nothing to show". */
  empty?: ReactNode;
  /** Replaces the default skeleton, e.g. to match a table's shape. */
  loading?: ReactNode;
  children: (data: T) => ReactNode;
}

/**
 * The one loading / empty / error pattern. Every view that shows a query's data goes through it,
 * so they all behave alike: skeleton first, then the data or an empty state, and on failure the
 * API's code, message and request id with a Retry. If a background refresh fails while older data
 * is on screen, the data stays and a banner says the refresh failed.
 */
export function QueryState<T>({
  query,
  what,
  isEmpty,
  empty,
  loading,
  children,
}: QueryStateProps<T>) {
  const retry = () => void query.refetch();

  if (query.isPending) return loading ?? <LoadingState label={what} />;

  if (query.isError && query.data === undefined) {
    return (
      <ErrorState what={what} error={query.error} onRetry={retry} retrying={query.isFetching} />
    );
  }

  const data = query.data as T;
  const body =
    isEmpty?.(data) === true
      ? (empty ?? <EmptyState title="Nothing to show" description={`No ${what} yet.`} />)
      : children(data);

  if (query.isError) {
    return (
      <>
        <ErrorState
          variant="banner"
          what={what}
          error={query.error}
          onRetry={retry}
          retrying={query.isFetching}
          className="mb-3"
        />
        {body}
      </>
    );
  }
  return body;
}
