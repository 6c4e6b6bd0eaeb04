import type { SimCluster } from '@plimsoll/kube-sim';
import { parseQuantity } from '@plimsoll/shared';
import { Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { ClusterCollector } from '../../src/collector/cluster-collector.js';
import type { Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { registerClusterSignals } from '../../src/metrics/cluster-signals.js';
import { createTestDatabase } from '../helper.js';
import { collectorFor, simNow, startSim, truth, waitFor } from '../collector/sim-harness.js';

type Series = MetricValue<string>[];

async function series(registry: Registry, name: string): Promise<Series> {
  const all = (await registry.getMetricsAsJSON()) as MetricObjectWithValues<MetricValue<string>>[];
  return all.find((m) => m.name === name)?.values ?? [];
}

describe('derived cluster signals on /metrics', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let sim: SimCluster | undefined;
  const running: ClusterCollector[] = [];
  beforeAll(async () => {
    store = await createTestDatabase();
    db = await store.open();
    await applyMigrations(db.adapterFactory);
  });
  afterAll(async () => {
    await db.close();
    await store.drop();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
    await sim?.close();
    sim = undefined;
  });

  it('exports headroom to each node hard threshold and counts the memory-storm evictions per tenant; a standby exports none', async () => {
    sim = await startSim({ scenario: 'memory-storm', speed: 120, nodes: 6 });
    const timing = { leaseDurationSeconds: 3, renewDeadlineMs: 2000, retryPeriodMs: 250 };
    const replica = (id: string) => {
      const registry = new Registry();
      const { collector } = collectorFor(sim as SimCluster, db, {
        registry,
        poll: { intervalMs: 500, concurrency: 6 },
        leaderElection: { namespace: 'kube-system', identity: `replica-${id}`, timing },
      });
      registerClusterSignals(registry, { collectors: () => [collector] });
      running.push(collector);
      return { collector, registry };
    };
    const a = replica('a');
    const b = replica('b');
    await a.collector.start();
    await b.collector.start();
    await waitFor(() => a.collector.isWriter() || b.collector.isWriter(), 15_000, 'a leader');
    const [writer, standby] = a.collector.isWriter() ? [a, b] : [b, a];
    const s = sim;
    // Prometheus scrapes from the start: the first scrape after the list is the counter's baseline.
    await waitFor(() => writer.collector.health().state === 'synced', 15_000, 'the writer synced');
    await series(writer.registry, 'plimsoll_evictions_total');
    await waitFor(
      async () => (await truth(s)).filter((e) => e.kind === 'eviction').length >= 2,
      30_000,
      'two evictions',
    );
    await waitFor(
      async () =>
        (await series(writer.registry, 'plimsoll_evictions_total')).reduce(
          (n, v) => n + v.value,
          0,
        ) >= 2,
      10_000,
      'the evictions on /metrics',
    );

    const nodes = [...writer.collector.cache.nodes.keys()];
    await waitFor(
      () => nodes.every((n) => writer.collector.kubelet.pressure(n) !== undefined),
      10_000,
      'every kubelet polled',
    );
    const headroom = await series(writer.registry, 'plimsoll_node_eviction_headroom_ratio');
    for (const node of nodes) {
      const mem = headroom.find(
        (v) => v.labels.node === node && v.labels.signal === 'memory.available',
      );
      expect(mem, node).toBeDefined();
      // Recomputed here from what the kubelet said: (available − the configz hard threshold) / capacity.
      const reading = writer.collector.kubelet.pressure(node);
      const hard =
        writer.collector.kubelet.config(node)?.kubeletconfig?.evictionHard?.['memory.available'] ??
        '100Mi';
      const capacity = Number(
        parseQuantity(writer.collector.cache.nodes.get(node)?.capacity.memory ?? '0').value(),
      );
      const expected =
        (Number(reading?.memoryAvailableBytes) - Number(parseQuantity(hard).value())) / capacity;
      // The kubelet may have been polled again between the scrape and this read.
      expect(Math.abs((mem?.value ?? NaN) - expected)).toBeLessThan(0.05);
      expect(mem?.labels.cluster).toBe('sim');
      for (const signal of ['nodefs.available', 'pid.available']) {
        expect(headroom.some((v) => v.labels.node === node && v.labels.signal === signal)).toBe(
          true,
        );
      }
    }

    // Every counted eviction is one the simulation performed, in the namespace and tenant it happened in.
    const evicted = (await truth(s)).filter((e) => e.kind === 'eviction');
    const counted = await series(writer.registry, 'plimsoll_evictions_total');
    for (const v of counted) {
      const inNs = evicted.filter((e) => e.details.namespace === v.labels.namespace);
      expect(v.value).toBeLessThanOrEqual(inNs.length);
      expect(v.labels.resource).toBe('memory');
      const ns = writer.collector.cache.namespaces.get(String(v.labels.namespace));
      const tenant = ns?.labels['plimsoll.io/tenant'] ?? ns?.labels['capsule.clastix.io/tenant'];
      expect(v.labels.tenant).toBe(tenant ?? '');
    }

    // A replica that becomes the writer now (or a restart) starts every series at 0: no burst out of nothing.
    const late = new Registry();
    registerClusterSignals(late, { collectors: () => [writer.collector] });
    const baseline = await series(late, 'plimsoll_evictions_total');
    expect(baseline.length).toBeGreaterThan(0);
    expect(baseline.every((v) => v.value === 0)).toBe(true);

    for (const name of [
      'plimsoll_node_eviction_headroom_ratio',
      'plimsoll_node_lease_stale',
      'plimsoll_evictions_total',
      'plimsoll_quota_usage_ratio',
    ]) {
      expect(await series(standby.registry, name), name).toEqual([]);
    }
    expect((await series(writer.registry, 'plimsoll_node_lease_stale')).length).toBe(nodes.length);
  }, 90_000);

  it('marks a node whose lease stopped being renewed stale, by the lifecycle controller rule', async () => {
    const speed = 20;
    sim = await startSim({ scenario: 'lease-loss', speed, nodes: 6 });
    const s = sim;
    const registry = new Registry();
    const { collector } = collectorFor(s, db, { registry });
    running.push(collector);
    // Judge staleness on the simulation's clock, which runs `speed` times faster than the wall clock.
    const wall0 = Date.now();
    const sim0 = await simNow(s);
    registerClusterSignals(registry, {
      collectors: () => [collector],
      now: () => new Date(sim0 + (Date.now() - wall0) * speed),
    });
    await collector.start();
    // The scenario's node lifecycle controller records the episode once it notices (its monitor period).
    await waitFor(
      async () => (await truth(s)).some((e) => e.kind === 'lease-episode'),
      30_000,
      'a lost lease',
    );
    const lost = new Set(
      (await truth(s)).map((e) => (e.kind === 'lease-episode' ? e.details.node : null)),
    );
    const stale = (await series(registry, 'plimsoll_node_lease_stale')).filter(
      (v) => v.value === 1,
    );
    expect(stale.length).toBeGreaterThan(0);
    for (const v of stale) expect(lost.has(v.labels.node), String(v.labels.node)).toBe(true);
  }, 60_000);

  it('exports node-group bounds and the backoff of the group whose scale-up fails', async () => {
    sim = await startSim({ scenario: 'autoscale', speed: 60, nodes: 4 });
    const registry = new Registry();
    const { collector } = collectorFor(sim, db, { registry });
    running.push(collector);
    registerClusterSignals(registry, { collectors: () => [collector] });
    await collector.start();
    const backoff = async () =>
      (await series(registry, 'plimsoll_autoscaler_node_group_backoff')).find((v) =>
        String(v.labels.node_group).endsWith('-gpu'),
      )?.value;
    await waitFor(async () => (await backoff()) === 1, 30_000, 'the gpu group in backoff');
    const size = async (name: string, group: string) =>
      (await series(registry, name)).find((v) => String(v.labels.node_group).endsWith(group))
        ?.value;
    expect(await size('plimsoll_autoscaler_node_group_min_size', '-gpu')).toBe(0);
    expect(await size('plimsoll_autoscaler_node_group_max_size', '-gpu')).toBe(2);
    expect(
      (await series(registry, 'plimsoll_autoscaler_node_group_backoff')).find((v) =>
        String(v.labels.node_group).endsWith('-batch'),
      )?.value,
    ).toBe(0);
  }, 60_000);

  it('exports each quota resource used/hard with its tenant', async () => {
    sim = await startSim({ scenario: 'tenants', speed: 60, nodes: 4 });
    const registry = new Registry();
    const { collector } = collectorFor(sim, db, { registry });
    running.push(collector);
    registerClusterSignals(registry, { collectors: () => [collector] });
    await collector.start();
    await waitFor(() => collector.cache.resourcequotas.size > 0, 20_000, 'quotas');
    const ratios = await series(registry, 'plimsoll_quota_usage_ratio');
    expect(ratios.length).toBeGreaterThan(0);
    for (const q of collector.cache.resourcequotas.values()) {
      for (const [resource, hard] of Object.entries(q.hard)) {
        const h = Number(parseQuantity(hard).milliValue());
        if (h === 0) continue;
        const used = Number(parseQuantity(q.used[resource] ?? '0').milliValue());
        const v = ratios.find(
          (r) =>
            r.labels.namespace === q.namespace &&
            r.labels.quota === q.name &&
            r.labels.resource === resource,
        );
        expect(v?.value, `${q.namespace}/${q.name} ${resource}`).toBeCloseTo(used / h, 2);
        expect(v?.labels.tenant).not.toBe('');
      }
    }
  }, 60_000);
});
