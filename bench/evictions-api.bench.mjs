// Benchmark of the eviction API's queries (issue 7): fills 1,000,000 evictions spread over a year into a fresh
// Postgres database, then times the list (first page with its total, and a later keyset page), the histogram and
// the timeline through the same services the routes call (apps/api/dist). Prints p50/p95 per query and the query
// plans of the heaviest ones.
// Reproduce: npm run bench -- evictions-api            (DATABASE_URL defaults to postgresql://postgres@127.0.0.1:5432/)
//            npm run bench -- evictions-api --rows 200000 --iterations 20
//            (--smoke: 20,000 rows, seconds; --json: the figures as one JSON object on the last line)
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import pg from 'pg';

import { openDatabase } from '../apps/api/dist/db/client.js';
import { applyMigrations } from '../apps/api/dist/db/migrate.js';
import {
  createEvictionRepository,
  filterSql,
} from '../apps/api/dist/repositories/eviction-repository.js';
import { findEvictionEpisodes } from '../apps/api/dist/services/find-eviction-episodes.js';
import { getEvictionHistogram } from '../apps/api/dist/services/get-eviction-histogram.js';
import { getEvictionTimeline } from '../apps/api/dist/services/get-eviction-timeline.js';
import { listEvictions } from '../apps/api/dist/services/list-evictions.js';

import { benchArgs, emitFigures, percentile, reproduce } from './lib.mjs';

const args = benchArgs({
  defaults: { rows: 1_000_000, iterations: 30 },
  smoke: { rows: 20_000, iterations: 3 },
});
const { rows: ROWS, iterations: ITER } = args.opts;
const figures = {};
/** The JSON figure of each case (its p95). */
const FIGURE_OF = {
  'list 1y, first page + total': 'listYearP95Ms',
  'list 30d, first page + total': 'listMonthP95Ms',
  'list 24h, first page + total': 'listDayP95Ms',
  'histogram 1y, no grouping': 'histogramYearP95Ms',
  'histogram 1y by node': 'histogramYearByNodeP95Ms',
  'histogram 30d by namespace': 'histogramMonthByNamespaceP95Ms',
  'timeline 30d, 10,000 marks by node': 'timelineMonthP95Ms',
};
const NODES = 500;
const NAMESPACES = 40;
const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/';
const dbName = `plimsoll_bench_evictions_${randomBytes(4).toString('hex')}`;
const url = new URL(serverUrl);
const adminUrl = new URL(serverUrl);
if (adminUrl.pathname === '/' || adminUrl.pathname === '') adminUrl.pathname = '/postgres';
url.pathname = `/${dbName}`;

const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
console.log(`database ${dbName} on ${adminUrl.host}`);

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const YEAR_MS = 365 * 24 * 3600_000;
let db;
try {
  db = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  await applyMigrations(db.adapterFactory);
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();

  let t0 = performance.now();
  // Half the namespaces belong to tenants (team-00..team-19 → tenant-0..tenant-9).
  await client.query(`INSERT INTO tenant_namespaces (cluster, namespace, tenant, observed_at)
    SELECT 'bench', 'team-' || lpad(i::text, 2, '0'), 'tenant-' || (i / 2), now() FROM generate_series(0, ${NAMESPACES / 2 - 1}) i`);
  // Times: uniform over the year before NOW, in storms: 20 evictions share a node and a ~10-minute window.
  const BATCH = 250_000;
  for (let start = 0; start < ROWS; start += BATCH) {
    const end = Math.min(ROWS, start + BATCH) - 1;
    await client.query(
      `INSERT INTO evictions (cluster, namespace, pod, pod_uid, node, tenant, owner_kind, owner_name, qos_class, priority,
         resource, threshold, available, offenders, message, evicted_at, observed_at, reconstructed)
       SELECT 'bench', ns, 'app-' || (i % 400) || '-' || substr(md5(i::text), 1, 5), 'uid-' || i,
         'node-' || lpad(((i / 20) % ${NODES})::text, 4, '0'),
         CASE WHEN (i % ${NAMESPACES}) < ${NAMESPACES / 2} THEN 'tenant-' || ((i % ${NAMESPACES}) / 2) END,
         'Deployment', 'app-' || (i % 400),
         (ARRAY['BestEffort','Burstable','Burstable','Guaranteed'])[1 + i % 4], (i % 3) * 1000,
         res, CASE WHEN res = 'memory' THEN '100Mi' ELSE '10%' END, '80Mi',
         jsonb_build_array(jsonb_build_object('kind','container','name','app','usage', (200 + i % 300) || 'Mi','request','128Mi')),
         'The node was low on resource: ' || res || '. Threshold quantity: 100Mi, available: 80Mi. Container app was using '
           || (200 + i % 300) || 'Mi, request is 128Mi, has larger consumption of ' || res || '. ',
         at, at, false
       FROM (
         SELECT i,
           CASE WHEN i % 20 < 14 THEN 'memory' WHEN i % 20 < 19 THEN 'ephemeral-storage' ELSE 'pids' END AS res,
           CASE WHEN (i % ${NAMESPACES}) < ${NAMESPACES / 2} THEN 'team-' || lpad((i % ${NAMESPACES})::text, 2, '0')
                ELSE 'shared-' || lpad((i % ${NAMESPACES})::text, 2, '0') END AS ns,
           $1::timestamptz - make_interval(secs => ((i / 20) * 20 * ${YEAR_MS / 1000 / ROWS}) + (i % 20) * 30) AS at
         FROM generate_series(${start}, ${end}) i
       ) s`,
      [NOW],
    );
  }
  await client.query('VACUUM ANALYZE evictions');
  console.log(
    `filled ${ROWS.toLocaleString('en-US')} evictions in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const repo = createEvictionRepository(db.prisma);
  const ALL = { kind: 'all' };
  const TENANT = { kind: 'tenants', tenants: ['tenant-3'] };
  const range = (ms) => ({
    from: new Date(NOW.getTime() - ms).toISOString(),
    to: NOW.toISOString(),
  });
  const H = 3600_000;
  const D = 24 * H;
  const firstPage = await listEvictions({
    repo,
    cluster: 'bench',
    query: { ...range(30 * D), limit: 100 },
    scope: ALL,
    now: NOW,
  });

  const cases = [
    [
      'list 24h, first page + total',
      () =>
        listEvictions({
          repo,
          cluster: 'bench',
          query: { ...range(D), limit: 100 },
          scope: ALL,
          now: NOW,
        }),
    ],
    [
      'list 30d, first page + total',
      () =>
        listEvictions({
          repo,
          cluster: 'bench',
          query: { ...range(30 * D), limit: 100 },
          scope: ALL,
          now: NOW,
        }),
    ],
    [
      'list 1y, first page + total',
      () =>
        listEvictions({
          repo,
          cluster: 'bench',
          query: { ...range(365 * D), limit: 100 },
          scope: ALL,
          now: NOW,
        }),
    ],
    [
      'list 30d, next page (cursor)',
      () =>
        listEvictions({
          repo,
          cluster: 'bench',
          query: { ...range(30 * D), limit: 100, cursor: firstPage.nextCursor },
          scope: ALL,
          now: NOW,
        }),
    ],
    [
      'list 1y, node=node-0042',
      () =>
        listEvictions({
          repo,
          cluster: 'bench',
          query: { ...range(365 * D), limit: 100, node: 'node-0042' },
          scope: ALL,
          now: NOW,
        }),
    ],
    [
      'list 1y, namespace=team-07',
      () =>
        listEvictions({
          repo,
          cluster: 'bench',
          query: { ...range(365 * D), limit: 100, namespace: 'team-07' },
          scope: ALL,
          now: NOW,
        }),
    ],
    [
      'list 1y, owner + qos filters',
      () =>
        listEvictions({
          repo,
          cluster: 'bench',
          query: { ...range(365 * D), limit: 100, owner: 'Deployment/app-8', qos: 'BestEffort' },
          scope: ALL,
          now: NOW,
        }),
    ],
    [
      'list 30d as tenant admin',
      () =>
        listEvictions({
          repo,
          cluster: 'bench',
          query: { ...range(30 * D), limit: 100 },
          scope: TENANT,
          now: NOW,
        }),
    ],
    [
      'histogram 24h by node',
      () =>
        getEvictionHistogram({
          repo,
          cluster: 'bench',
          query: { ...range(D), groupBy: 'node' },
          scope: ALL,
          now: NOW,
        }),
    ],
    [
      'histogram 30d by namespace',
      () =>
        getEvictionHistogram({
          repo,
          cluster: 'bench',
          query: { ...range(30 * D), groupBy: 'namespace' },
          scope: ALL,
          now: NOW,
        }),
    ],
    [
      'histogram 1y, no grouping',
      () =>
        getEvictionHistogram({
          repo,
          cluster: 'bench',
          query: range(365 * D),
          scope: ALL,
          now: NOW,
        }),
    ],
    [
      'histogram 1y by node',
      () =>
        getEvictionHistogram({
          repo,
          cluster: 'bench',
          query: { ...range(365 * D), groupBy: 'node' },
          scope: ALL,
          now: NOW,
        }),
    ],
    [
      'histogram 1y, node filter',
      () =>
        getEvictionHistogram({
          repo,
          cluster: 'bench',
          query: { ...range(365 * D), node: 'node-0042' },
          scope: ALL,
          now: NOW,
        }),
    ],
    [
      'timeline 30d, 10,000 marks by node',
      () =>
        getEvictionTimeline({
          repo,
          cluster: 'bench',
          query: { ...range(30 * D), groupBy: 'node', limit: 10_000 },
          scope: ALL,
          now: NOW,
        }),
    ],
    [
      'episodes 24h',
      () =>
        findEvictionEpisodes({
          repo,
          cluster: 'bench',
          query: { ...range(D), limit: 200 },
          scope: ALL,
          now: NOW,
        }),
    ],
  ];
  const pct = percentile;
  console.log(
    `\n${'query'.padEnd(38)} ${'rows'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`,
  );
  for (const [label, fn] of cases) {
    let size = 0;
    for (let i = 0; i < 3; i++) await fn(); // warm the cache and the JIT
    const times = [];
    for (let i = 0; i < ITER; i++) {
      const s = performance.now();
      const out = await fn();
      times.push(performance.now() - s);
      size = out.items?.length ?? out.marks?.id.length ?? out.total ?? 0;
      if (label.startsWith('histogram')) size = out.total;
    }
    times.sort((a, b) => a - b);
    if (FIGURE_OF[label]) figures[FIGURE_OF[label]] = pct(times, 95);
    console.log(
      `${label.padEnd(38)} ${String(size).padStart(9)} ${pct(times, 50).toFixed(1).padStart(8)} ${pct(times, 95).toFixed(1).padStart(8)} ${times[times.length - 1].toFixed(1).padStart(8)}`,
    );
  }

  // Plans of the heaviest shapes, so a missing index shows as a Seq Scan.
  const explain = async (label, sql) => {
    const { rows } = await client.query(
      `EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF, TIMING OFF, SUMMARY ON) ${sql}`,
    );
    const lines = rows.map((r) => r['QUERY PLAN']);
    console.log(
      `\nplan: ${label}\n  ${lines
        .filter((l) => /Scan|Sort|Execution|Index Cond/.test(l))
        .slice(0, 8)
        .join('\n  ')}`,
    );
  };
  void filterSql;
  const f = (d) =>
    `e.cluster = 'bench' AND e.evicted_at >= '${new Date(NOW.getTime() - d).toISOString()}' AND e.evicted_at < '${NOW.toISOString()}'`;
  await explain(
    'list 1y first page',
    `SELECT e.id FROM evictions e WHERE ${f(365 * D)} ORDER BY e.evicted_at DESC, e.id DESC LIMIT 101`,
  );
  await explain('count 1y', `SELECT count(*) FROM evictions e WHERE ${f(365 * D)}`);
  await explain(
    'list 1y owner+qos',
    `SELECT e.id FROM evictions e WHERE ${f(365 * D)} AND e.owner_kind = 'Deployment' AND e.owner_name = 'app-8' AND e.qos_class = 'BestEffort' ORDER BY e.evicted_at DESC, e.id DESC LIMIT 101`,
  );
  await explain(
    'histogram 1y by node',
    `SELECT floor(date_part('epoch', e.evicted_at) / 259200), coalesce(e.node, '(none)'), count(*) FROM evictions e WHERE ${f(365 * D)} GROUP BY 1, 2`,
  );
  await client.end();
} finally {
  await db?.close();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  console.log(`\ndropped ${dbName}\nreproduce: ${reproduce('evictions-api', args)}`);
}
emitFigures(args, figures);
