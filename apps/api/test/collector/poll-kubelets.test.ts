import { resourceKey, type SimCluster } from '@plimsoll/kube-sim';
import type { Summary } from '@plimsoll/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startKubeletPoller } from '../../src/collector/poll-kubelets.js';
import type { RowSink } from '../../src/collector/write-buffer.js';
import type { Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { KubeApiError, type KubeClient } from '../../src/k8s/kube-client.js';
import { clusterTargetFromKubeconfig } from '../../src/k8s/kube-config.js';
import { createTestDatabase } from '../helper.js';
import { collectorFor, startSim, switchableClient, waitFor } from './sim-harness.js';

function summaryOf(node: string, availableBytes: number): Summary {
  const time = new Date().toISOString();
  return {
    node: {
      nodeName: node,
      startTime: time,
      memory: { time, availableBytes, workingSetBytes: 1000 },
      fs: { time, availableBytes: 5000, capacityBytes: 10_000, inodesFree: 90, inodes: 100 },
      rlimit: { time, maxpid: 4096, curproc: 96 },
    },
    pods: [],
  } as unknown as Summary;
}

/** A fake API server: node proxy answers after `delayMs`, node `bad` answers 502. */
function fakeClient(delayMs: number) {
  let inFlight = 0;
  let maxInFlight = 0;
  const calls: string[] = [];
  const client: KubeClient = {
    server: 'fake',
    list: () => Promise.reject(new Error('not used')),
    watch: () => Promise.reject(new Error('not used')),
    close: () => {},
    async request(_method, path) {
      calls.push(path);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise((r) => setTimeout(r, delayMs));
        const m = /^\/api\/v1\/nodes\/([^/]+)\/proxy\/(.*)$/.exec(path);
        if (!m) throw new KubeApiError(404, 'not found');
        const node = decodeURIComponent(m[1] as string);
        if (node === 'bad')
          throw new KubeApiError(502, 'error trying to reach service: dial tcp: i/o timeout');
        if (m[2] === 'configz')
          return { kubeletconfig: { evictionHard: { 'memory.available': '100Mi' } } };
        return summaryOf(node, 1_000_000);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return { client, calls, maxInFlight: () => maxInFlight };
}

describe('startKubeletPoller', () => {
  it('polls every node each interval with bounded concurrency; a failing node is reported, not fatal', async () => {
    const fake = fakeClient(15);
    const nodes = ['bad', ...Array.from({ length: 11 }, (_, i) => `n${i}`)];
    const rows: Array<{ node: string }> = [];
    const sink: RowSink = {
      push: (table, row) => table === 'pressureSamples' && rows.push(row as { node: string }),
    };
    const errors: string[] = [];
    const rounds: Array<{ at: number; round: number }> = [];
    const samples = new Map<string, string | null>();
    const poller = startKubeletPoller({
      cluster: 'c',
      client: fake.client,
      sink,
      nodes: () => nodes,
      intervalMs: 200,
      concurrency: 3,
      onSample: (node, reading) => samples.set(node, reading.memoryAvailableBytes),
      onError: (node) => errors.push(node),
      onRound: (round) => rounds.push({ at: Date.now(), round }),
    });
    try {
      await waitFor(() => rounds.length >= 3, 10_000, 'three rounds');
    } finally {
      poller.stop();
    }
    expect(fake.maxInFlight()).toBe(3);
    // Each round writes one sample per answering node; the failing node is retried every round.
    const afterThree = rows.length;
    expect(afterThree).toBeGreaterThanOrEqual(3 * 11);
    expect(rows.filter((r) => r.node === 'bad')).toHaveLength(0);
    expect(errors.filter((n) => n === 'bad').length).toBeGreaterThanOrEqual(3);
    expect(errors.every((n) => n === 'bad')).toBe(true);
    expect(samples.get('n0')).toBe('1000000');
    // The interval separates the end of one round from the start of the next.
    for (let i = 1; i < 3; i++) {
      expect((rounds[i]?.at ?? 0) - (rounds[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(200);
    }
    // configz once per node at first, then every 10th round: round 2 and 3 read stats only.
    const configz = fake.calls.filter((c) => c.endsWith('/configz') && c.includes('/n0/'));
    expect(configz).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(rows.length).toBeLessThanOrEqual(afterThree + 11);
  });

  it('writes samples only while allowed, but keeps readings either way', async () => {
    const fake = fakeClient(1);
    let allowed = false;
    const rows: unknown[] = [];
    const seen: string[] = [];
    const poller = startKubeletPoller({
      cluster: 'c',
      client: fake.client,
      sink: { push: (_t, row) => rows.push(row) },
      shouldWrite: () => allowed,
      nodes: () => ['a', 'b'],
      intervalMs: 20,
      concurrency: 2,
      onSample: (node) => seen.push(node),
      onError: () => {},
    });
    try {
      await waitFor(() => seen.length >= 4, 5000, 'readings');
      expect(rows).toHaveLength(0);
      allowed = true;
      await waitFor(() => rows.length >= 2, 5000, 'samples');
    } finally {
      poller.stop();
    }
  });
});

describe('the collector polls kubelets and optional APIs of the simulated cluster', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let sim: SimCluster;
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
    sim = await startSim({ scenario: 'demo', speed: 30, nodes: 6 });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('exposes configz, summary and pressure per node, stores samples, and counts a node whose proxy fails', async () => {
    const nodes = sim.store
      .list(resourceKey('', 'v1', 'nodes'))
      .map((n) => n.metadata.name as string);
    const bad = nodes[nodes.length - 1] as string;
    const target = clusterTargetFromKubeconfig('sim', 'simulated', sim.kubeconfig());
    target.client = switchableClient(
      target.client,
      () => false,
      (path) => path.startsWith(`/api/v1/nodes/${bad}/proxy/`),
    );
    const { collector, registry, log } = collectorFor(sim, db, {
      target,
      poll: { intervalMs: 400, concurrency: 4 },
    });
    await collector.start();
    try {
      await waitFor(() => collector.health().state === 'synced', 20_000, 'sync');
      const good = nodes.filter((n) => n !== bad);
      await waitFor(
        async () =>
          (await db.prisma.pressureSample.groupBy({ by: ['node'], _count: true })).filter(
            (g) => g._count >= 2,
          ).length === good.length,
        20_000,
        'two samples of every answering node',
      );
      const node = good[0] as string;
      const cfg = collector.kubelet.config(node);
      expect(cfg?.kubeletconfig?.evictionHard?.['memory.available']).toBeDefined();
      expect(collector.kubelet.summary(node)?.node.nodeName).toBe(node);
      expect(collector.kubelet.summary(node)?.pods?.length).toBeGreaterThan(0);
      const reading = collector.kubelet.pressure(node);
      expect(BigInt(reading?.memoryAvailableBytes ?? '-1')).toBeGreaterThan(0n);
      expect(collector.kubelet.config(bad)).toBeUndefined();
      expect(collector.kubelet.pressure(bad)).toBeUndefined();
      expect(await db.prisma.pressureSample.count({ where: { node: bad } })).toBe(0);
      expect(collector.health().state).toBe('synced');
      const errors =
        (await registry.getSingleMetric('plimsoll_collector_errors_total')?.get())?.values ?? [];
      expect(
        errors.find((v) => v.labels.resource === 'kubelet' && v.labels.phase === 'poll')?.value,
      ).toBeGreaterThanOrEqual(2);
      // Logged once with the node's name, not every round.
      expect(log.warnings.filter((w) => (w.obj as { node?: string }).node === bad)).toHaveLength(1);
    } finally {
      await collector.stop();
    }
  });
});
