import { ApiError } from '@/lib/api-client';

const TITLES: Record<string, string> = {
  EMBED_TOKEN_EXPIRED: 'This embedded panel’s link has expired',
  EMBED_TOKEN_REVOKED: 'This embedded panel’s link was revoked',
  EMBED_TOKEN_INVALID: 'This embedded panel’s link is not valid',
  EMBED_WRONG_PANEL: 'This link is for another panel',
  NOT_FOUND: 'This panel’s cluster is not collected any more',
};

/** What the framed page says instead of a panel: which failure, and what to do about it. Never a sign-in page. */
export function EmbedMessage({ error, title }: { error?: unknown; title?: string }) {
  const code = error instanceof ApiError ? error.code : null;
  const heading = title ?? (code && TITLES[code]) ?? 'This panel could not be loaded';
  const message =
    error instanceof ApiError
      ? error.message
      : error instanceof Error
        ? error.message
        : 'Something went wrong.';
  const tokenProblem = code !== null && code.startsWith('EMBED_');
  return (
    <div className="flex h-full min-h-24 items-center justify-center p-4">
      <div role="alert" data-embed-error={code ?? 'unknown'} className="max-w-md text-center">
        <div
          aria-hidden
          className={`mx-auto mb-2 flex size-8 items-center justify-center rounded-full text-sm font-semibold ${
            tokenProblem ? 'bg-warn/15 text-warn' : 'bg-danger/15 text-danger'
          }`}
        >
          !
        </div>
        <p className="text-[13px] font-semibold text-fg">{heading}</p>
        <p className="mt-1 text-xs text-fg-muted">{message}</p>
        {code && <p className="mt-2 font-mono text-[10px] text-fg-subtle">{code}</p>}
      </div>
    </div>
  );
}
