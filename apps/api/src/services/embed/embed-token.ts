import { createHmac, timingSafeEqual } from 'node:crypto';

import { EMBED_PANELS, type EmbedPanel } from '@plimsoll/shared/schemas';
import { z } from 'zod';

import { AppError } from '../../errors/app-error.js';
import type { EmbedKeyring } from './embed-keys.js';

/** What a token carries: the link id, panel, cluster and expiry (epoch seconds). Filters stay in the database. */
export interface EmbedTokenPayload {
  lid: string;
  p: EmbedPanel;
  c: string;
  exp: number;
}

const PayloadSchema = z.object({
  lid: z.string().min(1).max(100),
  p: z.enum(EMBED_PANELS),
  c: z.string().min(1).max(253),
  exp: z.number().int().positive(),
});

const B64URL = /^[A-Za-z0-9_-]+$/;
const KID = /^[A-Za-z0-9_-]{1,32}$/;
/** Longest token accepted; real ones are ~200 characters. */
export const MAX_EMBED_TOKEN_LENGTH = 2000;

const mac = (key: Buffer, signed: string) => createHmac('sha256', key).update(signed).digest();

/** `<kid>.<payload b64url>.<HMAC-SHA256(kid.payload) b64url>`, signed with `kid`'s key. */
export function signEmbedToken(
  keyring: EmbedKeyring,
  payload: EmbedTokenPayload,
  kid = keyring.activeKeyId,
): string | null {
  const key = keyring.keys.get(kid);
  if (!key) return null;
  const body = Buffer.from(
    JSON.stringify({ lid: payload.lid, p: payload.p, c: payload.c, exp: payload.exp }),
  ).toString('base64url');
  const signed = `${kid}.${body}`;
  return `${signed}.${mac(key, signed).toString('base64url')}`;
}

const invalid = (why: string) =>
  new AppError('EMBED_TOKEN_INVALID', `This embed link is not valid (${why}). Ask for a new link.`);

/**
 * Checks a token's form, key and signature, then its expiry. Malformed, tampered or signed by an unknown key:
 * 401 EMBED_TOKEN_INVALID; past its expiry: 401 EMBED_TOKEN_EXPIRED. Revocation and panel are the caller's checks.
 */
export function verifyEmbedToken(
  keyring: EmbedKeyring,
  token: string,
  now: Date,
): EmbedTokenPayload {
  if (token.length === 0 || token.length > MAX_EMBED_TOKEN_LENGTH) throw invalid('malformed');
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid('malformed');
  const [kid, body, sig] = parts as [string, string, string];
  if (!KID.test(kid) || !B64URL.test(body) || !B64URL.test(sig)) throw invalid('malformed');
  const key = keyring.keys.get(kid);
  if (!key) throw invalid('signed with a key this server no longer has');
  const expected = mac(key, `${kid}.${body}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw invalid('bad signature');
  let parsed: EmbedTokenPayload;
  try {
    parsed = PayloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    throw invalid('malformed');
  }
  if (parsed.exp * 1000 <= now.getTime()) {
    throw new AppError(
      'EMBED_TOKEN_EXPIRED',
      `This embed link expired at ${new Date(parsed.exp * 1000).toISOString()}. Ask for a new link.`,
      { details: { expiredAt: new Date(parsed.exp * 1000).toISOString() } },
    );
  }
  return parsed;
}

/** The token of a request: `Authorization: Bearer <token>`, else `?token=`. */
export function readEmbedToken(
  headers: { authorization?: string | undefined },
  query: unknown,
): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1] as string;
  }
  const q =
    query && typeof query === 'object' ? (query as Record<string, unknown>).token : undefined;
  return typeof q === 'string' && q !== '' ? q : null;
}
