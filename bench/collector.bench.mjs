// Benchmark of the collector (issue 5) against the simulated `scale` scenario (default 5,000 nodes × 30 pods =
// 150,000 pods): time to initial sync, watch events per second absorbed with lag under 2 s, node Lease renewals
// absorbed (the scale scenario's kubelets renew every 10 s: 500/s at 5,000 nodes), and RSS — for Plimsoll's
// collector and, in the same run, for a naive baseline: one @kubernetes/client-node `makeInformer` per resource
// caching whole objects, and one Prisma `create` per event. Each collector runs in its own child process (its RSS
// is its own; the simulated API server stays in this process), against a fresh database: a new database on the
// server named by DATABASE_URL (dropped afterwards), else a PGlite directory in the temp dir.
// With --real the cluster is a real control plane instead (tools/k8s/cluster.mjs: etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler, KWOK): N KWOK nodes renewing their Leases through the real API server at
// the kubelet's cadence (40 s Leases renewed every 10 s), pods bound to them, and the pod changes sent as PATCHes of
// pods/status; the same measurements, the same table. It needs the binaries of `npm run k8s:build` (Go).
// Reproduce: npm run bench -- collector [--real] [--nodes 5000] [--podsPerNode 30]   (DATABASE_URL=… for Postgres)
//   (the positional form `collector 5000 30` still works; --smoke: 50 nodes, seconds; --json: figures on the last line)
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { benchArgs, emitFigures, printTable, reproduce } from './lib.mjs';

const SELF = fileURLToPath(import.meta.url);
const API_DIST = new URL('../apps/api/dist/', import.meta.url);
const SENT = 'bench.plimsoll.io/sent';
const LAG_LIMIT_MS = 2000;
const IS_CHILD = process.argv[2] === '--child';
const args = IS_CHILD
  ? null
  : benchArgs({
      defaults: {
        real: false,
        nodes: 5000,
        podsPerNode: 30,
        stepMs: 5000,
        quietMs: 10_000,
        rates: '500,1000,2000,4000,8000,16000,32000',
        naiveSyncCapMs: 600_000,
      },
      smoke: {
        nodes: 50,
        podsPerNode: 10,
        stepMs: 1000,
        quietMs: 2000,
        rates: '200,400',
        naiveSyncCapMs: 60_000,
      },
      positional: ['nodes', 'podsPerNode'],
    });
const STEP_MS = args?.opts.stepMs ?? 0;
const RATES = (args?.opts.rates ?? '').split(',').map(Number);
const NAIVE_SYNC_CAP_MS = Number(process.env.BENCH_NAIVE_SYNC_CAP_MS ?? args?.opts.naiveSyncCapMs);

const mib = (b) => `${Math.round(b / 1024 / 1024)} MiB`;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Stops the cluster the parent started (a real one is other processes: they must not outlive a failed run). */
let closeCluster = async () => {};

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
async function runOurs({ kubeconfig, source }, database, stats) {
  const { createClusterCollector } = await import(new URL('collector/collector.js', API_DIST));
  const { clusterTargetFromKubeconfig } = await import(new URL('k8s/kube-config.js', API_DIST));
  const { createHistoryRepository } = await import(
    new URL('repositories/history-repository.js', API_DIST)
  );
  const { Registry } = await import('prom-client');
  const target = clusterTargetFromKubeconfig('bench', source, kubeconfig);
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
async function runNaive({ kubeconfig }, database, stats) {
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
        run = await (kind === 'ours' ? runOurs : runNaive)(msg.cluster, database, stats);
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
// Parent: the cluster, the load, the figures.
// ---------------------------------------------------------------------------------------------------------------

function startChild(kind) {
  const proc = fork(SELF, ['--child', kind], {
    execArgv: ['--expose-gc', '--max-old-space-size=8192'],
    stdio: 'inherit',
    env: { ...process.env, BENCH_NAIVE_SYNC_CAP_MS: String(NAIVE_SYNC_CAP_MS) },
  });
  const waiters = new Map();
  proc.on('message', (msg) => {
    if (msg.type === 'error') {
      console.error(`${kind} child failed: ${msg.message}`);
      closeCluster().finally(() => process.exit(1));
      return;
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

/**
 * Changes pod statuses at `rate` per second for `ms`, stamping each with the send time (`cluster.changePod`; a
 * real API server's answers are awaited, at most `cluster.inFlight` at a time). Returns the changes made (a
 * refused PATCH is not one) and those refused.
 */
async function drivePods(cluster, rate, ms, offset) {
  const pods = cluster.pods;
  const t0 = performance.now();
  let issued = 0;
  let refused = 0;
  const pending = new Set();
  while (performance.now() - t0 < ms) {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    while (issued < due && pending.size < cluster.inFlight) {
      const change = cluster.changePod(pods[(offset + issued) % pods.length], Date.now());
      issued++;
      if (change) {
        const tracked = change.catch(() => refused++).finally(() => pending.delete(tracked));
        pending.add(tracked);
      }
    }
    await sleep(5);
  }
  await Promise.all(pending);
  return { sent: issued - refused, refused };
}

async function measure(kind, cluster) {
  const database = await createDatabase();
  const c = startChild(kind);
  await c.expect('ready');
  c.send({
    type: 'start',
    cluster: { kubeconfig: cluster.kubeconfig, source: cluster.source },
    db: database.db,
  });
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
  await sleep(args.opts.quietMs);
  c.send({ type: 'take' });
  const quiet = await c.expect('stats');
  const leaseRate = quiet.leases / (args.opts.quietMs / 1000);
  console.log(
    `  ${kind}: ${fmt(leaseRate)} lease renewals/s absorbed, max lag ${fmt(quiet.leaseLagMax)} ms`,
  );
  // Increasing rates of pod status changes until the lag passes 2 s or events go missing.
  let best = 0;
  let offset = 0;
  const steps = [];
  for (const rate of RATES) {
    const { sent, refused } = await drivePods(cluster, rate, STEP_MS, offset);
    offset += sent + refused;
    await sleep(LAG_LIMIT_MS + 500);
    c.send({ type: 'take' });
    const s = await c.expect('stats');
    const ok = s.count >= sent * 0.999 && s.max <= LAG_LIMIT_MS;
    steps.push({ rate, sent, received: s.count, max: s.max, p99: s.p99 });
    console.log(
      `  ${kind}: ${fmt(rate)}/s → ${fmt(s.count)}/${fmt(sent)} seen, lag p99 ${fmt(s.p99)} ms, max ${fmt(s.max)} ms, collector CPU ${Math.round(s.cpuShare * 100)}% ${ok ? 'ok' : 'NOT absorbed'}${sent < rate * (STEP_MS / 1000) * 0.95 ? ` (the ${cluster.kind} could not take this rate${refused ? `; ${fmt(refused)} changes refused` : ''})` : ''}`,
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

/** Sets the SENT annotation and the Ready condition's probe time: a change of the pod's status, stamped. */
function stampPod(o, now) {
  o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [SENT]: String(now) };
  const conditions = o.status?.conditions ?? [];
  o.status = {
    ...(o.status ?? {}),
    conditions: conditions.map((c) =>
      c.type === 'Ready' ? { ...c, lastProbeTime: new Date(now).toISOString() } : c,
    ),
  };
}

/**
 * The simulated cluster the collectors watch: the `scale` scenario in this process (its store is changed directly,
 * synchronously). Returns its kubeconfig, its pods, a way to change one pod, and `close`.
 */
async function startSimulatedCluster({ nodes, podsPerNode }) {
  const { resourceKey, startSimCluster } = await import('@plimsoll/kube-sim');
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
  const podKey = resourceKey('', 'v1', 'pods');
  const pods = sim.store.list(podKey);
  return {
    kind: 'simulator',
    source: 'simulated',
    description: `scale scenario: ${nodes} nodes, ${pods.length} pods (simulator started in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    kubeconfig: sim.kubeconfig(),
    pods,
    inFlight: Infinity,
    changePod: (p, now) => {
      sim.store.mutate(podKey, p.metadata.namespace, p.metadata.name, (o) => stampPod(o, now));
    },
    close: () => sim.close(),
  };
}

/** Namespace of the pods on the real cluster. */
const REAL_NAMESPACE = 'bench';

/**
 * A real control plane (tools/k8s/cluster.mjs) with `nodes` KWOK nodes on the kubelet's Lease timing and
 * `podsPerNode` pods bound to each (KWOK runs them), started in bench/.out/real-cluster. Pod changes are strategic
 * merge PATCHes of pods/status, as the kubelet sends them, at most 64 in flight. Exits (2) when the binaries are
 * not built: building them is `npm run k8s:build`'s 20 minutes, not a benchmark's.
 */
async function startRealCluster({ nodes, podsPerNode }) {
  const k8s = await import('../tools/k8s/cluster.mjs');
  const built = k8s.builtBinaries();
  if (built.problem) {
    console.error(`collector --real needs a real control plane:\n${built.problem}`);
    process.exit(2);
  }
  const dir = fileURLToPath(new URL('.out/real-cluster/', import.meta.url));
  const t0 = performance.now();
  const state = await k8s.up({
    dir,
    nodes,
    bin: built.bin,
    // The kubelet's and kube-controller-manager's defaults: Leases of 40 s renewed every 10 s (nodes/10 a second).
    timing: { nodeLeaseDurationSeconds: 40, nodeMonitorGracePeriodSeconds: 50 },
  });
  const close = () => k8s.down({ dir });
  try {
    const ok = async (method, path, body, contentType) => {
      const r = await k8s.adminRequest(state, method, path, body, contentType);
      if (r.status < 200 || r.status > 299)
        throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return r.body;
    };
    await ok('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: REAL_NAMESPACE },
    });
    // The ServiceAccount admission plugin refuses pods until the controller made the default account.
    while (
      (
        await k8s.adminRequest(
          state,
          'GET',
          `/api/v1/namespaces/${REAL_NAMESPACE}/serviceaccounts/default`,
        )
      ).status !== 200
    )
      await sleep(200);
    const pods = [];
    for (let n = 0; n < nodes; n++)
      for (let i = 0; i < podsPerNode; i++)
        pods.push({
          metadata: { namespace: REAL_NAMESPACE, name: `pod-${n}-${i}` },
          node: `kwok-node-${n}`,
        });
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < pods.length) {
          const p = pods[next++];
          await ok('POST', `/api/v1/namespaces/${REAL_NAMESPACE}/pods`, {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: p.metadata.name, labels: { app: 'bench' } },
            spec: {
              nodeName: p.node,
              containers: [
                {
                  name: 'app',
                  image: 'registry.example/app:1',
                  resources: { requests: { cpu: '10m', memory: '32Mi' } },
                },
              ],
            },
          });
        }
      }),
    );
    // Measure once KWOK has run every pod, so its own status writes are not in the figures.
    const notRunning = `/api/v1/namespaces/${REAL_NAMESPACE}/pods?limit=1&fieldSelector=${encodeURIComponent('status.phase!=Running')}`;
    while ((await ok('GET', notRunning)).items.length > 0) await sleep(1000);
    return {
      kind: 'API server',
      source: 'kubeconfig',
      description: `real control plane (${state.version}): ${nodes} KWOK nodes renewing 40 s Leases every 10 s, ${pods.length} pods (up in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
      kubeconfig: readFileSync(state.kubeconfig, 'utf8'),
      pods,
      inFlight: 64,
      changePod: (p, now) => {
        const o = { metadata: {}, status: { conditions: [{ type: 'Ready' }] } };
        stampPod(o, now);
        return ok(
          'PATCH',
          `/api/v1/namespaces/${REAL_NAMESPACE}/pods/${p.metadata.name}/status`,
          o,
          'application/strategic-merge-patch+json',
        );
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Prints the two collectors' figures side by side, as bench/RESULTS.md shows them. */
function printResults(o, n) {
  const secs = (ms) =>
    Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : `> ${NAIVE_SYNC_CAP_MS / 1000} s`;
  // "How many times better Plimsoll is": naive ÷ Plimsoll for costs (time, memory, lag), Plimsoll ÷ naive for rates.
  const better = (ours, naive, { rate = false } = {}) => {
    const [good, bad] = rate ? [ours, naive] : [naive, ours];
    if (!Number.isFinite(good) && Number.isFinite(bad))
      return rate ? 'n/a' : `> ${(NAIVE_SYNC_CAP_MS / bad).toFixed(1)}×`;
    if (!(Number.isFinite(good) && Number.isFinite(bad))) return 'n/a';
    if (bad <= 0) return good > 0 ? '∞ (naive: none)' : 'n/a';
    return `${(good / bad).toFixed(1)}×`;
  };
  printTable(
    ['What', 'Plimsoll', 'naive', 'Plimsoll better by'],
    [
      [
        'initial sync: cache filled',
        secs(o.synced.cacheMs),
        secs(n.synced.cacheMs),
        better(o.synced.cacheMs, n.synced.cacheMs),
      ],
      [
        'initial sync: history written',
        secs(o.synced.historyMs),
        secs(n.synced.historyMs),
        better(o.synced.historyMs, n.synced.historyMs),
      ],
      [
        'pod status changes/s absorbed with lag < 2 s (highest step passed)',
        fmt(o.best),
        fmt(n.best),
        better(o.best, n.best, { rate: true }),
      ],
      [
        'node Lease renewals/s absorbed (max lag)',
        `${fmt(o.leaseRate)} (${fmt(o.leaseLagMax)} ms)`,
        `${fmt(n.leaseRate)} (${fmt(n.leaseLagMax)} ms)`,
        `lag ${better(o.leaseLagMax, n.leaseLagMax)}`,
      ],
      ['collector RSS (peak seen)', mib(o.rss), mib(n.rss), better(o.rss, n.rss)],
      [
        'heap used after sync and GC',
        mib(o.synced.heapUsed),
        mib(n.synced.heapUsed),
        better(o.synced.heapUsed, n.synced.heapUsed),
      ],
    ],
  );
}

async function main() {
  const { nodes, podsPerNode, real } = args.opts;
  console.log(
    `machine: ${cpus().length} cores, ${mib(totalmem())}, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const cluster = await (real ? startRealCluster : startSimulatedCluster)({ nodes, podsPerNode });
  closeCluster = cluster.close;
  console.log(cluster.description);
  const results = {};
  try {
    for (const kind of ['ours', 'naive']) {
      console.log(
        `${kind === 'ours' ? 'Plimsoll collector' : 'naive baseline (makeInformer + Prisma create per event)'}:`,
      );
      results[kind] = await measure(kind, cluster);
    }
  } finally {
    await cluster.close();
  }
  const o = results.ours;
  const n = results.naive;
  console.log(`\nresults (${o.dbKind}, ${real ? 'real control plane' : 'simulated cluster'}):`);
  printResults(o, n);
  console.log(
    `\nreproduce: ${reproduce('collector', args)}${process.env.DATABASE_URL ? ' (with DATABASE_URL set)' : ''}`,
  );
  const M = 1024 * 1024;
  emitFigures(args, {
    rssMiB: o.rss / M,
    heapAfterSyncMiB: o.synced.heapUsed / M,
    podChangesPerSecond: o.best,
    initialSyncSeconds: o.synced.historyMs / 1000,
    cacheSyncSeconds: o.synced.cacheMs / 1000,
    leaseRenewalsPerSecond: o.leaseRate,
    leaseLagMaxMs: o.leaseLagMax,
    naiveRssMiB: n.rss / M,
    naivePodChangesPerSecond: n.best,
    naiveInitialSyncSeconds: n.synced.historyMs / 1000,
  });
}

if (process.argv[2] === '--child') await child(process.argv[3]);
else await main();
