import { getNodeLeaseHealth } from '@plimsoll/shared';
import type { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClusterCollector } from '../src/collector/cluster-collector.js';
import type { Database } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { KubeApiError } from '../src/k8s/kube-client.js';
import { waitFor } from '../test/collector/sim-harness.js';
import { createTestDatabase } from '../test/helper.js';
import {
  applyPlimsollAccess,
  cluster,
  collectorOn,
  conditionOf,
  counter,
  getNode,
  kube,
  metaTime,
  serviceAccountKubeconfig,
  soloNode,
  startWriting,
  strategicPatch,
} from './harness.js';

// This file's nodes (global-setup.ts starts kwok-node-0 … 7; the other files use others).
const PRESSURE_NODE = 'kwok-node-0';
const SILENT_NODE = 'kwok-solo-0';

describe('the collector against a real kube-apiserver, as the plimsoll ServiceAccount', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let collector: ClusterCollector;
  let registry: Registry;
  let warnings: Array<{ obj: object; msg?: string }>;
  let solo: Awaited<ReturnType<typeof soloNode>>;

  beforeAll(async () => {
    await applyPlimsollAccess();
    solo = await soloNode(SILENT_NODE);
    await waitFor(
      async () => conditionOf(await getNode(SILENT_NODE), 'Ready')?.status === 'True',
      60_000,
      'the solo node to be Ready',
    );
    const sa = await serviceAccountKubeconfig();
    store = await createTestDatabase();
    db = await store.open();
    await applyMigrations(db.adapterFactory);
    const c = collectorOn(sa.yaml, db, { poll: { intervalMs: 2000, concurrency: 4 } });
    ({ collector, registry } = c);
    warnings = c.log.warnings;
    await startWriting(collector);
  });

  afterAll(async () => {
    await collector?.stop();
    await solo?.stop();
    await db?.close();
    await store?.drop();
  });

  it('syncs every node and node Lease with least privilege: the real authorizer refused nothing it needs', async () => {
    const nodes = await kube('GET', '/api/v1/nodes');
    const names = nodes.items.map((n: any) => n.metadata.name as string).sort();
    expect([...collector.cache.nodes.keys()].sort()).toEqual(names);
    for (const n of names) expect(collector.cache.leases.has(`kube-node-lease/${n}`), n).toBe(true);
    await collector.flush();
    const stored = await db.prisma.currentNode.findMany({ where: { cluster: 'real' } });
    expect(stored.map((n) => n.name).sort()).toEqual(names);
    // Every list and watch succeeded: a missing RBAC rule would be a 403 counted here and logged.
    expect(await counter(registry, 'plimsoll_collector_errors_total', { phase: 'list' })).toBe(0);
    expect(await counter(registry, 'plimsoll_collector_errors_total', { phase: 'watch' })).toBe(0);
    expect(warnings.filter((w) => /forbidden|403/i.test(JSON.stringify(w)))).toEqual([]);
    // …and the token really is the ServiceAccount's, not an admin's.
    const secrets = await collector.client.request('GET', '/api/v1/secrets').catch((e) => e);
    expect(secrets).toBeInstanceOf(KubeApiError);
    expect((secrets as KubeApiError).statusCode).toBe(403);
  });

  it('records a MemoryPressure transition the kubelet posts, and its end, once each with the server’s times', async () => {
    const path = `/api/v1/nodes/${PRESSURE_NODE}/status`;
    const onAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const condition = (status: string, reason: string, message: string, at: Date) => ({
      status: {
        conditions: [
          {
            type: 'MemoryPressure',
            status,
            reason,
            message,
            lastHeartbeatTime: metaTime(at),
            lastTransitionTime: metaTime(at),
          },
        ],
      },
    });
    await strategicPatch(
      path,
      condition(
        'True',
        'KubeletHasInsufficientMemory',
        'kubelet has insufficient memory available',
        onAt,
      ),
    );
    const rows = () =>
      db.prisma.nodeConditionTransition.findMany({
        where: { cluster: 'real', node: PRESSURE_NODE, type: 'MemoryPressure' },
        orderBy: { lastTransitionTime: 'asc' },
      });
    await waitFor(async () => (await rows()).some((r) => r.status === 'True'), 30_000, 'True');
    const offAt = new Date(onAt.getTime() + 2000);
    await strategicPatch(
      path,
      condition(
        'False',
        'KubeletHasSufficientMemory',
        'kubelet has sufficient memory available',
        offAt,
      ),
    );
    await waitFor(
      async () => (await rows()).some((r) => r.status === 'False' && r.lastTransitionTime >= offAt),
      30_000,
      'False',
    );
    await collector.flush();
    const server = conditionOf(await getNode(PRESSURE_NODE), 'MemoryPressure');
    const live = (await rows()).filter((r) => r.lastTransitionTime >= onAt);
    expect(
      live.map((r) => [r.status, r.reason, r.lastTransitionTime.toISOString(), r.reconstructed]),
    ).toEqual([
      ['True', 'KubeletHasInsufficientMemory', onAt.toISOString(), false],
      [
        'False',
        'KubeletHasSufficientMemory',
        new Date(server.lastTransitionTime).toISOString(),
        false,
      ],
    ]);
  });

  it('a node whose heartbeat stops: the node lifecycle controller marks it Unknown and taints it, Plimsoll records both and predicted the moment', async () => {
    const { nodeMonitorGracePeriodSeconds: grace, nodeMonitorPeriodSeconds: period } =
      cluster().timing;
    const before = await getNode(SILENT_NODE);
    await solo.stop();
    let node: any;
    await waitFor(
      async () => {
        node = await getNode(SILENT_NODE);
        return conditionOf(node, 'Ready')?.status === 'Unknown';
      },
      (grace + 40) * 1000,
      'the controller to mark Ready Unknown',
    );
    const ready = conditionOf(node, 'Ready');
    expect(ready.reason).toBe('NodeStatusUnknown');
    expect(ready.message).toBe('Kubelet stopped posting node status.');
    await waitFor(
      async () => {
        node = await getNode(SILENT_NODE);
        return (node.spec.taints ?? []).some(
          (t: any) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute',
        );
      },
      30_000,
      'the unreachable NoExecute taint',
    );
    const lease = await kube(
      'GET',
      `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${SILENT_NODE}`,
    );
    const markedAt = Date.parse(ready.lastTransitionTime);
    // Plimsoll's own rule on what it saw before the marking: the lease's last renewal and the Ready condition.
    const predicted = getNodeLeaseHealth({
      lease: { spec: { ...lease.spec, renewTime: new Date(lease.spec.renewTime) } },
      readyCondition: {
        ...conditionOf(before, 'Ready'),
        lastHeartbeatTime: new Date(conditionOf(before, 'Ready').lastHeartbeatTime),
      },
      now: new Date(markedAt + 1000),
      nodeMonitorGracePeriodSeconds: grace,
    });
    expect(predicted.stale).toBe(true);
    const staleSince = predicted.staleSince!.getTime();
    // The controller marks on its first monitor tick after the grace period; the condition's time is in seconds.
    expect(markedAt).toBeGreaterThanOrEqual(staleSince - 1000);
    expect(markedAt).toBeLessThanOrEqual(staleSince + period * 1000 + 1000);

    await waitFor(
      async () =>
        (await db.prisma.nodeConditionTransition.count({
          where: { cluster: 'real', node: SILENT_NODE, type: 'Ready', status: 'Unknown' },
        })) === 1,
      30_000,
      'the Ready Unknown transition in history',
    );
    const transition = await db.prisma.nodeConditionTransition.findFirstOrThrow({
      where: { cluster: 'real', node: SILENT_NODE, type: 'Ready', status: 'Unknown' },
    });
    expect(transition.lastTransitionTime.getTime()).toBe(markedAt);
    expect(transition.reason).toBe('NodeStatusUnknown');
    const marked = await db.prisma.nodeConditionTransition.findMany({
      where: { cluster: 'real', node: SILENT_NODE, status: 'Unknown' },
      select: { type: true },
    });
    expect(marked.map((m) => m.type).sort()).toEqual([
      'DiskPressure',
      'MemoryPressure',
      'PIDPressure',
      'Ready',
    ]);
    await waitFor(
      async () =>
        (
          await db.prisma.nodeSpecChange.findMany({
            where: { cluster: 'real', node: SILENT_NODE, field: 'taints' },
          })
        ).some((r) => JSON.stringify(r.value).includes('node.kubernetes.io/unreachable')),
      30_000,
      'the taint in history',
    );
    const episodes = await db.prisma.leaseStalenessEpisode.findMany({
      where: { cluster: 'real', node: SILENT_NODE },
    });
    expect(episodes).toHaveLength(1);
    expect(episodes[0]!.startedAt.getTime()).toBe(staleSince);
    expect(episodes[0]!.endedAt).toBeNull();

    // The kubelet comes back: its KWOK renews the Lease again, which ends the episode.
    await solo.start();
    await waitFor(
      async () => conditionOf(await getNode(SILENT_NODE), 'Ready')?.status === 'True',
      60_000,
      'Ready again',
    );
    await waitFor(
      async () =>
        (
          await db.prisma.leaseStalenessEpisode.findFirst({
            where: { cluster: 'real', node: SILENT_NODE },
          })
        )?.endedAt != null,
      60_000,
      'the episode to end',
    );
    const [episode] = await db.prisma.leaseStalenessEpisode.findMany({
      where: { cluster: 'real', node: SILENT_NODE },
    });
    expect(episode!.startedAt.getTime()).toBe(staleSince);
    expect(episode!.longestGapSeconds).toBeGreaterThan(grace);
  });

  it('polls kubelets through the node proxy of nodes that have none: errors counted per node, the rest unaffected', async () => {
    const names = [...collector.cache.nodes.keys()];
    await waitFor(
      async () =>
        (await counter(registry, 'plimsoll_collector_kubelet_poll_rounds_total', {})) >= 2,
      30_000,
      'two poll rounds',
    );
    const errors = await counter(registry, 'plimsoll_collector_errors_total', {
      resource: 'kubelet',
      phase: 'poll',
    });
    expect(errors).toBeGreaterThanOrEqual(names.length);
    // One warning per failing node, naming it (not one per round).
    const failed = warnings
      .filter((w) => w.msg === 'kubelet poll failed; trying again next round')
      .map((w) => (w.obj as { node: string }).node)
      .sort();
    expect(failed).toEqual([...names].sort());
    for (const n of names) expect(collector.kubelet.pressure(n)).toBeUndefined();
    // The watches carry on: still synced, and a change made now still lands in history.
    expect(collector.health().state).toBe('synced');
    const node = names.find((n) => n !== SILENT_NODE && n !== PRESSURE_NODE)!;
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    await strategicPatch(`/api/v1/nodes/${node}/status`, {
      status: {
        conditions: [
          {
            type: 'KernelDeadlock',
            status: 'True',
            reason: 'DockerHung',
            message: 'task docker:7 blocked for more than 120 seconds.',
            lastHeartbeatTime: metaTime(at),
            lastTransitionTime: metaTime(at),
          },
        ],
      },
    });
    await waitFor(
      async () =>
        (await db.prisma.nodeConditionTransition.count({
          where: { cluster: 'real', node, type: 'KernelDeadlock' },
        })) === 1,
      30_000,
      'the KernelDeadlock transition',
    );
  });
});
