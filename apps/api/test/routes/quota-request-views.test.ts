import {
  ListQuotaRequestsResponseSchema,
  QuotaRequestsSeenResponseSchema,
} from '@plimsoll/shared/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildClusterTestApp, signIn } from '../helper.js';

type Ctx = Awaited<ReturnType<typeof buildClusterTestApp>>;
type Session = Awaited<ReturnType<typeof signIn>>;
const base = '/api/v1/clusters/sim/quota-requests';

describe('unseen decisions of quota requests (a tenant admin’s home)', () => {
  let t: Ctx;
  let sre: Session;
  let acme: Session;
  let keyN = 0;

  const send = (s: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: { ...s.headers, 'x-csrf-token': s.csrfToken },
      ...(payload ? { payload: payload as Record<string, unknown> } : {}),
    });
  const unseenOf = async (s: Session) => {
    const res = await send(s, 'GET', `${base}?limit=1`);
    expect(res.statusCode, res.body).toBe(200);
    return ListQuotaRequestsResponseSchema.parse(res.json()).unseen;
  };
  async function file(s: Session, namespace: string, pods: string): Promise<string> {
    const res = await send(s, 'POST', base, {
      namespace,
      quotaName: 'not-best-effort',
      requestedHard: { pods },
      reason: 'launch',
      idempotencyKey: `views-${++keyN}`,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  beforeAll(async () => {
    t = await buildClusterTestApp({ PLIMSOLL_SIM_SCENARIO: 'tenants' });
    const collector = t.manager.collectors.get('sim')!;
    const deadline = Date.now() + 60_000;
    while (collector.health().state !== 'synced' || collector.cache.resourcequotas.size < 8) {
      if (Date.now() > deadline) throw new Error('the collector did not sync');
      await new Promise((r) => setTimeout(r, 100));
    }
    sre = await signIn(t.app, 'sre');
    acme = await signIn(t.app, 'acme-admin');
  }, 90_000);
  afterAll(() => t?.close());

  it('marks a decision unseen for the tenant admin until they open it, and never for the SRE who made it', async () => {
    const rejected = await file(acme, 'acme-prod', '47');
    const approved = await file(acme, 'acme-prod', '48');
    const pending = await file(acme, 'acme-prod', '49');
    expect(await unseenOf(acme)).toEqual([]);

    expect(
      (await send(sre, 'POST', `${base}/${rejected}/reject`, { comment: 'not now' })).statusCode,
    ).toBe(200);
    const ok = await send(sre, 'POST', `${base}/${approved}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);

    // Newest decision first; the pending one is not a decision; the SRE who decided hears nothing.
    expect(await unseenOf(acme)).toEqual([approved, rejected]);
    expect(await unseenOf(sre)).toEqual([]);
    expect(await unseenOf(acme)).not.toContain(pending);

    const seen = await send(acme, 'POST', `${base}/${approved}/seen`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(QuotaRequestsSeenResponseSchema.parse(seen.json()).unseen).toEqual([rejected]);
    // Seen stays seen across sessions: it is kept per user in the database.
    const again = await signIn(t.app, 'acme-admin');
    expect(await unseenOf(again)).toEqual([rejected]);

    const all = await send(acme, 'POST', `${base}/seen`);
    expect(QuotaRequestsSeenResponseSchema.parse(all.json()).unseen).toEqual([]);
    expect(await unseenOf(acme)).toEqual([]);
  });

  it('does not tell anyone of their own decisions, and keeps other tenants’ requests from a tenant admin', async () => {
    const sreFiled = await file(sre, 'globex-prod', '41');
    expect((await send(sre, 'POST', `${base}/${sreFiled}/cancel`, {})).statusCode).toBe(200);
    // Cancelled by the one who filed it: not news to them.
    expect(await unseenOf(sre)).toEqual([]);
    const other = await file(sre, 'globex-prod', '42');
    expect(await unseenOf(acme)).not.toContain(other);
    const foreign = await send(acme, 'POST', `${base}/${other}/seen`);
    expect(foreign.statusCode).toBe(403);
    expect((await send(acme, 'POST', `${base}/999999/seen`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `${base}/seen` })).statusCode).toBe(401);
  });
});
