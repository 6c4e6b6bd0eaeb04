import type { DrainJob, DrainPreview } from '@plimsoll/shared/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClusterManager } from '../../src/collector/cluster-manager.js';
import { waitFor } from '../collector/sim-harness.js';
import { buildClusterTestApp, errorBody, signIn, type TestContext } from '../helper.js';
import { simDrainFixtures } from './sim-drain-fixtures.js';

describe('cordon, uncordon and drain (SRE only, through the Eviction API)', () => {
  let ctx: TestContext & { manager: ClusterManager };
  let sre: Awaited<ReturnType<typeof signIn>>;
  let sim: ReturnType<typeof simDrainFixtures>;
  beforeAll(async () => {
    ctx = await buildClusterTestApp({
      PLIMSOLL_SIM_SCENARIO: 'demo',
      PLIMSOLL_SIM_SPEED: '10',
      PLIMSOLL_SIM_NODES: '6',
    });
    sim = simDrainFixtures(ctx.manager);
    sre = await signIn(ctx.app, 'sre');
    const collector = ctx.manager.collectors.get('sim');
    await waitFor(() => collector?.health().state === 'synced', 30_000, 'sync');
  }, 60_000);
  afterAll(async () => ctx.close());

  const post = (url: string, payload?: object, who = sre) =>
    ctx.app.inject({
      method: 'POST',
      url,
      headers: { ...who.headers, 'x-csrf-token': who.csrfToken },
      ...(payload ? { payload } : {}),
    });
  it('refuses viewers and requests without the CSRF token, and 404s an unknown node', async () => {
    const viewer = await signIn(ctx.app, 'viewer');
    const { node } = await sim.workerWithReplicaSetPod();
    const asViewer = await post(`/api/v1/clusters/sim/nodes/${node}/cordon`, undefined, viewer);
    expect(asViewer.statusCode).toBe(403);
    const noCsrf = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/clusters/sim/nodes/${node}/cordon`,
      headers: sre.headers,
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(errorBody(noCsrf).code).toBe('CSRF_FAILED');
    const unknown = await post('/api/v1/clusters/sim/nodes/no-such-node/cordon');
    expect(unknown.statusCode).toBe(404);
    expect(errorBody(unknown).code).toBe('NOT_FOUND');
    const badOptions = await post(`/api/v1/clusters/sim/nodes/${node}/drains`, { force: 'yes' });
    expect(badOptions.statusCode).toBe(400);
  });

  it('cordons and uncordons, with an audit entry for each', async () => {
    const { node } = await sim.workerWithReplicaSetPod();
    const on = await post(`/api/v1/clusters/sim/nodes/${node}/cordon`);
    expect(on.statusCode).toBe(200);
    expect(on.json()).toEqual({ cluster: 'sim', node, unschedulable: true });
    const off = await post(`/api/v1/clusters/sim/nodes/${node}/uncordon`);
    expect(off.json()).toMatchObject({ unschedulable: false });
    const audit = await ctx.db.prisma.nodeActionAuditEvent.findMany({
      where: { node },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.actor, a.outcome])).toEqual([
      ['cordon', 'sre', 'ok'],
      ['uncordon', 'sre', 'ok'],
    ]);
    // The node page reads the same log, newest first; only SREs may.
    const log = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/clusters/sim/nodes/${node}/actions`,
      headers: sre.headers,
    });
    expect(log.statusCode).toBe(200);
    expect(log.json()).toMatchObject({
      cluster: 'sim',
      node,
      items: [
        { action: 'uncordon', actor: 'sre', outcome: 'ok', drainId: null, pod: null },
        { action: 'cordon', actor: 'sre', outcome: 'ok', drainId: null, pod: null },
      ],
    });
    const viewer = await signIn(ctx.app, 'viewer');
    const asViewer = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/clusters/sim/nodes/${node}/actions`,
      headers: viewer.headers,
    });
    expect(asViewer.statusCode).toBe(403);
    const noCluster = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/clusters/nope/nodes/${node}/actions`,
      headers: sre.headers,
    });
    expect(noCluster.statusCode).toBe(404);
    expect(errorBody(noCluster).code).toBe('NOT_FOUND');
  });

  it("the node's page says cordoned as soon as the cluster does, not when the cached node rows catch up", async () => {
    const { node } = await sim.workerWithReplicaSetPod();
    const unschedulable = async () =>
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/clusters/sim/nodes/${node}`,
          headers: sre.headers,
        })
      ).json<{ summary: { unschedulable: boolean } }>().summary.unschedulable;
    const cache = () => ctx.manager.collectors.get('sim')?.cache.nodes.get(node);
    // Reading the node builds the rows; the cordon lands while they are still fresh enough to be served.
    expect(await unschedulable()).toBe(false);
    await post(`/api/v1/clusters/sim/nodes/${node}/cordon`);
    await waitFor(() => cache()?.unschedulable === true, 5_000, 'the cordon in the cache');
    expect(await unschedulable()).toBe(true);
    await post(`/api/v1/clusters/sim/nodes/${node}/uncordon`);
    await waitFor(() => cache()?.unschedulable === false, 5_000, 'the uncordon in the cache');
    expect(await unschedulable()).toBe(false);
  });

  it('drains a node respecting a PodDisruptionBudget: 429s retried and shown until the budget allows', async () => {
    const { node, pod } = await sim.workerWithReplicaSetPod();
    await sim.createPdb(pod, 'guard', 0);
    await waitFor(
      async () => {
        const res = await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/clusters/sim/nodes/${node}/drain-preview?deleteEmptyDirData=true`,
          headers: sre.headers,
        });
        return res.json<DrainPreview>().pods.some((p) => p.pdb?.name === 'guard');
      },
      10_000,
      'the budget in the preview',
    );
    const preview = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/clusters/sim/nodes/${node}/drain-preview?deleteEmptyDirData=true`,
        headers: sre.headers,
      })
    ).json<DrainPreview>();
    expect(preview.errors, JSON.stringify(preview.errors)).toEqual([]);
    const guarded = preview.pods.find((p) => p.name === pod.metadata.name);
    expect(guarded).toMatchObject({
      action: 'evict',
      pdb: { name: 'guard', disruptionsAllowed: 0 },
    });
    // DaemonSet pods stay, as kubectl drain --ignore-daemonsets leaves them.
    for (const p of preview.pods.filter((x) => x.ownerKind === 'DaemonSet'))
      expect(p).toMatchObject({ action: 'skip', message: 'ignoring DaemonSet-managed Pods' });
    const withoutIgnore = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/clusters/sim/nodes/${node}/drain-preview?ignoreDaemonSets=false&deleteEmptyDirData=true`,
        headers: sre.headers,
      })
    ).json<DrainPreview>();
    if (preview.pods.some((x) => x.ownerKind === 'DaemonSet'))
      expect(withoutIgnore.errors[0]).toMatch(
        /^cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): /,
      );

    const started = await post(`/api/v1/clusters/sim/nodes/${node}/drains`, {
      deleteEmptyDirData: true,
    });
    expect(started.statusCode).toBe(202);
    const job = started.json<DrainJob>();
    const progress = async () =>
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/clusters/sim/drains/${job.id}`,
          headers: sre.headers,
        })
      ).json<DrainJob>();
    await waitFor(
      async () =>
        (await progress()).pods.find((p) => p.name === pod.metadata.name)?.state === 'refused',
      15_000,
      'the budget to refuse the eviction',
    );
    await waitFor(
      async () =>
        (await progress()).pods.every(
          (p) => p.state === 'evicted' || p.lastRefusal?.includes('disruption budget guard'),
        ),
      30_000,
      'the unguarded pods evicted (every replica of the guarded workload waits)',
    );
    const refused = (await progress()).pods.find((p) => p.name === pod.metadata.name);
    expect(refused?.lastRefusal).toMatch(
      /^Cannot evict pod as it would violate the pod's disruption budget\. The disruption budget guard needs \d+ healthy pods and has \d+ currently$/,
    );
    expect((await progress()).state).toBe('running');
    expect((await sim.podsOn(node)).some((p) => p.metadata.name === pod.metadata.name)).toBe(true);

    // The owner relaxes the budget: the next retry goes through.
    const relax = await fetch(
      `${sim.simUrl}/apis/policy/v1/namespaces/${pod.metadata.namespace}/poddisruptionbudgets/guard`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ spec: { maxUnavailable: 1 } }),
      },
    );
    expect(relax.status).toBe(200);
    await waitFor(async () => (await progress()).state === 'done', 45_000, 'the drain to finish');
    const done = await progress();
    expect(done.pods.every((p) => p.state === 'evicted')).toBe(true);
    expect(done.pods.find((p) => p.name === pod.metadata.name)?.attempts).toBeGreaterThan(1);
    expect(ctx.manager.collectors.get('sim')?.cache.nodes.get(node)?.unschedulable).toBe(true);
    const audit = await ctx.db.prisma.nodeActionAuditEvent.findMany({ where: { drainId: job.id } });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['drain-start', 'evict', 'drain-done']),
    );
    expect(audit.some((a) => a.action === 'evict' && a.outcome === 'refused')).toBe(true);
    const log = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/clusters/sim/nodes/${node}/actions`,
        headers: sre.headers,
      })
    ).json<{ items: { action: string; drainId: string | null; pod: string | null }[] }>();
    expect(log.items[0]).toMatchObject({ action: 'drain-done', drainId: job.id });
    expect(log.items).toContainEqual(
      expect.objectContaining({
        action: 'evict',
        drainId: job.id,
        pod: `${pod.metadata.namespace}/${pod.metadata.name}`,
      }),
    );
  }, 120_000);

  it('cancels a drain that a budget holds up; the node stays cordoned', async () => {
    const first = await sim.workerWithReplicaSetPod();
    await post(`/api/v1/clusters/sim/nodes/${first.node}/uncordon`);
    const { node, pod } = await sim.workerWithReplicaSetPod([first.node]);
    await sim.createPdb(pod, 'hold', 0);
    await new Promise((r) => setTimeout(r, 1000));
    const job = (
      await post(`/api/v1/clusters/sim/nodes/${node}/drains`, { deleteEmptyDirData: true })
    ).json<DrainJob>();
    const url = `/api/v1/clusters/sim/drains/${job.id}`;
    await waitFor(
      async () =>
        (await ctx.app.inject({ method: 'GET', url, headers: sre.headers }))
          .json<DrainJob>()
          .pods.some((p) => p.state === 'refused'),
      15_000,
      'a refusal',
    );
    const again = await post(`/api/v1/clusters/sim/nodes/${node}/drains`, {
      deleteEmptyDirData: true,
    });
    expect(again.statusCode).toBe(409);
    expect((await post(`${url}/cancel`)).statusCode).toBe(200);
    await waitFor(
      async () =>
        (await ctx.app.inject({ method: 'GET', url, headers: sre.headers })).json<DrainJob>()
          .state === 'cancelled',
      10_000,
      'cancelled',
    );
    expect((await sim.podsOn(node)).some((p) => p.metadata.name === pod.metadata.name)).toBe(true);
    // The log has the end as soon as the job says it ended (the UI reads it then).
    const log = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/clusters/sim/nodes/${node}/actions`,
        headers: sre.headers,
      })
    ).json<{ items: { action: string; drainId: string | null; message: string }[] }>();
    expect(log.items[0]).toMatchObject({
      action: 'drain-cancelled',
      drainId: job.id,
      message: expect.stringMatching(
        /^Cancelled; \d+ of \d+ pods evicted\. The node stays cordoned\.$/,
      ),
    });
    const missing = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/clusters/sim/drains/00000000-0000-0000-0000-000000000000',
      headers: sre.headers,
    });
    expect(missing.statusCode).toBe(404);
  }, 60_000);
});
