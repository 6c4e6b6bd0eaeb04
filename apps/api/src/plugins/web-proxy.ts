import httpProxy from '@fastify/http-proxy';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * An embeddable panel's page: `/embed/<panel>` (optionally with a query). Strict on purpose: an encoded or dotted
 * path that Next.js might normalise to another page must never get the embed framing policy.
 */
const EMBED_PAGE = /^\/embed\/[a-z][a-z-]{0,40}\/?(?:\?.*)?$/;

export const isEmbedPage = (url: string) => EMBED_PAGE.test(url);

/**
 * The front door: the API answers /api and /metrics itself and hands every other path to the Next.js server,
 * so the browser sees one origin (cookies and iframes need no CORS) and the API sees the real client address.
 *
 * Framing policy: `/embed/*` may be framed by the configured origins (`frame-ancestors`, PLIMSOLL_EMBED_ALLOWED_ORIGINS,
 * a runtime setting, hence set here and not in next.config.ts); every other page may not be framed at all.
 */
export const webProxyPlugin = fp(
  async (app: FastifyInstance, opts: { upstream: string; embedFrameAncestors?: string }) => {
    const embedPolicy = `frame-ancestors ${opts.embedFrameAncestors?.trim() || "'self'"}`;
    await app.register(httpProxy, {
      upstream: opts.upstream,
      prefix: '/',
      websocket: true, // Next.js dev server's hot reload
      replyOptions: {
        rewriteHeaders: (headers, request) => {
          const out = { ...headers };
          if (request && isEmbedPage(request.url)) {
            delete out['x-frame-options'];
            out['content-security-policy'] = embedPolicy;
          } else {
            // next.config.ts sets these for pages; make sure nothing the proxy serves goes out without them.
            out['x-frame-options'] ??= 'DENY';
            out['content-security-policy'] ??= "frame-ancestors 'none'";
          }
          return out;
        },
        onError: (reply, { error }) => {
          reply.log.warn({ err: error }, 'web app unreachable');
          void reply
            .status(502)
            .type('text/html')
            .send(
              '<!doctype html><title>Plimsoll</title><p>The Plimsoll web app is not reachable yet. Retrying…</p><script>setTimeout(()=>location.reload(),2000)</script>',
            );
        },
      },
    });
  },
);
