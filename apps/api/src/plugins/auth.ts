import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv6 } from 'node:net';

import { CSRF_HEADER, type CurrentUser, type Role } from '@plimsoll/shared/schemas';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

import type { Env } from '../config/env.js';
import { AppError } from '../errors/app-error.js';
import type { UserRecord, UserRepository } from '../repositories/user-repository.js';

export const SESSION_COOKIE = 'plimsoll_session';

/** What a signed-in user may see: everything, or only these tenants' namespaces. */
export type TenantScope = { kind: 'all' } | { kind: 'tenants'; tenants: string[] };

/**
 * Every /api route declares who may call it: `'public'`, the roles allowed, or `{ embed: true }` for the embed data
 * routes, which only an embed token authorises (the route checks it; sessions and proxy headers are ignored there).
 */
export type RouteAuth = 'public' | { roles: readonly Role[] } | { embed: true };

/** Routes authorised by an embed token alone (docs/embedding.md). A token is not a session: no other route takes it. */
export const EMBED_TOKEN: RouteAuth = { embed: true };

export const ANY_SIGNED_IN: RouteAuth = { roles: ['sre', 'tenant-admin', 'viewer'] };
export const SRE_ONLY: RouteAuth = { roles: ['sre'] };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    user: CurrentUser | null;
    /** CSRF token of the current session (local) or derived for the user (proxy). */
    csrfToken: string | null;
    sessionId: string | null;
    /** What the caller may see; reading it on a request the auth hook did not scope throws a 401. */
    tenantScope: TenantScope;
    plimsollTenantScope: TenantScope | null;
  }
  interface FastifyInstance {
    signIn(
      reply: FastifyReply,
      user: UserRecord,
      request: FastifyRequest,
    ): Promise<{ csrfToken: string }>;
    signOut(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
}

const NO_TENANTS: TenantScope = Object.freeze({ kind: 'tenants', tenants: [] as string[] });
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function toCurrentUser(
  u: Pick<UserRecord, 'username' | 'displayName' | 'role' | 'tenants'>,
  source: CurrentUser['source'],
): CurrentUser {
  return {
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    tenants: u.role === 'tenant-admin' ? u.tenants : [],
    source,
  };
}

export function scopeOf(user: CurrentUser): TenantScope {
  return user.role === 'tenant-admin'
    ? { kind: 'tenants', tenants: user.tenants }
    : { kind: 'all' };
}

function equalTokens(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The proxy addresses whose X-Forwarded-User we believe (exact addresses or CIDR ranges). */
function buildTrustedProxies(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [addr, prefix] = entry.split('/');
    if (!addr) continue;
    const type = isIPv6(addr) ? 'ipv6' : 'ipv4';
    if (prefix) list.addSubnet(addr, Number(prefix), type);
    else list.addAddress(addr, type);
  }
  return list;
}

function isTrusted(list: BlockList, remote: string | undefined): boolean {
  if (!remote) return false;
  const v4 = remote.startsWith('::ffff:') ? remote.slice(7) : remote;
  return isIPv6(v4) ? list.check(v4, 'ipv6') : list.check(v4, 'ipv4');
}

/**
 * Sign-in for every route: a local session cookie, or a trusted reverse proxy's X-Forwarded-User (oauth2-proxy
 * convention). Routes without an `auth` declaration are refused at start, so none can be forgotten.
 */
export const authPlugin = fp(
  async (
    app: FastifyInstance,
    opts: { env: Env; users: UserRepository; secret: Buffer; now?: () => Date },
  ) => {
    const { env, users, secret } = opts;
    const now = opts.now ?? (() => new Date());
    const trusted = buildTrustedProxies(env.PLIMSOLL_TRUSTED_PROXIES);
    const proxyEnabled = env.PLIMSOLL_TRUSTED_PROXIES.length > 0;
    const proxyCsrf = (username: string) =>
      createHmac('sha256', secret).update(`csrf:${username}`).digest('base64url');

    app.decorateRequest('user', null);
    app.decorateRequest('csrfToken', null);
    app.decorateRequest('sessionId', null);
    app.decorateRequest<TenantScope | null>('plimsollTenantScope', null);
    // Fail closed: a handler that reads the scope of a request the auth hook did not scope (a route without
    // `config.auth`, or one it skipped) gets a 401, never a null to trip over.
    app.decorateRequest('tenantScope', {
      getter(this: FastifyRequest): TenantScope {
        const scope = this.plimsollTenantScope;
        if (!scope) throw new AppError('UNAUTHENTICATED', 'Sign in to use this API.');
        return scope;
      },
      setter(this: FastifyRequest, scope: TenantScope) {
        this.plimsollTenantScope = scope;
      },
    });

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/')) return;
      if (route.method === 'HEAD' || route.url.startsWith('/api/docs')) return;
      if (!route.config?.auth) {
        throw new Error(
          `Route ${String(route.method)} ${route.url} declares no auth (config.auth)`,
        );
      }
    });

    function userFromProxy(request: FastifyRequest): CurrentUser | null {
      const forwardedUser = request.headers['x-forwarded-user'];
      if (!proxyEnabled || typeof forwardedUser !== 'string' || forwardedUser === '') return null;
      if (!isTrusted(trusted, request.socket.remoteAddress)) return null;
      const email = request.headers['x-forwarded-email'];
      const groups = String(request.headers['x-forwarded-groups'] ?? '')
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean);
      const mapped = groups
        .map((g) => env.PLIMSOLL_PROXY_GROUP_MAP[g])
        .filter((m) => m !== undefined);
      // Precedence: sre, then viewer (cluster-wide read), then tenant-admin with the union of its tenants.
      let role: Role | null = null;
      if (mapped.some((m) => m.role === 'sre')) role = 'sre';
      else if (mapped.some((m) => m.role === 'viewer')) role = 'viewer';
      else if (mapped.some((m) => m.role === 'tenant-admin')) role = 'tenant-admin';
      else if (env.PLIMSOLL_PROXY_DEFAULT_ROLE === 'viewer') role = 'viewer';
      if (!role)
        throw new AppError(
          'FORBIDDEN',
          `User ${forwardedUser} is in no group that Plimsoll maps to a role.`,
        );
      const tenants = [
        ...new Set(mapped.filter((m) => m.role === 'tenant-admin').flatMap((m) => m.tenants)),
      ].sort();
      return toCurrentUser(
        {
          username: forwardedUser,
          displayName: typeof email === 'string' ? email : null,
          role,
          tenants,
        },
        'proxy',
      );
    }

    // Decided from the route the router matched, never from the request target: every spelling of a path that
    // reaches a handler carries that handler's declaration. Routes without one (metrics, docs, the web app, the
    // not-found handler) run no API handler that reads a user or a scope.
    app.addHook('onRequest', async (request) => {
      const auth = request.routeOptions.config?.auth;
      if (!auth) return;
      if (auth !== 'public' && 'embed' in auth) {
        // Embedded in another site: no cookie (third-party cookies may be blocked) and no user, only the token.
        request.tenantScope = NO_TENANTS;
        return;
      }
      const proxyUser = userFromProxy(request);
      if (proxyUser) {
        request.user = proxyUser;
        request.csrfToken = proxyCsrf(proxyUser.username);
      } else {
        const token = request.cookies[SESSION_COOKIE];
        if (token) {
          const session = await users.findSession(hashToken(token), now());
          if (session) {
            request.user = toCurrentUser(session.user, 'local');
            request.csrfToken = session.csrfToken;
            request.sessionId = session.id;
          }
        }
      }
      request.tenantScope = request.user ? scopeOf(request.user) : NO_TENANTS;
      if (auth === 'public') return;
      if (!request.user) throw new AppError('UNAUTHENTICATED', 'Sign in to use this API.');
      if (!auth.roles.includes(request.user.role)) {
        throw new AppError(
          'FORBIDDEN',
          `This needs the role ${auth.roles.join(' or ')}; you are ${request.user.role}.`,
        );
      }
      if (STATE_CHANGING.has(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        if (
          typeof sent !== 'string' ||
          !request.csrfToken ||
          !equalTokens(sent, request.csrfToken)
        ) {
          throw new AppError(
            'CSRF_FAILED',
            `Missing or wrong ${CSRF_HEADER} header; reload the page and try again.`,
          );
        }
      }
    });

    app.decorate(
      'signIn',
      async (reply: FastifyReply, user: UserRecord, request: FastifyRequest) => {
        const token = randomBytes(32).toString('base64url');
        const csrfToken = randomBytes(24).toString('base64url');
        const expiresAt = new Date(now().getTime() + env.PLIMSOLL_SESSION_TTL_HOURS * 3600_000);
        await users.createSession({
          id: hashToken(token),
          userId: user.id,
          csrfToken,
          expiresAt,
          userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
          ip: request.ip,
        });
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: env.PLIMSOLL_SECURE_COOKIES === 'true',
          expires: expiresAt,
        });
        return { csrfToken };
      },
    );

    app.decorate('signOut', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.sessionId) await users.deleteSession(request.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    });
  },
  { name: 'auth', dependencies: ['@fastify/cookie'] },
);

export { toCurrentUser };

/** The signed-in user of a route that declared roles (the auth hook has already refused anyone else). */
export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new AppError('UNAUTHENTICATED', 'Sign in to use this API.');
  return request.user;
}
