'use client';

import { useEmbedLinks } from '../queries';

/** What `'self'` means to someone pasting a snippet: only Plimsoll's own pages may frame the panel. */
function describe(source: string): string {
  if (source === "'self'") return 'Plimsoll itself';
  if (source === "'none'") return 'no site';
  return source;
}

/**
 * The sites a panel may be framed by (PLIMSOLL_EMBED_ALLOWED_ORIGINS, sent as CSP frame-ancestors): a link pasted
 * anywhere else shows the browser's "refused to connect" instead of the panel, so say so before it is pasted.
 */
export function AllowedOrigins({ className }: { className?: string }) {
  const links = useEmbedLinks();
  const origins = links.data?.allowedOrigins;
  if (!origins) return null;
  return (
    <p className={className} data-testid="embed-allowed-origins">
      Can be framed by:{' '}
      {origins.map((o, i) => (
        <span key={o}>
          {i > 0 ? ', ' : ''}
          <code className="rounded bg-surface-muted px-1 font-mono">{describe(o)}</code>
        </span>
      ))}
      . Other sites are refused by the browser; an administrator adds a site to
      PLIMSOLL_EMBED_ALLOWED_ORIGINS.
    </p>
  );
}
