'use client';

import { env } from '@/env';
import { ApiError } from '@/lib/api-client';
import { cn } from '@/lib/cn';

import { Button } from './button';

/** Props for {@link ErrorState}. */
export interface ErrorStateProps {
  /** What failed to load, in the user's words ("cluster health"). */
  what: string;
  error: unknown;
  /** Shown as a Retry button when given. */
  onRetry?: () => void;
  /** True while the retry runs (spinner on the button). */
  retrying?: boolean;
  /** `banner`: one line above data that is still shown (a background refresh failed). */
  variant?: 'panel' | 'banner';
  className?: string;
}

interface ErrorFacts {
  code: string;
  message: string;
  requestId: string | null;
  status: number | null;
  details: unknown;
}

function toErrorFacts(error: unknown): ErrorFacts {
  if (error instanceof ApiError) {
    return {
      code: error.code,
      message: error.message,
      requestId: error.requestId,
      status: error.status || null,
      details: error.details,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'CLIENT_ERROR', message, requestId: null, status: null, details: undefined };
}

/**
 * A failure, with what the API said: code, message and the request id an operator can grep the
 * API's logs for. Technical details (schema issues) appear outside production only.
 */
export function ErrorState({
  what,
  error,
  onRetry,
  retrying = false,
  variant = 'panel',
  className,
}: ErrorStateProps) {
  const facts = toErrorFacts(error);

  if (variant === 'banner') {
    return (
      <div
        role="alert"
        className={cn(
          'flex items-center gap-3 rounded-md border border-danger/30 bg-danger/5 px-3 py-2 text-xs',
          className,
        )}
      >
        <span className="font-medium text-danger">Could not refresh {what}.</span>
        <span className="min-w-0 truncate text-fg-muted">{facts.message}</span>
        <code className="ml-auto font-mono text-[11px] text-fg-muted">{facts.code}</code>
        {onRetry && (
          <Button size="sm" variant="ghost" onClick={onRetry} loading={retrying}>
            Retry
          </Button>
        )}
      </div>
    );
  }

  return (
    <div
      role="alert"
      className={cn('flex flex-col items-center px-6 py-10 text-center', className)}
    >
      <div className="mb-3 flex size-10 items-center justify-center rounded-lg border border-danger/30 bg-danger/10 text-danger">
        <svg
          viewBox="0 0 24 24"
          aria-hidden="true"
          className="size-5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
        >
          <path
            d="M12 8v5m0 3.5v.01M10.3 3.9 2.6 17.5A2 2 0 0 0 4.3 20.5h15.4a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </div>
      <p className="text-sm font-semibold text-fg">Could not load {what}</p>
      <p className="mt-1 max-w-md text-[13px] text-fg-muted">{facts.message}</p>
      <dl className="mt-3 grid grid-cols-[auto_auto] gap-x-3 gap-y-0.5 text-left text-xs">
        <dt className="text-fg-subtle">Code</dt>
        <dd className="font-mono text-fg">
          {facts.code}
          {facts.status !== null && <span className="text-fg-muted"> · HTTP {facts.status}</span>}
        </dd>
        <dt className="text-fg-subtle">Request ID</dt>
        <dd className="font-mono text-fg select-all">{facts.requestId ?? '—'}</dd>
      </dl>
      {!env.isProduction && facts.details !== undefined && (
        <pre className="mt-3 max-h-40 max-w-xl overflow-auto rounded border border-line bg-surface-muted p-2 text-left font-mono text-[11px] text-fg-muted">
          {JSON.stringify(facts.details, null, 2)}
        </pre>
      )}
      {onRetry && (
        <Button className="mt-4" onClick={onRetry} loading={retrying}>
          Retry
        </Button>
      )}
    </div>
  );
}
