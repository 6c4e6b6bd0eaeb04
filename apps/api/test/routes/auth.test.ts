import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildTestApp, errorBody, signIn, type TestContext } from '../helper.js';

describe('sign-in, sessions and CSRF', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp({ PLIMSOLL_LOGIN_RATE_LIMIT: '5' });
  });
  afterAll(() => t.close());

  it('refuses an unauthenticated request with 401 and the one error body', async () => {
    const res = await t.app.inject({ url: '/api/v1/auth/me' });
    expect(res.statusCode).toBe(401);
    const body = errorBody(res);
    expect(body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Sign in to use this API.' });
    expect(body.requestId).toBe(res.headers['x-request-id']);
  });

  it('says which field is wrong when the body is invalid', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'sre' },
    });
    expect(res.statusCode).toBe(400);
    const body = errorBody(res);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.message).toContain('password');
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const wrongPw = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'sre', password: 'nope' },
    });
    const noUser = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'ghost', password: 'nope' },
    });
    expect(wrongPw.statusCode).toBe(401);
    expect(noUser.statusCode).toBe(401);
    expect(errorBody(wrongPw).message).toBe(errorBody(noUser).message);
  });

  it('signs in with an HttpOnly SameSite cookie and returns the user with a CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'acme-admin', password: 'correct-horse-battery' },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'plimsoll_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(res.json()).toMatchObject({
      user: { username: 'acme-admin', role: 'tenant-admin', tenants: ['acme'], source: 'local' },
      csrfToken: expect.any(String),
    });
  });

  it('requires the CSRF token to sign out, then ends the session', async () => {
    const { headers, csrfToken } = await signIn(t.app, 'sre');
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
    const noToken = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(noToken.statusCode).toBe(403);
    expect(errorBody(noToken).code).toBe('CSRF_FAILED');
    const wrongToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { ...headers, 'x-csrf-token': `${csrfToken}x` },
    });
    expect(wrongToken.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { ...headers, 'x-csrf-token': csrfToken },
    });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
  });

  it('rate-limits repeated sign-in attempts', async () => {
    const attempt = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.9.9.9',
        payload: { username: 'sre', password: 'guess' },
      });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt()).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(errorBody(limited).code).toBe('RATE_LIMITED');
  });
});

describe('reverse-proxy sign-in (oauth2-proxy headers)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp({
      PLIMSOLL_TRUSTED_PROXIES: '10.0.0.0/24',
      PLIMSOLL_PROXY_GROUP_MAP: JSON.stringify({
        'platform-sre': { role: 'sre' },
        'acme-admins': { role: 'tenant-admin', tenants: ['acme'] },
        'globex-admins': { role: 'tenant-admin', tenants: ['globex'] },
      }),
    });
  });
  afterAll(() => t.close());

  const asProxied = (remoteAddress: string, groups: string) =>
    t.app.inject({
      url: '/api/v1/auth/me',
      remoteAddress,
      headers: {
        'x-forwarded-user': 'alice',
        'x-forwarded-email': 'alice@acme.example',
        'x-forwarded-groups': groups,
      },
    });

  it('believes the headers only from a configured proxy address', async () => {
    expect((await asProxied('192.168.1.5', 'platform-sre')).statusCode).toBe(401);
    const res = await asProxied('10.0.0.7', 'platform-sre');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { username: 'alice', role: 'sre', source: 'proxy' } });
  });

  it('maps groups to a tenant admin of the union of their tenants', async () => {
    const res = await asProxied('10.0.0.7', 'acme-admins, globex-admins');
    expect(res.json()).toMatchObject({
      user: { role: 'tenant-admin', tenants: ['acme', 'globex'] },
    });
  });

  it('refuses a proxy user in no mapped group', async () => {
    const res = await asProxied('10.0.0.7', 'marketing');
    expect(res.statusCode).toBe(403);
    expect(errorBody(res).message).toContain('no group');
  });
});
