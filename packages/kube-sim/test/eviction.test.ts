import { afterEach, describe, expect, it } from 'vitest';

import { PDBS, syncPodDisruptionBudgets } from '../src/sim/disruption-controller.js';
import { FIXTURE_NOW } from './fixtures.js';
import { request, startFixtureServer } from './helpers.js';

type Started = Awaited<ReturnType<typeof startFixtureServer>>;
let started: Started | undefined;
afterEach(async () => {
  await started?.server.close();
  started = undefined;
});

const evict = (url: string, ns: string, name: string) =>
  request(`${url}/api/v1/namespaces/${ns}/pods/${name}/eviction`, {
    method: 'POST',
    json: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: ns } },
  });
const createPdb = (url: string, ns: string, name: string, spec: Record<string, unknown>) =>
  request(`${url}/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets`, {
    method: 'POST',
    json: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec },
  });

describe('the Eviction API honours PodDisruptionBudgets (eviction.go)', () => {
  it('evicts while the budget allows, then answers 429 with the API server Status body', async () => {
    started = await startFixtureServer();
    const { server, store } = started;
    const url = server.url;
    expect(
      (
        await createPdb(url, 'default', 'web', {
          minAvailable: 1,
          selector: { matchLabels: { app: 'web' } },
        })
      ).status,
    ).toBe(201);
    // No disruption controller has processed the budget yet: observedGeneration < generation.
    const early = await evict(url, 'default', 'web-0');
    expect(early.status).toBe(429);
    expect(early.headers.get('retry-after')).toBe('10');
    expect(early.body.details.causes).toEqual([
      {
        reason: 'DisruptionBudget',
        message: 'The disruption budget web is still being processed by the server.',
      },
    ]);

    syncPodDisruptionBudgets(store, FIXTURE_NOW);
    expect(store.get(PDBS, 'default', 'web')?.status).toMatchObject({
      currentHealthy: 2,
      desiredHealthy: 1,
      expectedPods: 2,
      disruptionsAllowed: 1,
    });
    const first = await evict(url, 'default', 'web-0');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: 'Status', status: 'Success', code: 201 });
    expect(store.get('core/v1/pods', 'default', 'web-0')).toBeUndefined();
    // checkAndDecrement recorded the disruption before any controller ran.
    expect(store.get(PDBS, 'default', 'web')?.status).toMatchObject({
      disruptionsAllowed: 0,
      disruptedPods: { 'web-0': expect.any(String) },
    });

    const refused = await evict(url, 'default', 'web-2');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeNull();
    expect(refused.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget web needs 1 healthy pods and has 2 currently',
          },
        ],
      },
      code: 429,
    });
    expect(store.get('core/v1/pods', 'default', 'web-2')).toBeDefined();

    syncPodDisruptionBudgets(store, FIXTURE_NOW);
    expect(store.get(PDBS, 'default', 'web')?.status).toMatchObject({
      currentHealthy: 1,
      disruptionsAllowed: 0,
    });
    expect((await evict(url, 'default', 'web-2')).body.details.causes[0].message).toBe(
      'The disruption budget web needs 1 healthy pods and has 1 currently',
    );
  });

  it('evicts a terminal pod whatever its budget, and refuses a pod under two budgets with a 500', async () => {
    started = await startFixtureServer();
    const { server, store } = started;
    const url = server.url;
    await createPdb(url, 'team-a', 'all', { maxUnavailable: 0, selector: {} });
    syncPodDisruptionBudgets(store, FIXTURE_NOW);
    expect(store.get(PDBS, 'team-a', 'all')?.status).toMatchObject({ disruptionsAllowed: 0 });
    expect((await evict(url, 'team-a', 'web-5')).status).toBe(201);
    expect((await evict(url, 'team-a', 'web-1')).status).toBe(429);

    await createPdb(url, 'team-a', 'web', {
      minAvailable: 0,
      selector: { matchLabels: { app: 'web' } },
    });
    syncPodDisruptionBudgets(store, FIXTURE_NOW);
    const two = await evict(url, 'team-a', 'web-1');
    expect(two.status).toBe(500);
    expect(two.body.message).toBe(
      'Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  });

  it('evicts a pod no budget selects, and 404s an unknown pod', async () => {
    started = await startFixtureServer();
    const url = started.server.url;
    expect((await evict(url, 'default', 'web-4')).status).toBe(201);
    const missing = await evict(url, 'default', 'nope');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('pods "nope" not found');
  });
});
