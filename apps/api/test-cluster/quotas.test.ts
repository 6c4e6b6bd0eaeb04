import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { getTenantClusterAccess } from '../src/services/get-tenant-cluster-access.js';
import { waitFor } from '../test/collector/sim-harness.js';
import { buildClusterTestApp, errorBody, signIn } from '../test/helper.js';
import {
  applyPlimsollAccess,
  CLUSTER,
  cluster,
  createNamespace,
  kube,
  podOn,
  serviceAccountKubeconfig,
} from './harness.js';

type Ctx = Awaited<ReturnType<typeof buildClusterTestApp>>;
type Session = { headers: { cookie: string }; csrfToken: string };
type Req = {
  id: string;
  status: string;
  appliedHard: Record<string, string> | null;
  audit: Array<{ action: string; details: Record<string, unknown> }>;
};

const NS = 'acme-quota';
const QUOTA = 'compute';
const NODE = 'kwok-node-2';
const base = `/api/v1/clusters/${CLUSTER}`;

describe('ResourceQuotas of a real cluster, through Plimsoll deployed with its ServiceAccount', () => {
  let t: Ctx;
  let sre: Session;
  let acme: Session;
  let key = 0;
  const savedKubeconfig = process.env.KUBECONFIG;

  const send = (
    s: Session,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...s.headers, 'x-csrf-token': s.csrfToken, ...headers },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });

  const liveQuota = () => kube('GET', `/api/v1/namespaces/${NS}/resourcequotas/${QUOTA}`);

  async function file(requestedHard: Record<string, string>): Promise<Req> {
    const res = await send(
      acme,
      'POST',
      `${base}/quota-requests`,
      { namespace: NS, quotaName: QUOTA, requestedHard, reason: 'launch' },
      { 'idempotency-key': `real-${++key}` },
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Req>();
  }

  beforeAll(async () => {
    await applyPlimsollAccess();
    // Plimsoll patches quotas through the quota-requests component's ClusterRole: that is all it may change.
    const sa = await serviceAccountKubeconfig(CLUSTER);
    await createNamespace(NS, { 'plimsoll.io/tenant': 'acme' });
    await kube('POST', `/api/v1/namespaces/${NS}/resourcequotas`, {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: QUOTA },
      spec: { hard: { pods: '10', 'requests.cpu': '2', 'requests.memory': '4Gi' } },
    });
    for (let i = 0; i < 3; i++) await podOn(NS, `web-${i}`, NODE);
    // The quota patcher reads the kubeconfig from the process environment, as in a deployment.
    process.env.KUBECONFIG = sa.path;
    t = await buildClusterTestApp({
      KUBECONFIG: sa.path,
      PLIMSOLL_SIMULATOR: 'off',
      POD_NAMESPACE: 'plimsoll',
      PLIMSOLL_NODE_MONITOR_GRACE_PERIOD_SECONDS: String(
        cluster().timing.nodeMonitorGracePeriodSeconds,
      ),
    });
    const collector = t.manager.collectors.get(CLUSTER)!;
    await waitFor(
      () => collector.health().state === 'synced',
      60_000,
      'the collector to sync and lead',
    );
    sre = await signIn(t.app, 'sre');
    acme = await signIn(t.app, 'acme-admin');
  });
  afterAll(async () => {
    await t?.close();
    if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = savedKubeconfig;
  });

  it('shows the usage the real quota system computed, and stores it', async () => {
    await waitFor(
      async () => (await liveQuota()).status?.used?.pods === '3',
      60_000,
      'the quota controller',
    );
    const live = await liveQuota();
    expect(live.status.used).toEqual({
      pods: '3',
      'requests.cpu': '300m',
      'requests.memory': '384Mi',
    });
    let quota: any;
    await waitFor(
      async () => {
        const res = await send(sre, 'GET', `${base}/quotas?namespace=${NS}`);
        quota = res.json<{ quotas: any[] }>().quotas.find((q) => q.name === QUOTA);
        return quota?.resourceVersion === live.metadata.resourceVersion;
      },
      30_000,
      'Plimsoll to show the quota',
    );
    expect(quota.tenant).toBe('acme');
    const used = Object.fromEntries(
      quota.resources.map((r: any) => [r.resource, [r.used, r.hard]]),
    );
    expect(used).toEqual({
      pods: ['3', '10'],
      'requests.cpu': ['300m', '2'],
      'requests.memory': ['384Mi', '4Gi'],
    });
    await t.manager.collectors.get(CLUSTER)!.flush();
    const samples = await t.db.prisma.quotaSample.findMany({
      where: { cluster: CLUSTER, namespace: NS, name: QUOTA },
    });
    expect(samples.some((s) => s.resourceVersion === live.metadata.resourceVersion)).toBe(true);
    expect(samples.find((s) => s.resourceVersion === live.metadata.resourceVersion)!.used).toEqual(
      live.status.used,
    );
  });

  it('an approved request patches the real ResourceQuota; a concurrent change gets the real 409 and stays failed', async () => {
    const access = getTenantClusterAccess(t.app.services, CLUSTER);
    const conflicting = await file({ pods: '20' });
    const realRequest = access.request;
    try {
      // A pod starts between Plimsoll's read and its patch: the quota's status (and resourceVersion) changes.
      access.request = async (method, path, body, contentType) => {
        if (method === 'PATCH') await podOn(NS, 'late-starter', NODE);
        return realRequest(method, path, body, contentType);
      };
      const res = await send(sre, 'POST', `${base}/quota-requests/${conflicting.id}/approve`, {});
      expect(res.statusCode, res.body).toBe(409);
      expect(errorBody(res).message).toMatch(/changed in the cluster/);
    } finally {
      access.request = realRequest;
    }
    const failed = (await send(sre, 'GET', `${base}/quota-requests/${conflicting.id}`)).json<Req>();
    expect(failed.status).toBe('failed');
    expect(failed.audit.at(-1)).toMatchObject({
      action: 'apply-failed',
      details: { kind: 'conflict', statusCode: 409 },
    });
    expect((await liveQuota()).spec.hard.pods).toBe('10');

    const retry = await send(sre, 'POST', `${base}/quota-requests/${conflicting.id}/approve`, {});
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json<Req>()).toMatchObject({
      status: 'approved',
      appliedHard: { pods: '20' },
    });
    const live = await liveQuota();
    expect(live.spec.hard).toEqual({ pods: '20', 'requests.cpu': '2', 'requests.memory': '4Gi' });
    // The real quota controller recomputes status.hard from the new spec.
    await waitFor(
      async () => (await liveQuota()).status?.hard?.pods === '20',
      60_000,
      'status.hard',
    );
  });
});
