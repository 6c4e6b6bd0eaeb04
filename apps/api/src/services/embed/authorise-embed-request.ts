import { EMBED_PANEL_TITLES, type EmbedPanel } from '@plimsoll/shared/schemas';

import { AppError } from '../../errors/app-error.js';
import type {
  EmbedLinkRecord,
  EmbedLinkRepository,
} from '../../repositories/embed-link-repository.js';
import type { EmbedKeyring } from './embed-keys.js';
import { verifyEmbedToken } from './embed-token.js';

/**
 * The link a token grants, for a request to `panel` (and, when the page names one, `cluster`). In order:
 * no token, malformed, tampered or unknown key → 401 EMBED_TOKEN_INVALID; past expiry → 401 EMBED_TOKEN_EXPIRED;
 * revoked → 403 EMBED_TOKEN_REVOKED; another panel or cluster than asked for → 403 EMBED_WRONG_PANEL.
 */
export async function authoriseEmbedRequest(opts: {
  keyring: EmbedKeyring;
  repo: Pick<EmbedLinkRepository, 'findLink'>;
  token: string | null;
  panel: string;
  cluster?: string | undefined;
  now: Date;
}): Promise<EmbedLinkRecord> {
  if (!opts.token) {
    throw new AppError(
      'EMBED_TOKEN_INVALID',
      'This panel needs an embed token (Authorization: Bearer <token> or ?token=).',
    );
  }
  const payload = verifyEmbedToken(opts.keyring, opts.token, opts.now);
  const link = await opts.repo.findLink(payload.lid);
  // A signed token whose link is gone, or whose row disagrees with it, was not issued by this database.
  if (!link || link.panel !== payload.p || link.cluster !== payload.c) {
    throw new AppError(
      'EMBED_TOKEN_INVALID',
      'This embed link is not valid (unknown link). Ask for a new link.',
    );
  }
  if (link.revokedAt) {
    throw new AppError(
      'EMBED_TOKEN_REVOKED',
      `This embed link was revoked on ${link.revokedAt.toISOString()}. Ask for a new link.`,
      {
        details: { revokedAt: link.revokedAt.toISOString() },
      },
    );
  }
  if (link.expiresAt.getTime() <= opts.now.getTime()) {
    throw new AppError(
      'EMBED_TOKEN_EXPIRED',
      `This embed link expired at ${link.expiresAt.toISOString()}. Ask for a new link.`,
    );
  }
  if (opts.panel !== link.panel || (opts.cluster !== undefined && opts.cluster !== link.cluster)) {
    const title = EMBED_PANEL_TITLES[link.panel as EmbedPanel] ?? link.panel;
    throw new AppError(
      'EMBED_WRONG_PANEL',
      `This embed link is for the ${title} panel of cluster ${link.cluster} and grants nothing else.`,
      { details: { panel: link.panel, cluster: link.cluster } },
    );
  }
  return link;
}
