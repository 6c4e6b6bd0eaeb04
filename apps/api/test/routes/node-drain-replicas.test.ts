import type { DrainJob } from '@plimsoll/shared/schemas';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/app.js';
import type { ClusterManager } from '../../src/collector/cluster-manager.js';
import { createNodeDrainRepository } from '../../src/repositories/node-drain-repository.js';
import { waitFor } from '../collector/sim-harness.js';
import { buildClusterTestApp, errorBody, signIn, type TestContext } from '../helper.js';
import { simDrainFixtures } from './sim-drain-fixtures.js';

/**
 * Three API replicas behind one Service (docs/production.md): a drain runs on the replica that took the POST,
 * while its progress and cancel land on others. Here the replicas are apps sharing one database and one cluster.
 */
describe('a drain seen and cancelled from another API replica', () => {
  let ctx: TestContext & { manager: ClusterManager };
  let b: FastifyInstance;
  let sre: Awaited<ReturnType<typeof signIn>>;
  let sim: ReturnType<typeof simDrainFixtures>;
  /** Another replica on the same database and cluster. */
  const replica = async () => {
    const app = await buildApp({
      env: ctx.env,
      db: ctx.db,
      clusterManager: ctx.manager,
      registry: new Registry(),
    });
    await app.ready();
    return app;
  };
  beforeAll(async () => {
    ctx = await buildClusterTestApp({
      PLIMSOLL_SIM_SCENARIO: 'demo',
      PLIMSOLL_SIM_SPEED: '10',
      PLIMSOLL_SIM_NODES: '8',
    });
    sim = simDrainFixtures(ctx.manager);
    b = await replica();
    // Sessions are in the database: the one signed in on A is good on every replica.
    sre = await signIn(ctx.app, 'sre');
    const collector = ctx.manager.collectors.get('sim');
    await waitFor(() => collector?.health().state === 'synced', 30_000, 'sync');
  }, 60_000);
  afterAll(async () => {
    await b.close();
    await ctx.close();
  });

  const post = (app: FastifyInstance, url: string, payload?: object) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...sre.headers, 'x-csrf-token': sre.csrfToken },
      ...(payload ? { payload } : {}),
    });
  const progress = async (app: FastifyInstance, id: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/clusters/sim/drains/${id}`,
      headers: sre.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<DrainJob>();
  };
  const latest = async (app: FastifyInstance, node: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/clusters/sim/nodes/${node}/drains`,
      headers: sre.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: DrainJob[] }>();
  };
  const drained = new Set<string>();
  /** A drain on a fresh worker whose ReplicaSet pod a budget of maxUnavailable 0 holds, started on `app`. */
  async function heldDrain(app: FastifyInstance, pdb: string) {
    const { node, pod } = await sim.workerWithReplicaSetPod([...drained]);
    drained.add(node);
    await sim.createPdb(pod, pdb, 0);
    await new Promise((r) => setTimeout(r, 1000));
    const started = await post(app, `/api/v1/clusters/sim/nodes/${node}/drains`, {
      deleteEmptyDirData: true,
    });
    expect(started.statusCode, started.body).toBe(202);
    return { node, pod, job: started.json<DrainJob>() };
  }

  it("started on A, B shows its progress (each pod's 429s), refuses a second drain and cancels it; A stops", async () => {
    const { node, pod, job } = await heldDrain(ctx.app, 'hold-a');
    // B has never run this drain: the budget's refusal and the attempts reach it through the database.
    await waitFor(
      async () =>
        (await progress(b, job.id)).pods.some(
          (p) => p.name === pod.metadata.name && p.state === 'refused' && p.attempts >= 2,
        ),
      20_000,
      'the refusal and a retry, read on B',
    );
    const seen = await progress(b, job.id);
    expect(seen).toMatchObject({ id: job.id, node, actor: 'sre', state: 'running' });
    expect(seen.pods.find((p) => p.name === pod.metadata.name)?.lastRefusal).toMatch(
      /^Cannot evict pod as it would violate the pod's disruption budget\. The disruption budget hold-a needs \d+ healthy pods and has \d+ currently$/,
    );
    // The node's latest drains, on B too: a reloaded page picks the running one up.
    expect((await latest(b, node)).items.map((d) => [d.id, d.state, d.pods.length])).toEqual([
      [job.id, 'running', seen.pods.length],
    ]);
    const again = await post(b, `/api/v1/clusters/sim/nodes/${node}/drains`, {
      deleteEmptyDirData: true,
    });
    expect(again.statusCode).toBe(409);
    expect(errorBody(again).message).toContain(job.id);

    const cancel = await post(b, `/api/v1/clusters/sim/drains/${job.id}/cancel`);
    expect(cancel.statusCode, cancel.body).toBe(200);
    // Only A runs the pods: the drain says cancelled once A has seen the request and stopped them.
    await waitFor(
      async () => (await progress(b, job.id)).state === 'cancelled',
      10_000,
      'A to stop',
    );
    const ended = await progress(ctx.app, job.id);
    expect(ended.message).toMatch(
      /^Cancelled; \d+ of \d+ pods evicted\. The node stays cordoned\.$/,
    );
    const held = ended.pods.find((p) => p.name === pod.metadata.name);
    expect(held?.state).toBe('cancelled');
    // No retry after the stop: the attempts stay where they were and the pod stays on the node.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await progress(b, job.id)).pods.find((p) => p.name === pod.metadata.name)).toEqual(
      held,
    );
    expect((await sim.podsOn(node)).some((p) => p.metadata.name === pod.metadata.name)).toBe(true);
    const audit = await ctx.db.prisma.nodeActionAuditEvent.findMany({
      where: { drainId: job.id },
      orderBy: { id: 'desc' },
    });
    expect(audit[0]).toMatchObject({ action: 'drain-cancelled', actor: 'sre' });
  }, 60_000);

  it('a replica that shuts down leaves its drain interrupted, not running', async () => {
    const c = await replica();
    const { job } = await heldDrain(c, 'hold-c');
    await waitFor(
      async () => (await progress(b, job.id)).pods.some((p) => p.state === 'refused'),
      20_000,
      'a refusal',
    );
    await c.close();
    const after = await progress(b, job.id);
    expect(after.state).toBe('interrupted');
    expect(after.message).toMatch(
      /^Interrupted: the API replica running this drain shut down; \d+ of \d+ pods evicted\. The node stays cordoned; drain again to evict the rest\.$/,
    );
    expect(after.finishedAt).not.toBeNull();
    const audit = await ctx.db.prisma.nodeActionAuditEvent.findFirst({
      where: { drainId: job.id, action: 'drain-interrupted' },
    });
    expect(audit).toMatchObject({ actor: 'plimsoll', outcome: 'failed' });
  }, 60_000);

  it('a drain whose replica died (no progress for 30 s) is interrupted on the next read; a new drain may start', async () => {
    const { node } = await sim.workerWithReplicaSetPod([...drained]);
    drained.add(node);
    const drains = createNodeDrainRepository(ctx.db.prisma);
    const now = Date.now();
    // What a crashed replica leaves behind: a running drain, its last write 40 s old.
    const left = (id: string, ageMs: number) =>
      drains.create(
        {
          id,
          cluster: 'sim',
          node,
          actor: 'sre',
          options: { ignoreDaemonSets: true, deleteEmptyDirData: true, force: false },
          state: 'running',
          startedAt: new Date(now - ageMs - 30_000).toISOString(),
          finishedAt: null,
          message: '',
          pods: [
            {
              namespace: 'default',
              name: 'web-1',
              state: 'evicted',
              attempts: 1,
              lastRefusal: null,
              nextAttemptAt: null,
              error: null,
            },
            {
              namespace: 'default',
              name: 'web-2',
              state: 'refused',
              attempts: 4,
              lastRefusal: 'Cannot evict pod as it would violate the pod’s disruption budget.',
              nextAttemptAt: new Date(now - 30_000).toISOString(),
              error: null,
            },
          ],
        },
        new Date(now - ageMs),
      );
    const dead = '11111111-1111-4111-8111-111111111111';
    const alive = '22222222-2222-4222-8222-222222222222';
    expect(await left(dead, 40_000)).toBe(true);
    expect((await latest(b, node)).items.map((d) => [d.id, d.state])).toEqual([
      [dead, 'interrupted'],
    ]);
    // Now a live one (last write 10 s ago) may take the node; while it runs, no second one can be stored.
    expect(await left(alive, 10_000)).toBe(true);
    expect(await left('33333333-3333-4333-8333-333333333333', 5_000)).toBe(false);
    expect((await progress(b, alive)).state).toBe('running');
    const interrupted = await progress(b, dead);
    expect(interrupted).toMatchObject({
      state: 'interrupted',
      message: expect.stringMatching(
        /^Interrupted: the API replica running this drain has written no progress since .+; 1 of 2 pods evicted\. The node stays cordoned; drain again to evict the rest\.$/,
      ),
    });
    expect(interrupted.pods[1]).toMatchObject({ name: 'web-2', state: 'refused', attempts: 4 });
    // Stays so on every replica; a cancel changes nothing.
    expect((await progress(ctx.app, dead)).state).toBe('interrupted');
    const cancel = await post(b, `/api/v1/clusters/sim/drains/${dead}/cancel`);
    expect(cancel.json<DrainJob>().state).toBe('interrupted');
    const audit = await ctx.db.prisma.nodeActionAuditEvent.findMany({ where: { drainId: dead } });
    expect(audit).toMatchObject([{ action: 'drain-interrupted', actor: 'plimsoll' }]);

    // The live one still blocks a new drain of the node; once it too has gone quiet, a new drain starts.
    const blocked = await post(b, `/api/v1/clusters/sim/nodes/${node}/drains`, {
      deleteEmptyDirData: true,
    });
    expect(blocked.statusCode).toBe(409);
    expect(errorBody(blocked).message).toContain(alive);
    await ctx.db.prisma.nodeDrain.update({
      where: { id: alive },
      data: { heartbeatAt: new Date(now - 40_000) },
    });
    const fresh = await post(b, `/api/v1/clusters/sim/nodes/${node}/drains`, {
      deleteEmptyDirData: true,
    });
    expect(fresh.statusCode, fresh.body).toBe(202);
    expect((await progress(ctx.app, alive)).state).toBe('interrupted');
    await post(ctx.app, `/api/v1/clusters/sim/drains/${fresh.json<DrainJob>().id}/cancel`);
  }, 60_000);

  it('404s a drain no replica knows, in the error shape', async () => {
    const res = await b.inject({
      method: 'GET',
      url: '/api/v1/clusters/sim/drains/00000000-0000-0000-0000-000000000000',
      headers: sre.headers,
    });
    expect(res.statusCode).toBe(404);
    expect(errorBody(res)).toMatchObject({ code: 'NOT_FOUND', requestId: expect.any(String) });
  });
});
