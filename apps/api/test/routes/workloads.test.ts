import {
  ListWorkloadsResponseSchema,
  WorkloadDetailResponseSchema,
} from '@plimsoll/shared/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { usageAtEviction } from '../../src/services/workload-evictions.js';
import { buildClusterTestApp, errorBody, signIn } from '../helper.js';

type Ctx = Awaited<ReturnType<typeof buildClusterTestApp>>;
type Headers = Record<string, string>;
const base = '/api/v1/clusters/sim/workloads';
const DAY = 24 * 3600_000;

async function waitFor<T>(fn: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('workloads and their evictions', () => {
  let t: Ctx;
  let sre: Headers;
  let acme: Headers;
  let acmeNs: string;
  let globexNs: string;
  let seq = 0;

  async function evict(e: {
    namespace: string;
    kind: string;
    name: string;
    node: string;
    resource: string;
    agoMs: number;
    offenders: unknown[];
    qos?: string;
  }) {
    seq += 1;
    const at = new Date(Date.now() - e.agoMs);
    await t.db.prisma
      .$executeRaw`INSERT INTO evictions (cluster, namespace, pod, pod_uid, node, tenant,
        owner_kind, owner_name, qos_class, priority, resource, threshold, available, offenders, message,
        evicted_at, observed_at, reconstructed)
      VALUES ('sim', ${e.namespace}, ${`${e.name}-${seq}`}, ${`uid-workload-${seq}`}, ${e.node}, null,
        ${e.kind}, ${e.name}, ${e.qos ?? 'Burstable'}, 0, ${e.resource}, '100Mi', '90Mi',
        ${JSON.stringify(e.offenders)}::jsonb, 'The node was low on resource', ${at}, ${at}, false)`;
  }

  beforeAll(async () => {
    t = await buildClusterTestApp({ PLIMSOLL_SIM_SCENARIO: 'tenants' });
    const nsOf = (tenant: string) =>
      waitFor(async () => {
        const rows = await t.db.prisma.$queryRaw<Array<{ namespace: string }>>`
          SELECT namespace FROM tenant_namespaces WHERE cluster = 'sim' AND tenant = ${tenant}
          ORDER BY namespace LIMIT 1`;
        return rows[0]?.namespace;
      }, `a namespace of ${tenant}`);
    acmeNs = await nsOf('acme');
    globexNs = await nsOf('globex');
    sre = (await signIn(t.app, 'sre')).headers;
    acme = (await signIn(t.app, 'acme-admin')).headers;
    const mem = (usage: string, request: string | null) => [
      { kind: 'container', name: 'app', usage, request },
    ];
    await evict({
      namespace: acmeNs,
      kind: 'Deployment',
      name: 'api',
      node: 'node-a',
      resource: 'memory',
      agoMs: 3600_000,
      offenders: mem('300Mi', '256Mi'),
    });
    await evict({
      namespace: acmeNs,
      kind: 'Deployment',
      name: 'api',
      node: 'node-a',
      resource: 'memory',
      agoMs: 2 * 3600_000,
      offenders: mem('512Mi', '256Mi'),
    });
    await evict({
      namespace: acmeNs,
      kind: 'Deployment',
      name: 'api',
      node: 'node-b',
      resource: 'memory',
      agoMs: DAY,
      offenders: mem('200Mi', null),
      qos: 'BestEffort',
    });
    await evict({
      namespace: acmeNs,
      kind: 'Deployment',
      name: 'api',
      node: 'node-c',
      resource: 'memory',
      agoMs: 10 * DAY,
      offenders: mem('1Gi', '256Mi'),
    });
    await evict({
      namespace: acmeNs,
      kind: 'StatefulSet',
      name: 'db',
      node: 'node-a',
      resource: 'ephemeral-storage',
      agoMs: 3 * 3600_000,
      offenders: [{ kind: 'pod', name: 'db-0', usage: '2Gi', request: null }],
    });
    for (let i = 0; i < 5; i++) {
      await evict({
        namespace: globexNs,
        kind: 'Deployment',
        name: 'web',
        node: 'node-d',
        resource: 'memory',
        agoMs: (i + 1) * 600_000,
        offenders: mem('100Mi', '50Mi'),
      });
    }
  }, 90_000);
  afterAll(() => t?.close());

  it('ranks the week’s repeat offenders by evictions, with the pods, nodes and resources they hit', async () => {
    const res = await t.app.inject({ url: base, headers: sre });
    expect(res.statusCode, res.body).toBe(200);
    const { workloads } = ListWorkloadsResponseSchema.parse(res.json());
    const mine = workloads.filter((w) => ['api', 'db', 'web'].includes(w.name));
    expect(mine.map((w) => `${w.namespace}/${w.kind}/${w.name}:${w.evictions}`)).toEqual([
      `${globexNs}/Deployment/web:5`,
      `${acmeNs}/Deployment/api:3`,
      `${acmeNs}/StatefulSet/db:1`,
    ]);
    const api = mine[1]!;
    expect(api).toMatchObject({ pods: 3, nodes: 2, resources: { memory: 3 } });
    // The eviction ten days ago is outside the default week; a wider range counts it.
    const wide = await t.app.inject({
      url: `${base}?from=${new Date(Date.now() - 11 * DAY).toISOString()}`,
      headers: sre,
    });
    const wideApi = ListWorkloadsResponseSchema.parse(wide.json()).workloads.find(
      (w) => w.name === 'api',
    );
    expect(wideApi).toMatchObject({ evictions: 4, nodes: 3 });
  });

  it('shows a tenant admin only their own namespaces’ workloads', async () => {
    const res = await t.app.inject({ url: base, headers: acme });
    const { workloads } = ListWorkloadsResponseSchema.parse(res.json());
    expect(workloads.some((w) => w.name === 'api')).toBe(true);
    expect(workloads.every((w) => w.tenant === null || w.tenant === 'acme')).toBe(true);
    expect(workloads.some((w) => w.namespace === globexNs)).toBe(false);
    const other = await t.app.inject({ url: `${base}/${globexNs}/Deployment/web`, headers: acme });
    expect(other.statusCode).toBe(403);
    const sameThroughFilter = await t.app.inject({
      url: `${base}?namespace=${globexNs}`,
      headers: acme,
    });
    expect(ListWorkloadsResponseSchema.parse(sameThroughFilter.json()).workloads).toEqual([]);
  });

  it('gives one workload’s evictions by node, QoS and resource, and usage against request at each', async () => {
    const res = await t.app.inject({ url: `${base}/${acmeNs}/Deployment/api`, headers: acme });
    expect(res.statusCode, res.body).toBe(200);
    const d = WorkloadDetailResponseSchema.parse(res.json());
    expect(d.total).toBe(3);
    expect(d.byNode).toEqual([
      { key: 'node-a', n: 2 },
      { key: 'node-b', n: 1 },
    ]);
    expect(d.byQos).toEqual([
      { key: 'Burstable', n: 2 },
      { key: 'BestEffort', n: 1 },
    ]);
    expect(d.byResource).toEqual([{ key: 'memory', n: 3 }]);
    // Newest first: 300Mi of 256Mi, then 512Mi of 256Mi (twice the request), then one without a request.
    expect(d.usage.map((u) => u.usageToRequest)).toEqual([300 / 256, 2, null]);
    expect(d.usage[1]).toMatchObject({ usage: '512Mi', request: '256Mi', node: 'node-a' });
  });

  it('lists a live Deployment’s pods with their requests even without evictions', async () => {
    const collector = t.manager.collectors.get('sim')!;
    const pod = [...collector.cache.pods.values()].find(
      (p) => p.ownerKind === 'Deployment' && p.namespace === acmeNs && p.ownerName,
    );
    expect(pod, 'the tenants scenario runs Deployments in acme').toBeDefined();
    const res = await t.app.inject({
      url: `${base}/${acmeNs}/Deployment/${pod!.ownerName}`,
      headers: sre,
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = WorkloadDetailResponseSchema.parse(res.json());
    const live = [...collector.cache.pods.values()].filter(
      (p) =>
        p.namespace === acmeNs &&
        p.ownerKind === 'Deployment' &&
        p.ownerName === pod!.ownerName &&
        p.phase !== 'Succeeded' &&
        p.phase !== 'Failed',
    );
    expect(d.pods.map((p) => p.name).sort()).toEqual(live.map((p) => p.name).sort());
    expect(d.pods.find((p) => p.name === pod!.name)?.node).toBe(pod!.nodeName);
  });

  it('answers 404 for a workload with neither pods nor evictions and 400 for a malformed kind', async () => {
    const missing = await t.app.inject({
      url: `${base}/${acmeNs}/Deployment/nothing-here`,
      headers: sre,
    });
    expect(missing.statusCode).toBe(404);
    expect(errorBody(missing).message).toContain('Deployment');
    const bad = await t.app.inject({ url: `${base}/${acmeNs}/deploy;ment/api`, headers: sre });
    expect(bad.statusCode).toBe(400);
  });
});

describe('usage at eviction', () => {
  it('sums the containers the kubelet named and keeps the request unknown when one is', () => {
    expect(
      usageAtEviction([
        { kind: 'container', name: 'a', usage: '100Mi', request: '50Mi' },
        { kind: 'container', name: 'b', usage: '156Mi', request: '78Mi' },
      ]),
    ).toEqual({ usage: '256Mi', request: '128Mi', usageToRequest: 2 });
    expect(
      usageAtEviction([
        { kind: 'container', name: 'a', usage: '100Mi', request: '50Mi' },
        { kind: 'container', name: 'b', usage: '1Mi', request: null },
      ]),
    ).toMatchObject({ request: null, usageToRequest: null });
    expect(
      usageAtEviction([{ kind: 'container', name: 'a', usage: 'lots', request: null }]),
    ).toEqual({ usage: null, request: null, usageToRequest: null });
  });
});
