import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { SimCluster, TruthEntry } from '@plimsoll/kube-sim';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

import { startClusterManager, type ClusterManager } from '../../src/collector/cluster-manager.js';
import { loadEnv } from '../../src/config/env.js';
import type { Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { DEFAULT_LEADER_ELECTION_TIMING } from '../../src/k8s/leader-election.js';
import { createHistoryRepository } from '../../src/repositories/history-repository.js';
import { createTestDatabase } from '../helper.js';
import { knowable, simNow, startSim, truth, waitFor } from './sim-harness.js';

// Issue 11's "done when": two API replicas against one Postgres and two simulated clusters collect each cluster
// exactly once. Each replica runs a cluster manager with both kubeconfig contexts; each cluster's Lease (in that
// cluster) picks one writer, and the idempotency keys make a handover's replay harmless.

const CLUSTERS = ['alpha', 'beta'] as const;
type ClusterName = (typeof CLUSTERS)[number];

interface KubeconfigDoc {
  clusters: unknown[];
  users: unknown[];
  contexts: unknown[];
  'current-context'?: string;
}

/** One kubeconfig holding a context per simulated cluster, named after it. */
function mergedKubeconfig(sims: Record<ClusterName, SimCluster>): string {
  const docs = CLUSTERS.map(
    (name) => parse(sims[name].kubeconfig({ contextName: name })) as KubeconfigDoc,
  );
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: docs.flatMap((d) => d.clusters),
    users: docs.flatMap((d) => d.users),
    contexts: docs.flatMap((d) => d.contexts),
    'current-context': CLUSTERS[0],
    preferences: {},
  });
}

/** Per truth eviction and condition transition of `cluster`, how many history rows carry it (want: exactly 1). */
async function historyCounts(db: Database, cluster: string, entries: TruthEntry[]) {
  const evictions = await db.prisma.eviction.findMany({
    where: { cluster },
    select: { podUid: true },
  });
  const transitions = await db.prisma.nodeConditionTransition.findMany({
    where: { cluster },
    select: { node: true, type: true, status: true, lastTransitionTime: true },
  });
  const count = (keys: string[]) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const byUid = count(evictions.map((e) => e.podUid));
  const byTransition = count(
    transitions.map(
      (t) => `${t.node}|${t.type}|${t.status}|${Math.floor(t.lastTransitionTime.getTime() / 1000)}`,
    ),
  );
  const wrong: Array<{ entry: TruthEntry; rows: number }> = [];
  let checked = 0;
  for (const entry of entries) {
    const d = entry.details as Record<string, string>;
    let rows: number | undefined;
    if (entry.kind === 'eviction') rows = byUid.get(d.uid as string) ?? 0;
    if (entry.kind === 'condition-transition') {
      // Conditions carry second-precision times (metav1.Time).
      const sec = Math.floor(Date.parse(entry.at) / 1000);
      rows = byTransition.get(`${d.node}|${d.type}|${d.to}|${sec}`) ?? 0;
    }
    if (rows === undefined) continue;
    checked++;
    if (rows !== 1) wrong.push({ entry, rows });
  }
  return { wrong, checked, evictionRows: evictions.length, transitionRows: transitions.length };
}

/** Waits until every knowable truth entry of `cluster` is in history exactly once. */
async function expectCollectedOnce(
  db: Database,
  cluster: ClusterName,
  sim: SimCluster,
  blind: Array<[number, number]> = [],
) {
  const entries = knowable(await truth(sim), blind);
  let last: Awaited<ReturnType<typeof historyCounts>> | undefined;
  await waitFor(
    async () => {
      last = await historyCounts(db, cluster, entries);
      return last.wrong.length === 0;
    },
    30_000,
    `${cluster}'s truth in history exactly once`,
  ).catch((err: Error) => {
    throw new Error(`${err.message}: ${JSON.stringify(last?.wrong.slice(0, 5))}`);
  });
  return last as Awaited<ReturnType<typeof historyCounts>>;
}

describe('two replicas, one database, two clusters', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  const dbs: Database[] = [];
  let sims: Record<ClusterName, SimCluster>;
  let dir: string;
  const managers: ClusterManager[] = [];
  const stopped = new Set<ClusterManager>();

  beforeAll(async () => {
    store = await createTestDatabase();
    const first = await store.open();
    dbs.push(first);
    await applyMigrations(first.adapterFactory);
    // On Postgres each replica gets its own pool, as two pods would; PGlite is one process, so they share it.
    dbs.push(store.kind === 'postgres' ? await store.open() : first);
    sims = {
      alpha: await startSim({ scenario: 'memory-storm', speed: 120, seed: 11 }),
      beta: await startSim({ scenario: 'disk-fill', speed: 120, seed: 23 }),
    };
    dir = mkdtempSync(join(tmpdir(), 'plimsoll-multi-'));
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, mergedKubeconfig(sims));
    const env = loadEnv({
      NODE_ENV: 'test',
      PLIMSOLL_LOG_LEVEL: 'silent',
      PLIMSOLL_CLUSTERS: CLUSTERS.join(','),
      KUBECONFIG: kubeconfig,
      PLIMSOLL_SIMULATOR: 'off',
      PLIMSOLL_LEADER_ELECTION_NAMESPACE: 'kube-system',
    });
    const quiet = { info() {}, warn() {}, error() {}, debug() {} };
    for (const db of dbs) {
      managers.push(
        await startClusterManager({
          env,
          history: createHistoryRepository(db.prisma),
          registry: new Registry(),
          log: quiet,
        }),
      );
    }
  });

  afterAll(async () => {
    await Promise.all(managers.filter((m) => !stopped.has(m)).map((m) => m.stop()));
    await Promise.all(Object.values(sims ?? {}).map((s) => s.close()));
    for (const db of new Set(dbs)) await db.close();
    await store?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const writersOf = (cluster: ClusterName) =>
    managers.filter((m) => !stopped.has(m) && m.collectors.get(cluster)?.isWriter());

  it('collects each cluster once, under its own name, and hands a cluster over when its writer stops', async () => {
    for (const m of managers) expect([...m.collectors.keys()].sort()).toEqual([...CLUSTERS]);
    await waitFor(
      () =>
        CLUSTERS.every(
          (c) =>
            writersOf(c).length === 1 &&
            managers.every((m) => m.collectors.get(c)?.health().state !== 'syncing'),
        ),
      30_000,
      'both clusters synced with one writer each',
    );
    for (const c of CLUSTERS) {
      // Exactly one writer per cluster; the other replica stands by with a warm cache.
      expect(writersOf(c)).toHaveLength(1);
      const states = managers.map((m) => m.collectors.get(c)?.health().state).sort();
      expect(states).toEqual(['standby', 'synced']);
    }
    // The replicas may lead different clusters (each cluster's Lease is elected on its own): no assertion on which.

    // Both storms evict pods and flip node conditions; wait for some of that in each simulation's truth.
    const db = dbs[0] as Database;
    for (const c of CLUSTERS) {
      await waitFor(
        async () =>
          (await truth(sims[c])).some(
            (e) => e.kind === 'eviction' || e.kind === 'condition-transition',
          ),
        40_000,
        `evictions or condition transitions in ${c}`,
      );
      const before = await expectCollectedOnce(db, c, sims[c]);
      expect(before.checked).toBeGreaterThan(0);
    }
    expect(
      (await db.prisma.cluster.findMany({ select: { name: true } })).map((r) => r.name).sort(),
    ).toEqual([...CLUSTERS]);
    expect(await db.prisma.currentNode.count({ where: { cluster: 'alpha' } })).toBeGreaterThan(0);
    expect(await db.prisma.currentNode.count({ where: { cluster: 'beta' } })).toBeGreaterThan(0);

    // Stop the replica writing alpha (as a rolling update would): the other takes alpha over within the lease duration.
    const old = writersOf('alpha')[0] as ClusterManager;
    const other = managers.find((m) => m !== old) as ClusterManager;
    const blindFrom = { alpha: await simNow(sims.alpha), beta: await simNow(sims.beta) };
    const t0 = Date.now();
    stopped.add(old);
    await old.stop();
    const leaseMs = DEFAULT_LEADER_ELECTION_TIMING.leaseDurationSeconds * 1000;
    await waitFor(
      () => other.collectors.get('alpha')?.isWriter() === true,
      leaseMs + DEFAULT_LEADER_ELECTION_TIMING.retryPeriodMs + 5000,
      'the other replica to take alpha over',
    );
    expect(Date.now() - t0).toBeLessThan(
      leaseMs + DEFAULT_LEADER_ELECTION_TIMING.retryPeriodMs + 5000,
    );
    // Beta ends up (or stays) with the surviving replica too.
    await waitFor(
      () => other.collectors.get('beta')?.isWriter() === true,
      leaseMs + DEFAULT_LEADER_ELECTION_TIMING.retryPeriodMs + 5000,
      'the other replica to write beta',
    );
    const blindTo = { alpha: await simNow(sims.alpha), beta: await simNow(sims.beta) };

    // Everything knowable, the handover included, is in history exactly once per cluster.
    for (const c of CLUSTERS) {
      await expectCollectedOnce(db, c, sims[c], [[blindFrom[c], blindTo[c] + 2000]]);
    }
  });
});
