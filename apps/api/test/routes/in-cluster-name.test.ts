import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { KubeConfig } from '@kubernetes/client-node';
import { resourceKey, startSimCluster, type SimCluster } from '@plimsoll/kube-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildClusterTestApp, signIn } from '../helper.js';

type Ctx = Awaited<ReturnType<typeof buildClusterTestApp>>;
type Session = { headers: { cookie: string }; csrfToken: string };

const NAME = 'prod-eu';
const base = `/api/v1/clusters/${NAME}`;
const TOKEN = 'service-account-token';

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

/**
 * Plimsoll in a pod, as docs/production.md deploys it: PLIMSOLL_CLUSTERS=in-cluster with PLIMSOLL_IN_CLUSTER_NAME.
 * The "pod" is an HTTPS simulated cluster that demands a bearer token, a service account mount (token, CA) under a
 * temp dir and KUBERNETES_SERVICE_HOST/PORT — so the collector's client is the only thing that can reach it, and
 * a view that tried to reconnect by the cluster's name would fail.
 */
describe(`in-cluster under PLIMSOLL_IN_CLUSTER_NAME=${NAME}`, () => {
  let sim: SimCluster;
  let root: string;
  let t: Ctx;
  let sre: Session;
  let acme: Session;
  const savedEnv = {
    host: process.env.KUBERNETES_SERVICE_HOST,
    port: process.env.KUBERNETES_SERVICE_PORT,
  };

  beforeAll(async () => {
    sim = await startSimCluster({ scenario: 'tenants', https: true, token: TOKEN });
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig());
    const ca = Buffer.from(kc.getCurrentCluster()?.caData ?? '', 'base64').toString('utf8');
    expect(ca).toMatch(/BEGIN CERTIFICATE/);
    root = mkdtempSync(join(tmpdir(), 'plimsoll-sa-'));
    const mount = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(mount, { recursive: true });
    writeFileSync(join(mount, 'token'), TOKEN);
    writeFileSync(join(mount, 'ca.crt'), ca);
    writeFileSync(join(mount, 'namespace'), 'plimsoll');
    const url = new URL(sim.url);
    process.env.KUBERNETES_SERVICE_HOST = url.hostname;
    process.env.KUBERNETES_SERVICE_PORT = url.port;

    t = await buildClusterTestApp(
      {
        PLIMSOLL_SIMULATOR: 'off',
        PLIMSOLL_CLUSTERS: 'in-cluster',
        PLIMSOLL_IN_CLUSTER_NAME: NAME,
        KUBECONFIG: join(root, 'no-kubeconfig'),
      },
      { serviceAccountRoot: root },
    );
    expect([...t.manager.collectors.keys()]).toEqual([NAME]);
    const collector = t.manager.collectors.get(NAME)!;
    await waitFor(
      () =>
        collector.health().state === 'synced' && collector.cache.resourcequotas.size >= 8
          ? true
          : undefined,
      'the collector to sync',
    );
    sre = await signIn(t.app, 'sre');
    acme = await signIn(t.app, 'acme-admin');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await sim?.close();
    if (root) rmSync(root, { recursive: true, force: true });
    for (const [k, v] of [
      ['KUBERNETES_SERVICE_HOST', savedEnv.host],
      ['KUBERNETES_SERVICE_PORT', savedEnv.port],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('shows a tenant admin their tenants and the isolation audit, read through the in-cluster account', async () => {
    const list = await t.app.inject({ url: `${base}/tenants`, headers: acme.headers });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ tenants: { name: string }[] }>().tenants.map((x) => x.name)).toEqual([
      'acme',
    ]);

    const audit = await t.app.inject({
      url: `${base}/tenants/acme/isolation`,
      headers: sre.headers,
    });
    expect(audit.statusCode, audit.body).toBe(200);
    const checks = audit.json<{
      checks: { id: string; passed: boolean; offenders: { namespace?: string; name: string }[] }[];
    }>().checks;
    // Only an on-demand RoleBinding list finds this one: acme's admin bound in another tenant's namespace.
    const crossTenant = checks.find((c) => c.id === 'cross-tenant-role-bindings');
    expect(crossTenant?.passed).toBe(false);
    expect(crossTenant?.offenders.map((o) => `${o.namespace}/${o.name}`)).toEqual([
      'globex-prod/acme-support',
    ]);
  });

  it('applies an approved quota request to the ResourceQuota in the cluster', async () => {
    const filed = await t.app.inject({
      method: 'POST',
      url: `${base}/quota-requests`,
      headers: { ...acme.headers, 'x-csrf-token': acme.csrfToken, 'idempotency-key': 'in-1' },
      payload: {
        namespace: 'acme-prod',
        quotaName: 'not-best-effort',
        requestedHard: { pods: '70' },
        reason: 'launch',
      },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const { id } = filed.json<{ id: string }>();
    const approved = await t.app.inject({
      method: 'POST',
      url: `${base}/quota-requests/${id}/approve`,
      headers: { ...sre.headers, 'x-csrf-token': sre.csrfToken },
      payload: {},
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', appliedHard: { pods: '70' } });
    const quota = sim.store.get(
      resourceKey('', 'v1', 'resourcequotas'),
      'acme-prod',
      'not-best-effort',
    ) as { spec?: { hard?: Record<string, string> } } | undefined;
    expect(quota?.spec?.hard?.pods).toBe('70');
  });
});
