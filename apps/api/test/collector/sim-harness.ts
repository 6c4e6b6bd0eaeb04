import { startSimCluster, type SimCluster, type TruthEntry } from '@plimsoll/kube-sim';
import { Registry } from 'prom-client';

import { createClusterCollector } from '../../src/collector/collector.js';
import type {
  ClusterCollector,
  ClusterCollectorOptions,
} from '../../src/collector/cluster-collector.js';
import type { Database } from '../../src/db/client.js';
import { KubeApiError, type KubeClient } from '../../src/k8s/kube-client.js';
import { clusterTargetFromKubeconfig } from '../../src/k8s/kube-config.js';
import {
  createHistoryRepository,
  type HistoryRepository,
} from '../../src/repositories/history-repository.js';

/** A logger that keeps warnings for assertions and prints nothing. */
export function memoryLogger() {
  const warnings: Array<{ obj: object; msg?: string }> = [];
  const noop = () => {};
  return {
    warnings,
    info: noop,
    debug: noop,
    warn: (obj: object, msg?: string) => warnings.push({ obj, ...(msg ? { msg } : {}) }),
    error: (obj: object, msg?: string) => warnings.push({ obj, ...(msg ? { msg } : {}) }),
  };
}

/** Starts a simulated cluster for a test. */
export function startSim(
  opts: {
    scenario?: string;
    speed?: number;
    nodes?: number;
    seed?: number;
    watchWindow?: number;
  } = {},
) {
  return startSimCluster({
    host: '127.0.0.1',
    port: 0,
    scenario: opts.scenario ?? 'demo',
    speed: opts.speed ?? 60,
    nodes: opts.nodes ?? 6,
    seed: opts.seed ?? 7,
    ...(opts.watchWindow ? { watchWindow: opts.watchWindow } : {}),
  });
}

/** A collector on `sim` writing to `db`. */
export function collectorFor(
  sim: SimCluster,
  db: Database,
  extra: Partial<ClusterCollectorOptions> & { history?: HistoryRepository } = {},
): { collector: ClusterCollector; registry: Registry; log: ReturnType<typeof memoryLogger> } {
  const registry = extra.registry ?? new Registry();
  const log = memoryLogger();
  const collector = createClusterCollector({
    target: clusterTargetFromKubeconfig('sim', 'simulated', sim.kubeconfig()),
    history: extra.history ?? createHistoryRepository(db.prisma),
    registry,
    log,
    tenantLabels: ['capsule.clastix.io/tenant', 'plimsoll.io/tenant'],
    autoscalerStatusConfigMap: 'kube-system/cluster-autoscaler-status',
    bufferCapacity: 10_000,
    leaderElection: false,
    backoff: { minMs: 100, maxMs: 1000 },
    ...extra,
  });
  return { collector, registry, log };
}

/** Polls `check` until it returns true, or fails after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // A check that throws (the sim's listener is restarting) counts as not yet.
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The simulation's ground truth. */
export async function truth(sim: SimCluster): Promise<TruthEntry[]> {
  const res = await fetch(`${sim.url}/sim/v1/truth`);
  return ((await res.json()) as { items: TruthEntry[] }).items;
}

/** Switches faults / takes fault actions through the HTTP control route, as an operator would. */
export async function fault(sim: SimCluster, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sim.url}/sim/v1/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200)
    throw new Error(`fault ${JSON.stringify(body)}: ${res.status} ${await res.text()}`);
}

/** Truth evictions and condition transitions missing from the database. */
export async function missingFromHistory(sim: SimCluster, db: Database, entries?: TruthEntry[]) {
  const items = entries ?? (await truth(sim));
  const evictions = await db.prisma.eviction.findMany({
    where: { cluster: 'sim' },
    select: { podUid: true },
  });
  const uids = new Set(evictions.map((e) => e.podUid));
  const transitions = await db.prisma.nodeConditionTransition.findMany({
    where: { cluster: 'sim' },
    select: { node: true, type: true, status: true, lastTransitionTime: true },
  });
  const seen = new Set(
    transitions.map(
      (t) => `${t.node}|${t.type}|${t.status}|${Math.floor(t.lastTransitionTime.getTime() / 1000)}`,
    ),
  );
  const missing: TruthEntry[] = [];
  for (const e of items) {
    const d = e.details as Record<string, string>;
    if (e.kind === 'eviction' && !uids.has(d.uid as string)) missing.push(e);
    if (e.kind === 'condition-transition') {
      // Conditions carry second-precision times (metav1.Time).
      const sec = Math.floor(Date.parse(e.at) / 1000);
      if (!seen.has(`${d.node}|${d.type}|${d.to}|${sec}`)) missing.push(e);
    }
  }
  return missing;
}

/** Truth entries Plimsoll can know: a condition that flipped back while nobody watched left no trace in the API. */
export function knowable(entries: TruthEntry[], blind: Array<[number, number]>): TruthEntry[] {
  const last = new Map<string, number>();
  for (const e of entries) {
    if (e.kind !== 'condition-transition') continue;
    const d = e.details as Record<string, string>;
    last.set(`${d.node}|${d.type}`, e.seq);
  }
  return entries.filter((e) => {
    if (e.kind !== 'condition-transition') return true;
    const t = Date.parse(e.at);
    const d = e.details as Record<string, string>;
    const inBlind = blind.some(([a, b]) => t >= a && t <= b);
    return !inBlind || last.get(`${d.node}|${d.type}`) === e.seq;
  });
}

/** The simulation's clock (ms). */
export async function simNow(sim: SimCluster): Promise<number> {
  const info = (await (await fetch(`${sim.url}/sim/v1/info`)).json()) as { simTime: string };
  return Date.parse(info.simTime);
}

/** A client whose every call fails while `isDown()` says so: a crashed or cut-off replica's view of the cluster. */
export function switchableClient(
  client: KubeClient,
  isDown: () => boolean,
  failPath?: (path: string) => boolean,
): KubeClient {
  const refuse = () => new KubeApiError(503, 'connection refused (test)');
  return {
    ...client,
    list: (path, query) =>
      isDown() || failPath?.(path) ? Promise.reject(refuse()) : client.list(path, query),
    request: (method, path, body) =>
      isDown() || failPath?.(path) ? Promise.reject(refuse()) : client.request(method, path, body),
    watch: async (path, query, onEvent, onDone) => {
      if (isDown()) throw refuse();
      const handle = await client.watch(
        path,
        query,
        (type, obj) => {
          if (!isDown()) onEvent(type, obj);
        },
        onDone,
      );
      return handle;
    },
  };
}
