import type { SimCluster } from '@plimsoll/kube-sim';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { clusterTargetFromKubeconfig } from '../../src/k8s/kube-config.js';
import {
  createHistoryRepository,
  type HistoryRepository,
} from '../../src/repositories/history-repository.js';
import { metricsPlugin } from '../../src/plugins/metrics.js';
import { createTestDatabase } from '../helper.js';
import {
  collectorFor,
  fault,
  knowable,
  missingFromHistory,
  simNow,
  startSim,
  switchableClient,
  truth,
  waitFor,
} from './sim-harness.js';

describe('collector scenarios: NPD episodes, a crashed leader, /metrics', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let sim: SimCluster | undefined;
  // One database for the file (migrations are the slow part on PGlite); each test starts from empty history.
  beforeAll(async () => {
    store = await createTestDatabase();
    db = await store.open();
    await applyMigrations(db.adapterFactory);
  });
  afterAll(async () => {
    await db.close();
    await store.drop();
  });
  beforeEach(async () => {
    await db.prisma.$executeRawUnsafe(
      `TRUNCATE clusters, current_nodes, node_condition_transitions, node_spec_changes, lease_staleness_episodes,
         leader_transitions, node_problem_episodes, pressure_samples, evictions, kube_events, quota_samples,
         autoscaler_status_samples, tenant_namespaces`,
    );
  });
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('records node-problem-detector problems as episodes that start and end with the condition', async () => {
    sim = await startSim({ scenario: 'npd-kernel', speed: 240, nodes: 6 });
    const s = sim;
    const { collector } = collectorFor(s, db);
    await collector.start();
    try {
      const cleared = async () =>
        (await truth(s)).some(
          (e) => e.kind === 'npd-event' && (e.details as { status?: string }).status === 'False',
        );
      await waitFor(cleared, 30_000, 'the KernelDeadlock to clear');
      const npd = (await truth(s)).filter((e) => e.kind === 'npd-event');
      const raised = npd.filter((e) => (e.details as { status?: string }).status === 'True');
      const ended = npd.filter((e) => (e.details as { status?: string }).status === 'False');
      expect(raised.length).toBeGreaterThanOrEqual(3);
      expect(ended).toHaveLength(1);
      const rowsFor = () => db.prisma.nodeProblemEpisode.findMany({ where: { cluster: 'sim' } });
      await waitFor(
        async () => (await rowsFor()).some((r) => r.endedAt !== null),
        10_000,
        'a closed episode',
      );
      await collector.flush();
      const rows = await rowsFor();
      for (const e of raised) {
        const d = e.details as { node: string; condition: string; reason: string };
        const row = rows.find((r) => r.node === d.node && r.conditionType === d.condition);
        expect(row, `${d.condition} on ${d.node}`).toBeDefined();
        expect(row?.reason).toBe(d.reason);
        // Conditions carry second-precision times.
        expect(Math.abs((row?.startedAt.getTime() ?? 0) - Date.parse(e.at))).toBeLessThan(1000);
      }
      const end = ended[0]?.details as { node: string; condition: string };
      const closed = rows.filter((r) => r.endedAt !== null);
      expect(closed.map((r) => `${r.node}/${r.conditionType}`)).toEqual([
        `${end.node}/${end.condition}`,
      ]);
      expect(
        Math.abs((closed[0]?.endedAt?.getTime() ?? 0) - Date.parse(ended[0]?.at ?? '')),
      ).toBeLessThan(1000);
      expect(rows).toHaveLength(raised.length);
      // The temporary problems (KernelOops, TaskHung, OOMKilling) are kept as events.
      const temporary = npd.filter((e) => !(e.details as { condition?: string }).condition);
      const events = await db.prisma.kubeEvent.findMany({
        where: { cluster: 'sim' },
        select: { reason: true, involvedName: true },
      });
      for (const t of temporary) {
        const d = t.details as { node: string; reason: string };
        expect(
          events.some((ev) => ev.reason === d.reason && ev.involvedName === d.node),
          `${d.reason} on ${d.node}`,
        ).toBe(true);
      }
    } finally {
      await collector.stop();
    }
  });

  it('takes over from a leader that crashed without releasing the Lease, after the lease duration, losing nothing', async () => {
    sim = await startSim({ speed: 120 });
    const s = sim;
    const timing = { leaseDurationSeconds: 3, renewDeadlineMs: 2000, retryPeriodMs: 250 };
    const real = createHistoryRepository(db.prisma);
    const down = { a: false, b: false };
    const replica = (id: 'a' | 'b') => {
      const target = clusterTargetFromKubeconfig('sim', 'simulated', s.kubeconfig());
      target.client = switchableClient(target.client, () => down[id]);
      const history: HistoryRepository = {
        ...real,
        writeBatch: (b) =>
          down[id] ? Promise.reject(new Error('process is gone')) : real.writeBatch(b),
        loadClusterState: (c) =>
          down[id] ? Promise.reject(new Error('process is gone')) : real.loadClusterState(c),
      };
      return collectorFor(s, db, {
        target,
        history,
        leaderElection: { namespace: 'kube-system', identity: `replica-${id}`, timing },
      }).collector;
    };
    const a = replica('a');
    const b = replica('b');
    await a.start();
    await b.start();
    try {
      await waitFor(
        () =>
          (a.isWriter() || b.isWriter()) &&
          a.health().state !== 'syncing' &&
          b.health().state !== 'syncing',
        15_000,
        'a leader',
      );
      const [leaderId, leader, follower] = a.isWriter()
        ? (['a', a, b] as const)
        : (['b', b, a] as const);
      const crashFrom = await simNow(s);
      const t0 = Date.now();
      down[leaderId] = true;
      await waitFor(
        () => follower.isWriter(),
        timing.leaseDurationSeconds * 1000 + 3000,
        'takeover',
      );
      const took = Date.now() - t0;
      // The Lease was not released: the follower must wait it out (less the one retry period it may have seen it for).
      expect(took).toBeGreaterThanOrEqual(
        timing.leaseDurationSeconds * 1000 - timing.retryPeriodMs - 100,
      );
      expect(took).toBeLessThan(timing.leaseDurationSeconds * 1000 + 2500);
      const crashTo = await simNow(s);
      // The crashed replica's renewals fail, so it has stopped writing too.
      await waitFor(() => !leader.isWriter(), 5000, 'the old leader to step down');
      const lease = s.store.get(
        'coordination.k8s.io/v1/leases',
        'kube-system',
        'plimsoll-collector',
      ) as unknown as { spec: { holderIdentity: string; leaseTransitions: number } };
      expect(lease.spec.holderIdentity).toBe(leaderId === 'a' ? 'replica-b' : 'replica-a');
      // Everything up to now, what happened during the crash included, must be in history.
      const entries = knowable(await truth(s), [[crashFrom, crashTo + 2000]]);
      await waitFor(
        async () => (await missingFromHistory(s, db, entries)).length === 0,
        30_000,
        'nothing lost',
      ).catch(async (err: Error) => {
        throw new Error(
          `${err.message}: ${JSON.stringify(await missingFromHistory(s, db, entries))}`,
        );
      });
      const holders = await db.prisma.leaderTransition.findMany({
        where: { name: 'plimsoll-collector' },
        orderBy: { observedAt: 'asc' },
      });
      expect(holders.map((h) => h.holder)).toContain(leaderId === 'a' ? 'replica-b' : 'replica-a');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('shows events processed, lag, buffer depth, relists and errors per cluster and resource at /metrics', async () => {
    sim = await startSim({ speed: 60 });
    const s = sim;
    const registry = new Registry();
    const { collector } = collectorFor(s, db, { registry });
    // The metrics plugin alone serves the same /metrics route as the app.
    const app = Fastify();
    await app.register(metricsPlugin, { registry });
    await app.ready();
    await collector.start();
    try {
      await waitFor(() => collector.health().state === 'synced', 20_000, 'sync');
      await fault(s, { watchGone: true });
      await fault(s, { dropWatches: true });
      await waitFor(
        async () =>
          /plimsoll_collector_relists_total\{[^}]*reason="gone"/.test(await registry.metrics()),
        10_000,
        'a relist after 410',
      );
      await fault(s, { reset: true });
      await waitFor(() => collector.health().state === 'synced', 20_000, 'resync');
      // The lag and depth gauges are sampled every second.
      await waitFor(
        async () =>
          /plimsoll_collector_lag_seconds\{cluster="sim",resource="events"\}/.test(
            await registry.metrics(),
          ),
        5000,
        'the lag gauges',
      );
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      const text = res.body;
      const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
      for (const resource of ['nodes', 'pods', 'leases', 'events']) {
        // A fresh cluster may have no Events yet: the series exists, its count may be 0.
        const listed = value(
          new RegExp(
            `plimsoll_collector_events_total\\{cluster="sim",resource="${resource}",type="LISTED"\\} (\\d+)`,
          ),
        );
        if (resource === 'events') expect(listed).toBeGreaterThanOrEqual(0);
        else expect(listed, resource).toBeGreaterThan(0);
        expect(text).toMatch(
          new RegExp(
            `plimsoll_collector_lag_seconds\\{cluster="sim",resource="${resource}"\\} [\\d.e+-]+`,
          ),
        );
        expect(
          value(
            new RegExp(
              `plimsoll_collector_relists_total\\{cluster="sim",resource="${resource}",reason="initial"\\} (\\d+)`,
            ),
          ),
        ).toBe(1);
      }
      expect(
        value(
          /plimsoll_collector_events_total\{cluster="sim",resource="leases",type="MODIFIED"\} (\d+)/,
        ),
      ).toBeGreaterThan(0);
      expect(text).toMatch(/plimsoll_collector_buffer_depth\{cluster="sim"\} \d+/);
      expect(text).toMatch(
        /plimsoll_collector_relists_total\{cluster="sim",resource="[a-z-]+",reason="gone"\} [1-9]/,
      );
      expect(text).toMatch(
        /plimsoll_collector_rows_written_total\{cluster="sim",table="conditionTransitions"\} [1-9]/,
      );
      expect(text).toMatch(/plimsoll_collector_leader\{cluster="sim"\} 1/);

      // Errors: a failing API server is counted per resource and phase.
      await fault(s, { errorRate: 1 });
      await fault(s, { dropWatches: true });
      await waitFor(
        async () =>
          /plimsoll_collector_errors_total\{cluster="sim",resource="nodes",phase="(list|watch)"\} [1-9]/.test(
            await registry.metrics(),
          ),
        10_000,
        'errors',
      );
      await fault(s, { reset: true });
    } finally {
      await collector.stop();
      await app.close();
    }
  });
});
