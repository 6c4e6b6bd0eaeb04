import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createNodes, restart } from '../../../tools/k8s/cluster.mjs';
import type { ClusterCollector } from '../src/collector/cluster-collector.js';
import type { Database } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { clusterTargetFromKubeconfig } from '../src/k8s/kube-config.js';
import { switchableClient, waitFor } from '../test/collector/sim-harness.js';
import { createTestDatabase } from '../test/helper.js';
import {
  applyPlimsollAccess,
  CLUSTER,
  cluster,
  collectorOn,
  counter,
  metaTime,
  serviceAccountKubeconfig,
  startWriting,
  strategicPatch,
} from './harness.js';
import type { Registry } from 'prom-client';

const NODE = 'kwok-node-4';

/** The current etcd revision and a physical compaction at it, through etcd's JSON gateway. */
async function compactEtcd(): Promise<number> {
  const etcd = `http://127.0.0.1:${cluster().ports.etcd}`;
  const range = (await (
    await fetch(`${etcd}/v3/kv/range`, {
      method: 'POST',
      body: JSON.stringify({ key: Buffer.from('/registry/').toString('base64') }),
    })
  ).json()) as { header: { revision: string } };
  const revision = Number(range.header.revision);
  const res = await fetch(`${etcd}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision: String(revision), physical: true }),
  });
  // "required revision has been compacted" when the API server's own compactor got there first is just as good.
  if (!res.ok && !(await res.text()).includes('compacted'))
    throw new Error(`compaction: ${res.status}`);
  return revision;
}

function memoryPressure(status: 'True' | 'False', at: Date) {
  return strategicPatch(`/api/v1/nodes/${NODE}/status`, {
    status: {
      conditions: [
        {
          type: 'MemoryPressure',
          status,
          reason: status === 'True' ? 'KubeletHasInsufficientMemory' : 'KubeletHasSufficientMemory',
          message: `kubelet has ${status === 'True' ? 'insufficient' : 'sufficient'} memory available`,
          lastHeartbeatTime: metaTime(at),
          lastTransitionTime: metaTime(at),
        },
      ],
    },
  });
}

describe('watches across etcd compaction and a kube-apiserver restart', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let collector: ClusterCollector;
  let registry: Registry;
  let cutOff = false;

  beforeAll(async () => {
    await applyPlimsollAccess();
    const sa = await serviceAccountKubeconfig();
    store = await createTestDatabase();
    db = await store.open();
    await applyMigrations(db.adapterFactory);
    const target = clusterTargetFromKubeconfig(CLUSTER, 'kubeconfig', sa.yaml);
    ({ collector, registry } = collectorOn(sa.yaml, db, {
      target: { ...target, client: switchableClient(target.client, () => cutOff) },
    }));
    await startWriting(collector);
  });

  afterAll(async () => {
    await collector?.stop();
    await db?.close();
    await store?.drop();
  });

  const transitions = () =>
    db.prisma.nodeConditionTransition.findMany({
      where: { cluster: CLUSTER, node: NODE, type: 'MemoryPressure' },
      orderBy: { lastTransitionTime: 'asc' },
      select: { status: true, lastTransitionTime: true, reconstructed: true },
    });

  it('relists after 410 Gone: what changed while it was cut off is recorded once, nothing is lost or doubled', async () => {
    const t0 = new Date(Math.floor(Date.now() / 1000) * 1000);
    await memoryPressure('True', t0);
    await waitFor(
      async () => (await transitions()).some((r) => r.status === 'True'),
      30_000,
      'live True',
    );
    const goneBefore = await counter(registry, 'plimsoll_collector_relists_total', {
      reason: 'gone',
    });

    // Cut off: the collector hears nothing while the node recovers and a node joins; then etcd is compacted past
    // everything it saw and the API server restarts with an empty watch cache.
    cutOff = true;
    const t1 = new Date(t0.getTime() + 3000);
    await memoryPressure('False', t1);
    await createNodes(cluster(), 1, { from: 8 });
    await compactEtcd();
    await restart(cluster().dir, 'kube-apiserver');
    cutOff = false;

    await waitFor(
      async () =>
        (await counter(registry, 'plimsoll_collector_relists_total', { reason: 'gone' })) >
        goneBefore,
      60_000,
      'a 410 Gone and the relist after it',
    );
    await waitFor(
      () => collector.health().state === 'synced' && collector.cache.nodes.has('kwok-node-8'),
      60_000,
      'resync',
    );
    await waitFor(
      async () => (await transitions()).some((r) => r.status === 'False'),
      30_000,
      'the missed False',
    );

    // Live again: the next transition comes through the watch.
    const t2 = new Date(Math.floor(Date.now() / 1000) * 1000 + 1000);
    await memoryPressure('True', t2);
    await waitFor(
      async () =>
        (await transitions()).some((r) => r.lastTransitionTime.getTime() === t2.getTime()),
      30_000,
      'the live True after the restart',
    );
    await collector.flush();
    const rows = (await transitions()).filter((r) => r.lastTransitionTime >= t0);
    expect(
      rows.map((r) => [r.status, r.lastTransitionTime.toISOString(), r.reconstructed]),
    ).toEqual([
      ['True', t0.toISOString(), false],
      // Learnt from the relist, not watched: marked reconstructed.
      ['False', t1.toISOString(), true],
      ['True', t2.toISOString(), false],
    ]);
    const joined = await db.prisma.currentNode.findMany({
      where: { cluster: CLUSTER, name: 'kwok-node-8' },
    });
    expect(joined).toHaveLength(1);
  });
});
