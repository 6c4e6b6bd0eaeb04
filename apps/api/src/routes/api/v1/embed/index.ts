import {
  ApiErrorSchema,
  CreateEmbedLinkBodySchema,
  EmbedDataQuerySchema,
  EmbedLinkParamsSchema,
  EmbedLinkSchema,
  EmbedPanelDataSchema,
  EmbedPanelParamsSchema,
  ListEmbedLinksResponseSchema,
} from '@plimsoll/shared/schemas';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

import type { Env } from '../../../../config/env.js';
import { toTenantViewConfig, type TenantViewConfig } from '../../../../config/quota-requests.js';
import { EMBED_TOKEN, requireUser, type RouteAuth } from '../../../../plugins/auth.js';
import {
  createEmbedLinkRepository,
  type EmbedLinkRecord,
} from '../../../../repositories/embed-link-repository.js';
import { authoriseEmbedRequest } from '../../../../services/embed/authorise-embed-request.js';
import { createEmbedUseCounter } from '../../../../services/embed/count-embed-uses.js';
import { resolveEmbedKeyring } from '../../../../services/embed/embed-keys.js';
import { readEmbedToken } from '../../../../services/embed/embed-token.js';
import { getEmbedPanelData } from '../../../../services/embed/get-embed-panel-data.js';
import {
  createEmbedLink,
  listEmbedLinks,
  revokeEmbedLink,
  type EmbedLinkDeps,
} from '../../../../services/embed/manage-embed-links.js';
import { getClusterCollector } from '../../../../services/get-cluster.js';

/** Who manages links: SREs (any panel) and tenant admins (their tenants' panels). Viewers only look. */
const LINK_MANAGERS: RouteAuth = { roles: ['sre', 'tenant-admin'] };

declare module 'fastify' {
  interface FastifyRequest {
    /** The link an embed token granted (embed data routes only). */
    embedLink: EmbedLinkRecord | null;
  }
}

export interface EmbedRoutesOptions {
  env: Pick<Env, 'PLIMSOLL_EMBED_KEYS' | 'PLIMSOLL_EMBED_ACTIVE_KEY' | 'PLIMSOLL_SECRET'>;
  tenantViewConfig?: TenantViewConfig;
  now?: () => Date;
}

const ERRORS = {
  400: ApiErrorSchema,
  401: ApiErrorSchema,
  403: ApiErrorSchema,
  404: ApiErrorSchema,
};

/**
 * Embeddable panels (issue 10): embed links (create, list, revoke) for signed-in users, and each panel's data for
 * whoever holds a link's token. The data route takes no session: a token is not a session, and no other route
 * accepts it (the auth plugin reads only cookies and proxy headers elsewhere).
 */
const embedRoutes: FastifyPluginAsyncZod<EmbedRoutesOptions> = async (app, opts) => {
  const repo = createEmbedLinkRepository(app.db.prisma);
  const now = opts.now ?? (() => new Date());
  const tenantViewConfig = opts.tenantViewConfig ?? toTenantViewConfig(app.env);
  const keyring = await resolveEmbedKeyring({
    keys: opts.env.PLIMSOLL_EMBED_KEYS,
    activeKey: opts.env.PLIMSOLL_EMBED_ACTIVE_KEY,
    secret: opts.env.PLIMSOLL_SECRET,
    repo,
  });
  app.log.info(
    { source: keyring.source, activeKey: keyring.activeKeyId, keys: [...keyring.keys.keys()] },
    'embed signing keys',
  );

  const uses = createEmbedUseCounter({
    repo,
    onError: (err) => app.log.warn({ err }, 'could not count embed link uses'),
  });
  app.addHook('onClose', async () => uses.close());

  const deps: EmbedLinkDeps = {
    repo,
    keyring,
    now,
    assertCluster: (cluster) => void getClusterCollector(app.services, cluster),
  };

  app.decorateRequest('embedLink', null);

  app.post(
    '/api/v1/embed-links',
    {
      config: { auth: LINK_MANAGERS },
      schema: {
        tags: ['embed'],
        summary:
          'Create an embed link for one panel with its filters and an expiry; the answer carries the token',
        description:
          'SREs may embed any panel. Tenant admins may embed `tenant-quotas` and `eviction-timeline` for their own ' +
          'tenants only (the link is then restricted to that tenant). Viewers get 403. Example body: ' +
          '`{ "cluster": "sim", "panel": "tenant-quotas", "params": { "tenant": "acme" }, "expiresInHours": 720 }`.',
        body: CreateEmbedLinkBodySchema,
        response: { 201: EmbedLinkSchema, ...ERRORS },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createEmbedLink(deps, requireUser(request), request.body)),
  );

  app.get(
    '/api/v1/embed-links',
    {
      config: { auth: LINK_MANAGERS },
      schema: {
        tags: ['embed'],
        summary:
          'Embed links, newest first, with their state and use counts (SREs: all; tenant admins: their own)',
        response: { 200: ListEmbedLinksResponseSchema, ...ERRORS },
      },
    },
    async (request) => {
      await uses.flush();
      return {
        links: await listEmbedLinks(deps, requireUser(request)),
        allowedOrigins: app.env.PLIMSOLL_EMBED_ALLOWED_ORIGINS.split(/\s+/).filter(Boolean),
      };
    },
  );

  app.delete(
    '/api/v1/embed-links/:id',
    {
      config: { auth: LINK_MANAGERS },
      schema: {
        tags: ['embed'],
        summary:
          'Revoke an embed link at once (its creator or an SRE); its token then gets 403 EMBED_TOKEN_REVOKED',
        params: EmbedLinkParamsSchema,
        response: { 200: EmbedLinkSchema, ...ERRORS },
      },
    },
    async (request) => revokeEmbedLink(deps, requireUser(request), request.params.id),
  );

  app.get(
    '/api/v1/embed/:panel/data',
    {
      config: { auth: EMBED_TOKEN },
      // The token is checked before validation, so a bad token always answers 401/403 whatever else is wrong.
      onRequest: async (request: FastifyRequest) => {
        const params = request.params as { panel?: string };
        const query = (request.query ?? {}) as { cluster?: unknown };
        const link = await authoriseEmbedRequest({
          keyring,
          repo,
          token: readEmbedToken(request.headers, request.query),
          panel: params.panel ?? '',
          cluster:
            typeof query.cluster === 'string' && query.cluster !== '' ? query.cluster : undefined,
          now: now(),
        });
        request.embedLink = link;
        uses.record(link.id, now());
      },
      schema: {
        tags: ['embed'],
        summary:
          "One panel's data, authorised only by an embed token (Authorization: Bearer <token>, or ?token=)",
        description:
          'No session is needed or used. Errors: 401 EMBED_TOKEN_INVALID (missing, malformed, tampered, unknown key), ' +
          '401 EMBED_TOKEN_EXPIRED, 403 EMBED_TOKEN_REVOKED, 403 EMBED_WRONG_PANEL (the token is for another panel ' +
          'or cluster). A tenant link shows only its tenant’s data.',
        params: EmbedPanelParamsSchema,
        querystring: EmbedDataQuerySchema,
        response: { 200: EmbedPanelDataSchema, ...ERRORS },
      },
    },
    async (request, reply) => {
      const link = request.embedLink;
      if (!link) throw new Error('embed token check did not run');
      reply.header('cache-control', 'no-store');
      return getEmbedPanelData(app.services, link, {
        tenantViewConfig,
        nodeEventNamespaces: app.env.PLIMSOLL_NODE_EVENT_NAMESPACES,
        now: now(),
      });
    },
  );
};

export default embedRoutes;
