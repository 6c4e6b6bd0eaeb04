import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { buildKubeconfig } from '@plimsoll/kube-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { KubeApiError } from '../../src/k8s/kube-client.js';
import { getTenantClusterAccess } from '../../src/services/get-tenant-cluster-access.js';
import { buildClusterTestApp, errorBody, signIn } from '../helper.js';

type Ctx = Awaited<ReturnType<typeof buildClusterTestApp>>;
type Session = { headers: { cookie: string }; csrfToken: string };
type Req = {
  id: string;
  status: string;
  tenant: string;
  requestedBy: string;
  decidedBy: string | null;
  appliedHard: Record<string, string> | null;
  audit: Array<{ actor: string; action: string; details: Record<string, unknown>; at: string }>;
};

const base = '/api/v1/clusters/sim';
const KUBECTL = '/usr/bin/kubectl';

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

async function startCluster(env: Record<string, string> = {}) {
  const t = await buildClusterTestApp({ PLIMSOLL_SIM_SCENARIO: 'tenants', ...env });
  const collector = t.manager.collectors.get('sim')!;
  await waitFor(
    () =>
      collector.health().state === 'synced' && collector.cache.resourcequotas.size >= 8
        ? true
        : undefined,
    'the collector to sync',
  );
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-kubectl-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, buildKubeconfig({ url: t.manager.simulatorUrl! }));
  return { t, kubeconfig };
}

// Async: the simulated API server runs in this process, so a blocking child would starve it.
async function kubectlHard(
  kubeconfig: string,
  ns: string,
  name: string,
): Promise<Record<string, string>> {
  const { stdout } = await promisify(execFile)(
    KUBECTL,
    [
      '--kubeconfig',
      kubeconfig,
      '--request-timeout=20s',
      'get',
      'resourcequota',
      name,
      '-n',
      ns,
      '-o',
      'json',
    ],
    { encoding: 'utf8' },
  );
  return (JSON.parse(stdout) as { spec: { hard: Record<string, string> } }).spec.hard;
}

describe('quota requests', () => {
  let t: Ctx;
  let kubeconfig: string;
  let sre: Session;
  let acme: Session;
  let viewer: Session;
  let keyN = 0;

  beforeAll(async () => {
    ({ t, kubeconfig } = await startCluster());
    sre = await signIn(t.app, 'sre');
    acme = await signIn(t.app, 'acme-admin');
    viewer = await signIn(t.app, 'viewer');
  });
  afterAll(() => t?.close());

  const send = (
    s: Session,
    method: 'POST' | 'GET',
    url: string,
    payload?: unknown,
    extra: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...s.headers, 'x-csrf-token': s.csrfToken, ...extra },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });

  async function file(
    s: Session,
    namespace: string,
    requestedHard: Record<string, string>,
    quotaName = 'not-best-effort',
  ) {
    const res = await send(
      s,
      'POST',
      `${base}/quota-requests`,
      { namespace, quotaName, requestedHard, reason: 'Black Friday traffic' },
      { 'idempotency-key': `k-${++keyN}` },
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Req>();
  }

  it('files a request with an idempotency key: a retry returns the first, a different body with the key is a 409', async () => {
    const body = {
      namespace: 'acme-prod',
      quotaName: 'not-best-effort',
      requestedHard: { pods: '45' },
      reason: 'launch',
    };
    const first = await send(acme, 'POST', `${base}/quota-requests`, body, {
      'idempotency-key': 'launch-1',
    });
    expect(first.statusCode, first.body).toBe(201);
    const created = first.json<Req>();
    expect(created).toMatchObject({ status: 'pending', tenant: 'acme', requestedBy: 'acme-admin' });
    expect(created.audit.map((a) => [a.actor, a.action])).toEqual([['acme-admin', 'requested']]);

    const retry = await send(acme, 'POST', `${base}/quota-requests`, body, {
      'idempotency-key': 'launch-1',
    });
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json<Req>().id).toBe(created.id);

    const concurrent = await Promise.all(
      [1, 2, 3].map(() =>
        send(acme, 'POST', `${base}/quota-requests`, body, { 'idempotency-key': 'launch-2' }),
      ),
    );
    expect(new Set(concurrent.map((r) => r.json<Req>().id)).size).toBe(1);

    const other = await send(
      acme,
      'POST',
      `${base}/quota-requests`,
      { ...body, reason: 'other' },
      { 'idempotency-key': 'launch-1' },
    );
    expect(other.statusCode).toBe(409);
  });

  it('validates the requested limits against the quota', async () => {
    for (const requestedHard of [
      { pods: '-1' },
      { pods: '1.5' },
      { 'not a resource': '1' },
      { pods: '0' },
    ]) {
      const res = await send(acme, 'POST', `${base}/quota-requests`, {
        namespace: 'acme-prod',
        quotaName: 'not-best-effort',
        requestedHard,
        reason: 'because',
      });
      // pods: 0 is below current usage in acme-prod (its pods run), a strict error too.
      expect(res.statusCode, JSON.stringify(requestedHard)).toBe(400);
      expect(errorBody(res).code).toBe('VALIDATION_FAILED');
    }
    const missing = await send(acme, 'POST', `${base}/quota-requests`, {
      namespace: 'acme-prod',
      quotaName: 'nope',
      requestedHard: { pods: '50' },
      reason: 'because',
    });
    expect(missing.statusCode).toBe(404);
  });

  it("refuses a tenant admin another tenant's quota — by name, by id, through filters — and viewers any change", async () => {
    const foreign = await send(acme, 'POST', `${base}/quota-requests`, {
      namespace: 'globex-prod',
      quotaName: 'not-best-effort',
      requestedHard: { pods: '50' },
      reason: 'sneaky',
    });
    expect(foreign.statusCode).toBe(403);
    expect(errorBody(foreign).message).toMatch(/is not one of yours/);

    const nonTenant = await send(acme, 'POST', `${base}/quota-requests`, {
      namespace: 'kube-system',
      quotaName: 'x',
      requestedHard: { pods: '50' },
      reason: 'sneaky',
    });
    expect(nonTenant.statusCode).toBe(403);
    // Worded alike, so the answer does not tell another tenant's namespace from a non-tenant or missing one.
    expect(errorBody(nonTenant).message.replace('kube-system', 'NS')).toBe(
      errorBody(foreign).message.replace('globex-prod', 'NS'),
    );

    const globexReq = await file(sre, 'globex-prod', { pods: '44' });
    const mine = await file(acme, 'acme-dev', { pods: '41' });

    for (const url of [
      `${base}/quota-requests/${globexReq.id}`,
      `${base}/quota-requests?tenant=globex`,
      `${base}/quota-requests?namespace=globex-prod`,
      `${base}/quota-requests?tenant=acme&namespace=globex-prod`,
    ]) {
      const res = await send(acme, 'GET', url);
      expect(res.statusCode, url).toBe(403);
      expect(errorBody(res).code).toBe('FORBIDDEN');
    }
    const cancelForeign = await send(
      acme,
      'POST',
      `${base}/quota-requests/${globexReq.id}/cancel`,
      {},
    );
    expect(cancelForeign.statusCode).toBe(403);

    const list = await send(acme, 'GET', `${base}/quota-requests`);
    const tenants = new Set(list.json<{ requests: Req[] }>().requests.map((r) => r.tenant));
    expect(tenants).toEqual(new Set(['acme']));
    const all = await send(viewer, 'GET', `${base}/quota-requests?tenant=globex`);
    expect(all.json<{ requests: Req[] }>().requests.map((r) => r.id)).toContain(globexReq.id);

    for (const [who, url, payload] of [
      [acme, `${base}/quota-requests/${mine.id}/approve`, {}],
      [acme, `${base}/quota-requests/${mine.id}/reject`, { comment: 'no' }],
      [viewer, `${base}/quota-requests/${mine.id}/approve`, {}],
      [viewer, `${base}/quota-requests/${mine.id}/cancel`, {}],
      [
        viewer,
        `${base}/quota-requests`,
        {
          namespace: 'acme-prod',
          quotaName: 'not-best-effort',
          requestedHard: { pods: '50' },
          reason: 'x y z',
        },
      ],
    ] as const) {
      const res = await send(who, 'POST', url, payload);
      expect(res.statusCode, `${url}`).toBe(403);
      expect(errorBody(res).message).toMatch(/needs the role/);
    }
    // An SRE may not cancel someone else's request (they reject it), the requester may.
    expect(
      (await send(sre, 'POST', `${base}/quota-requests/${mine.id}/cancel`, {})).statusCode,
    ).toBe(403);
    const cancelled = await send(acme, 'POST', `${base}/quota-requests/${mine.id}/cancel`, {
      comment: 'not needed',
    });
    expect(cancelled.json<Req>().status).toBe('cancelled');
    expect(
      (await send(acme, 'POST', `${base}/quota-requests/${mine.id}/cancel`, {})).statusCode,
    ).toBe(409);
    expect((await t.app.inject({ method: 'GET', url: `${base}/quota-requests` })).statusCode).toBe(
      401,
    );
  });

  it('applies an approved request to the cluster (checked with kubectl) and keeps the audit trail', async () => {
    const req = await file(acme, 'acme-prod', { pods: '60', 'requests.cpu': '10' });
    const res = await send(sre, 'POST', `${base}/quota-requests/${req.id}/approve`, {
      comment: 'ok for the launch',
    });
    expect(res.statusCode, res.body).toBe(200);
    const approved = res.json<Req>();
    expect(approved).toMatchObject({
      status: 'approved',
      decidedBy: 'sre',
      appliedHard: { pods: '60', 'requests.cpu': '10' },
    });
    expect(approved.audit.map((a) => [a.actor, a.action])).toEqual([
      ['acme-admin', 'requested'],
      ['sre', 'approved'],
      ['sre', 'applied'],
    ]);
    const hard = await kubectlHard(kubeconfig, 'acme-prod', 'not-best-effort');
    expect(hard).toMatchObject({ pods: '60', 'requests.cpu': '10', 'requests.memory': '16Gi' });
    // The collector sees the new enforced limit (status.hard) through its watch.
    const collector = t.manager.collectors.get('sim')!;
    await waitFor(
      () =>
        collector.cache.resourcequotas.get('acme-prod/not-best-effort')?.hard.pods === '60'
          ? true
          : undefined,
      'the collector to see the new limit',
    );
    // The tenant admin reads the same trail.
    const mine = await send(acme, 'GET', `${base}/quota-requests/${req.id}`);
    expect(mine.json<Req>().audit).toHaveLength(3);
  });

  it('applies an edited approval with the edited limits', async () => {
    const req = await file(acme, 'acme-dev', { pods: '80' });
    const res = await send(sre, 'POST', `${base}/quota-requests/${req.id}/approve`, {
      hard: { pods: '50' },
      comment: 'half',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Req>();
    expect(body.appliedHard).toEqual({ pods: '50' });
    expect(body.audit[1]).toMatchObject({
      action: 'approved',
      details: { edited: true, hard: { pods: '50' } },
    });
    expect((await kubectlHard(kubeconfig, 'acme-dev', 'not-best-effort')).pods).toBe('50');
  });

  it('applies two concurrent approvals of one request once', async () => {
    const req = await file(acme, 'acme-prod', { pods: '70' });
    const [a, b] = await Promise.all([
      send(sre, 'POST', `${base}/quota-requests/${req.id}/approve`, {}),
      send(sre, 'POST', `${base}/quota-requests/${req.id}/approve`, {}),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(errorBody(loser).code).toBe('CONFLICT');
    const final = (await send(sre, 'GET', `${base}/quota-requests/${req.id}`)).json<Req>();
    expect(final.status).toBe('approved');
    expect(final.audit.filter((x) => x.action === 'approved')).toHaveLength(1);
    expect(final.audit.filter((x) => x.action === 'applied')).toHaveLength(1);
    expect((await kubectlHard(kubeconfig, 'acme-prod', 'not-best-effort')).pods).toBe('70');
    // A decided request cannot be decided again.
    expect(
      (await send(sre, 'POST', `${base}/quota-requests/${req.id}/reject`, { comment: 'late' }))
        .statusCode,
    ).toBe(409);
  });

  it('rejects only with a comment', async () => {
    const req = await file(acme, 'acme-dev', { pods: '55' });
    expect(
      (await send(sre, 'POST', `${base}/quota-requests/${req.id}/reject`, { comment: '  ' }))
        .statusCode,
    ).toBe(400);
    const res = await send(sre, 'POST', `${base}/quota-requests/${req.id}/reject`, {
      comment: 'use the batch pool',
    });
    expect(res.json<Req>()).toMatchObject({ status: 'rejected', decidedBy: 'sre' });
    expect(res.json<Req>().audit.at(-1)).toMatchObject({
      actor: 'sre',
      action: 'rejected',
      details: { comment: 'use the batch pool' },
    });
    expect(
      (await send(sre, 'POST', `${base}/quota-requests/${req.id}/approve`, {})).statusCode,
    ).toBe(409);
  });

  it('surfaces a 409 Conflict and a 403 RBAC refusal from the cluster, keeps the request failed with the reason, and a retry applies it', async () => {
    const access = getTenantClusterAccess(t.app.services, 'sim');
    const realRequest = access.request;
    const req = await file(acme, 'acme-prod', { pods: '75' });
    try {
      access.request = async (method, path, body, contentType) => {
        if (method === 'PATCH')
          throw new KubeApiError(
            409,
            'Operation cannot be fulfilled on resourcequotas "not-best-effort": the object has been modified',
            'Conflict',
          );
        return realRequest(method, path, body, contentType);
      };
      const conflict = await send(sre, 'POST', `${base}/quota-requests/${req.id}/approve`, {});
      expect(conflict.statusCode).toBe(409);
      expect(errorBody(conflict).message).toMatch(/changed in the cluster.*marked failed/);

      access.request = async (method, path, body, contentType) => {
        if (method === 'PATCH')
          throw new KubeApiError(
            403,
            'resourcequotas "not-best-effort" is forbidden: User "system:serviceaccount:plimsoll:plimsoll" cannot patch resource "resourcequotas"',
            'Forbidden',
          );
        return realRequest(method, path, body, contentType);
      };
      const forbidden = await send(sre, 'POST', `${base}/quota-requests/${req.id}/approve`, {});
      expect(forbidden.statusCode).toBe(403);
      expect(errorBody(forbidden).message).toMatch(/cluster refused.*cannot patch/);
      expect(errorBody(forbidden).details).toMatchObject({
        requestStatus: 'failed',
        kind: 'forbidden',
      });
    } finally {
      access.request = realRequest;
    }
    const failed = (await send(sre, 'GET', `${base}/quota-requests/${req.id}`)).json<Req>();
    expect(failed.status).toBe('failed');
    expect(failed.audit.map((a) => a.action)).toEqual([
      'requested',
      'approved',
      'apply-failed',
      'approved',
      'apply-failed',
    ]);
    expect(failed.audit[2]!.details).toMatchObject({ kind: 'conflict', statusCode: 409 });
    expect(failed.audit[4]!.details).toMatchObject({ kind: 'forbidden', statusCode: 403 });
    expect((await kubectlHard(kubeconfig, 'acme-prod', 'not-best-effort')).pods).not.toBe('75');

    const retry = await send(sre, 'POST', `${base}/quota-requests/${req.id}/approve`, {});
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json<Req>().status).toBe('approved');
    expect((await kubectlHard(kubeconfig, 'acme-prod', 'not-best-effort')).pods).toBe('75');
  });

  it('never deletes the audit trail (the table refuses deleting a request that has one)', async () => {
    const req = await file(acme, 'acme-dev', { pods: '42' });
    await expect(
      t.db.prisma.quotaRequest.delete({ where: { id: BigInt(req.id) } }),
    ).rejects.toThrow();
    expect(
      await t.db.prisma.quotaRequestAuditEvent.count({ where: { requestId: BigInt(req.id) } }),
    ).toBe(1);
  });
});

describe('quota requests with auto-approval rules and a webhook', () => {
  let t: Ctx;
  let kubeconfig: string;
  let acme: Session;
  let hook: Server;
  const events: Array<{ event: string; actor: string; request: { id: string; status: string } }> =
    [];

  beforeAll(async () => {
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof events)[number];
        events.push(body);
        // The receiver fails on creations: the decision must go through anyway.
        res.statusCode = body.event === 'quota_request.created' ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const port = (hook.address() as { port: number }).port;
    ({ t, kubeconfig } = await startCluster({
      PLIMSOLL_QUOTA_AUTO_APPROVE: JSON.stringify([{ maxIncreaseRatio: 0.5, minUsageRatio: 0 }]),
      PLIMSOLL_QUOTA_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
    }));
    acme = await signIn(t.app, 'acme-admin');
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => hook.close(r));
  });

  const post = (payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: `${base}/quota-requests`,
      headers: { ...acme.headers, 'x-csrf-token': acme.csrfToken },
      payload: payload as Record<string, unknown>,
    });

  it('approves a request within a rule as the actor auto-approval, and applies it', async () => {
    const res = await post({
      namespace: 'acme-prod',
      quotaName: 'best-effort',
      requestedHard: { pods: '14' },
      reason: 'more cron jobs',
    });
    expect(res.statusCode, res.body).toBe(201);
    const req = res.json<Req>();
    expect(req).toMatchObject({
      status: 'approved',
      decidedBy: 'auto-approval',
      appliedHard: { pods: '14' },
    });
    expect(req.audit.map((a) => [a.actor, a.action])).toEqual([
      ['acme-admin', 'requested'],
      ['auto-approval', 'approved'],
      ['auto-approval', 'applied'],
    ]);
    expect((await kubectlHard(kubeconfig, 'acme-prod', 'best-effort')).pods).toBe('14');
    await waitFor(
      () =>
        events.some((e) => e.event === 'quota_request.approved' && e.request.id === req.id)
          ? true
          : undefined,
      'the webhook',
    );
    expect(
      events.find((e) => e.event === 'quota_request.created' && e.request.id === req.id),
    ).toBeDefined();
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.body).toMatch(
      /plimsoll_quota_webhook_deliveries_total\{outcome="failed"\} [1-9]/,
    );
  });

  it('leaves a request beyond every rule pending, with the reason in the trail', async () => {
    const res = await post({
      namespace: 'acme-dev',
      quotaName: 'best-effort',
      requestedHard: { pods: '40' },
      reason: 'big batch',
    });
    const req = res.json<Req>();
    expect(req.status).toBe('pending');
    expect(req.audit.at(-1)).toMatchObject({
      actor: 'auto-approval',
      action: 'auto-approval-declined',
    });
    expect(JSON.stringify(req.audit.at(-1)!.details)).toMatch(/more than the \+50%/);
    expect((await kubectlHard(kubeconfig, 'acme-dev', 'best-effort')).pods).toBe('10');
  });
});
