import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runRetentionOnce, startRetention } from '../../src/collector/retention.js';
import type { Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import {
  createHistoryRepository,
  type HistoryRepository,
} from '../../src/repositories/history-repository.js';
import { createTestDatabase } from '../helper.js';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

function sample(node: string, at: Date, memory: bigint, cluster = 'c1') {
  return {
    cluster,
    node,
    at,
    resolutionSeconds: 0,
    memoryAvailableBytes: memory,
    nodefsAvailableBytes: memory * 10n,
    pidAvailable: 1000n,
  };
}

describe('retention: batched deletes and downsampling of old history', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let repo: HistoryRepository;
  beforeAll(async () => {
    store = await createTestDatabase();
    db = await store.open();
    await applyMigrations(db.adapterFactory);
    repo = createHistoryRepository(db.prisma);
  });
  afterAll(async () => {
    await db.close();
    await store.drop();
  });

  it('deletes rows older than the retention period in batches, keeps open episodes and the latest state', async () => {
    const p = db.prisma;
    const old = ago(40 * DAY);
    const recent = ago(2 * DAY);
    const transitions = Array.from({ length: 23 }, (_, i) => ({
      cluster: 'c1',
      node: `n${i % 3}`,
      type: 'MemoryPressure',
      status: i % 2 ? 'True' : 'False',
      lastTransitionTime: new Date(old.getTime() + i * 1000),
      observedAt: old,
    }));
    await p.nodeConditionTransition.createMany({
      data: [
        ...transitions,
        {
          cluster: 'c1',
          node: 'n0',
          type: 'Ready',
          status: 'True',
          lastTransitionTime: recent,
          observedAt: recent,
        },
        // Another cluster's history is that cluster writer's business.
        {
          cluster: 'c2',
          node: 'n0',
          type: 'Ready',
          status: 'True',
          lastTransitionTime: old,
          observedAt: old,
        },
      ],
    });
    await p.leaseStalenessEpisode.createMany({
      data: [
        { cluster: 'c1', node: 'n0', startedAt: old, endedAt: new Date(old.getTime() + 60_000) },
        { cluster: 'c1', node: 'n1', startedAt: old, endedAt: null },
      ],
    });
    await p.quotaSample.createMany({
      data: [
        {
          cluster: 'c1',
          namespace: 'a',
          name: 'q',
          hard: {},
          used: {},
          resourceVersion: '1',
          observedAt: old,
        },
        {
          cluster: 'c1',
          namespace: 'a',
          name: 'q',
          hard: {},
          used: {},
          resourceVersion: '2',
          observedAt: new Date(old.getTime() + 1000),
        },
        {
          cluster: 'c1',
          namespace: 'b',
          name: 'q',
          hard: {},
          used: {},
          resourceVersion: '3',
          observedAt: old,
        },
      ],
    });
    await p.eviction.createMany({
      data: [
        {
          cluster: 'c1',
          namespace: 'a',
          pod: 'p1',
          podUid: 'u1',
          message: 'm',
          evictedAt: old,
          observedAt: old,
        },
        {
          cluster: 'c1',
          namespace: 'a',
          pod: 'p2',
          podUid: 'u2',
          message: 'm',
          evictedAt: recent,
          observedAt: recent,
        },
      ],
    });
    const deletedRows: Record<string, number> = {};
    const batches: number[] = [];
    const counting: HistoryRepository = {
      ...repo,
      deleteExpiredBatch: async (...args) => {
        const n = await repo.deleteExpiredBatch(...args);
        if (args[1] === 'node_condition_transitions') batches.push(n);
        return n;
      },
    };
    const r = await runRetentionOnce({
      cluster: 'c1',
      repository: counting,
      settings: { retentionDays: 30, rawSampleDays: 7, intervalMs: 0, batchSize: 10 },
      now: NOW,
      onDeleted: (t, n) => (deletedRows[t] = (deletedRows[t] ?? 0) + n),
    });
    expect(batches).toEqual([10, 10, 3]);
    expect(r.deleted.node_condition_transitions).toBe(23);
    expect(deletedRows.node_condition_transitions).toBe(23);
    expect(await p.nodeConditionTransition.count({ where: { cluster: 'c1' } })).toBe(1);
    expect(await p.nodeConditionTransition.count({ where: { cluster: 'c2' } })).toBe(1);
    expect((await p.leaseStalenessEpisode.findMany()).map((e) => e.node)).toEqual(['n1']);
    const quotas = await p.quotaSample.findMany({ orderBy: { resourceVersion: 'asc' } });
    expect(quotas.map((q) => q.resourceVersion)).toEqual(['2', '3']);
    expect((await p.eviction.findMany()).map((e) => e.podUid)).toEqual(['u2']);

    const again = await runRetentionOnce({
      cluster: 'c1',
      repository: repo,
      settings: { retentionDays: 30, rawSampleDays: 7, intervalMs: 0, batchSize: 10 },
      now: NOW,
    });
    expect(Object.values(again.deleted).every((n) => n === 0)).toBe(true);
  });

  it('deletes drains that ended before the cutoff and keeps a running one', async () => {
    const drain = (id: string, state: string, finishedAt: Date | null, heartbeatAt: Date) => ({
      id,
      cluster: 'c1',
      node: `node-of-${id}`,
      actor: 'sre',
      options: {},
      state,
      pods: [],
      startedAt: ago(60 * DAY),
      finishedAt,
      heartbeatAt,
    });
    await db.prisma.nodeDrain.createMany({
      data: [
        drain('old-done', 'done', ago(40 * DAY), ago(40 * DAY)),
        // Its replica died mid-drain 40 days ago: no finish time, only a stale heartbeat.
        drain('old-lost', 'running', null, ago(40 * DAY)),
        drain('recent-done', 'done', ago(2 * DAY), ago(2 * DAY)),
        drain('running', 'running', null, ago(0)),
      ],
    });
    const r = await runRetentionOnce({
      cluster: 'c1',
      repository: repo,
      settings: { retentionDays: 30, rawSampleDays: 7, intervalMs: 0 },
      now: NOW,
    });
    expect(r.deleted.node_drains).toBe(2);
    const left = await db.prisma.nodeDrain.findMany({ orderBy: { id: 'asc' } });
    expect(left.map((d) => d.id)).toEqual(['recent-done', 'running']);
  });

  it('keeps everything when the retention period is 0', async () => {
    const before = await db.prisma.eviction.count();
    await db.prisma.eviction.create({
      data: {
        cluster: 'c1',
        namespace: 'a',
        pod: 'p3',
        podUid: 'u3',
        message: 'm',
        evictedAt: ago(3000 * DAY),
        observedAt: ago(3000 * DAY),
      },
    });
    const r = await runRetentionOnce({
      cluster: 'c1',
      repository: repo,
      settings: { retentionDays: 0, rawSampleDays: 7, intervalMs: 0 },
      now: NOW,
    });
    expect(r.deleted).toEqual({});
    expect(await db.prisma.eviction.count()).toBe(before + 1);
  });

  it('folds raw pressure samples older than the raw period into 5-minute averages, once', async () => {
    const p = db.prisma;
    await p.pressureSample.deleteMany();
    // Two nodes, samples every 30 s for 12 minutes starting 10 days ago at a bucket boundary, plus fresh ones.
    const start = new Date(Math.floor(ago(10 * DAY).getTime() / 300_000) * 300_000);
    const rows = [];
    for (let i = 0; i < 24; i++) {
      const at = new Date(start.getTime() + i * 30_000);
      rows.push(sample('n0', at, BigInt(1000 + i * 10)), sample('n1', at, 5000n));
    }
    rows.push(sample('n0', ago(DAY), 42n));
    await p.pressureSample.createMany({ data: rows });

    const settings = { retentionDays: 30, rawSampleDays: 7, intervalMs: 0 };
    const r = await runRetentionOnce({ cluster: 'c1', repository: repo, settings, now: NOW });
    expect(r.downsampled).toBe(48);
    expect(r.windows).toBe(3);
    const folded = await p.pressureSample.findMany({
      where: { resolutionSeconds: 300 },
      orderBy: [{ node: 'asc' }, { at: 'asc' }],
    });
    expect(folded.map((f) => [f.node, f.at.getTime() - start.getTime()])).toEqual([
      ['n0', 0],
      ['n0', 300_000],
      ['n0', 600_000],
      ['n1', 0],
      ['n1', 300_000],
      ['n1', 600_000],
    ]);
    // n0's first bucket: samples 0..9 → 1000..1090, average 1045.
    expect(folded[0]?.memoryAvailableBytes).toBe(1045n);
    expect(folded[0]?.nodefsAvailableBytes).toBe(10450n);
    // The last bucket holds samples 20..23 only: 1200..1230 → 1215.
    expect(folded[2]?.memoryAvailableBytes).toBe(1215n);
    expect(folded[3]?.memoryAvailableBytes).toBe(5000n);
    expect(await p.pressureSample.count({ where: { resolutionSeconds: 0 } })).toBe(1);

    const again = await runRetentionOnce({ cluster: 'c1', repository: repo, settings, now: NOW });
    expect(again.downsampled).toBe(0);
    expect(await p.pressureSample.count({ where: { resolutionSeconds: 300 } })).toBe(6);

    // Downsampled rows expire with the rest of the history.
    await runRetentionOnce({
      cluster: 'c1',
      repository: repo,
      settings: { ...settings, retentionDays: 5 },
      now: NOW,
    });
    expect(await p.pressureSample.count({ where: { resolutionSeconds: 300 } })).toBe(0);
    expect(await p.pressureSample.count()).toBe(1);
  });

  it('runs on a schedule and counts rows deleted and downsampled in the metrics', async () => {
    const p = db.prisma;
    await p.kubeEvent.create({
      data: {
        cluster: 'c1',
        uid: 'old-event',
        namespace: 'a',
        name: 'e',
        count: 1,
        firstSeen: new Date(Date.now() - 100 * DAY),
        lastSeen: new Date(Date.now() - 100 * DAY),
        observedAt: new Date(Date.now() - 100 * DAY),
      },
    });
    await p.pressureSample.create({ data: sample('n9', new Date(Date.now() - 20 * DAY), 7n) });
    const registry = new Registry();
    const retention = startRetention({
      cluster: 'c1',
      repository: repo,
      settings: { retentionDays: 30, rawSampleDays: 7, intervalMs: 60_000, initialDelayMs: 10 },
      registry,
      log: { info: () => {}, warn: () => {} },
    });
    try {
      const deadline = Date.now() + 10_000;
      while (
        (await p.kubeEvent.count({ where: { uid: 'old-event' } })) > 0 &&
        Date.now() < deadline
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      let runs = 0;
      while (runs === 0 && Date.now() < deadline) {
        runs =
          (await registry.getSingleMetric('plimsoll_retention_runs_total')?.get())?.values.find(
            (v) => v.labels.outcome === 'ok',
          )?.value ?? 0;
        await new Promise((r) => setTimeout(r, 50));
      }
      const text = await registry.metrics();
      expect(text).toMatch(
        /plimsoll_retention_rows_deleted_total\{cluster="c1",table="kube_events"\} 1/,
      );
      expect(text).toMatch(/plimsoll_retention_rows_downsampled_total\{cluster="c1"\} 1/);
      expect(text).toMatch(/plimsoll_retention_runs_total\{cluster="c1",outcome="ok"\} 1/);
    } finally {
      retention.stop();
    }
  });
});
