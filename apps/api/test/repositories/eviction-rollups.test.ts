import type { EvictionGroupBy } from '@plimsoll/shared/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import {
  createEvictionRepository,
  type EvictionFilter,
} from '../../src/repositories/eviction-repository.js';
import { rollupDimension } from '../../src/repositories/eviction-rollup-sql.js';
import { createTestDatabase } from '../helper.js';

const CLUSTER = 'c1';
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);
const SPAN = 20 * 24 * HOUR;

interface Row {
  podUid: string;
  node: string | null;
  namespace: string;
  tenant: string | null;
  resource: string | null;
  qosClass: string | null;
  evictedAt: Date;
}

/** Deterministic evictions: nulls in every nullable dimension, times at every minute of the span. */
function makeRows(n: number, seed: number): Row[] {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => ({
    podUid: `uid-${seed}-${i}`,
    node: pick(['n1', 'n2', 'n3', null]),
    namespace: pick(['a', 'b', 'c', 'd']),
    tenant: pick(['t1', 't2', null]),
    resource: pick(['memory', 'ephemeral-storage', 'pids', null]),
    qosClass: pick(['BestEffort', 'Burstable', 'Guaranteed', null]),
    evictedAt: new Date(T0 + Math.floor(rnd() * SPAN)),
  }));
}

const data = (rows: Row[]) =>
  rows.map((r) => ({
    cluster: CLUSTER,
    pod: r.podUid,
    message: 'The node was low on resource',
    observedAt: r.evictedAt,
    ...r,
  }));

const keyOf: Record<EvictionGroupBy, (r: Row) => string> = {
  node: (r) => r.node ?? '(none)',
  namespace: (r) => r.namespace,
  tenant: (r) => r.tenant ?? '(none)',
  owner: () => '(none)',
  resource: (r) => r.resource ?? '(none)',
  qos: (r) => r.qosClass ?? '(none)',
};

/** tenant_namespaces: a and b belong to t1, c to t2, d to nobody. */
const NS_TENANT: Record<string, string> = { a: 't1', b: 't1', c: 't2' };

function matches(f: EvictionFilter, r: Row): boolean {
  const t = r.evictedAt.getTime();
  if (t < f.from.getTime() || t >= f.to.getTime()) return false;
  const inList = (v: string | null, xs?: readonly string[]) =>
    !xs?.length || (v !== null && xs.includes(v));
  if (!inList(r.node, f.nodes) || !inList(r.namespace, f.namespaces)) return false;
  if (!inList(r.tenant, f.tenants) || !inList(r.resource, f.resources)) return false;
  if (!inList(r.qosClass, f.qos)) return false;
  if (f.scopeTenants !== null) {
    const owner = NS_TENANT[r.namespace];
    if (!owner || !f.scopeTenants.includes(owner)) return false;
  }
  return true;
}

let db: Database;
let drop: () => Promise<void>;
let kept: Row[] = [];

beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  db = await t.open();
  await applyMigrations(db.adapterFactory);
  await db.prisma.tenantNamespace.createMany({
    data: Object.entries(NS_TENANT).map(([namespace, tenant]) => ({
      cluster: CLUSTER,
      namespace,
      tenant,
      observedAt: new Date(T0),
    })),
  });
  const first = makeRows(1500, 1);
  const second = makeRows(1500, 2);
  await db.prisma.eviction.createMany({ data: data(first), skipDuplicates: true });
  await db.prisma.eviction.createMany({ data: data(second), skipDuplicates: true });
  // A relist replays stored evictions: the idempotency key turns them away, and they must not count twice.
  await db.prisma.eviction.createMany({ data: data(first.slice(0, 700)), skipDuplicates: true });
  // Retention deletes the oldest days.
  const cut = new Date(T0 + 3 * 24 * HOUR + 17 * 60_000);
  await db.prisma
    .$executeRaw`DELETE FROM evictions WHERE cluster = ${CLUSTER} AND evicted_at < ${cut}`;
  kept = [...first, ...second].filter((r) => r.evictedAt >= cut);
}, 120_000);

afterAll(async () => {
  await db?.close();
  await drop?.();
});

const base = (from: number, to: number): EvictionFilter => ({
  cluster: CLUSTER,
  from: new Date(from),
  to: new Date(to),
  scopeTenants: null,
});
// Ranges that start and end inside an hour, so the partial hours at both ends are read from `evictions`.
const RANGE = { from: T0 + 2 * 24 * HOUR + 23 * 60_000, to: T0 + SPAN - 5 * HOUR - 7 * 60_000 };
const FILTERS: Array<[string, EvictionFilter]> = [
  ['no filter', base(RANGE.from, RANGE.to)],
  ['whole hours exactly', base(T0 + 5 * 24 * HOUR, T0 + 9 * 24 * HOUR)],
  ['within one hour', base(T0 + 6 * 24 * HOUR + 60_000, T0 + 6 * 24 * HOUR + 50 * 60_000)],
  ['node filter', { ...base(RANGE.from, RANGE.to), nodes: ['n1', 'n3'] }],
  ['namespace filter', { ...base(RANGE.from, RANGE.to), namespaces: ['b'] }],
  ['resource filter', { ...base(RANGE.from, RANGE.to), resources: ['pids', '(none)'] }],
  ['tenant admin of t1', { ...base(RANGE.from, RANGE.to), scopeTenants: ['t1'] }],
  ['tenant admin of no tenant', { ...base(RANGE.from, RANGE.to), scopeTenants: [] }],
  ['two dimensions', { ...base(RANGE.from, RANGE.to), nodes: ['n2'], qos: ['Burstable'] }],
];

describe('eviction rollups', () => {
  it('count each eviction stored once, after a replayed insert and a retention delete', async () => {
    const rows = await db.prisma.$queryRaw<Array<{ dimension: string; n: number }>>`
      SELECT dimension, sum(n)::int AS n FROM eviction_rollups WHERE cluster = ${CLUSTER} GROUP BY 1`;
    expect(Object.fromEntries(rows.map((r) => [r.dimension, r.n]))).toEqual({
      all: kept.length,
      node: kept.length,
      namespace: kept.length,
      tenant: kept.length,
      resource: kept.length,
      qos: kept.length,
    });
  });

  it.each(FILTERS)('give list totals equal to the evictions themselves: %s', async (_, f) => {
    const repo = createEvictionRepository(db.prisma);
    expect(await repo.countEvictions(f)).toBe(kept.filter((r) => matches(f, r)).length);
  });

  it.each(
    FILTERS.flatMap(([label, f]) =>
      ([null, 'node', 'namespace', 'qos'] as const).map(
        (g) => [label, g ?? 'nothing', f, g] as const,
      ),
    ),
  )(
    'give histograms equal to counting the evictions: %s, grouped by %s',
    async (_label, _shown, f, groupBy) => {
      const repo = createEvictionRepository(db.prisma);
      for (const bucketSeconds of [3600, 21600, 259200, 900]) {
        const got = await repo.countEvictionsByBucket(f, bucketSeconds, groupBy);
        const want = new Map<string, number>();
        for (const r of kept.filter((r) => matches(f, r))) {
          const b = Math.floor(r.evictedAt.getTime() / 1000 / bucketSeconds);
          const k = `${b}|${groupBy ? keyOf[groupBy](r) : ''}`;
          want.set(k, (want.get(k) ?? 0) + 1);
        }
        const gotMap = new Map(got.map((r) => [`${Number(r.bucket)}|${r.key}`, Number(r.n)]));
        expect(gotMap).toEqual(want);
      }
    },
  );

  it('answer from the rollups whenever one dimension is enough', () => {
    expect(rollupDimension(base(0, 1), null)).toBe('all');
    expect(rollupDimension({ ...base(0, 1), scopeTenants: ['t1'] }, 'namespace')).toBe('namespace');
    expect(rollupDimension({ ...base(0, 1), nodes: ['n1'] }, 'node')).toBe('node');
    expect(rollupDimension({ ...base(0, 1), nodes: ['n1'] }, 'qos')).toBeNull();
    expect(
      rollupDimension({ ...base(0, 1), owners: [{ kind: null, name: 'x' }] }, null),
    ).toBeNull();
  });
});
