import httpProxy from '@fastify/http-proxy';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The front door: the API answers /api and /metrics itself and hands every other path to the Next.js server,
 * so the browser sees one origin (cookies and iframes need no CORS) and the API sees the real client address.
 */
export const webProxyPlugin = fp(async (app: FastifyInstance, opts: { upstream: string }) => {
  await app.register(httpProxy, {
    upstream: opts.upstream,
    prefix: '/',
    websocket: true, // Next.js dev server's hot reload
    replyOptions: {
      onError: (reply, { error }) => {
        reply.log.warn({ err: error }, 'web app unreachable');
        void reply
          .status(502)
          .type('text/html')
          .send('<!doctype html><title>Plimsoll</title><p>The Plimsoll web app is not reachable yet. Retrying…</p><script>setTimeout(()=>location.reload(),2000)</script>');
      },
    },
  });
});
