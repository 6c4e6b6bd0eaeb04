import type { SimCluster, TruthEntry } from '@plimsoll/kube-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import {
  createHistoryRepository,
  type HistoryRepository,
} from '../../src/repositories/history-repository.js';
import { createTestDatabase } from '../helper.js';
import {
  collectorFor,
  fault,
  missingFromHistory,
  startSim,
  truth,
  waitFor,
} from './sim-harness.js';

/** Truth entries Plimsoll can know: a condition that flipped back while nobody watched left no trace in the API. */
function knowable(entries: TruthEntry[], blind: Array<[number, number]>): TruthEntry[] {
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

async function simNow(sim: SimCluster): Promise<number> {
  const info = (await (await fetch(`${sim.url}/sim/v1/info`)).json()) as { simTime: string };
  return Date.parse(info.simTime);
}

async function expectOneRowPerTruth(sim: SimCluster, db: Database, entries: TruthEntry[]) {
  const rows = await db.prisma.nodeConditionTransition.findMany({
    select: { node: true, type: true, status: true, lastTransitionTime: true },
  });
  const byKey = new Map<string, number>();
  for (const r of rows) {
    const k = `${r.node}|${r.type}|${r.status}|${Math.floor(r.lastTransitionTime.getTime() / 1000)}`;
    byKey.set(k, (byKey.get(k) ?? 0) + 1);
  }
  for (const e of entries.filter((x) => x.kind === 'condition-transition')) {
    const d = e.details as Record<string, string>;
    const k = `${d.node}|${d.type}|${d.to}|${Math.floor(Date.parse(e.at) / 1000)}`;
    expect(byKey.get(k) ?? 0, k).toBeLessThanOrEqual(1);
  }
  const evictions = await db.prisma.eviction.findMany({ select: { podUid: true } });
  const truthUids = new Set(
    entries.filter((e) => e.kind === 'eviction').map((e) => (e.details as { uid: string }).uid),
  );
  expect(evictions.length).toBe(new Set(evictions.map((e) => e.podUid)).size);
  for (const e of evictions)
    expect(truthUids.has(e.podUid), `eviction ${e.podUid} is in the truth`).toBe(true);
  void sim;
}

describe('collector against the simulated cluster and its faults', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let sim: SimCluster;
  beforeEach(async () => {
    store = await createTestDatabase();
    db = await store.open();
    await applyMigrations(db.adapterFactory);
    sim = await startSim({ speed: 120 });
  });
  afterEach(async () => {
    await sim.close();
    await db.close();
    await store.drop();
  });

  it('loses nothing and writes nothing twice across dropped watches, 410 Gone and an API-server restart', async () => {
    const { collector, registry } = collectorFor(sim, db);
    await collector.start();
    try {
      await waitFor(() => collector.health().state === 'synced', 20_000, 'initial sync');
      await fault(sim, { dropWatches: true });
      await fault(sim, { resetWatches: true });
      await new Promise((r) => setTimeout(r, 500));
      const goneFrom = await simNow(sim);
      await fault(sim, { watchGone: true });
      await fault(sim, { dropWatches: true });
      await waitFor(
        async () =>
          (await registry.getSingleMetric('plimsoll_collector_relists_total')?.get())?.values.some(
            (v) => v.labels.reason === 'gone',
          ) ?? false,
        10_000,
        'a relist after 410',
      );
      await fault(sim, { watchGone: false });
      const goneTo = await simNow(sim);
      await fault(sim, { restartAfterMs: 300 });
      await waitFor(
        async () => (await truth(sim)).filter((e) => e.kind === 'eviction').length >= 3,
        60_000,
        'evictions',
      );
      await waitFor(() => collector.health().state === 'synced', 20_000, 'resync');
      const entries = knowable(await truth(sim), [[goneFrom, goneTo + 2000]]);
      await waitFor(
        async () => (await missingFromHistory(sim, db, entries)).length === 0,
        20_000,
        'history to hold the truth',
      );
      await collector.flush();
      await expectOneRowPerTruth(sim, db, await truth(sim));
    } finally {
      await collector.stop();
    }
  });

  it('reconstructs on relist what happened while the collector was down', async () => {
    const first = collectorFor(sim, db).collector;
    await first.start();
    await waitFor(() => first.health().state === 'synced', 20_000, 'initial sync');
    await first.stop();
    const downFrom = await simNow(sim);
    const evictionsBefore = (await truth(sim)).filter((e) => e.kind === 'eviction').length;
    await waitFor(
      async () => (await truth(sim)).filter((e) => e.kind === 'eviction').length > evictionsBefore,
      60_000,
      'an eviction while down',
    );
    const downTo = await simNow(sim);
    const second = collectorFor(sim, db).collector;
    await second.start();
    try {
      const entries = knowable(await truth(sim), [[downFrom, downTo + 2000]]);
      await waitFor(
        async () => (await missingFromHistory(sim, db, entries)).length === 0,
        30_000,
        'reconstruction',
      );
      expect(await db.prisma.eviction.count({ where: { reconstructed: true } })).toBeGreaterThan(0);
      await second.flush();
      await expectOneRowPerTruth(sim, db, await truth(sim));
    } finally {
      await second.stop();
    }
  });

  it('holds a bounded buffer through a database outage, applies backpressure, and catches up after', async () => {
    const real = createHistoryRepository(db.prisma);
    let down = false;
    const flaky: HistoryRepository = {
      ...real,
      writeBatch: (b) =>
        down ? Promise.reject(new Error('connection refused')) : real.writeBatch(b),
    };
    const capacity = 300;
    const { collector, registry } = collectorFor(sim, db, {
      history: flaky,
      bufferCapacity: capacity,
    });
    await collector.start();
    try {
      await waitFor(() => collector.health().state === 'synced', 20_000, 'initial sync');
      await collector.flush();
      down = true;
      let maxDepth = 0;
      const sampler = setInterval(
        () => (maxDepth = Math.max(maxDepth, collector.buffer.depth)),
        20,
      );
      await waitFor(() => collector.buffer.full, 30_000, 'the buffer to fill');
      expect(collector.health().state).toBe('degraded');
      await new Promise((r) => setTimeout(r, 1500));
      clearInterval(sampler);
      // Bounded: capacity plus what was already in flight when it filled (one list or one event's rows).
      expect(maxDepth).toBeLessThan(capacity * 3);
      const errors =
        (await registry.getSingleMetric('plimsoll_collector_errors_total')?.get())?.values ?? [];
      expect(errors.some((v) => v.labels.phase === 'write' && v.value > 0)).toBe(true);
      down = false;
      await waitFor(
        () => !collector.buffer.full && collector.health().state === 'synced',
        30_000,
        'recovery',
      );
      const entries = await truth(sim);
      await waitFor(
        async () => (await missingFromHistory(sim, db, knowable(entries, []))).length === 0,
        30_000,
        'catch-up',
      ).catch(async (err: Error) => {
        throw new Error(
          `${err.message}: ${JSON.stringify(await missingFromHistory(sim, db, knowable(entries, [])))}`,
        );
      });
    } finally {
      await collector.stop();
    }
  });

  it('elects exactly one writer among two replicas, and the other takes over within the lease duration', async () => {
    const timing = { leaseDurationSeconds: 3, renewDeadlineMs: 2000, retryPeriodMs: 250 };
    const a = collectorFor(sim, db, {
      leaderElection: { namespace: 'kube-system', identity: 'replica-a', timing },
    }).collector;
    const b = collectorFor(sim, db, {
      leaderElection: { namespace: 'kube-system', identity: 'replica-b', timing },
    }).collector;
    await a.start();
    await b.start();
    let stoppedA = false;
    let stoppedB = false;
    try {
      await waitFor(() => a.isWriter() || b.isWriter(), 15_000, 'a leader');
      for (let i = 0; i < 10; i++) {
        expect(a.isWriter() && b.isWriter()).toBe(false);
        await new Promise((r) => setTimeout(r, 100));
      }
      const [leader, follower] = a.isWriter() ? [a, b] : [b, a];
      expect(follower.health().state).toBe('standby');
      const t0 = Date.now();
      await leader.stop();
      if (leader === a) stoppedA = true;
      else stoppedB = true;
      await waitFor(
        () => follower.isWriter(),
        timing.leaseDurationSeconds * 1000 + 2000,
        'takeover',
      );
      expect(Date.now() - t0).toBeLessThan(timing.leaseDurationSeconds * 1000 + 2000);
      const entries = await truth(sim);
      await waitFor(
        async () => (await missingFromHistory(sim, db, knowable(entries, []))).length === 0,
        30_000,
        'nothing lost in failover',
      );
      // The new holder's Lease reaches history through the lease watch, a moment after the takeover itself.
      const expected = follower === a ? 'replica-a' : 'replica-b';
      await waitFor(
        async () => {
          await follower.flush();
          const holders = await db.prisma.leaderTransition.findMany({
            where: { name: 'plimsoll-collector' },
          });
          return holders.some((h) => h.holder === expected);
        },
        15_000,
        `${expected} in leader_transitions`,
      );
    } finally {
      if (!stoppedA) await a.stop();
      if (!stoppedB) await b.stop();
    }
  });
});
