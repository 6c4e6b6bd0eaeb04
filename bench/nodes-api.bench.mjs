// Benchmark of the node views' API (issue 6): p50/p95/p99 of GET /nodes with 5,000 nodes (~150,000 pods) in the
// collector's cache, and of one node's 30-day condition history with 30 days of transitions for all 5,000 nodes
// in the database. The state is filled directly (synthetic snapshots, SQL generate_series for history) rather than
// by running the simulated `scale` scenario, so the figures measure the API and not the simulator.
// Reproduce: npm run bench -- nodes-api [--nodes 5000] [--samples 200]
//   (embedded PGlite by default; DATABASE_URL=postgresql://… runs it against that server in a scratch database)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import pg from 'pg';
import { Registry } from 'prom-client';

import { buildApp } from '../apps/api/dist/app.js';
import { LiveBus } from '../apps/api/dist/collector/live-bus.js';
import { loadEnv } from '../apps/api/dist/config/env.js';
import { openDatabase } from '../apps/api/dist/db/client.js';
import { applyMigrations } from '../apps/api/dist/db/migrate.js';
import { createUserRepository } from '../apps/api/dist/repositories/user-repository.js';
import { ensureDemoUsers } from '../apps/api/dist/users/demo-users.js';

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const NODES = arg('nodes', 5000);
const SAMPLES = arg('samples', 200);
const PODS_PER_NODE = 30;
const HISTORY_DAYS = 30;
const PASSWORD = 'bench-password-123';
const CLUSTER = 'bench';

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
function report(label, times, extra = '') {
  const s = [...times].sort((a, b) => a - b);
  const f = (x) => `${x.toFixed(1).padStart(7)} ms`;
  console.log(
    `${label.padEnd(58)} n=${String(s.length).padStart(4)}  p50 ${f(percentile(s, 50))}  p95 ${f(percentile(s, 95))}  p99 ${f(percentile(s, 99))}${extra}`,
  );
}

// ---- synthetic cluster state, shaped like the collector's slim snapshots ----
const POOLS = ['general', 'memory-optimized', 'batch', 'tenant-acme', 'tenant-globex'];
const VERSIONS = ['v1.33.1', 'v1.32.5', 'v1.31.9'];
const now = new Date();
const nodes = new Map();
const pods = new Map();
const leases = new Map();
const namespaces = new Map();
for (const ns of ['shop', 'payments', 'kube-system', 'acme-web', 'globex-api']) {
  const tenant = ns.startsWith('acme') ? 'acme' : ns.startsWith('globex') ? 'globex' : null;
  namespaces.set(ns, {
    name: ns,
    labels: tenant ? { 'plimsoll.io/tenant': tenant } : {},
    phase: 'Active',
  });
}
for (let i = 0; i < NODES; i++) {
  const name = `ip-10-${(i >> 8) & 255}-${i & 255}-${i}.eu-west-1.compute.internal`;
  const pool = POOLS[i % POOLS.length];
  const labels = { 'plimsoll.io/pool': pool, 'kubernetes.io/hostname': name };
  if (pool.startsWith('tenant-')) labels['plimsoll.io/tenant'] = pool.slice(7);
  const cond = (type, status, reason) => ({
    type,
    status,
    reason,
    message: null,
    lastTransitionTime: new Date(now.getTime() - 86_400_000),
    lastHeartbeatTime: new Date(now.getTime() - (i % 10) * 1000),
  });
  nodes.set(name, {
    name,
    uid: `uid-${i}`,
    resourceVersion: String(i),
    labels,
    taints: pool.startsWith('tenant-')
      ? [{ key: 'plimsoll.io/tenant', value: pool.slice(7), effect: 'NoSchedule', timeAdded: null }]
      : [],
    conditions: [
      cond('MemoryPressure', i % 97 === 0 ? 'True' : 'False', 'KubeletHasSufficientMemory'),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure'),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID'),
      cond('Ready', i % 211 === 0 ? 'Unknown' : 'True', 'KubeletReady'),
      cond('KernelDeadlock', 'False', 'KernelHasNoDeadlock'),
    ],
    capacity: { cpu: '8', memory: '32386512Ki', 'ephemeral-storage': '101430960Ki', pods: '110' },
    allocatable: {
      cpu: '7910m',
      memory: '31235536Ki',
      'ephemeral-storage': '93478772582',
      pods: '110',
    },
    nodeInfo: {
      kubeletVersion: VERSIONS[i % 3],
      containerRuntimeVersion: 'containerd://2.0.5',
      kernelVersion: '6.8.0-1029-aws',
      osImage: 'Ubuntu 24.04.2 LTS',
    },
    unschedulable: false,
    createdAt: new Date(now.getTime() - 30 * 86_400_000),
  });
  leases.set(`kube-node-lease/${name}`, {
    namespace: 'kube-node-lease',
    name,
    resourceVersion: String(i),
    holderIdentity: name,
    leaseDurationSeconds: 40,
    acquireTime: null,
    renewTime: new Date(now.getTime() - (i % 12) * 1000),
    leaseTransitions: 0,
  });
  for (let p = 0; p < PODS_PER_NODE; p++) {
    const ns = p % 5 === 0 ? 'kube-system' : p % 3 === 0 ? 'payments' : 'shop';
    const pname = `w${i}-${p}`;
    pods.set(`${ns}/${pname}`, {
      namespace: ns,
      name: pname,
      uid: `pod-${i}-${p}`,
      resourceVersion: '1',
      nodeName: name,
      phase: 'Running',
      reason: null,
      message: null,
      qosClass: p % 4 === 0 ? 'Guaranteed' : p % 4 === 1 ? 'BestEffort' : 'Burstable',
      priority: p % 5 === 0 ? 2000001000 : 0,
      ownerKind: 'Deployment',
      ownerName: `w${p}`,
      containers: [
        {
          name: 'app',
          requests: p % 4 === 1 ? {} : { cpu: '100m', memory: '128Mi' },
          limits: p % 4 === 0 ? { cpu: '100m', memory: '128Mi' } : {},
        },
      ],
      terminatedAt: null,
      createdAt: now,
    });
  }
}
const collector = {
  name: CLUSTER,
  cache: { nodes, pods, leases, namespaces, resourcequotas: new Map() },
  health: () => ({ name: CLUSTER, source: 'kubeconfig', state: 'synced' }),
  isWriter: () => true,
  start: async () => {},
  stop: async () => {},
  flush: async () => {},
};
const collectors = new Map([[CLUSTER, collector]]);
const manager = {
  collectors,
  bus: new LiveBus(),
  simulatorUrl: undefined,
  list: () => [collector.health()],
  stop: async () => {},
};

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
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-bench-'));
  db = await openDatabase({ dataDir: dir });
  dropDb = async () => rmSync(dir, { recursive: true, force: true });
}
await applyMigrations(db.adapterFactory);
await ensureDemoUsers(createUserRepository(db.prisma), PASSWORD);

let t0 = performance.now();
// 30 days of history: every node flips Ready and MemoryPressure twice a day and DiskPressure / KernelDeadlock
// once a day (4 types × ~1.5 flips/day × 30 days × NODES rows).
await db.prisma.$executeRawUnsafe(
  `INSERT INTO node_condition_transitions (cluster, node, type, status, reason, last_transition_time, observed_at, reconstructed)
   SELECT $1, 'ip-10-' || ((n >> 8) & 255) || '-' || (n & 255) || '-' || n || '.eu-west-1.compute.internal', t.type,
          CASE WHEN (h / t.every) % 2 = 0 THEN t.healthy ELSE t.bad END, 'Bench', ts, ts, false
     FROM generate_series(0, $2::int - 1) AS n
     CROSS JOIN (VALUES ('Ready', 'True', 'False', 12), ('MemoryPressure', 'False', 'True', 12),
                        ('DiskPressure', 'False', 'True', 24), ('KernelDeadlock', 'False', 'True', 24)) AS t(type, healthy, bad, every)
     CROSS JOIN generate_series(0, $3::int * 24 - 1) AS h
     CROSS JOIN LATERAL (SELECT now() - make_interval(hours => $3::int * 24 - h) + make_interval(secs => n % 3600) AS ts) AS x
    WHERE h % t.every = 0`,
  CLUSTER,
  NODES,
  HISTORY_DAYS,
);
await db.prisma.$executeRawUnsafe(
  `INSERT INTO pressure_samples (cluster, node, at, resolution_seconds, memory_available_bytes, memory_working_set_bytes,
     nodefs_available_bytes, nodefs_capacity_bytes, nodefs_inodes_free, nodefs_inodes, pid_available, pid_max)
   SELECT $1, 'ip-10-' || ((n >> 8) & 255) || '-' || (n & 255) || '-' || n || '.eu-west-1.compute.internal',
          now() - make_interval(secs => s * 30), 0, (8 + n % 20)::bigint * 1073741824, 12884901888,
          (20 + n % 60)::bigint * 1073741824, 103865303040, 5000000, 6300000, 4190000, 4194304
     FROM generate_series(0, $2::int - 1) AS n CROSS JOIN generate_series(0, 9) AS s`,
  CLUSTER,
  NODES,
);
const [{ count }] = await db.prisma.$queryRawUnsafe(
  `SELECT count(*)::int AS count FROM node_condition_transitions`,
);
const fillMs = performance.now() - t0;

const env = loadEnv({
  NODE_ENV: 'production',
  PLIMSOLL_LOG_LEVEL: 'silent',
  PLIMSOLL_SIMULATOR: 'off',
});
const app = await buildApp({
  env,
  db,
  clusterManager: manager,
  registry: new Registry(),
  logger: false,
});
await app.ready();
const login = await app.inject({
  method: 'POST',
  url: '/api/v1/auth/login',
  payload: { username: 'sre', password: PASSWORD },
});
const cookie = `plimsoll_session=${login.cookies.find((c) => c.name === 'plimsoll_session').value}`;

async function time(url, n, before) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    before?.(i);
    const s = performance.now();
    const res = await app.inject({ url, headers: { cookie } });
    times.push(performance.now() - s);
    if (res.statusCode !== 200)
      throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    bytes = res.rawPayload.length;
  }
  return { times, bytes };
}

console.log(
  `Plimsoll node API benchmark: ${NODES} nodes, ${pods.size} pods, ${count.toLocaleString('en-US')} condition transitions over ${HISTORY_DAYS} days (${db.kind}); filled in ${(fillMs / 1000).toFixed(1)} s`,
);
console.log(
  `node ${process.version}, in-process requests (app.inject), ${SAMPLES} samples each after 10 warm-up requests\n`,
);
const base = `/api/v1/clusters/${CLUSTER}`;
const node = [...nodes.keys()][Math.floor(NODES / 2)];
await time(`${base}/nodes?limit=5000`, 10);
// Cold: a fresh collector object per request defeats the 2 s row cache, so every request rebuilds all rows
// (pressure query + headroom, requests and lease health for every node).
const fresh = () => collectors.set(CLUSTER, { ...collector });
const cold = await time(`${base}/nodes?limit=5000`, Math.min(SAMPLES, 60), fresh);
collectors.set(CLUSTER, collector);
const warmAll = await time(`${base}/nodes?limit=5000`, SAMPLES);
const page = await time(`${base}/nodes?limit=500&sort=headroom&condition=ready`, SAMPLES);
const from = new Date(Date.now() - HISTORY_DAYS * 86_400_000).toISOString();
await time(`${base}/nodes/${node}/conditions?from=${from}`, 10);
const history = await time(`${base}/nodes/${node}/conditions?from=${from}`, SAMPLES);
const kib = (b) => ` ${(b / 1024).toFixed(0)} KiB`;
report('GET /nodes?limit=5000, rows rebuilt every request (cold)', cold.times, kib(cold.bytes));
report('GET /nodes?limit=5000, rows cached (≤ 2 s old)', warmAll.times, kib(warmAll.bytes));
report('GET /nodes?limit=500&sort=headroom&condition=ready', page.times, kib(page.bytes));
report(`GET /nodes/{node}/conditions, ${HISTORY_DAYS} days`, history.times, kib(history.bytes));
console.log(
  `\ncommand: npm run bench -- nodes-api --nodes ${NODES} --samples ${SAMPLES}${serverUrl ? '  (with DATABASE_URL)' : ''}`,
);

await app.close();
await db.close();
await dropDb();
