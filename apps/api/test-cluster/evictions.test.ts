import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClusterCollector } from '../src/collector/cluster-collector.js';
import type { Database } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { waitFor } from '../test/collector/sim-harness.js';
import { createTestDatabase } from '../test/helper.js';
import {
  applyPlimsollAccess,
  CLUSTER,
  cluster,
  collectorOn,
  createNamespace,
  kube,
  metaTime,
  serviceAccountKubeconfig,
  startWriting,
  strategicPatch,
} from './harness.js';

const NS = 'globex-batch';
const NODE = 'kwok-node-3';
// The kubelet's eviction message (pkg/kubelet/eviction/helpers.go evictionMessage), word for word.
const MESSAGE =
  'The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. ' +
  'Container worker was using 1536Mi, request is 256Mi, has larger consumption of memory. ';

/** What the kubelet's eviction manager writes through the pod's status subresource when it evicts (evictPod). */
function evictedStatus(at: Date) {
  return {
    status: {
      phase: 'Failed',
      reason: 'Evicted',
      message: MESSAGE,
      conditions: [
        {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'TerminationByKubelet',
          message: MESSAGE,
          lastTransitionTime: metaTime(at),
        },
        { type: 'Ready', status: 'False', reason: 'PodFailed', lastTransitionTime: metaTime(at) },
      ],
      containerStatuses: [
        {
          name: 'worker',
          image: 'registry.example/worker:1',
          imageID: '',
          ready: false,
          started: false,
          restartCount: 0,
          state: {
            terminated: {
              exitCode: 137,
              reason: 'Error',
              startedAt: metaTime(new Date(at.getTime() - 60_000)),
              finishedAt: metaTime(at),
            },
          },
        },
      ],
    },
  };
}

describe('evictions and Events of a real cluster', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let collector: ClusterCollector;

  beforeAll(async () => {
    await applyPlimsollAccess();
    const sa = await serviceAccountKubeconfig();
    await createNamespace(NS, { 'plimsoll.io/tenant': 'globex' });
    store = await createTestDatabase();
    db = await store.open();
    await applyMigrations(db.adapterFactory);
    ({ collector } = collectorOn(sa.yaml, db));
    await startWriting(collector);
  });

  afterAll(async () => {
    await collector?.stop();
    await db?.close();
    await store?.drop();
  });

  it('records a pod the kubelet evicted, from the status it wrote, with the parsed message', async () => {
    const pod = await kube('POST', `/api/v1/namespaces/${NS}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'worker-0' },
      spec: {
        nodeName: NODE,
        priority: 0,
        containers: [
          {
            name: 'worker',
            image: 'registry.example/worker:1',
            resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '2Gi' } },
          },
        ],
      },
    });
    // KWOK plays the kubelet up to Running; the eviction is ours, as the kubelet would write it.
    await waitFor(
      async () =>
        (await kube('GET', `/api/v1/namespaces/${NS}/pods/worker-0`)).status.phase === 'Running',
      60_000,
      'KWOK to run the pod',
    );
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    await strategicPatch(`/api/v1/namespaces/${NS}/pods/worker-0/status`, evictedStatus(at));
    await waitFor(
      async () =>
        (await db.prisma.eviction.count({
          where: { cluster: CLUSTER, podUid: pod.metadata.uid },
        })) === 1,
      30_000,
      'the eviction in history',
    );
    const row = await db.prisma.eviction.findFirstOrThrow({
      where: { cluster: CLUSTER, podUid: pod.metadata.uid },
    });
    expect(row).toMatchObject({
      namespace: NS,
      pod: 'worker-0',
      node: NODE,
      tenant: 'globex',
      qosClass: 'Burstable',
      resource: 'memory',
      threshold: '100Mi',
      available: '51200Ki',
      message: MESSAGE,
      reconstructed: false,
    });
    expect(row.offenders).toEqual([
      { kind: 'container', name: 'worker', usage: '1536Mi', request: '256Mi' },
    ]);
  });

  it('keeps the kubelet’s Evicted Event after the API server expired it (--event-ttl)', async () => {
    const ttl = cluster().timing.eventTtlSeconds;
    const now = new Date();
    const event = await kube('POST', `/api/v1/namespaces/${NS}/events`, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `worker-0.${Date.now().toString(16)}` },
      involvedObject: { kind: 'Pod', namespace: NS, name: 'worker-0', apiVersion: 'v1' },
      reason: 'Evicted',
      message: MESSAGE,
      type: 'Warning',
      source: { component: 'kubelet', host: NODE },
      firstTimestamp: metaTime(now),
      lastTimestamp: metaTime(now),
      count: 1,
      reportingComponent: 'kubelet',
      reportingInstance: NODE,
    });
    await waitFor(
      async () =>
        (await db.prisma.kubeEvent.count({
          where: { cluster: CLUSTER, uid: event.metadata.uid },
        })) === 1,
      30_000,
      'the Event in history',
    );
    const path = `/api/v1/namespaces/${NS}/events/${event.metadata.name}`;
    await waitFor(
      async () => (await kube('GET', path, undefined, { ok: [200, 404] })).code === 404,
      (ttl + 60) * 1000,
      'the API server to expire the Event',
    );
    // The server no longer has it; history keeps it all the same.
    const kept = await db.prisma.kubeEvent.findFirstOrThrow({
      where: { cluster: CLUSTER, uid: event.metadata.uid },
    });
    expect(kept).toMatchObject({
      reason: 'Evicted',
      type: 'Warning',
      message: MESSAGE,
      involvedKind: 'Pod',
      involvedName: 'worker-0',
      sourceComponent: 'kubelet',
      sourceHost: NODE,
    });
    expect(Date.now() - now.getTime()).toBeGreaterThanOrEqual(ttl * 1000);
  });
});
