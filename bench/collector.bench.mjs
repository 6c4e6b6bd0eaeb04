// Benchmark of the collector (issue 5) against the simulated `scale` scenario (default 5,000 nodes × 30 pods =
// 150,000 pods): time to initial sync, watch events per second absorbed with lag under 2 s, node Lease renewals
// absorbed (the scale scenario's kubelets renew every 10 s: 500/s at 5,000 nodes), and RSS — for Plimsoll's
// collector and, in the same run, for a naive baseline: one @kubernetes/client-node `makeInformer` per resource
// caching whole objects, and one Prisma `create` per event. Each collector runs in its own child process (its RSS
// is its own; the simulated API server stays in this process), against a fresh database: a new database on the
// server named by DATABASE_URL (dropped afterwards), else a PGlite directory in the temp dir.
// Reproduce: npm run bench -- collector [nodes] [podsPerNode]    (DATABASE_URL=postgresql://… to use Postgres)
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const API_DIST = new URL('../apps/api/dist/', import.meta.url);
const SENT = 'bench.plimsoll.io/sent';
const LAG_LIMIT_MS = 2000;
const STEP_MS = 5000;
const RATES = [500, 1000, 2000, 4000, 8000, 16000];
const NAIVE_SYNC_CAP_MS = 600_000;

const mib = (b) => `${Math.round(b / 1024 / 1024)} MiB`;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------------
// Child: one collector (ours or naive), driven over IPC.
// ---------------------------------------------------------------------------------------------------------------

/** Lag statistics of the events carrying the SENT annotation, and of lease renewals. */
function createLagStats() {
  let lags = [];
  let leases = 0;
  let leaseLagMax = 0;
  return {
    sent(ms) {
      lags.push(ms);
    },
    lease(ms) {
      leases++;
      if (ms > leaseLagMax) leaseLagMax = ms;
    },
    take() {
      const sorted = lags.sort((a, b) => a - b);
      const out = {
        count: sorted.length,
        max: sorted.at(-1) ?? 0,
        p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
        leases,
        leaseLagMax,
      };
      lags = [];
      leases = 0;
      leaseLagMax = 0;
      return out;
    },
  };
}

async function openDb(db) {
  const { openDatabase } = await import(new URL('db/client.js', API_DIST));
  const { applyMigrations } = await import(new URL('db/migrate.js', API_DIST));
  const database = await openDatabase(
    db.url ? { databaseUrl: db.url, dataDir: '' } : { dataDir: db.dir },
  );
  await applyMigrations(database.adapterFactory);
  return database;
}

/** Plimsoll's collector: reflectors, slim cache, transitions only, batched writes. */
async function runOurs(kubeconfig, database, stats) {
  const { createClusterCollector } = await import(new URL('collector/collector.js', API_DIST));
  const { clusterTargetFromKubeconfig } = await import(new URL('k8s/kube-config.js', API_DIST));
  const { createHistoryRepository } = await import(
    new URL('repositories/history-repository.js', API_DIST)
  );
  const { Registry } = await import('prom-client');
  const target = clusterTargetFromKubeconfig('bench', 'simulated', kubeconfig);
  const client = target.client;
  // Timestamps ride on the raw objects; the collector's slim snapshots drop annotations.
  target.client = {
    ...client,
    watch: (path, query, onEvent, onDone) =>
      client.watch(
        path,
        query,
        (type, obj) => {
          onEvent(type, obj);
          const sent = obj?.metadata?.annotations?.[SENT];
          if (sent) stats.sent(Date.now() - Number(sent));
          else if (path.includes('/leases') && obj?.spec?.renewTime)
            stats.lease(Date.now() - Date.parse(obj.spec.renewTime));
        },
        onDone,
      ),
  };
  const silent = () => {};
  const collector = createClusterCollector({
    target,
    history: createHistoryRepository(database.prisma),
    registry: new Registry(),
    log: { info: silent, debug: silent, warn: silent, error: silent },
    tenantLabels: [],
    autoscalerStatusConfigMap: 'kube-system/cluster-autoscaler-status',
    bufferCapacity: 50_000,
    leaderElection: false,
  });
  const t0 = performance.now();
  await collector.start();
  while (collector.health().state !== 'synced') await sleep(50);
  const cacheMs = performance.now() - t0;
  await collector.flush();
  const historyMs = performance.now() - t0;
  // Rows waiting to be written count as lag too.
  let bufferLagMax = 0;
  setInterval(() => {
    const now = Date.now();
    for (const at of collector.buffer.oldestPending().values())
      bufferLagMax = Math.max(bufferLagMax, now - at);
  }, 100).unref();
  return {
    cacheMs,
    historyMs,
    take: () => {
      const s = stats.take();
      const lag = Math.max(s.max, bufferLagMax);
      bufferLagMax = 0;
      return { ...s, max: lag, p99: Math.max(s.p99, 0) };
    },
    stop: () => collector.stop(),
  };
}

/** The naive baseline: makeInformer per resource (whole objects cached), one Prisma create per event. */
async function runNaive(kubeconfig, database, stats) {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const coord = kc.makeApiClient(k8s.CoordinationV1Api);
  let pending = 0;
  let failed = 0;
  const write = (kind, type, obj, onWritten) => {
    pending++;
    database.prisma.nodeSpecChange
      .create({
        data: {
          cluster: 'naive',
          node: `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}`,
          field: `${kind}:${type}`,
          value: { kind, type },
          resourceVersion: obj.metadata?.resourceVersion ?? '',
          observedAt: new Date(),
        },
      })
      .then(onWritten, () => failed++)
      .finally(() => pending--);
  };
  const resources = [
    ['Node', '/api/v1/nodes', () => core.listNode()],
    ['Pod', '/api/v1/pods', () => core.listPodForAllNamespaces()],
    ['Lease', '/apis/coordination.k8s.io/v1/leases', () => coord.listLeaseForAllNamespaces()],
    ['Event', '/api/v1/events', () => core.listEventForAllNamespaces()],
    ['Namespace', '/api/v1/namespaces', () => core.listNamespace()],
    ['ResourceQuota', '/api/v1/resourcequotas', () => core.listResourceQuotaForAllNamespaces()],
  ];
  const informers = [];
  const t0 = performance.now();
  for (const [kind, path, list] of resources) {
    const informer = k8s.makeInformer(kc, path, list);
    for (const type of ['add', 'update', 'delete']) {
      informer.on(type, (obj) => {
        const sent = obj?.metadata?.annotations?.[SENT];
        const renew = kind === 'Lease' && type === 'update' ? obj?.spec?.renewTime : undefined;
        write(kind, type, obj, () => {
          if (sent) stats.sent(Date.now() - Number(sent));
          else if (renew) stats.lease(Date.now() - new Date(renew).getTime());
        });
      });
    }
    // makeInformer stops for good on errors other than 410; a naive collector restarts it after a pause.
    informer.on('error', () => setTimeout(() => informer.start().catch(() => {}), 1000));
    informers.push(informer);
  }
  await Promise.all(informers.map((i) => i.start()));
  const cacheMs = performance.now() - t0;
  while (pending > 0 && performance.now() - t0 < NAIVE_SYNC_CAP_MS) await sleep(100);
  const historyMs = pending > 0 ? Infinity : performance.now() - t0;
  return {
    cacheMs,
    historyMs,
    take: () => ({ ...stats.take(), pending, failed }),
    stop: async () => {
      for (const i of informers) await i.stop();
    },
  };
}

async function child(kind) {
  const stats = createLagStats();
  let run;
  let database;
  let lastCpu = { usage: process.cpuUsage(), at: performance.now() };
  process.on('message', async (msg) => {
    try {
      if (msg.type === 'start') {
        database = await openDb(msg.db);
        run = await (kind === 'ours' ? runOurs : runNaive)(msg.kubeconfig, database, stats);
        globalThis.gc?.();
        const mem = process.memoryUsage();
        process.send({
          type: 'synced',
          cacheMs: run.cacheMs,
          historyMs: run.historyMs,
          rss: mem.rss,
          heapUsed: mem.heapUsed,
        });
      } else if (msg.type === 'take') {
        // CPU share of this process since the last take: tells a saturated collector from a saturated simulator.
        const cpu = process.cpuUsage(lastCpu.usage);
        const wall = performance.now() - lastCpu.at;
        lastCpu = { usage: process.cpuUsage(), at: performance.now() };
        const cpuShare = (cpu.user + cpu.system) / 1000 / wall;
        process.send({ type: 'stats', ...run.take(), cpuShare, rss: process.memoryUsage().rss });
      } else if (msg.type === 'stop') {
        await Promise.race([run?.stop(), sleep(10_000)]);
        await database?.close();
        process.send({ type: 'stopped' });
        process.exit(0);
      }
    } catch (err) {
      process.send({ type: 'error', message: err?.stack ?? String(err) });
    }
  });
  process.send({ type: 'ready' });
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: the simulated cluster, the load, the figures.
// ---------------------------------------------------------------------------------------------------------------

function startChild(kind) {
  const proc = fork(SELF, ['--child', kind], {
    execArgv: ['--expose-gc', '--max-old-space-size=8192'],
    stdio: 'inherit',
  });
  const waiters = new Map();
  proc.on('message', (msg) => {
    if (msg.type === 'error') {
      console.error(`${kind} child failed: ${msg.message}`);
      process.exit(1);
    }
    const w = waiters.get(msg.type);
    if (w) {
      waiters.delete(msg.type);
      w(msg);
    }
  });
  const expect = (type, timeoutMs = 1_200_000) =>
    new Promise((resolve, reject) => {
      waiters.set(type, resolve);
      setTimeout(
        () => reject(new Error(`${kind}: no ${type} within ${timeoutMs} ms`)),
        timeoutMs,
      ).unref();
    });
  return { proc, expect, send: (m) => proc.send(m) };
}

async function createDatabase() {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const { default: pg } = await import('pg');
    const name = `plimsoll_bench_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      kind: 'postgres',
      db: { url: url.toString() },
      drop: async () => {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-bench-'));
  return {
    kind: 'pglite',
    db: { dir },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Mutates pod statuses at `rate` per second for `ms`, stamping each with the send time. */
async function drivePods(sim, pods, podKey, rate, ms, offset) {
  const t0 = performance.now();
  let sent = 0;
  while (performance.now() - t0 < ms) {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    while (sent < due) {
      const p = pods[(offset + sent) % pods.length];
      const now = Date.now();
      sim.store.mutate(podKey, p.metadata.namespace, p.metadata.name, (o) => {
        o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [SENT]: String(now) };
        const conditions = o.status?.conditions ?? [];
        o.status = {
          ...(o.status ?? {}),
          conditions: conditions.map((c) =>
            c.type === 'Ready' ? { ...c, lastProbeTime: new Date(now).toISOString() } : c,
          ),
        };
      });
      sent++;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return sent;
}

async function measure(kind, sim, resourceKey) {
  const database = await createDatabase();
  const c = startChild(kind);
  await c.expect('ready');
  c.send({ type: 'start', kubeconfig: sim.kubeconfig(), db: database.db });
  const synced = await c.expect('synced');
  console.log(
    `  ${kind}: cache synced in ${(synced.cacheMs / 1000).toFixed(1)} s, history written in ${
      Number.isFinite(synced.historyMs)
        ? `${(synced.historyMs / 1000).toFixed(1)} s`
        : `> ${NAIVE_SYNC_CAP_MS / 1000} s`
    }, RSS ${mib(synced.rss)}, heap used after GC ${mib(synced.heapUsed)}`,
  );
  // Lease renewals: 10 s with no other load.
  c.send({ type: 'take' });
  await c.expect('stats');
  await sleep(10_000);
  c.send({ type: 'take' });
  const quiet = await c.expect('stats');
  const leaseRate = quiet.leases / 10;
  console.log(
    `  ${kind}: ${fmt(leaseRate)} lease renewals/s absorbed, max lag ${fmt(quiet.leaseLagMax)} ms`,
  );
  // Increasing rates of pod status changes until the lag passes 2 s or events go missing.
  const podKey = resourceKey('', 'v1', 'pods');
  const pods = sim.store.list(podKey);
  let best = 0;
  let offset = 0;
  const steps = [];
  for (const rate of RATES) {
    const sent = await drivePods(sim, pods, podKey, rate, STEP_MS, offset);
    offset += sent;
    await sleep(LAG_LIMIT_MS + 500);
    c.send({ type: 'take' });
    const s = await c.expect('stats');
    const ok = s.count >= sent * 0.999 && s.max <= LAG_LIMIT_MS;
    steps.push({ rate, sent, received: s.count, max: s.max, p99: s.p99 });
    console.log(
      `  ${kind}: ${fmt(rate)}/s → ${fmt(s.count)}/${fmt(sent)} seen, lag p99 ${fmt(s.p99)} ms, max ${fmt(s.max)} ms, collector CPU ${Math.round(s.cpuShare * 100)}% ${ok ? 'ok' : 'NOT absorbed'}${sent < rate * (STEP_MS / 1000) * 0.95 ? ' (the simulator could not send at this rate)' : ''}`,
    );
    if (!ok) break;
    best = rate;
  }
  globalThis.gc?.();
  c.send({ type: 'take' });
  const end = await c.expect('stats');
  c.send({ type: 'stop' });
  await c.expect('stopped', 30_000).catch(() => c.proc.kill());
  await database.drop();
  return {
    synced,
    leaseRate,
    leaseLagMax: quiet.leaseLagMax,
    best,
    steps,
    rss: Math.max(synced.rss, end.rss),
    dbKind: database.kind,
  };
}

async function main() {
  const nodes = Number(process.argv[2] ?? 5000);
  const podsPerNode = Number(process.argv[3] ?? 30);
  const { resourceKey, startSimCluster } = await import('@plimsoll/kube-sim');
  console.log(`machine: ${cpus().length} cores, ${mib(totalmem())}, Node ${process.version}`);
  const t0 = performance.now();
  const sim = await startSimCluster({
    port: 0,
    scenario: 'scale',
    nodes,
    podsPerNode,
    seed: 1,
    speed: 1,
    watchWindow: 50_000,
  });
  const pods = sim.store.list(resourceKey('', 'v1', 'pods')).length;
  console.log(
    `scale scenario: ${nodes} nodes, ${pods} pods (simulator started in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const results = {};
  for (const kind of ['ours', 'naive']) {
    console.log(
      `${kind === 'ours' ? 'Plimsoll collector' : 'naive baseline (makeInformer + Prisma create per event)'}:`,
    );
    results[kind] = await measure(kind, sim, resourceKey);
  }
  await sim.close();
  const o = results.ours;
  const n = results.naive;
  const secs = (ms) =>
    Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : `> ${NAIVE_SYNC_CAP_MS / 1000} s`;
  const ratio = (a, b) =>
    Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(1)}×` : 'n/a';
  console.log(`\nresults (${o.dbKind}):`);
  console.log('| What | Plimsoll | naive | naive ÷ Plimsoll |');
  console.log('|---|---:|---:|---:|');
  console.log(
    `| initial sync: cache filled | ${secs(o.synced.cacheMs)} | ${secs(n.synced.cacheMs)} | ${ratio(n.synced.cacheMs, o.synced.cacheMs)} |`,
  );
  console.log(
    `| initial sync: history written | ${secs(o.synced.historyMs)} | ${secs(n.synced.historyMs)} | ${ratio(n.synced.historyMs, o.synced.historyMs)} |`,
  );
  console.log(
    `| pod status changes/s absorbed with lag < 2 s (highest step passed) | ${fmt(o.best)} | ${fmt(n.best)} | ${o.best ? ratio(n.best, o.best) : 'n/a'} |`,
  );
  console.log(
    `| node Lease renewals/s absorbed (max lag) | ${fmt(o.leaseRate)} (${fmt(o.leaseLagMax)} ms) | ${fmt(n.leaseRate)} (${fmt(n.leaseLagMax)} ms) | lag ${ratio(n.leaseLagMax, o.leaseLagMax)} |`,
  );
  console.log(
    `| collector RSS (peak seen) | ${mib(o.rss)} | ${mib(n.rss)} | ${ratio(n.rss, o.rss)} |`,
  );
  console.log(
    `| heap used after sync and GC | ${mib(o.synced.heapUsed)} | ${mib(n.synced.heapUsed)} | ${ratio(n.synced.heapUsed, o.synced.heapUsed)} |`,
  );
  console.log(
    `\nreproduce: npm run bench -- collector ${nodes} ${podsPerNode}${process.env.DATABASE_URL ? ' (with DATABASE_URL set)' : ''}`,
  );
}

if (process.argv[2] === '--child') await child(process.argv[3]);
else await main();
