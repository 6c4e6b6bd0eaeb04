import { randomUUID } from 'node:crypto';

import {
  EMBED_PANEL_TITLES,
  TENANT_EMBED_PANELS,
  type CreateEmbedLinkInput,
  type CurrentUser,
  type EmbedLink,
  type EmbedPanel,
} from '@plimsoll/shared/schemas';

import { AppError } from '../../errors/app-error.js';
import type {
  EmbedLinkRecord,
  EmbedLinkRepository,
} from '../../repositories/embed-link-repository.js';
import type { EmbedKeyring } from './embed-keys.js';
import { signEmbedToken } from './embed-token.js';

/** Most links one listing returns (newest first). */
export const MAX_LISTED_EMBED_LINKS = 500;

export interface EmbedLinkDeps {
  repo: EmbedLinkRepository;
  keyring: EmbedKeyring;
  now: () => Date;
  /** 404 for a cluster Plimsoll does not collect. */
  assertCluster: (cluster: string) => void;
}

/** `active`, or why the link no longer works. */
export function embedLinkState(
  link: Pick<EmbedLinkRecord, 'revokedAt' | 'expiresAt'>,
  now: Date,
): EmbedLink['state'] {
  if (link.revokedAt) return 'revoked';
  return link.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

/** The framed page's path for a token. */
export const embedPathOf = (panel: string, token: string) =>
  `/embed/${panel}?token=${encodeURIComponent(token)}`;

/** A stored link as the wire shape; the token is re-derived (it is never stored) while the link is usable. */
export function toEmbedLinkWire(
  link: EmbedLinkRecord,
  keyring: EmbedKeyring,
  now: Date,
): EmbedLink {
  const state = embedLinkState(link, now);
  const token =
    state === 'active'
      ? signEmbedToken(
          keyring,
          {
            lid: link.id,
            p: link.panel as EmbedPanel,
            c: link.cluster,
            exp: Math.floor(link.expiresAt.getTime() / 1000),
          },
          link.keyId,
        )
      : null;
  return {
    id: link.id,
    cluster: link.cluster,
    panel: link.panel as EmbedPanel,
    params: link.params,
    tenant: link.tenant,
    label: link.label,
    createdBy: link.createdBy,
    createdAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    revokedBy: link.revokedBy,
    state,
    useCount: link.useCount,
    lastUsedAt: link.lastUsedAt?.toISOString() ?? null,
    keyId: link.keyId,
    token,
    embedPath: token ? embedPathOf(link.panel, token) : null,
  };
}

/**
 * The tenant a link is restricted to, after checking the creator may embed this panel: SREs any panel (a tenant
 * filter restricts the link to that tenant); tenant admins only their own tenants' quota usage and evictions.
 */
export function resolveLinkTenant(user: CurrentUser, body: CreateEmbedLinkInput): string | null {
  const panel: EmbedPanel = body.panel;
  const wanted =
    body.panel === 'tenant-quotas'
      ? body.params.tenant
      : body.panel === 'eviction-timeline'
        ? (body.params.tenant ?? null)
        : null;
  if (user.role === 'sre') return wanted;
  if (user.role !== 'tenant-admin')
    throw new AppError('FORBIDDEN', 'Only SREs and tenant admins create embed links.');
  if (!TENANT_EMBED_PANELS.includes(panel)) {
    throw new AppError(
      'FORBIDDEN',
      `Tenant admins may embed ${TENANT_EMBED_PANELS.map((p) => EMBED_PANEL_TITLES[p]).join(' and ')} for their own tenants; ` +
        `${EMBED_PANEL_TITLES[panel]} is for SREs.`,
    );
  }
  const tenant = wanted ?? (user.tenants.length === 1 ? (user.tenants[0] as string) : null);
  if (tenant === null) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Name the tenant (params.tenant): you act for ${user.tenants.join(', ') || 'no tenant'}.`,
    );
  }
  if (!user.tenants.includes(tenant)) {
    throw new AppError(
      'FORBIDDEN',
      `Tenant ${tenant} is not yours: you act for ${user.tenants.join(', ') || 'no tenant'}.`,
    );
  }
  return tenant;
}

/** Creates a link and returns it with its token. */
export async function createEmbedLink(
  deps: EmbedLinkDeps,
  user: CurrentUser,
  body: CreateEmbedLinkInput,
): Promise<EmbedLink> {
  deps.assertCluster(body.cluster);
  const tenant = resolveLinkTenant(user, body);
  const params: Record<string, unknown> = { ...body.params };
  // A tenant admin's eviction timeline always names its tenant, so the filter shown matches the scope enforced.
  if (body.panel === 'eviction-timeline' && tenant !== null) params.tenant = tenant;
  const now = deps.now();
  // Whole seconds: the token's exp and the stored expiry must be the same instant.
  const expiresAt = new Date(
    Math.floor(now.getTime() / 1000) * 1000 + body.expiresInHours * 3_600_000,
  );
  const link = await deps.repo.createLink({
    id: randomUUID(),
    cluster: body.cluster,
    panel: body.panel,
    params,
    tenant,
    label: body.label,
    createdBy: user.username,
    createdAt: now,
    expiresAt,
    keyId: deps.keyring.activeKeyId,
  });
  return toEmbedLinkWire(link, deps.keyring, now);
}

/** SREs see every link; tenant admins the links they created. */
export async function listEmbedLinks(deps: EmbedLinkDeps, user: CurrentUser): Promise<EmbedLink[]> {
  const rows = await deps.repo.listLinks({
    ...(user.role === 'sre' ? {} : { createdBy: user.username }),
    limit: MAX_LISTED_EMBED_LINKS,
  });
  const now = deps.now();
  return rows.map((r) => toEmbedLinkWire(r, deps.keyring, now));
}

/** Revokes a link at once (its creator or an SRE). Someone else's link answers 404, like a missing one. */
export async function revokeEmbedLink(
  deps: EmbedLinkDeps,
  user: CurrentUser,
  id: string,
): Promise<EmbedLink> {
  const link = await deps.repo.findLink(id);
  if (!link || (user.role !== 'sre' && link.createdBy !== user.username)) {
    throw new AppError('NOT_FOUND', `No embed link ${id} of yours.`);
  }
  const now = deps.now();
  const revoked = (await deps.repo.revokeLink(id, user.username, now)) ?? link;
  return toEmbedLinkWire(revoked, deps.keyring, now);
}
