// Benchmark of the node views' API (issues 6 and 16): p50/p95/p99 of GET /nodes with 5,000 nodes (150,000 pods),
// and of one node's 30-day condition history with 30 days of transitions for every node in the database — measured
// while the real collector (startClusterManager, the same code `npm start` runs) watches the simulated `scale`
// cluster and absorbs its kubelets' Lease renewals (every 10 s per node: 500/s at 5,000 nodes). The simulator runs
// in a child process, so its own work does not stall the API's event loop; the history is filled with SQL
// generate_series. Also reports the API process's GC pauses and event-loop delay during the page requests.
// Reproduce: npm run bench -- nodes-api [--nodes 5000] [--podsPerNode 30] [--samples 200] [--days 30]
//   (embedded PGlite by default; DATABASE_URL=postgresql://… runs it against that server in a scratch database;
//    --smoke: 50 nodes, seconds; --json: the figures as one JSON object on the last line)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

import pg from 'pg';
import { Registry } from 'prom-client';

import { buildApp } from '../apps/api/dist/app.js';
import { startClusterManager } from '../apps/api/dist/collector/cluster-manager.js';
import { loadEnv } from '../apps/api/dist/config/env.js';
import { openDatabase } from '../apps/api/dist/db/client.js';
import { applyMigrations } from '../apps/api/dist/db/migrate.js';
import { createHistoryRepository } from '../apps/api/dist/repositories/history-repository.js';
import { createUserRepository } from '../apps/api/dist/repositories/user-repository.js';
import { ensureDemoUsers } from '../apps/api/dist/users/demo-users.js';
import { benchArgs, emitFigures, percentile, reproduce, startSimInChild } from './lib.mjs';

const DEFAULTS = { nodes: 5000, podsPerNode: 30, samples: 200, seconds: 20, days: 30 };
const args = benchArgs({
  defaults: DEFAULTS,
  smoke: { nodes: 50, podsPerNode: 10, samples: 20, seconds: 1, days: 2 },
});
const {
  nodes: NODES,
  podsPerNode: PODS_PER_NODE,
  samples: SAMPLES,
  seconds: SECONDS,
  days: HISTORY_DAYS,
} = args.opts;
const PASSWORD = 'bench-password-123';
const CLUSTER = 'bench';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function report(label, times, extra = '') {
  const s = [...times].sort((a, b) => a - b);
  const f = (x) => `${x.toFixed(1).padStart(7)} ms`;
  console.log(
    `${label.padEnd(58)} n=${String(s.length).padStart(4)}  p50 ${f(percentile(s, 50))}  p95 ${f(percentile(s, 95))}  p99 ${f(percentile(s, 99))}${extra}`,
  );
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
}

// ---- the simulated cluster, in its own process ----
let t0 = performance.now();
const sim = await startSimInChild({
  scenario: 'scale',
  nodes: NODES,
  podsPerNode: PODS_PER_NODE,
  seed: 1,
  speed: 1,
  watchWindow: 50_000,
  contextName: CLUSTER,
});
const simMs = performance.now() - t0;
const workDir = mkdtempSync(join(tmpdir(), 'plimsoll-bench-nodes-'));
const kubeconfigPath = join(workDir, 'kubeconfig');
writeFileSync(kubeconfigPath, sim.kubeconfig);

// ---- database: fresh PGlite directory, or a scratch database on DATABASE_URL ----
let dropDb = async () => {};
let db;
const serverUrl = process.env.DATABASE_URL;
if (serverUrl) {
  const name = `plimsoll_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  db = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  dropDb = async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
} else {
  db = await openDatabase({ dataDir: join(workDir, 'pglite') });
}
await applyMigrations(db.adapterFactory);
await ensureDemoUsers(createUserRepository(db.prisma), PASSWORD);

const env = loadEnv({
  NODE_ENV: 'production',
  PLIMSOLL_LOG_LEVEL: 'silent',
  PLIMSOLL_SIMULATOR: 'off',
  KUBECONFIG: kubeconfigPath,
  PLIMSOLL_CLUSTERS: CLUSTER,
  PLIMSOLL_LEADER_ELECTION_NAMESPACE: 'kube-system',
});
const registry = new Registry();
const app = await buildApp({ env, db, registry, logger: false });
await app.ready();
const silent = () => {};
t0 = performance.now();
const manager = await startClusterManager({
  env,
  history: createHistoryRepository(db.prisma),
  registry,
  log: { info: silent, debug: silent, warn: silent, error: silent },
});
app.clusterManager = manager;
const collector = manager.collectors.get(CLUSTER);
while (collector.health().state !== 'synced') {
  if (performance.now() - t0 > 20 * 60_000) throw new Error('the collector did not sync in 20 min');
  await sleep(100);
}
await collector.flush();
const syncMs = performance.now() - t0;
const nodeNames = [...collector.cache.nodes.keys()];

t0 = performance.now();
// The history: every node flips Ready and MemoryPressure twice a day and DiskPressure / KernelDeadlock once a day
// (4 types × ~1.5 flips/day × days × nodes rows), and ten pressure samples per node (the headroom sort reads them).
await db.prisma.$executeRawUnsafe(
  `INSERT INTO node_condition_transitions (cluster, node, type, status, reason, last_transition_time, observed_at, reconstructed)
   SELECT $1, n.name, t.type,
          CASE WHEN (h / t.every) % 2 = 0 THEN t.healthy ELSE t.bad END, 'Bench', ts, ts, false
     FROM unnest($2::text[]) WITH ORDINALITY AS n(name, i)
     CROSS JOIN (VALUES ('Ready', 'True', 'False', 12), ('MemoryPressure', 'False', 'True', 12),
                        ('DiskPressure', 'False', 'True', 24), ('KernelDeadlock', 'False', 'True', 24)) AS t(type, healthy, bad, every)
     CROSS JOIN generate_series(0, $3::int * 24 - 1) AS h
     CROSS JOIN LATERAL (SELECT now() - make_interval(hours => $3::int * 24 - h) + make_interval(secs => (n.i % 3600)::int) AS ts) AS x
    WHERE h % t.every = 0`,
  CLUSTER,
  nodeNames,
  HISTORY_DAYS,
);
await db.prisma.$executeRawUnsafe(
  `INSERT INTO pressure_samples (cluster, node, at, resolution_seconds, memory_available_bytes, memory_working_set_bytes,
     nodefs_available_bytes, nodefs_capacity_bytes, nodefs_inodes_free, nodefs_inodes, pid_available, pid_max)
   SELECT $1, n.name, now() - make_interval(secs => s * 30), 0, (8 + n.i % 20)::bigint * 1073741824, 12884901888,
          (20 + n.i % 60)::bigint * 1073741824, 103865303040, 5000000, 6300000, 4190000, 4194304
     FROM unnest($2::text[]) WITH ORDINALITY AS n(name, i) CROSS JOIN generate_series(0, 9) AS s
   ON CONFLICT DO NOTHING`,
  CLUSTER,
  nodeNames,
);
const [{ count }] = await db.prisma.$queryRawUnsafe(
  `SELECT count(*)::int AS count FROM node_condition_transitions WHERE cluster = $1`,
  CLUSTER,
);
const fillMs = performance.now() - t0;

const login = await app.inject({
  method: 'POST',
  url: '/api/v1/auth/login',
  payload: { username: 'sre', password: PASSWORD },
});
const cookie = `plimsoll_session=${login.cookies.find((c) => c.name === 'plimsoll_session').value}`;
// Real HTTP on a free loopback port: the collector's watch traffic interleaves with the requests as it would.
const origin = await app.listen({ port: 0, host: '127.0.0.1' });

/** Times `n` requests (and more until `minSeconds` have passed). */
async function time(url, n, before, minSeconds = 0) {
  const times = [];
  let bytes = 0;
  const start = performance.now();
  for (let i = 0; i < n || performance.now() - start < minSeconds * 1000; i++) {
    before?.(i);
    const s = performance.now();
    const res = await fetch(`${origin}${url}`, { headers: { cookie } });
    const body = await res.arrayBuffer();
    times.push(performance.now() - s);
    if (res.status !== 200)
      throw new Error(`${url}: ${res.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
    bytes = body.byteLength;
  }
  return { times, bytes };
}

/** GC pauses, event-loop delay and Lease renewals absorbed while `fn` runs. */
async function underLoad(fn) {
  const gcs = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push(e.duration);
  });
  obs.observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let leases = 0;
  const unsubscribe = manager.bus.subscribe((c) => {
    if (c.resource === 'leases' && c.type === 'MODIFIED') leases++;
  });
  const s = performance.now();
  const out = await fn();
  const seconds = (performance.now() - s) / 1000;
  unsubscribe();
  loop.disable();
  for (const e of obs.takeRecords()) gcs.push(e.duration);
  obs.disconnect();
  gcs.sort((a, b) => a - b);
  return {
    out,
    leasesPerSecond: leases / seconds,
    gcCount: gcs.length,
    gcMaxMs: gcs.at(-1) ?? 0,
    gcTotalMs: gcs.reduce((a, b) => a + b, 0),
    loopP99Ms: loop.percentile(99) / 1e6,
    loopMaxMs: loop.max / 1e6,
    seconds,
  };
}

const pods = collector.cache.pods.size;
console.log(
  `Plimsoll node API benchmark: ${NODES} nodes, ${pods} pods (simulator started in ${(simMs / 1000).toFixed(1)} s, ` +
    `collector synced in ${(syncMs / 1000).toFixed(1)} s), ${count.toLocaleString('en-US')} condition transitions over ` +
    `${HISTORY_DAYS} days (${db.kind}, filled in ${(fillMs / 1000).toFixed(1)} s)`,
);
console.log(
  `node ${process.version}, HTTP requests on loopback, one at a time, while the collector runs, ${SAMPLES} samples each after 10 warm-up requests\n`,
);
const base = `/api/v1/clusters/${CLUSTER}`;
const node = nodeNames[Math.floor(nodeNames.length / 2)];
const FULL = `${base}/nodes?limit=5000`;
const PAGE = `${base}/nodes?limit=500&sort=headroom`;
await time(FULL, 10);
// Cold: a fresh collector object per request defeats the row cache, so every request rebuilds all rows
// (pressure query + headroom, requests and lease health for every node).
const fresh = () => manager.collectors.set(CLUSTER, { ...collector });
const cold = await time(FULL, Math.min(SAMPLES, 30), fresh);
manager.collectors.set(CLUSTER, collector);
const warmAll = await underLoad(() => time(FULL, SAMPLES, undefined, SECONDS));
await time(PAGE, 10);
const page = await underLoad(() => time(PAGE, SAMPLES, undefined, SECONDS));
const from = new Date(Date.now() - HISTORY_DAYS * 86_400_000).toISOString();
await time(`${base}/nodes/${node}/conditions?from=${from}`, 10);
const history = await time(`${base}/nodes/${node}/conditions?from=${from}`, SAMPLES);
const kib = (b) => ` ${(b / 1024).toFixed(0)} KiB`;
const coldR = report(
  'GET /nodes?limit=5000, rows rebuilt every request',
  cold.times,
  kib(cold.bytes),
);
const fullR = report('GET /nodes?limit=5000', warmAll.out.times, kib(warmAll.out.bytes));
const pageR = report('GET /nodes?limit=500&sort=headroom', page.out.times, kib(page.out.bytes));
const histR = report(
  `GET /nodes/{node}/conditions, ${HISTORY_DAYS} days`,
  history.times,
  kib(history.bytes),
);
for (const [label, l] of [
  ['GET /nodes?limit=5000', warmAll],
  ['GET /nodes?limit=500&sort=headroom', page],
]) {
  console.log(
    `during ${label}: ${l.leasesPerSecond.toFixed(0)} Lease renewals/s absorbed; GC ${l.gcCount}× (max ${l.gcMaxMs.toFixed(1)} ms, ` +
      `${l.gcTotalMs.toFixed(0)} ms in ${l.seconds.toFixed(1)} s); event-loop delay p99 ${l.loopP99Ms.toFixed(1)} ms, max ${l.loopMaxMs.toFixed(1)} ms`,
  );
}
const mem = process.memoryUsage();
console.log(
  `API process: RSS ${(mem.rss / 1048576).toFixed(0)} MiB, heap used ${(mem.heapUsed / 1048576).toFixed(0)} MiB`,
);
console.log(
  `\nreproduce: ${reproduce('nodes-api', args)}${serverUrl ? '  (with DATABASE_URL)' : ''}`,
);

await app.close();
await manager.stop();
await db.close();
await dropDb();
await sim.stop();
rmSync(workDir, { recursive: true, force: true });
emitFigures(args, {
  pageP50Ms: pageR.p50,
  pageP95Ms: pageR.p95,
  pageP99Ms: pageR.p99,
  fullListP50Ms: fullR.p50,
  fullListP95Ms: fullR.p95,
  fullListP99Ms: fullR.p99,
  fullListColdP95Ms: coldR.p95,
  fullListKiB: warmAll.out.bytes / 1024,
  historyP95Ms: histR.p95,
  leaseRenewalsPerSecond: page.leasesPerSecond,
  pageGcMaxMs: page.gcMaxMs,
  pageLoopDelayP99Ms: page.loopP99Ms,
  collectorSyncSeconds: syncMs / 1000,
});
process.exit(0);
