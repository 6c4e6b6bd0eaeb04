import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startClusterManager, type ClusterManager } from '../src/collector/cluster-manager.js';
import { loadEnv } from '../src/config/env.js';
import type { Database } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { createHistoryRepository } from '../src/repositories/history-repository.js';
import { memoryLogger, waitFor } from '../test/collector/sim-harness.js';
import { createTestDatabase } from '../test/helper.js';
import {
  applyPlimsollAccess,
  CLUSTER,
  cluster,
  kube,
  metaTime,
  serviceAccountKubeconfig,
  strategicPatch,
} from './harness.js';

const NODE = 'kwok-node-5';
const LEASE = '/apis/coordination.k8s.io/v1/namespaces/plimsoll/leases/plimsoll-collector';

describe('two collector replicas elect one writer on a real Lease', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let replicas: ClusterManager[] = [];

  beforeAll(async () => {
    await applyPlimsollAccess();
    const sa = await serviceAccountKubeconfig();
    store = await createTestDatabase();
    db = await store.open();
    await applyMigrations(db.adapterFactory);
    const env = loadEnv({
      NODE_ENV: 'test',
      KUBECONFIG: sa.path,
      PLIMSOLL_SIMULATOR: 'off',
      POD_NAMESPACE: 'plimsoll',
      PLIMSOLL_NODE_MONITOR_GRACE_PERIOD_SECONDS: String(
        cluster().timing.nodeMonitorGracePeriodSeconds,
      ),
    });
    for (let i = 0; i < 2; i++) {
      replicas.push(
        await startClusterManager({
          env,
          history: createHistoryRepository(db.prisma),
          registry: new Registry(),
          log: memoryLogger(),
        }),
      );
    }
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await db?.close();
    await store?.drop();
  });

  const writers = () => replicas.filter((r) => r.collectors.get(CLUSTER)!.isWriter());

  it('one replica writes, the Lease names it, and on its shutdown the other takes over without losing a transition', async () => {
    await waitFor(() => writers().length === 1, 60_000, 'a writer');
    await waitFor(
      () => replicas.every((r) => r.collectors.get(CLUSTER)!.health().state !== 'syncing'),
      60_000,
      'both synced',
    );
    expect(replicas.map((r) => r.collectors.get(CLUSTER)!.health().state).sort()).toEqual([
      'standby',
      'synced',
    ]);
    const lease = await kube('GET', LEASE);
    const first = lease.spec.holderIdentity as string;
    expect(first).toBeTruthy();
    await waitFor(
      async () =>
        (await db.prisma.leaderTransition.count({
          where: {
            cluster: CLUSTER,
            namespace: 'plimsoll',
            name: 'plimsoll-collector',
            holder: first,
          },
        })) === 1,
      30_000,
      'the holder in history',
    );

    const leader = writers()[0]!;
    const follower = replicas.find((r) => r !== leader)!;
    // A transition while the leader shuts down: the new leader's resync finds it in its cache.
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const stopping = leader.stop();
    await strategicPatch(`/api/v1/nodes/${NODE}/status`, {
      status: {
        conditions: [
          {
            type: 'PIDPressure',
            status: 'True',
            reason: 'KubeletHasInsufficientPID',
            message: 'kubelet has insufficient PID available',
            lastHeartbeatTime: metaTime(at),
            lastTransitionTime: metaTime(at),
          },
        ],
      },
    });
    await stopping;
    replicas = [follower];
    // ReleaseOnCancel: the old leader emptied the Lease, so the follower need not wait out its duration.
    await waitFor(
      () => follower.collectors.get(CLUSTER)!.isWriter(),
      15_000,
      'the follower to take over',
    );
    const after = await kube('GET', LEASE);
    expect(after.spec.holderIdentity).not.toBe(first);
    expect(after.spec.leaseTransitions).toBeGreaterThanOrEqual(
      (lease.spec.leaseTransitions ?? 0) + 1,
    );
    await waitFor(
      async () =>
        (await db.prisma.nodeConditionTransition.count({
          where: { cluster: CLUSTER, node: NODE, type: 'PIDPressure', status: 'True' },
        })) === 1,
      30_000,
      'the transition, once',
    );
    await follower.collectors.get(CLUSTER)!.flush();
    const holders = await db.prisma.leaderTransition.findMany({
      where: { cluster: CLUSTER, namespace: 'plimsoll', name: 'plimsoll-collector' },
      orderBy: { observedAt: 'asc' },
    });
    expect(holders.map((h) => h.holder)).toEqual([first, after.spec.holderIdentity]);
  });
});
