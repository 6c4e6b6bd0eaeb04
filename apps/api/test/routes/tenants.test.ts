import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildClusterTestApp, errorBody, signIn, type TestContext } from '../helper.js';

type Ctx = TestContext & { manager: Awaited<ReturnType<typeof buildClusterTestApp>>['manager'] };
type Headers = { cookie: string };
type Check = {
  id: string;
  passed: boolean;
  offenders: Array<{ kind: string; namespace?: string; name: string; detail: string }>;
  notes: Array<{ kind: string; namespace?: string; name: string; detail: string }>;
  fix: string;
};

const base = '/api/v1/clusters/sim';

async function waitFor<T>(
  fn: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('tenants and isolation audit (tenants scenario)', () => {
  let t: Ctx;
  let sre: Headers;
  let acme: Headers;
  let viewer: Headers;

  beforeAll(async () => {
    t = await buildClusterTestApp({ PLIMSOLL_SIM_SCENARIO: 'tenants' });
    const collector = t.manager.collectors.get('sim')!;
    await waitFor(
      () =>
        collector.health().state === 'synced' && collector.cache.resourcequotas.size >= 8
          ? true
          : undefined,
      'the collector to sync',
    );
    sre = (await signIn(t.app, 'sre')).headers;
    acme = (await signIn(t.app, 'acme-admin')).headers;
    viewer = (await signIn(t.app, 'viewer')).headers;
  });
  afterAll(() => t?.close());

  async function audit(tenant: string, headers: Headers = sre) {
    const res = await t.app.inject({ url: `${base}/tenants/${tenant}/isolation`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ tenant: string; score: number; checks: Check[] }>();
  }
  const failing = (checks: Check[]) =>
    Object.fromEntries(
      checks
        .filter((c) => !c.passed)
        .map((c) => [
          c.id,
          c.offenders.map(
            (o) =>
              `${o.kind} ${o.namespace ?? ''}/${o.name.replace(/-[a-z0-9]+-[a-z0-9]+$/, '-*')}`,
          ),
        ]),
    );

  it("finds each of acme's deliberate mistakes and nothing else", async () => {
    const a = await audit('acme');
    expect(a.checks.map((c) => c.id)).toHaveLength(7);
    expect(failing(a.checks)).toEqual({
      // The debug-tools Deployment runs a privileged container …
      'privileged-pods': ['Pod acme-dev/debug-tools-*'],
      // … which got in because acme-dev only warns about baseline instead of enforcing it.
      'pod-security-admission': ['Namespace /acme-dev'],
      // acme's admin holds namespace-admin in globex-prod.
      'cross-tenant-role-bindings': ['RoleBinding globex-prod/acme-support'],
    });
    const priv = a.checks.find((c) => c.id === 'privileged-pods')!;
    expect(priv.offenders[0]!.detail).toContain('privileged');
    expect(priv.fix).toMatch(/privileged/);
    expect(a.score).toBeGreaterThan(0);
    expect(a.score).toBeLessThan(100);
  });

  it("finds each of globex's deliberate mistakes and nothing else", async () => {
    const g = await audit('globex');
    expect(failing(g.checks)).toEqual({
      'default-deny-network-policy': ['Namespace /globex-sandbox'],
      'cross-tenant-role-bindings': ['RoleBinding globex-prod/acme-support'],
      'tenant-taints': ['Pod globex-prod/cache-warmer-*'],
      'namespace-admin-outsiders': ['RoleBinding globex-prod/acme-support'],
    });
    const taints = g.checks.find((c) => c.id === 'tenant-taints')!;
    expect(taints.offenders[0]!.detail).toMatch(/tenant acme/);
  });

  it('lists tenants with namespaces, members, quota usage, evictions in 24 h and isolation score', async () => {
    const now = Date.now();
    const eviction = (ns: string, pod: string, agoMs: number) => ({
      cluster: 'sim',
      namespace: ns,
      pod,
      podUid: `uid-${pod}`,
      message: 'The node was low on resource: memory.',
      evictedAt: new Date(now - agoMs),
      observedAt: new Date(now - agoMs),
    });
    await t.db.prisma.eviction.createMany({
      data: [
        eviction('acme-prod', 'a1', 3_600_000),
        eviction('acme-dev', 'a2', 20 * 3_600_000),
        eviction('acme-prod', 'a-old', 30 * 3_600_000),
        eviction('globex-prod', 'g1', 60_000),
        eviction('shop', 's1', 60_000),
      ],
    });
    const res = await t.app.inject({ url: `${base}/tenants`, headers: sre });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ warningRatio: number; tenants: any[] }>();
    expect(body.warningRatio).toBe(0.9);
    expect(body.tenants.map((x) => x.name)).toEqual(['acme', 'globex']);
    const [a, g] = body.tenants;
    expect(a.namespaces).toEqual(['acme-dev', 'acme-prod']);
    expect(a.members.users).toEqual(['alice@acme.example']);
    expect(a.evictions24h).toBe(2);
    expect(g.evictions24h).toBe(1);
    expect(a.quotas.map((q: any) => `${q.namespace}/${q.name}`)).toEqual([
      'acme-dev/best-effort',
      'acme-dev/not-best-effort',
      'acme-prod/best-effort',
      'acme-prod/not-best-effort',
    ]);
    const pods = a.quotas[3].resources.find((r: any) => r.resource === 'pods');
    expect(pods).toMatchObject({
      hard: '40',
      state: expect.stringMatching(/ok|warning|full|exceeded/),
    });
    expect(a.isolationScore).toBe((await audit('acme')).score);
    expect(a.failedChecks.map((c: any) => c.id).sort()).toEqual([
      'cross-tenant-role-bindings',
      'pod-security-admission',
      'privileged-pods',
    ]);
    expect(a.auditError).toBeNull();
  });

  it('shows a tenant admin only their tenant, and refuses another tenant by name with 403', async () => {
    const list = await t.app.inject({ url: `${base}/tenants`, headers: acme });
    expect(list.json<{ tenants: Array<{ name: string }> }>().tenants.map((x) => x.name)).toEqual([
      'acme',
    ]);
    for (const url of [
      `${base}/tenants/globex`,
      `${base}/tenants/globex/isolation`,
      `${base}/tenants/nonexistent`,
    ]) {
      const res = await t.app.inject({ url, headers: acme });
      expect(res.statusCode, url).toBe(403);
      expect(errorBody(res).code).toBe('FORBIDDEN');
      expect(errorBody(res).message).toMatch(/not yours: you act for tenant acme only/);
    }
    const own = await t.app.inject({ url: `${base}/tenants/acme`, headers: acme });
    expect(own.statusCode).toBe(200);
  });

  it("hides the name of an offender in another tenant's namespace from a tenant admin", async () => {
    const a = await audit('acme', acme);
    const cross = a.checks.find((c) => c.id === 'cross-tenant-role-bindings')!;
    expect(cross.passed).toBe(false);
    expect(cross.offenders).toEqual([
      expect.objectContaining({ kind: 'RoleBinding', name: '(hidden)' }),
    ]);
    expect(JSON.stringify(cross.offenders)).not.toContain('globex');
  });

  it('lets a viewer read every tenant and an SRE see 404 for a tenant that does not exist', async () => {
    const list = await t.app.inject({ url: `${base}/tenants`, headers: viewer });
    expect(list.json<{ tenants: unknown[] }>().tenants).toHaveLength(2);
    expect(
      (await t.app.inject({ url: `${base}/tenants/globex/isolation`, headers: viewer })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ url: `${base}/tenants/nonexistent`, headers: sre })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/v1/clusters/nope/tenants`, headers: sre })).statusCode,
    ).toBe(404);
  });

  it('refuses anonymous callers with 401', async () => {
    for (const url of [`${base}/tenants`, `${base}/tenants/acme/isolation`, `${base}/quotas`]) {
      expect((await t.app.inject({ url })).statusCode).toBe(401);
    }
  });

  it("scopes quotas: a tenant admin sees only acme's, and naming globex by filter or by name is a 403", async () => {
    const mine = await t.app.inject({ url: `${base}/quotas`, headers: acme });
    const quotas = mine.json<{ quotas: Array<{ namespace: string; tenant: string }> }>().quotas;
    expect(quotas.length).toBe(4);
    expect(new Set(quotas.map((q) => q.tenant))).toEqual(new Set(['acme']));
    for (const url of [
      `${base}/quotas?tenant=globex`,
      `${base}/quotas?namespace=globex-prod`,
      `${base}/quotas?namespace=kube-system`,
      `${base}/quotas?tenant=acme&namespace=globex-prod`,
      `${base}/quotas/globex-prod/not-best-effort/history`,
      `${base}/quotas/globex-prod/does-not-exist/history`,
    ]) {
      const res = await t.app.inject({ url, headers: acme });
      expect(res.statusCode, url).toBe(403);
    }
    const all = await t.app.inject({ url: `${base}/quotas?tenant=globex`, headers: viewer });
    expect(all.json<{ quotas: unknown[] }>().quotas).toHaveLength(4);
  });

  it('returns a quota history with a projection per resource', async () => {
    const res = await t.app.inject({
      url: `${base}/quotas/acme-prod/not-best-effort/history?hours=24`,
      headers: acme,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      samples: Array<{ used: Record<string, string> }>;
      projections: Array<{ resource: string }>;
    }>();
    expect(body.samples.length).toBeGreaterThan(0);
    expect(body.projections.map((p) => p.resource)).toContain('pods');
    expect(
      (await t.app.inject({ url: `${base}/quotas/acme-prod/nope/history`, headers: acme }))
        .statusCode,
    ).toBe(404);
  });
});
