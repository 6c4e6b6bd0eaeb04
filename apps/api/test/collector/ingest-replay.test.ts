import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EventIngester } from '../../src/collector/ingest-events.js';
import { LeaseIngester } from '../../src/collector/ingest-leases.js';
import { NodeIngester } from '../../src/collector/ingest-nodes.js';
import { PodIngester } from '../../src/collector/ingest-pods.js';
import { QuotaIngester } from '../../src/collector/ingest-quotas.js';
import type { CollectedResource, WatchEvent } from '../../src/collector/watch-event.js';
import { createWriteBuffer, type WriteBuffer } from '../../src/collector/write-buffer.js';
import type { Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { BadObjectError } from '../../src/k8s/snapshot-util.js';
import { toEventSnapshot } from '../../src/k8s/to-event-snapshot.js';
import { toLeaseSnapshot } from '../../src/k8s/to-lease-snapshot.js';
import { toNodeSnapshot } from '../../src/k8s/to-node-snapshot.js';
import { toPodSnapshot } from '../../src/k8s/to-pod-snapshot.js';
import { toQuotaSnapshot } from '../../src/k8s/to-quota-snapshot.js';
import {
  createHistoryRepository,
  type HistoryRepository,
} from '../../src/repositories/history-repository.js';
import { createTestDatabase } from '../helper.js';

// Recorded from the simulated `demo` scenario (seed 11): raw watch events as the API server sent them,
// and the simulation's ground truth for the same run.
interface Fixture {
  events: Array<{
    resource: CollectedResource;
    type: 'ADDED' | 'MODIFIED' | 'DELETED';
    object: unknown;
  }>;
  truth: Array<{ kind: string; at: string; details: Record<string, string> }>;
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/demo-watch-events.json', import.meta.url), 'utf8'),
) as Fixture;

/** The ingest pipeline of one writer: to-*-snapshot, then ingest-*, into a write buffer. */
async function startWriter(history: HistoryRepository) {
  const buffer: WriteBuffer = createWriteBuffer({
    capacity: 100_000,
    write: (b) => history.writeBatch(b),
    onFull: () => {},
    onDrained: () => {},
    onWriteError: (err) => {
      throw err;
    },
  });
  const stored = await history.loadClusterState('sim');
  const leases = new LeaseIngester('sim', buffer);
  leases.seed(stored.openLeaseEpisodes, stored.leaders);
  const nodes = new NodeIngester('sim', buffer, (n, since, fromList) =>
    leases.nodeUnreachable(n, since, fromList),
  );
  nodes.seed(stored.nodes, stored.openNodeProblems);
  const quotas = new QuotaIngester('sim', buffer);
  quotas.seed(stored.latestQuotas);
  const pods = new PodIngester('sim', buffer, { tenantOf: () => null, pressureOf: () => null });
  const events = new EventIngester('sim', buffer);
  let bad = 0;
  const replay = (items: Fixture['events'], fromList: boolean) => {
    for (const { resource, type, object } of items) {
      const observedAt = new Date();
      try {
        const ev = <T>(o: T): WatchEvent<T> => ({
          cluster: 'sim',
          resource,
          type,
          object: o,
          observedAt,
          fromList,
        });
        if (resource === 'nodes') nodes.ingest(ev(toNodeSnapshot(object)));
        else if (resource === 'pods') pods.ingest(ev(toPodSnapshot(object)));
        else if (resource === 'leases') leases.ingest(ev(toLeaseSnapshot(object)));
        else if (resource === 'events') events.ingest(ev(toEventSnapshot(object)));
        else if (resource === 'resourcequotas') quotas.ingest(ev(toQuotaSnapshot(object)));
      } catch (err) {
        if (!(err instanceof BadObjectError)) throw err;
        bad += 1;
      }
    }
  };
  return { replay, buffer, bad: () => bad };
}

async function counts(db: Database) {
  const p = db.prisma;
  return {
    transitions: await p.nodeConditionTransition.count(),
    specChanges: await p.nodeSpecChange.count(),
    evictions: await p.eviction.count(),
    events: await p.kubeEvent.count(),
    quotas: await p.quotaSample.count(),
    leaders: await p.leaderTransition.count(),
    leaseEpisodes: await p.leaseStalenessEpisode.count(),
    problems: await p.nodeProblemEpisode.count(),
    nodes: await p.currentNode.count(),
  };
}

describe('replaying recorded watch events through ingest-*', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let history: HistoryRepository;
  beforeAll(async () => {
    store = await createTestDatabase();
    db = await store.open();
    await applyMigrations(db.adapterFactory);
    history = createHistoryRepository(db.prisma);
  });
  afterAll(async () => {
    await db.close();
    await store.drop();
  });

  it('writes every eviction and condition transition of the recording', async () => {
    const w = await startWriter(history);
    w.replay(fixture.events, false);
    await w.buffer.drain();
    const evictions = await db.prisma.eviction.findMany();
    const truthEvictions = fixture.truth.filter((t) => t.kind === 'eviction');
    expect(truthEvictions.length).toBeGreaterThan(0);
    for (const t of truthEvictions) {
      const row = evictions.find((e) => e.podUid === t.details.uid);
      expect(row, `eviction of ${t.details.pod}`).toBeDefined();
      expect(row?.qosClass).toBe(t.details.qosClass);
      expect(row?.resource).toBe(t.details.resource);
      expect(row?.message).toBe(t.details.message);
      expect(row?.ownerKind).toBe('Deployment');
      expect(row?.reconstructed).toBe(false);
    }
    const transitions = await db.prisma.nodeConditionTransition.findMany();
    for (const t of fixture.truth.filter((x) => x.kind === 'condition-transition')) {
      const sec = Math.floor(Date.parse(t.at) / 1000);
      const hit = transitions.find(
        (r) =>
          r.node === t.details.node &&
          r.type === t.details.type &&
          r.status === t.details.to &&
          Math.floor(r.lastTransitionTime.getTime() / 1000) === sec,
      );
      expect(hit, `${t.details.node} ${t.details.type} → ${t.details.to} at ${t.at}`).toBeDefined();
    }
    const c = await counts(db);
    const keptEventUids = new Set(
      fixture.events
        .filter((e) => e.resource === 'events')
        .map((e) => (e.object as { metadata: { uid: string } }).metadata.uid),
    );
    expect(c.events).toBe(keptEventUids.size);
    expect(c.quotas).toBeGreaterThan(0);
    expect(c.leaders).toBeGreaterThan(0);
    const nodeNames = new Set(
      fixture.events
        .filter((e) => e.resource === 'nodes')
        .map((e) => (e.object as { metadata: { name: string } }).metadata.name),
    );
    expect(c.nodes).toBe(nodeNames.size);
    // Heartbeats are not history: one row per distinct (node, type, status, lastTransitionTime) in the recording.
    const distinct = new Set<string>();
    for (const e of fixture.events.filter((x) => x.resource === 'nodes')) {
      const n = e.object as {
        metadata: { name: string };
        status: { conditions: Array<Record<string, string>> };
      };
      for (const cond of n.status.conditions)
        distinct.add(`${n.metadata.name}|${cond.type}|${cond.status}|${cond.lastTransitionTime}`);
    }
    expect(c.transitions).toBe(distinct.size);
  });

  it('writes nothing new when the same events are replayed by a new writer, live or as a relist', async () => {
    const before = await counts(db);
    const live = await startWriter(history);
    live.replay(fixture.events, false);
    await live.buffer.drain();
    expect(await counts(db)).toEqual(before);
    const relist = await startWriter(history);
    relist.replay(fixture.events, true);
    await relist.buffer.drain();
    expect(await counts(db)).toEqual(before);
  });

  it('counts and skips bad objects, and carries on with the next event', async () => {
    const before = await counts(db);
    const good = fixture.events.find((e) => e.resource === 'nodes') as Fixture['events'][number];
    const broken = structuredClone(good.object) as {
      metadata: { name: string; uid: string };
      status: { capacity: Record<string, string> };
    };
    broken.metadata.name = 'broken-node';
    broken.metadata.uid = 'broken-uid';
    broken.status.capacity.memory = 'lots';
    const noName = { metadata: { uid: 'x', resourceVersion: '1' } };
    const newNode = structuredClone(good.object) as { metadata: { name: string; uid: string } };
    newNode.metadata.name = 'new-node';
    newNode.metadata.uid = 'new-uid';
    const w = await startWriter(history);
    w.replay(
      [
        { resource: 'nodes', type: 'ADDED', object: broken },
        { resource: 'nodes', type: 'ADDED', object: noName },
        {
          resource: 'pods',
          type: 'ADDED',
          object: { metadata: { name: 'p', uid: 'u', resourceVersion: '1' } },
        },
        { resource: 'nodes', type: 'ADDED', object: newNode },
      ],
      false,
    );
    await w.buffer.drain();
    expect(w.bad()).toBe(3);
    const after = await counts(db);
    expect(after.nodes).toBe(before.nodes + 1);
    expect(await db.prisma.currentNode.findFirst({ where: { name: 'broken-node' } })).toBeNull();
  });
});
