import http from 'node:http';

import { buildKubeconfig } from '@plimsoll/kube-sim';
import type {
  ClusterOverview,
  ListClustersResponse,
  ListLeasesResponse,
  ListNodesResponse,
  NodeConditionHistory,
  NodeDetail,
  NodePodsResponse,
  NodePressureHistory,
} from '@plimsoll/shared/schemas';
import {
  ListNodesResponseSchema,
  applyNodeRowDelta,
  type NodeRowDelta,
} from '@plimsoll/shared/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClusterCollector } from '../../src/collector/cluster-collector.js';
import { clusterTargetFromKubeconfig } from '../../src/k8s/kube-config.js';
import { buildClusterTestApp, errorBody, signIn, type TestContext } from '../helper.js';
import type { ClusterManager } from '../../src/collector/cluster-manager.js';

type Headers = { cookie: string };

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Reads an SSE stream for up to `ms` and returns its headers and parsed events. */
function readStream(port: number, path: string, headers: Headers, ms: number) {
  return new Promise<{
    status: number;
    headers: http.IncomingHttpHeaders;
    events: Array<{ event: string; data: string }>;
    raw: string;
  }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
      let raw = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (raw += chunk));
      const done = () => {
        const events = raw
          .split('\n\n')
          .map((block) => {
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            return event && data ? { event, data } : null;
          })
          .filter((e): e is { event: string; data: string } => e !== null);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, events, raw });
      };
      setTimeout(() => {
        req.destroy();
        done();
      }, ms);
      res.on('end', done);
    });
    req.on('error', (err) => (String(err).includes('socket hang up') ? undefined : reject(err)));
  });
}

describe('node routes (issue 6) on the demo cluster', () => {
  let t: TestContext & { manager: ClusterManager };
  let collector: ClusterCollector;
  let sre: Headers;
  let viewer: Headers;
  let acme: Headers;
  let port: number;
  const get = <T>(url: string, headers?: Headers) =>
    t.app.inject({ url, ...(headers ? { headers } : {}) }).then((r) => ({ r, body: r.json<T>() }));

  beforeAll(async () => {
    t = await buildClusterTestApp({
      PLIMSOLL_SIM_SCENARIO: 'demo',
      PLIMSOLL_POLL_INTERVAL_SECONDS: '1',
    });
    collector = t.manager.collectors.get('sim') as ClusterCollector;
    sre = (await signIn(t.app, 'sre')).headers;
    viewer = (await signIn(t.app, 'viewer')).headers;
    acme = (await signIn(t.app, 'acme-admin')).headers;
    await until('the collector to sync', () =>
      collector.health().state === 'synced' && collector.cache.nodes.size > 0 ? true : undefined,
    );
    // Pressure readings arrive from the kubelet poller; wait until the table shows headroom.
    await until('pressure readings', async () => {
      const { body } = await get<ListNodesResponse>('/api/v1/clusters/sim/nodes?limit=5000', sre);
      return body.items.every((i) => i.memory !== null) ? true : undefined;
    });
    port = Number(new URL(await t.app.listen({ port: 0, host: '127.0.0.1' })).port);
  });
  afterAll(() => t?.close());

  it('refuses every node route without a session', async () => {
    const node = [...collector.cache.nodes.keys()][0] as string;
    for (const url of [
      '/api/v1/clusters',
      '/api/v1/clusters/sim/overview',
      '/api/v1/clusters/sim/nodes',
      `/api/v1/clusters/sim/nodes/${node}`,
      `/api/v1/clusters/sim/nodes/${node}/conditions`,
      `/api/v1/clusters/sim/nodes/${node}/pressure`,
      `/api/v1/clusters/sim/nodes/${node}/pods`,
      '/api/v1/clusters/sim/leases',
      '/api/v1/clusters/sim/stream',
    ]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(401);
      expect(errorBody(res).code).toBe('UNAUTHENTICATED');
    }
  });

  it('lists clusters with the nodes each role may see', async () => {
    const all = (await get<ListClustersResponse>('/api/v1/clusters', sre)).body;
    expect(all.clusters).toEqual([
      expect.objectContaining({
        name: 'sim',
        source: 'simulated',
        nodeCount: collector.cache.nodes.size,
      }),
    ]);
    const mine = (await get<ListClustersResponse>('/api/v1/clusters', acme)).body;
    const acmeNodes = [...collector.cache.nodes.values()].filter(
      (n) => n.labels['plimsoll.io/tenant'] === 'acme',
    ).length;
    expect(acmeNodes).toBeGreaterThan(0);
    expect(mine.clusters[0]?.nodeCount).toBe(acmeNodes);
  });

  it('answers 404 with the known clusters for an unknown cluster', async () => {
    const { r } = await get('/api/v1/clusters/nope/nodes', sre);
    expect(r.statusCode).toBe(404);
    expect(errorBody(r).message).toContain('sim');
  });

  it('lists every node with headroom against the eviction thresholds and requests', async () => {
    const { r, body } = await get<ListNodesResponse>('/api/v1/clusters/sim/nodes?limit=5000', sre);
    expect(r.statusCode).toBe(200);
    // The body is written from cached row texts, not by the zod serializer: it must still be the contract.
    expect(ListNodesResponseSchema.strict().parse(body)).toEqual(body);
    expect(body.total).toBe(collector.cache.nodes.size);
    expect(body.items).toHaveLength(body.total);
    const row = body.items.find((i) => i.pool === 'general');
    expect(row).toBeDefined();
    // The general pool's kubelets (configz) and the kubelet defaults agree: memory.available < 100Mi.
    expect(['configz', 'default']).toContain(row?.thresholdSource);
    expect(row?.memory?.threshold).toBe(100 * 1024 * 1024);
    expect(row?.memory?.headroom).toBe((row?.memory?.availableBytes ?? 0) - 100 * 1024 * 1024);
    expect(row?.cpu.requestedMilli).toBeGreaterThan(0);
    expect(body.facets.pools).toContain('general');
    expect(body.facets.tenants).toEqual(expect.arrayContaining(['acme']));
  });

  it('filters by pool, tenant, condition, skew and text, and sorts', async () => {
    const pool = (
      await get<ListNodesResponse>('/api/v1/clusters/sim/nodes?pool=general&limit=5000', sre)
    ).body;
    expect(pool.items.length).toBeGreaterThan(0);
    expect(pool.items.every((i) => i.pool === 'general')).toBe(true);
    const tenant = (await get<ListNodesResponse>('/api/v1/clusters/sim/nodes?tenant=acme', sre))
      .body;
    expect(tenant.items.every((i) => i.tenant === 'acme')).toBe(true);
    const ready = (
      await get<ListNodesResponse>(
        '/api/v1/clusters/sim/nodes?condition=ready,not-ready,unknown&limit=5000',
        sre,
      )
    ).body;
    expect(ready.total).toBe(collector.cache.nodes.size);
    const skewed = (
      await get<ListNodesResponse>('/api/v1/clusters/sim/nodes?skew=skewed&limit=5000', sre)
    ).body;
    expect(skewed.items.every((i) => i.kubeletSkew > 0)).toBe(true);
    const text = (await get<ListNodesResponse>('/api/v1/clusters/sim/nodes?q=MASTER-', sre)).body;
    expect(text.items.length).toBeGreaterThan(0);
    expect(text.items.every((i) => i.name.startsWith('master-'))).toBe(true);
    const sorted = (
      await get<ListNodesResponse>(
        '/api/v1/clusters/sim/nodes?sort=headroom&order=asc&limit=5000',
        sre,
      )
    ).body;
    const ratios = sorted.items.map((i) => i.worstHeadroom).filter((x): x is number => x !== null);
    expect(ratios).toEqual([...ratios].sort((a, b) => a - b));
    const bad = await get('/api/v1/clusters/sim/nodes?condition=on-fire', sre);
    expect(bad.r.statusCode).toBe(400);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/v1/clusters/sim/nodes?limit=7&sort=pool${cursor ? `&cursor=${cursor}` : ''}`;
      const { body }: { body: ListNodesResponse } = await get<ListNodesResponse>(q, sre);
      seen.push(...body.items.map((i) => i.name));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(collector.cache.nodes.size);
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await get('/api/v1/clusters/sim/nodes?cursor=garbage', sre);
    expect(bad.r.statusCode).toBe(400);
    expect(errorBody(bad.r).code).toBe('VALIDATION_FAILED');
  });

  it('shows a node: breakdown that adds up, thresholds in force, lease and events', async () => {
    const name = [...collector.cache.nodes.values()].find(
      (n) => n.labels['plimsoll.io/pool'] === 'general',
    )?.name as string;
    const { r, body } = await get<NodeDetail>(`/api/v1/clusters/sim/nodes/${name}`, sre);
    expect(r.statusCode).toBe(200);
    const mem = body.breakdown.find((b) => b.resource === 'memory');
    expect(mem).toBeDefined();
    if (!mem) return;
    expect(
      mem.capacity - mem.kubeReserved - mem.systemReserved - mem.evictionThreshold - mem.hugePages,
    ).toBe(mem.allocatable);
    expect(mem.used).not.toBeNull();
    const memThreshold = body.thresholds.find((x) => x.signal === 'memory.available');
    expect(memThreshold).toMatchObject({
      kind: 'hard',
      value: '100Mi',
      thresholdQuantity: 104857600,
      nodeCondition: 'MemoryPressure',
    });
    expect(body.lease.state).toBe('fresh');
    expect(body.lease.holder).toBe(name);
    const missing = await get(`/api/v1/clusters/sim/nodes/not-a-node`, sre);
    expect(missing.r.statusCode).toBe(404);
  });

  it('reads thresholds, reservations and pod stats from the kubelet when the collector offers its client', async () => {
    const sim = t.manager.simulatorUrl as string;
    // The collector may expose its own client; make sure one is there for this test, and put back what was.
    const previous = (collector as unknown as { client?: unknown }).client;
    const client =
      previous ??
      clusterTargetFromKubeconfig('sim', 'simulated', buildKubeconfig({ url: sim })).client;
    Object.assign(collector, { client });
    try {
      const name = [...collector.cache.nodes.values()].find(
        (n) => n.labels['plimsoll.io/pool'] === 'general',
      )?.name as string;
      const detail = (await get<NodeDetail>(`/api/v1/clusters/sim/nodes/${name}`, sre)).body;
      expect(detail.thresholdSource).toBe('configz');
      expect(detail.summary.thresholdSource).toBe('configz');
      expect(detail.reservedKnown).toBe(true);
      const mem = detail.breakdown.find((b) => b.resource === 'memory');
      expect((mem?.kubeReserved ?? 0) + (mem?.systemReserved ?? 0)).toBeGreaterThan(0);
      // The computed allocatable matches what the (simulated) kubelet reports.
      expect(mem?.allocatable).toBe(mem?.reportedAllocatable);
      const pods = (await get<NodePodsResponse>(`/api/v1/clusters/sim/nodes/${name}/pods`, sre))
        .body;
      expect(pods.rankBasis).toBe('stats');
      expect(pods.pods.some((p) => p.usage?.memoryBytes)).toBe(true);
    } finally {
      Object.assign(collector, { client: previous });
    }
  });

  it('returns condition history as lanes and refuses a backwards range', async () => {
    const name = [...collector.cache.nodes.keys()][0] as string;
    const { r, body } = await get<NodeConditionHistory>(
      `/api/v1/clusters/sim/nodes/${name}/conditions`,
      sre,
    );
    expect(r.statusCode).toBe(200);
    expect(body.lanes[0]?.type).toBe('Ready');
    expect(body.lanes[0]?.segments.at(-1)?.status).toBe('True');
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const month = await get<NodeConditionHistory>(
      `/api/v1/clusters/sim/nodes/${name}/conditions?from=${from}`,
      sre,
    );
    expect(month.r.statusCode).toBe(200);
    const backwards = await get(
      `/api/v1/clusters/sim/nodes/${name}/conditions?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`,
      sre,
    );
    expect(backwards.r.statusCode).toBe(400);
  });

  it('keeps a 1.35 node’s PSI and swap in history, and none for a kubelet without them', async () => {
    const newer = [...collector.cache.nodes.values()].find(
      (n) => n.labels['plimsoll.io/pool'] === 'memory-optimized',
    )?.name as string;
    // PSI is on by default from 1.34 (KubeletPSI beta).
    const older = [...collector.cache.nodes.values()].find(
      (n) =>
        Number(/^v1\.(\d+)\./.exec(n.nodeInfo.kubeletVersion ?? '')?.[1]) < 34 &&
        n.labels['plimsoll.io/pool'] !== 'memory-optimized',
    )?.name as string;
    expect(older).toBeDefined();
    const history = (node: string, query = '') =>
      get<NodePressureHistory>(`/api/v1/clusters/sim/nodes/${node}/pressure${query}`, sre);
    // The poller reads every second; one bucket per second over the last minute.
    const since = `?from=${new Date(Date.now() - 60_000).toISOString()}`;
    const newerBody = await until('two stored readings of the 1.35 node', async () => {
      const { body } = await history(newer, since);
      return body.samples.filter((x) => x.psiMemorySomeAvg10 !== null).length >= 2
        ? body
        : undefined;
    });
    expect(newerBody.bucketSeconds).toBe(1);
    const last = newerBody.samples.at(-1);
    // The simulated kubelet's PSI is a percentage, swap the bytes of the node's 8 GiB.
    for (const v of [last?.psiCpuSomeAvg10, last?.psiMemorySomeAvg10, last?.psiIoSomeAvg10])
      expect(v).toBeGreaterThanOrEqual(0);
    expect(last?.psiMemorySomeAvg10).toBeLessThanOrEqual(100);
    expect((last?.swapUsageBytes ?? 0) + (last?.swapAvailableBytes ?? 0)).toBe(8 * 1024 ** 3);
    const times = newerBody.samples.map((x) => x.at);
    expect([...times].sort()).toEqual(times);

    const olderBody = (await history(older, since)).body;
    expect(olderBody.samples.length).toBeGreaterThan(0);
    // An older kubelet has no PSI; a node without swap reports zero swap, as a real kubelet does.
    expect(olderBody.samples.every((x) => x.psiCpuSomeAvg10 === null)).toBe(true);
    expect(olderBody.samples.every((x) => x.swapAvailableBytes === 0)).toBe(true);

    // A day in at most 360 buckets; a backwards range is refused in the error shape.
    const day = await history(newer);
    expect(day.r.statusCode).toBe(200);
    expect(day.body.bucketSeconds).toBe(240);
    const backwards = await get(
      `/api/v1/clusters/sim/nodes/${newer}/pressure?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`,
      sre,
    );
    expect(backwards.r.statusCode).toBe(400);
    expect(errorBody(backwards.r).code).toBe('VALIDATION_FAILED');
  });

  it('charts headroom to the eviction thresholds and projects when a falling one crosses', async () => {
    // A node that left the cluster keeps its history; its memory fell 64 MiB a minute for ten minutes.
    const MiB = 1024 ** 2;
    const gone = 'node-that-left';
    const now = Date.now();
    await t.db.prisma.pressureSample.createMany({
      data: Array.from({ length: 11 }, (_, i) => ({
        cluster: 'sim',
        node: gone,
        at: new Date(now - (10 - i) * 60_000),
        memoryAvailableBytes: BigInt((1024 - 64 * i) * MiB),
        nodefsAvailableBytes: BigInt(50 * 1024 * MiB),
        nodefsCapacityBytes: BigInt(100 * 1024 * MiB),
        pidAvailable: 30_000n,
        pidMax: 32_768n,
      })),
    });
    const { r, body } = await get<NodePressureHistory>(
      `/api/v1/clusters/sim/nodes/${gone}/pressure?from=${new Date(now - 15 * 60_000).toISOString()}`,
      sre,
    );
    expect(r.statusCode).toBe(200);
    // Disk: 50 of 100 GiB free against the default nodefs.available<10% is 40 % headroom.
    const last = body.samples.at(-1);
    expect(last?.diskHeadroomRatio).toBeCloseTo(0.4, 6);
    const memory = body.headroom.find((h) => h.signal === 'memory.available');
    // 384 MiB left above the default 100Mi threshold is 284 MiB of headroom: at 64 MiB a minute, 266 seconds.
    expect(memory?.latest?.headroom).toBe(284 * MiB);
    expect(memory?.projection.ratePerHour).toBeCloseTo(-64 * 60 * MiB, -3);
    const crossesAt = Date.parse(memory?.projection.crossesAt ?? '');
    expect(crossesAt - Date.parse(memory?.latest?.at ?? '')).toBeGreaterThan(265_000);
    expect(crossesAt - Date.parse(memory?.latest?.at ?? '')).toBeLessThan(267_500);
    // Disk and PIDs hold steady: nothing to project.
    for (const signal of ['nodefs.available', 'pid.available']) {
      expect(body.headroom.find((h) => h.signal === signal)?.projection.crossesAt).toBeNull();
    }
    await t.db.prisma.pressureSample.deleteMany({ where: { cluster: 'sim', node: gone } });
  });

  it('lists the nodes with least headroom on the overview, each with its worst signal’s trend', async () => {
    const { body } = await get<ClusterOverview>('/api/v1/clusters/sim/overview', sre);
    expect(body.leastHeadroom.length).toBeGreaterThan(0);
    expect(body.leastHeadroom.length).toBeLessThanOrEqual(10);
    const ratios = body.leastHeadroom.map((n) => n.headroom);
    expect([...ratios].sort((a, b) => a - b)).toEqual(ratios);
    const lowest = Math.min(
      ...body.heatmap.flatMap((c) => (c.headroom === null ? [] : [c.headroom])),
    );
    expect(ratios[0]).toBe(lowest);
    // The poller has stored readings for every node, so each trend is fitted on some of them.
    for (const n of body.leastHeadroom) expect(n.projection.samples).toBeGreaterThan(0);
  });

  it('lists the pods of a node with QoS, oom_score_adj, cgroup settings and a full eviction order', async () => {
    const name = [...collector.cache.nodes.values()].find(
      (n) => n.labels['plimsoll.io/pool'] === 'general',
    )?.name as string;
    const { body } = await get<NodePodsResponse>(`/api/v1/clusters/sim/nodes/${name}/pods`, sre);
    expect(body.pods.length).toBe(body.totalPodsOnNode);
    expect(body.pods.map((p) => p.evictionRank)).toEqual(body.pods.map((_, i) => i + 1));
    const guaranteed = body.pods.find((p) => p.qosClass === 'Guaranteed');
    if (guaranteed) expect(guaranteed.containers[0]?.oomScoreAdj).toBe(-997);
    for (const p of body.pods) expect(p.cgroup.cpuShares).toBeGreaterThanOrEqual(2);
  });

  it('shows a deferred in-place resize on its pod: desired beside allocated, class as reported', async () => {
    const pod = await until('the resized pod', () =>
      [...collector.cache.pods.values()].find(
        (p) => p.name.startsWith('report-builder-') && p.nodeName,
      ),
    );
    const { body } = await get<NodePodsResponse>(
      `/api/v1/clusters/sim/nodes/${pod.nodeName ?? ''}/pods`,
      sre,
    );
    const row = body.pods.find((p) => p.name === pod.name);
    expect(row?.qosClass).toBe('Burstable');
    expect(row?.computedQosClass).toBeNull();
    expect(row?.resize?.pending?.reason).toBe('Deferred');
    expect(row?.resize?.containers).toEqual([
      {
        name: 'builder',
        desired: { cpu: '200m', memory: '2Gi' },
        allocated: { cpu: '200m', memory: '512Mi' },
        actual: { cpu: '200m', memory: '512Mi' },
      },
    ]);
    expect(body.pods.filter((p) => p.resize).map((p) => p.name)).toEqual([pod.name]);
    // Usage is shown against the request the kubelet ranks on: the 512Mi it allocated.
    expect(row?.requests.memoryBytes).toBe(512 * 1024 ** 2);
  });

  it('gives the overview: counts, a cell per node, leaders and autoscaler for SREs and viewers', async () => {
    for (const who of [sre, viewer]) {
      const { body } = await get<ClusterOverview>('/api/v1/clusters/sim/overview', who);
      expect(body.scope).toBe('all');
      expect(body.counts.total).toBe(collector.cache.nodes.size);
      expect(body.counts.ready + body.counts.notReady + body.counts.unknown).toBe(
        body.counts.total,
      );
      expect(body.heatmap).toHaveLength(body.counts.total);
      expect(body.leaders.length).toBeGreaterThan(0);
      expect(body.leaders.every((l) => l.namespace === 'kube-system')).toBe(true);
    }
    const leases = (await get<ListLeasesResponse>('/api/v1/clusters/sim/leases', viewer)).body;
    expect(leases.leadersHidden).toBe(false);
    expect(leases.nodeLeases).toHaveLength(collector.cache.nodes.size);
  });

  describe('a tenant admin (acme)', () => {
    it("sees only acme's node pools", async () => {
      const { body } = await get<ListNodesResponse>('/api/v1/clusters/sim/nodes?limit=5000', acme);
      expect(ListNodesResponseSchema.strict().parse(body)).toEqual(body);
      expect(body.items.length).toBeGreaterThan(0);
      expect(body.items.every((i) => i.tenant === 'acme')).toBe(true);
      expect(body.facets.tenants).toEqual(['acme']);
      const other = await get<ListNodesResponse>('/api/v1/clusters/sim/nodes?tenant=globex', acme);
      expect(other.body.total).toBe(0);
    });

    it('gets 404 for nodes outside its pools, on every node route', async () => {
      const foreign = [...collector.cache.nodes.values()].find(
        (n) => n.labels['plimsoll.io/tenant'] !== 'acme',
      )?.name as string;
      for (const suffix of ['', '/conditions', '/pressure', '/pods']) {
        const { r } = await get(`/api/v1/clusters/sim/nodes/${foreign}${suffix}`, acme);
        expect(r.statusCode, suffix).toBe(404);
      }
    });

    it("sees only acme namespaces' pods on an acme node, ranked among all of them", async () => {
      const mine = [...collector.cache.nodes.values()].find(
        (n) => n.labels['plimsoll.io/tenant'] === 'acme',
      )?.name as string;
      const { r, body } = await get<NodePodsResponse>(
        `/api/v1/clusters/sim/nodes/${mine}/pods`,
        acme,
      );
      expect(r.statusCode).toBe(200);
      const acmeNamespaces = new Set(
        [...collector.cache.namespaces.values()]
          .filter(
            (n) =>
              n.labels['plimsoll.io/tenant'] === 'acme' ||
              n.labels['capsule.clastix.io/tenant'] === 'acme',
          )
          .map((n) => n.name),
      );
      expect(body.pods.every((p) => acmeNamespaces.has(p.namespace))).toBe(true);
      // DaemonSet pods (kube-system) run there too, hidden from the tenant.
      expect(body.totalPodsOnNode).toBeGreaterThan(body.pods.length);
    });

    it('gets an overview and leases without cluster-wide facts', async () => {
      const overview = (await get<ClusterOverview>('/api/v1/clusters/sim/overview', acme)).body;
      expect(overview.scope).toBe('tenants');
      expect(overview.autoscaler).toBeNull();
      expect(overview.leaders).toEqual([]);
      expect(
        overview.heatmap.every(
          (c) => collector.cache.nodes.get(c.name)?.labels['plimsoll.io/tenant'] === 'acme',
        ),
      ).toBe(true);
      const leases = (await get<ListLeasesResponse>('/api/v1/clusters/sim/leases', acme)).body;
      expect(leases.leadersHidden).toBe(true);
      expect(leases.leaders).toEqual([]);
      expect(
        leases.nodeLeases.every(
          (l) => collector.cache.nodes.get(l.node)?.labels['plimsoll.io/tenant'] === 'acme',
        ),
      ).toBe(true);
    });
  });

  describe('the live stream', () => {
    it('streams batched changes with SSE headers and heartbeats to an SRE', async () => {
      const s = await readStream(port, '/api/v1/clusters/sim/stream', sre, 3500);
      expect(s.status).toBe(200);
      expect(s.headers['content-type']).toContain('text/event-stream');
      expect(s.headers['cache-control']).toContain('no-cache');
      expect(s.headers['x-accel-buffering']).toBe('no');
      expect(s.events[0]?.event).toBe('ready');
      const changes = s.events
        .filter((e) => e.event === 'change')
        .map((e) => JSON.parse(e.data) as { changes: Record<string, { keys: string[] }> });
      expect(changes.length).toBeGreaterThan(0);
      const resources = new Set(changes.flatMap((c) => Object.keys(c.changes)));
      expect([...resources].some((r) => r === 'leases' || r === 'nodes' || r === 'pods')).toBe(
        true,
      );
    });

    it("sends a tenant admin only changes to acme's nodes, their leases and acme namespaces", async () => {
      const s = await readStream(port, '/api/v1/clusters/sim/stream', acme, 4000);
      expect(s.status).toBe(200);
      const batches = s.events
        .filter((e) => e.event === 'change')
        .map((e) => JSON.parse(e.data) as { changes: Record<string, { keys: string[] }> });
      const acmeNodes = new Set(
        [...collector.cache.nodes.values()]
          .filter((n) => n.labels['plimsoll.io/tenant'] === 'acme')
          .map((n) => n.name),
      );
      for (const b of batches) {
        for (const [resource, { keys }] of Object.entries(b.changes)) {
          if (resource === 'nodes') expect(keys.every((k) => acmeNodes.has(k))).toBe(true);
          else if (resource === 'leases')
            expect(
              keys.every((k) => k.startsWith('kube-node-lease/') && acmeNodes.has(k.slice(16))),
            ).toBe(true);
          else if (resource === 'pods' || resource === 'events' || resource === 'resourcequotas') {
            expect(keys.every((k) => !k.startsWith('kube-system/'))).toBe(true);
          } else expect(resource).toBe('namespaces');
        }
      }
    });

    it('sends changed node rows that keep the table equal to a refetch, a cordon included', async () => {
      const before = (await get<ListNodesResponse>('/api/v1/clusters/sim/nodes?limit=5000', sre))
        .body;
      const target = before.items.find((i) => !i.unschedulable)?.name as string;
      const patch = (unschedulable: boolean) =>
        fetch(`${t.manager.simulatorUrl}/api/v1/nodes/${target}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/merge-patch+json' },
          body: JSON.stringify({ spec: { unschedulable } }),
        });
      const streaming = readStream(port, '/api/v1/clusters/sim/stream', sre, 6000);
      await new Promise((r) => setTimeout(r, 500));
      expect((await patch(true)).status).toBe(200);
      const s = await streaming;
      const after = (await get<ListNodesResponse>('/api/v1/clusters/sim/nodes?limit=5000', sre))
        .body;
      await patch(false);
      const deltas = s.events
        .filter((e) => e.event === 'nodes')
        .map((e) => JSON.parse(e.data) as NodeRowDelta);
      expect(deltas.length).toBeGreaterThan(0);
      const applied = deltas.reduce(applyNodeRowDelta, before);
      expect(applied.items.find((i) => i.name === target)?.unschedulable).toBe(true);
      // What changes by the second (heartbeat age, pressure readings, pods of the demo's storms) may have moved on
      // between the last delta and the refetch; the rest must agree row for row.
      const stable = (l: ListNodesResponse) =>
        l.items
          .map((i) => ({
            name: i.name,
            ready: i.ready,
            unschedulable: i.unschedulable,
            taints: i.taints,
            pool: i.pool,
            tenant: i.tenant,
            kubeletVersion: i.kubeletVersion,
          }))
          .sort((a, b) => (a.name < b.name ? -1 : 1));
      expect(stable(applied)).toEqual(stable(after));
      expect(applied.facets).toEqual(after.facets);
    });

    it("sends a tenant admin only acme's node rows", async () => {
      // Cordon one acme node and one other node while the stream is open: the acme row must arrive (not left to the
      // demo's own churn, which a loaded machine may not show within the window), the other must not.
      const all = (await get<ListNodesResponse>('/api/v1/clusters/sim/nodes?limit=5000', sre)).body;
      const mine = all.items.find((i) => i.tenant === 'acme' && !i.unschedulable)?.name as string;
      const theirs = all.items.find((i) => i.tenant !== 'acme' && !i.unschedulable)?.name as string;
      const cordon = (name: string, unschedulable: boolean) =>
        fetch(`${t.manager.simulatorUrl}/api/v1/nodes/${name}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/merge-patch+json' },
          body: JSON.stringify({ spec: { unschedulable } }),
        });
      const streaming = readStream(port, '/api/v1/clusters/sim/stream', acme, 6000);
      await new Promise((r) => setTimeout(r, 500));
      expect((await cordon(mine, true)).status).toBe(200);
      expect((await cordon(theirs, true)).status).toBe(200);
      const s = await streaming;
      await cordon(mine, false);
      await cordon(theirs, false);
      const rows = s.events
        .filter((e) => e.event === 'nodes')
        .flatMap((e) => (JSON.parse(e.data) as NodeRowDelta).upserts);
      expect(rows.find((r) => r.name === mine)?.unschedulable).toBe(true);
      expect(rows.every((r) => r.tenant === 'acme')).toBe(true);
    });

    it('answers 404 for an unknown cluster before streaming', async () => {
      const { r } = await get('/api/v1/clusters/nope/stream', sre);
      expect(r.statusCode).toBe(404);
    });
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json<{
      paths: Record<string, unknown>;
    }>();
    for (const p of [
      '/api/v1/clusters',
      '/api/v1/clusters/{cluster}/overview',
      '/api/v1/clusters/{cluster}/nodes',
      '/api/v1/clusters/{cluster}/nodes/{node}',
      '/api/v1/clusters/{cluster}/nodes/{node}/conditions',
      '/api/v1/clusters/{cluster}/nodes/{node}/pressure',
      '/api/v1/clusters/{cluster}/nodes/{node}/pods',
      '/api/v1/clusters/{cluster}/leases',
      '/api/v1/clusters/{cluster}/stream',
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });
});
