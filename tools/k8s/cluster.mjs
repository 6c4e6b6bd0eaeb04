#!/usr/bin/env node
// A real Kubernetes control plane on loopback for `npm run test:cluster`: etcd, kube-apiserver (TLS, service-account
// tokens, Node+RBAC authorization, the usual admission plugins), kube-controller-manager, kube-scheduler and KWOK
// managing N fake nodes whose Leases renew. `up` writes a kubeconfig and a state file; `down` stops exactly the
// processes that `up` started (their pids and command lines are in the state file).
//
//   node tools/k8s/cluster.mjs up [--nodes N] [--dir DIR]     (npm run cluster:up -- --nodes 5)
//   node tools/k8s/cluster.mjs down [--dir DIR]               (npm run cluster:down)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '../..');
export const DEFAULT_DIR = join(REPO_ROOT, '.plimsoll', 'cluster');
const HOST = '127.0.0.1';

/** KWOK manages the nodes carrying this annotation; removing it stops the node's heartbeat and Lease renewals. */
export const KWOK_ANNOTATION = 'kwok.x-k8s.io/node';

/**
 * Timing of the control plane, short so that what takes minutes in a real cluster happens within a test. Each value
 * is a real flag of the component that reads it.
 */
export const TIMING = {
  /** kube-apiserver --event-ttl (default 1h). */
  eventTtlSeconds: 60,
  /** kube-apiserver --etcd-compaction-interval (default 5m): the apiserver's own etcd compactor. */
  compactionIntervalSeconds: 30,
  /** kube-controller-manager --node-monitor-period (default 5s). */
  nodeMonitorPeriodSeconds: 2,
  /** kube-controller-manager --node-monitor-grace-period (default 50s). */
  nodeMonitorGracePeriodSeconds: 40,
  /** kwok --node-lease-duration-seconds (the kubelet's default is 40 s); renewed every quarter of it. */
  nodeLeaseDurationSeconds: 20,
};

function log(msg) {
  process.stderr.write(`cluster: ${msg}\n`);
}

/** Runs tools/k8s/build.sh (reuses cached binaries) and returns the bin directory. */
export function buildBinaries() {
  const out = execFileSync('bash', [join(HERE, 'build.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  return out.trim().split('\n').pop();
}

/**
 * The cached binaries without building anything: `{ bin }` when all are there, else `{ problem }` saying what is
 * missing and how to build it (for callers that must not start a 20-minute Go build on their own, like benchmarks).
 */
export function builtBinaries() {
  const r = spawnSync('bash', [join(HERE, 'build.sh'), '--check'], { encoding: 'utf8' });
  if (r.status === 0) return { bin: r.stdout.trim().split('\n').pop() };
  return {
    problem:
      `${(r.stderr || '').trim() || 'tools/k8s/build.sh --check failed'}\n` +
      'the real control plane is built from Go modules by `npm run k8s:build` (Go >= 1.26; cold ≈ 20 min)',
  };
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function openssl(args, cwd) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA and the certificates a kubeadm cluster has: serving, kubelet-client, and one client cert per component. */
export function makePki(pki) {
  mkdirSync(pki, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '30',
      '-subj',
      '/CN=plimsoll-test-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    ],
    pki,
  );
  const leaf = (name, subj, ext) => {
    writeFileSync(join(pki, `${name}.ext`), ext);
    openssl(
      ['req', '-new', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj],
      pki,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.crt`,
        '-days',
        '30',
        '-extfile',
        `${name}.ext`,
      ],
      pki,
    );
  };
  const client = 'keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n';
  leaf(
    'apiserver',
    '/CN=kube-apiserver',
    'keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' +
      'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,' +
      'DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\n',
  );
  leaf('admin', '/O=system:masters/CN=kubernetes-admin', client);
  leaf('apiserver-kubelet-client', '/O=system:masters/CN=kube-apiserver-kubelet-client', client);
  leaf('controller-manager', '/CN=system:kube-controller-manager', client);
  leaf('scheduler', '/CN=system:kube-scheduler', client);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(pki, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
  writeFileSync(join(pki, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
}

function kubeconfig(server, pki, user) {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: plimsoll-test',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority: ${join(pki, 'ca.crt')}`,
    'users:',
    `- name: ${user}`,
    '  user:',
    `    client-certificate: ${join(pki, `${user}.crt`)}`,
    `    client-key: ${join(pki, `${user}.key`)}`,
    'contexts:',
    '- name: plimsoll-test',
    '  context:',
    '    cluster: plimsoll-test',
    `    user: ${user}`,
    'current-context: plimsoll-test',
    '',
  ].join('\n');
}

/** The command line of every component, from the ports and paths of one cluster. */
export function componentSpecs(dir, bin, ports, nodesPort, timing = TIMING) {
  const pki = join(dir, 'pki');
  const kc = (user) => join(dir, `${user}.kubeconfig`);
  return [
    {
      name: 'etcd',
      bin: join(bin, 'etcd'),
      args: [
        '--name=plimsoll-test',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=http://${HOST}:${ports.etcd}`,
        `--advertise-client-urls=http://${HOST}:${ports.etcd}`,
        `--listen-peer-urls=http://${HOST}:${ports.etcdPeer}`,
        `--initial-advertise-peer-urls=http://${HOST}:${ports.etcdPeer}`,
        `--initial-cluster=plimsoll-test=http://${HOST}:${ports.etcdPeer}`,
        '--listen-metrics-urls=',
        '--quota-backend-bytes=8589934592',
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
    },
    {
      name: 'kube-apiserver',
      bin: join(bin, 'kube-apiserver'),
      args: [
        `--etcd-servers=http://${HOST}:${ports.etcd}`,
        `--bind-address=${HOST}`,
        `--advertise-address=${HOST}`,
        `--secure-port=${ports.apiserver}`,
        // The kubernetes Service's Endpoints may not be a loopback address; nothing here reaches the API that way.
        '--endpoint-reconciler-type=none',
        `--tls-cert-file=${join(pki, 'apiserver.crt')}`,
        `--tls-private-key-file=${join(pki, 'apiserver.key')}`,
        `--client-ca-file=${join(pki, 'ca.crt')}`,
        `--service-account-key-file=${join(pki, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--kubelet-client-certificate=${join(pki, 'apiserver-kubelet-client.crt')}`,
        `--kubelet-client-key=${join(pki, 'apiserver-kubelet-client.key')}`,
        '--kubelet-preferred-address-types=InternalIP,Hostname',
        '--authorization-mode=Node,RBAC',
        // On top of the defaults (NamespaceLifecycle, LimitRanger, ServiceAccount, Priority, DefaultTolerationSeconds,
        // TaintNodesByCondition, …, PodSecurity, ResourceQuota, the webhooks): NodeRestriction, as kubeadm enables.
        '--enable-admission-plugins=NodeRestriction,ResourceQuota,PodSecurity',
        '--service-cluster-ip-range=10.96.0.0/16',
        '--allow-privileged=true',
        `--event-ttl=${timing.eventTtlSeconds}s`,
        // Events share an etcd lease per this window; a short one keeps their expiry close to --event-ttl.
        '--lease-reuse-duration-seconds=5',
        `--etcd-compaction-interval=${timing.compactionIntervalSeconds}s`,
        '--profiling=false',
        '--max-requests-inflight=800',
        '--max-mutating-requests-inflight=400',
        '--v=1',
      ],
    },
    {
      name: 'kube-controller-manager',
      bin: join(bin, 'kube-controller-manager'),
      args: [
        `--kubeconfig=${kc('controller-manager')}`,
        `--authentication-kubeconfig=${kc('controller-manager')}`,
        `--authorization-kubeconfig=${kc('controller-manager')}`,
        `--bind-address=${HOST}`,
        `--secure-port=${ports.controllerManager}`,
        '--leader-elect=false',
        '--use-service-account-credentials=true',
        `--service-account-private-key-file=${join(pki, 'sa.key')}`,
        `--root-ca-file=${join(pki, 'ca.crt')}`,
        `--cluster-signing-cert-file=${join(pki, 'ca.crt')}`,
        `--cluster-signing-key-file=${join(pki, 'ca.key')}`,
        '--controllers=*,-nodeipam',
        `--node-monitor-period=${timing.nodeMonitorPeriodSeconds}s`,
        `--node-monitor-grace-period=${timing.nodeMonitorGracePeriodSeconds}s`,
        '--resource-quota-sync-period=30s',
        '--kube-api-qps=200',
        '--kube-api-burst=400',
        '--profiling=false',
        '--v=1',
      ],
    },
    {
      name: 'kube-scheduler',
      bin: join(bin, 'kube-scheduler'),
      args: [
        `--kubeconfig=${kc('scheduler')}`,
        `--authentication-kubeconfig=${kc('scheduler')}`,
        `--authorization-kubeconfig=${kc('scheduler')}`,
        `--bind-address=${HOST}`,
        `--secure-port=${ports.scheduler}`,
        '--leader-elect=false',
        '--profiling=false',
        '--v=1',
      ],
    },
    {
      name: 'kwok',
      bin: join(bin, 'kwok'),
      args: [
        `--kubeconfig=${kc('admin')}`,
        `--config=${join(bin, '..', 'kwok-stages.yaml')}`,
        `--manage-nodes-with-annotation-selector=${KWOK_ANNOTATION}=fake`,
        `--node-lease-duration-seconds=${timing.nodeLeaseDurationSeconds}`,
        // The nodes' InternalIP and kubelet port: KWOK's own server on loopback, which is no kubelet — what the API
        // server's node proxy reaches there is what an unreachable kubelet gives a real cluster.
        `--node-ip=${HOST}`,
        `--node-port=${nodesPort}`,
        `--server-address=${HOST}:${nodesPort}`,
        '--v=1',
      ],
    },
  ];
}

export function startProcess(dir, spec) {
  const logFile = join(dir, 'logs', `${spec.name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(spec.bin, spec.args, { detached: true, stdio: ['ignore', fd, fd] });
  child.unref();
  return { name: spec.name, pid: child.pid, bin: spec.bin, args: spec.args, log: logFile };
}

/** Whether `pid` is still the process we started (pids are reused). */
function isOurs(proc) {
  try {
    const cmd = readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8').split('\0')[0];
    return cmd === proc.bin;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function stopProcess(proc) {
  if (!isOurs(proc)) return;
  process.kill(proc.pid, 'SIGTERM');
  for (let i = 0; i < 100 && isOurs(proc); i++) await sleep(100);
  if (isOurs(proc)) process.kill(proc.pid, 'SIGKILL');
  for (let i = 0; i < 50 && isOurs(proc); i++) await sleep(100);
}

function readState(dir) {
  const file = join(dir, 'state.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function writeState(dir, state) {
  writeFileSync(join(dir, 'state.json'), JSON.stringify(state, null, 2));
}

function tail(file, lines = 25) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * An HTTPS request as the cluster admin (client certificate); resolves with status and parsed body (the text when it
 * is not one JSON document: a watch's event lines, readyz). `headers` are added (an Accept for Tables, say).
 */
export function adminRequest(
  state,
  method,
  path,
  body,
  contentType = 'application/json',
  headers = {},
) {
  const pki = join(state.dir, 'pki');
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((res, rej) => {
    const req = https.request(
      {
        host: HOST,
        port: state.ports.apiserver,
        method,
        path,
        ca: readFileSync(join(pki, 'ca.crt')),
        cert: readFileSync(join(pki, 'admin.crt')),
        key: readFileSync(join(pki, 'admin.key')),
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': contentType, 'content-length': payload.length } : {}),
          ...headers,
        },
        timeout: 30_000,
      },
      (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON (readyz answers text)
          }
          res({ status: r.statusCode, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', rej);
    if (payload) req.write(payload);
    req.end();
  });
}

async function waitUntil(what, proc, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (!isOurs(proc))
      throw new Error(`${proc.name} exited while waiting for ${what}:\n${tail(proc.log)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${tail(proc.log)}`);
    await sleep(250);
  }
}

export async function waitReady(state, proc) {
  if (proc.name === 'etcd') {
    await waitUntil(
      'etcd /health',
      proc,
      async () => {
        const r = await fetch(`http://${HOST}:${state.ports.etcd}/health`);
        return r.ok && (await r.json()).health === 'true';
      },
      60_000,
    );
  } else if (proc.name === 'kube-apiserver') {
    await waitUntil(
      'kube-apiserver /readyz',
      proc,
      async () => (await adminRequest(state, 'GET', '/readyz')).status === 200,
      180_000,
    );
  } else {
    // The controller-manager and scheduler serve /healthz on their secure port; KWOK, its /healthz.
    const port =
      proc.name === 'kube-controller-manager'
        ? state.ports.controllerManager
        : proc.name === 'kube-scheduler'
          ? state.ports.scheduler
          : state.ports.kwok;
    const scheme = proc.name === 'kwok' ? 'http' : 'https';
    await waitUntil(
      `${proc.name} /healthz`,
      proc,
      () =>
        new Promise((res) => {
          const mod = scheme === 'https' ? https : http;
          const req = mod.request(
            { host: HOST, port, path: '/healthz', rejectUnauthorized: false, timeout: 5000 },
            (r) => {
              r.resume();
              res(r.statusCode === 200);
            },
          );
          req.on('error', () => res(false));
          req.end();
        }),
      120_000,
    );
  }
}

/** A Node object as kwokctl creates them, with the capacity of a typical worker. */
export function kwokNode(name) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [KWOK_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node-role.kubernetes.io/worker': '',
        type: 'kwok',
      },
    },
    spec: {},
    status: {
      allocatable: { cpu: '8', memory: '32Gi', pods: '110', 'ephemeral-storage': '100Gi' },
      capacity: { cpu: '8', memory: '32Gi', pods: '110', 'ephemeral-storage': '100Gi' },
    },
  };
}

/** Creates `count` KWOK nodes named `kwok-node-<i>` from `from` on, `concurrency` requests at a time. */
export async function createNodes(state, count, { from = 0, concurrency = 16 } = {}) {
  let next = from;
  const end = from + count;
  const worker = async () => {
    while (next < end) {
      const name = `kwok-node-${next++}`;
      const r = await adminRequest(state, 'POST', '/api/v1/nodes', kwokNode(name));
      if (r.status !== 201 && r.status !== 409)
        throw new Error(`creating node ${name}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Waits until `count` nodes report Ready=True (KWOK's node-initialize stage ran on each). */
export async function waitNodesReady(state, count, timeoutMs = Math.max(120_000, count * 100)) {
  const kwok = state.processes.find((p) => p.name === 'kwok');
  await waitUntil(
    `${count} Ready nodes`,
    kwok,
    async () => {
      // A list of thousands of nodes is megabytes: look less often.
      if (count > 500) await sleep(2000);
      const r = await adminRequest(state, 'GET', '/api/v1/nodes?labelSelector=type%3Dkwok');
      const ready = (r.body.items ?? []).filter((n) =>
        (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
      );
      return ready.length >= count;
    },
    timeoutMs,
  );
}

/**
 * A node with a KWOK of its own (`--manage-single-node`), playing that node's kubelet alone: `stop()` ends the
 * node's status updates and Lease renewals, as a kubelet that died would, and leaves every other node alone (the
 * shared KWOK goes on renewing the Lease of a node whose annotation was taken off, so it cannot do this). Creates
 * the node (an existing one is fine) and starts its KWOK; `start()` starts it again.
 */
export async function soloNode(state, name) {
  const node = kwokNode(name);
  node.metadata.annotations[KWOK_ANNOTATION] = 'solo';
  const r = await adminRequest(state, 'POST', '/api/v1/nodes', node);
  if (r.status !== 201 && r.status !== 409)
    throw new Error(`creating node ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  let child;
  const solo = {
    async start() {
      child = spawn(
        join(state.bin, 'kwok'),
        [
          `--kubeconfig=${state.kubeconfig}`,
          `--config=${join(state.bin, '..', 'kwok-stages.yaml')}`,
          `--manage-single-node=${name}`,
          `--node-lease-duration-seconds=${state.timing.nodeLeaseDurationSeconds}`,
          `--node-ip=${HOST}`,
        ],
        { stdio: 'ignore' },
      );
    },
    async stop() {
      const p = child;
      child = undefined;
      if (!p || p.exitCode !== null) return;
      const exited = new Promise((res) => p.once('exit', res));
      p.kill('SIGTERM');
      await exited;
    },
  };
  await solo.start();
  return solo;
}

/**
 * Starts the whole control plane in `dir` (emptied first) and `nodes` KWOK nodes; returns the state that `down`,
 * `restart` and the tests read (also written to `dir/state.json`).
 */
export async function up({ dir = DEFAULT_DIR, nodes = 3, bin, timing: overrides = {} } = {}) {
  const timing = { ...TIMING, ...overrides };
  const existing = readState(dir);
  if (existing && existing.processes.some(isOurs))
    throw new Error(`a cluster is already running from ${dir}; run cluster:down first`);
  const started = Date.now();
  const binDir = bin ?? buildBinaries();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  makePki(join(dir, 'pki'));
  const ports = {
    etcd: await freePort(),
    etcdPeer: await freePort(),
    apiserver: await freePort(),
    controllerManager: await freePort(),
    scheduler: await freePort(),
    kwok: await freePort(),
  };
  const server = `https://${HOST}:${ports.apiserver}`;
  for (const user of ['admin', 'controller-manager', 'scheduler'])
    writeFileSync(join(dir, `${user}.kubeconfig`), kubeconfig(server, join(dir, 'pki'), user), {
      mode: 0o600,
    });
  const version = execFileSync(join(binDir, 'kube-apiserver'), ['--version'], {
    encoding: 'utf8',
  }).trim();
  const state = {
    dir,
    bin: binDir,
    server,
    version,
    kubeconfig: join(dir, 'admin.kubeconfig'),
    ports,
    timing,
    specs: componentSpecs(dir, binDir, ports, ports.kwok, timing),
    processes: [],
  };
  try {
    for (const spec of state.specs) {
      const proc = startProcess(dir, spec);
      state.processes.push(proc);
      writeState(dir, state);
      await waitReady(state, proc);
      log(`${spec.name} ready (pid ${proc.pid})`);
    }
    await createNodes(state, nodes);
    await waitNodesReady(state, nodes);
  } catch (err) {
    await down({ dir });
    throw err;
  }
  log(`${version} with ${nodes} KWOK nodes up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return state;
}

/** Stops one component and starts it again with the same command line (an API-server restart, say). */
export async function restart(dir, name, { downMs = 0 } = {}) {
  const state = readState(dir);
  const i = state.processes.findIndex((p) => p.name === name);
  await stopProcess(state.processes[i]);
  if (downMs) await sleep(downMs);
  const spec = state.specs.find((s) => s.name === name);
  state.processes[i] = startProcess(dir, spec);
  writeState(dir, state);
  await waitReady(state, state.processes[i]);
  return state;
}

/** Stops every process `up` started, newest first, and keeps the logs. */
export async function down({ dir = DEFAULT_DIR } = {}) {
  const state = readState(dir);
  if (!state) {
    log(`no cluster state in ${dir}: nothing to stop`);
    return;
  }
  for (const proc of [...state.processes].reverse()) {
    const running = isOurs(proc);
    await stopProcess(proc);
    if (running) log(`stopped ${proc.name} (pid ${proc.pid})`);
  }
  state.processes = [];
  writeState(dir, state);
}

/** Reads the state of a running cluster. */
export function status(dir = DEFAULT_DIR) {
  return readState(dir);
}

async function main(argv) {
  const [cmd, ...rest] = argv;
  const opt = (name) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const dir = resolve(opt('dir') ?? DEFAULT_DIR);
  if (cmd === 'up') {
    const nodes = Number(opt('nodes') ?? 3);
    if (!Number.isInteger(nodes) || nodes < 0) throw new Error('--nodes takes a whole number');
    const state = await up({ dir, nodes });
    process.stdout.write(
      `${state.version} at ${state.server}\n` +
        `kubectl --kubeconfig ${state.kubeconfig} get nodes\n` +
        `logs: ${join(dir, 'logs')}; stop with npm run cluster:down\n`,
    );
  } else if (cmd === 'down') {
    await down({ dir });
  } else {
    process.stderr.write('usage: cluster.mjs up [--nodes N] [--dir DIR] | down [--dir DIR]\n');
    process.exit(2);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`cluster: ${err.message}\n`);
    process.exit(1);
  });
}
