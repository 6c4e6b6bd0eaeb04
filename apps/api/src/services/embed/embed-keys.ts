import { createHash, createHmac, randomBytes } from 'node:crypto';

import type { EmbedLinkRepository } from '../../repositories/embed-link-repository.js';

/** The keys embed tokens are signed and verified with. */
export interface EmbedKeyring {
  /** The key that signs new tokens. */
  activeKeyId: string;
  /** Every key that still verifies, by id (the active one included). */
  keys: ReadonlyMap<string, Buffer>;
  /** Where the keys came from, for the log line at start. */
  source: 'configured' | 'derived' | 'generated';
}

/** app_settings key of the generated key (used only when neither PLIMSOLL_EMBED_KEYS nor PLIMSOLL_SECRET is set). */
export const GENERATED_EMBED_KEY_SETTING = 'embed.signing-key';

/**
 * The keyring from configuration: PLIMSOLL_EMBED_KEYS (+ PLIMSOLL_EMBED_ACTIVE_KEY), else a key derived from
 * PLIMSOLL_SECRET (every replica derives the same), else a random key generated once and kept in the database so
 * links survive restarts. Misconfiguration throws at start.
 */
export async function resolveEmbedKeyring(opts: {
  keys?: Record<string, string> | undefined;
  activeKey?: string | undefined;
  secret?: string | undefined;
  repo: Pick<EmbedLinkRepository, 'findSetting' | 'insertSettingOnce'>;
}): Promise<EmbedKeyring> {
  if (opts.keys && Object.keys(opts.keys).length > 0) {
    const ids = Object.keys(opts.keys);
    const active = opts.activeKey ?? (ids.length === 1 ? ids[0] : undefined);
    if (!active) {
      throw new Error(
        `Invalid configuration:\n  PLIMSOLL_EMBED_ACTIVE_KEY: required when PLIMSOLL_EMBED_KEYS lists several keys (${ids.join(', ')})`,
      );
    }
    if (!(active in opts.keys)) {
      throw new Error(
        `Invalid configuration:\n  PLIMSOLL_EMBED_ACTIVE_KEY: ${active} is not a key of PLIMSOLL_EMBED_KEYS (${ids.join(', ')})`,
      );
    }
    const keys = new Map(
      Object.entries(opts.keys).map(([kid, secret]) => [kid, Buffer.from(secret, 'utf8')]),
    );
    return { activeKeyId: active, keys, source: 'configured' };
  }
  if (opts.activeKey) {
    throw new Error(
      'Invalid configuration:\n  PLIMSOLL_EMBED_ACTIVE_KEY: set PLIMSOLL_EMBED_KEYS too (the key it names must be listed there)',
    );
  }
  if (opts.secret) {
    const key = createHmac('sha256', opts.secret).update('plimsoll embed signing key v1').digest();
    // The id follows the key, so a changed PLIMSOLL_SECRET makes old tokens "unknown key", not "tampered".
    const kid = `s-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
    return { activeKeyId: kid, keys: new Map([[kid, key]]), source: 'derived' };
  }
  const stored = await opts.repo.findSetting(GENERATED_EMBED_KEY_SETTING);
  const value =
    stored ??
    (await opts.repo.insertSettingOnce(
      GENERATED_EMBED_KEY_SETTING,
      JSON.stringify({
        kid: `g-${randomBytes(4).toString('hex')}`,
        secret: randomBytes(32).toString('base64url'),
      }),
    ));
  const parsed = JSON.parse(value) as { kid: string; secret: string };
  return {
    activeKeyId: parsed.kid,
    keys: new Map([[parsed.kid, Buffer.from(parsed.secret, 'base64url')]]),
    source: 'generated',
  };
}
