import { request as httpsRequest } from 'node:https';

import { afterEach, describe, expect, it } from 'vitest';

import type { ApiServer } from '../src/server/api-server.js';
import type { Simulation } from '../src/sim/types.js';
import type { KubeObjectStore } from '../src/store/object-store.js';
import { readWatch, request, startFixtureServer } from './helpers.js';

let server: ApiServer | undefined;
let store: KubeObjectStore;

async function start(opts: Parameters<typeof startFixtureServer>[0] = {}): Promise<string> {
  const started = await startFixtureServer(opts);
  server = started.server;
  store = started.store;
  return server.url;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('discovery', () => {
  it('serves /api, /api/v1, /apis and every group-version', async () => {
    const url = await start();
    expect((await request(`${url}/api`)).body.versions).toEqual(['v1']);
    const core = (await request(`${url}/api/v1`)).body;
    expect(core.kind).toBe('APIResourceList');
    expect(core.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining([
        'nodes',
        'nodes/status',
        'nodes/proxy',
        'pods',
        'pods/status',
        'pods/eviction',
        'events',
        'resourcequotas',
        'resourcequotas/status',
        'namespaces',
      ]),
    );
    const groups = (await request(`${url}/apis`)).body.groups.map((g: any) => g.name);
    expect(groups).toEqual(
      expect.arrayContaining([
        'coordination.k8s.io',
        'rbac.authorization.k8s.io',
        'networking.k8s.io',
        'scheduling.k8s.io',
        'events.k8s.io',
        'metrics.k8s.io',
        'authentication.k8s.io',
        'authorization.k8s.io',
      ]),
    );
    for (const g of (await request(`${url}/apis`)).body.groups) {
      expect((await request(`${url}/apis/${g.preferredVersion.groupVersion}`)).status).toBe(200);
    }
    expect(groups).not.toContain('cluster.x-k8s.io');
    store.registerResourceType({
      group: 'cluster.x-k8s.io',
      version: 'v1beta1',
      resource: 'machines',
      kind: 'Machine',
      namespaced: true,
      verbs: ['get', 'list', 'watch', 'create'],
    });
    expect((await request(`${url}/apis/cluster.x-k8s.io/v1beta1`)).body.resources[0].name).toBe(
      'machines',
    );
    expect((await request(`${url}/version`)).body.gitVersion).toMatch(/^v1\.35/);
  });
});

describe('get and list', () => {
  it('answers NotFound as a Status object', async () => {
    const url = await start();
    const res = await request(`${url}/api/v1/namespaces/default/pods/nope`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      code: 404,
      message: 'pods "nope" not found',
    });
    expect(
      (await request(`${url}/apis/coordination.k8s.io/v1/namespaces/x/leases/y`)).body.message,
    ).toBe('leases.coordination.k8s.io "y" not found');
  });

  it('filters by label and field selectors, in one namespace or all', async () => {
    const url = await start();
    const names = async (q: string, ns = ''): Promise<string[]> =>
      (await request(`${url}/api/v1/${ns}pods?${q}`)).body.items.map((p: any) => p.metadata.name);
    expect(await names('labelSelector=app%3Dweb,tier%20in%20(front)')).toEqual(['web-0', 'web-3']);
    expect(await names('labelSelector=app!%3Dweb')).toEqual(['web-4', 'web-5']);
    expect(await names('fieldSelector=spec.nodeName%3Dnode-1')).toEqual(['web-0', 'web-3']);
    expect(await names('fieldSelector=spec.nodeName%3Dnode-1,metadata.namespace%3Dteam-a')).toEqual(
      ['web-3'],
    );
    expect(await names('fieldSelector=status.phase!%3DRunning')).toEqual(['web-5']);
    expect(await names('', 'namespaces/team-a/')).toEqual(['web-1', 'web-3', 'web-5']);
    const bad = await request(`${url}/api/v1/pods?fieldSelector=spec.foo%3Dx`);
    expect(bad.status).toBe(400);
    const events = await request(
      `${url}/api/v1/events?fieldSelector=involvedObject.kind%3DNode,involvedObject.name%3Dnode-2`,
    );
    expect(events.body.items).toHaveLength(1);
  });

  it("pages with limit/continue at the first page's resourceVersion, and answers 410 once etcd compacted past it", async () => {
    // A watch window this small does not end a list: only compaction does, as in a real API server.
    const url = await start({ watchWindow: 5 });
    const first = await request(`${url}/api/v1/pods?limit=4`);
    expect(first.body.items).toHaveLength(4);
    const token = first.body.metadata.continue;
    expect(token).toBeTruthy();
    const second = await request(`${url}/api/v1/pods?limit=4&continue=${token}`);
    expect(first.body.items.map((p: any) => p.metadata.name)).toEqual([
      'web-0',
      'web-2',
      'web-4',
      'web-1',
    ]);
    expect(second.body.items.map((p: any) => p.metadata.name)).toEqual(['web-3', 'web-5']);
    expect(second.body.metadata.continue).toBeUndefined();
    expect(second.body.metadata.resourceVersion).toBe(first.body.metadata.resourceVersion);
    const indexed = await request(
      `${url}/api/v1/pods?limit=1&fieldSelector=spec.nodeName%3Dnode-1`,
    );
    const rest = await request(
      `${url}/api/v1/pods?limit=1&fieldSelector=spec.nodeName%3Dnode-1&continue=${indexed.body.metadata.continue}`,
    );
    expect([...indexed.body.items, ...rest.body.items].map((p: any) => p.metadata.name)).toEqual([
      'web-0',
      'web-3',
    ]);
    for (let i = 0; i < 6; i++)
      store.create('core/v1/configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `c${i}`, namespace: 'default' },
      });
    const stillThere = await request(`${url}/api/v1/pods?limit=4&continue=${token}`);
    expect(stillThere.status).toBe(200);
    store.compact();
    const gone = await request(`${url}/api/v1/pods?limit=4&continue=${token}`);
    expect(gone.status).toBe(410);
    expect(gone.body.reason).toBe('Expired');
  });

  it('serves Tables when asked, with headers and metadata rows', async () => {
    const url = await start();
    const res = await request(`${url}/api/v1/nodes`, {
      headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    expect(res.body.kind).toBe('Table');
    expect(res.body.rows[2].cells[1]).toBe('Ready,SchedulingDisabled');
  });

  it('serves the same events as events.k8s.io/v1 with regarding and note', async () => {
    const url = await start();
    const res = await request(`${url}/apis/events.k8s.io/v1/events`);
    expect(res.body.items[0]).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      regarding: { kind: 'Node', name: 'node-2' },
      note: 'Node node-2 status is now: NodeNotReady',
      deprecatedCount: 1,
    });
    const created = await request(`${url}/apis/events.k8s.io/v1/namespaces/default/events`, {
      method: 'POST',
      json: {
        metadata: { name: 'x' },
        regarding: { kind: 'Pod', name: 'web-0' },
        reason: 'Test',
        note: 'hello',
        type: 'Normal',
        eventTime: '2025-03-01T12:00:00.000000Z',
        reportingController: 'test',
        reportingInstance: 'i',
        action: 'Testing',
      },
    });
    expect(created.status).toBe(201);
    expect(store.get('core/v1/events', 'default', 'x')).toMatchObject({
      message: 'hello',
      involvedObject: { name: 'web-0' },
      reportingComponent: 'test',
    });
  });
});

describe('writes', () => {
  it('stores a Secret as the API server does: type Opaque by default, stringData merged into data', async () => {
    const url = await start();
    const secrets = `${url}/api/v1/namespaces/default/secrets`;
    const created = await request(secrets, {
      method: 'POST',
      json: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'creds' },
        data: { user: Buffer.from('old').toString('base64'), keep: 'eA==' },
        stringData: { user: 'admin' },
      },
    });
    expect(created.status).toBe(201);
    const stored = (await request(`${secrets}/creds`)).body;
    expect(stored.type).toBe('Opaque');
    expect(stored.data).toEqual({ user: Buffer.from('admin').toString('base64'), keep: 'eA==' });
    expect(stored.stringData).toBeUndefined();
  });

  it('creates (201), refuses a duplicate (409) and an invalid name (422)', async () => {
    const url = await start();
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } };
    const created = await request(`${url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      json: cm,
    });
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({
      namespace: 'default',
      resourceVersion: expect.any(String),
      uid: expect.any(String),
    });
    expect(
      (await request(`${url}/api/v1/namespaces/default/configmaps`, { method: 'POST', json: cm }))
        .body.reason,
    ).toBe('AlreadyExists');
    const invalid = await request(`${url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      json: { ...cm, metadata: { name: 'Bad_Name' } },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.reason).toBe('Invalid');
  });

  it('answers 409 to a PUT with a stale resourceVersion', async () => {
    const url = await start();
    const path = `${url}/api/v1/namespaces/default/pods/web-0`;
    const pod = (await request(path)).body;
    const ok = await request(path, {
      method: 'PUT',
      json: { ...pod, metadata: { ...pod.metadata, labels: { v: '1' } } },
    });
    expect(ok.status).toBe(200);
    const stale = await request(path, {
      method: 'PUT',
      json: { ...pod, metadata: { ...pod.metadata, labels: { v: '2' } } },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
  });

  it('patches with JSON, merge and strategic patches; a resourceVersion in the patch is a precondition', async () => {
    const url = await start();
    const path = `${url}/api/v1/nodes/node-1`;
    const patch = (type: string, body: unknown, sub = ''): Promise<any> =>
      request(`${path}${sub}`, {
        method: 'PATCH',
        headers: { 'content-type': type },
        body: JSON.stringify(body),
      });
    expect(
      (await patch('application/merge-patch+json', { metadata: { labels: { x: 'y' } } })).body
        .metadata.labels.x,
    ).toBe('y');
    expect(
      (
        await patch('application/json-patch+json', [
          { op: 'add', path: '/metadata/labels/z', value: 'w' },
        ])
      ).body.metadata.labels,
    ).toMatchObject({ x: 'y', z: 'w' });
    const sm = await patch(
      'application/strategic-merge-patch+json',
      { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }] } },
      '/status',
    );
    expect(sm.body.status.conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual([
      'MemoryPressure=False',
      'Ready=False',
    ]);
    const stale = await patch('application/merge-patch+json', {
      metadata: { resourceVersion: '1', labels: { q: '1' } },
    });
    expect(stale.status).toBe(409);
  });

  it('keeps status out of main-resource writes and everything else out of /status writes', async () => {
    const url = await start();
    const path = `${url}/api/v1/namespaces/default/pods/web-0`;
    const main = await request(path, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { m: '1' } }, status: { phase: 'Failed' } }),
    });
    expect(main.body.status.phase).toBe('Running');
    const status = await request(`${path}/status`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { s: '1' } }, status: { phase: 'Succeeded' } }),
    });
    expect(status.body.status.phase).toBe('Succeeded');
    expect(status.body.metadata.labels.s).toBeUndefined();
  });

  it('validates dryRun=All writes without storing them', async () => {
    const url = await start();
    const rv = store.currentResourceVersion();
    const created = await request(`${url}/api/v1/namespaces/default/configmaps?dryRun=All`, {
      method: 'POST',
      json: { metadata: { name: 'dry' } },
    });
    expect(created.status).toBe(201);
    const patched = await request(`${url}/api/v1/nodes/node-1?dryRun=All`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { dry: 'run' } } }),
    });
    expect(patched.body.metadata.labels.dry).toBe('run');
    const deleted = await request(`${url}/api/v1/namespaces/default/pods/web-0?dryRun=All`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(200);
    expect(
      (
        await request(`${url}/api/v1/namespaces/default/configmaps?dryRun=All`, {
          method: 'POST',
          json: { metadata: { name: 'Bad!' } },
        })
      ).status,
    ).toBe(422);
    expect(store.currentResourceVersion()).toBe(rv);
    expect(store.get('core/v1/pods', 'default', 'web-0')).toBeDefined();
  });

  it('deletes, evicts, and deletes collections by selector', async () => {
    const url = await start();
    expect(
      (await request(`${url}/api/v1/namespaces/default/pods/web-0`, { method: 'DELETE' })).body
        .metadata.name,
    ).toBe('web-0');
    const evicted = await request(`${url}/api/v1/namespaces/default/pods/web-2/eviction`, {
      method: 'POST',
      json: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: 'web-2', namespace: 'default' },
      },
    });
    expect(evicted.status).toBe(201);
    expect(store.get('core/v1/pods', 'default', 'web-2')).toBeUndefined();
    const coll = await request(`${url}/api/v1/namespaces/team-a/pods?labelSelector=app%3Dweb`, {
      method: 'DELETE',
    });
    expect(coll.body.items.map((p: any) => p.metadata.name)).toEqual(['web-1', 'web-3']);
    expect(store.list('core/v1/pods', 'team-a').map((p) => p.metadata.name)).toEqual(['web-5']);
  });
});

describe('watch', () => {
  it('sends synthetic ADDED events for resourceVersion 0, then live changes', async () => {
    const url = await start();
    const events = await readWatch(
      `${url}/api/v1/namespaces/team-a/pods?watch=true&resourceVersion=0`,
      4,
      {
        onOpen: () => {
          store.mutate('core/v1/pods', 'team-a', 'web-1', (o) => {
            o.metadata.labels = { changed: 'yes' };
          });
        },
      },
    );
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'ADDED web-1',
      'ADDED web-3',
      'ADDED web-5',
      'MODIFIED web-1',
    ]);
  });

  it('resumes from a resourceVersion and answers 410 Expired as an ERROR event once it left the window', async () => {
    const url = await start({ watchWindow: 5 });
    const rv = store.currentResourceVersion();
    store.create('core/v1/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', namespace: 'default' },
    });
    store.delete('core/v1/configmaps', 'default', 'a');
    const resumed = await readWatch(`${url}/api/v1/configmaps?watch=1&resourceVersion=${rv}`, 2);
    expect(resumed.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    for (let i = 0; i < 6; i++)
      store.create('core/v1/configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `c${i}`, namespace: 'default' },
      });
    const gone = await readWatch(`${url}/api/v1/configmaps?watch=1&resourceVersion=${rv}`, 1);
    expect(gone[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
  });

  it('turns changes that move an object in or out of a selector into ADDED and DELETED, on /watch/ paths too', async () => {
    const url = await start();
    const rv = store.currentResourceVersion();
    store.mutate('core/v1/pods', 'default', 'web-0', (o) => {
      (o.spec as any).nodeName = 'node-2';
    });
    store.mutate('core/v1/pods', 'default', 'web-0', (o) => {
      (o.spec as any).nodeName = 'node-1';
    });
    const events = await readWatch(
      `${url}/api/v1/watch/pods?fieldSelector=spec.nodeName%3Dnode-2&resourceVersion=${rv}`,
      2,
    );
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'ADDED web-0',
      'DELETED web-0',
    ]);
  });

  it('sends BOOKMARK events when allowed, the last 2 s before timeoutSeconds, and ends then', async () => {
    const url = await start({ bookmarkIntervalMs: 200 });
    const rv = store.currentResourceVersion();
    const t0 = Date.now();
    const events = await readWatch(
      `${url}/apis/coordination.k8s.io/v1/leases?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}&timeoutSeconds=3`,
      100,
      { timeoutMs: 6000 },
    );
    // Every 200 ms until 2 s before the 3 s deadline (at most 5; timers drift late), then none; it ends at 3 s.
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.length).toBeLessThanOrEqual(5);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2900);
    expect(
      events.every(
        (e) =>
          e.type === 'BOOKMARK' &&
          e.object.kind === 'Lease' &&
          e.object.metadata.resourceVersion === String(rv),
      ),
    ).toBe(true);
  });
  it('sends one BOOKMARK 2 s before a short watch ends, and none when it is shorter than that', async () => {
    const url = await start();
    const rv = store.currentResourceVersion();
    const leases = `${url}/apis/coordination.k8s.io/v1/leases?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`;
    const [short, shorter] = await Promise.all([
      readWatch(`${leases}&timeoutSeconds=3`, 100, { timeoutMs: 6000 }),
      readWatch(`${leases}&timeoutSeconds=1`, 100, { timeoutMs: 6000 }),
    ]);
    expect(short.map((e) => e.type)).toEqual(['BOOKMARK']);
    expect(shorter).toEqual([]);
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After and 500 when switched on, and adds latency', async () => {
    const url = await start();
    await request(`${url}/sim/v1/faults`, {
      method: 'POST',
      json: { throttleRate: 1, retryAfterSeconds: 3 },
    });
    const throttled = await request(`${url}/api/v1/nodes`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect(throttled.body.reason).toBe('TooManyRequests');
    await request(`${url}/sim/v1/faults`, {
      method: 'POST',
      json: { throttleRate: 0, errorRate: 1 },
    });
    expect((await request(`${url}/api/v1/nodes`)).status).toBe(500);
    await request(`${url}/sim/v1/faults`, {
      method: 'POST',
      json: { reset: true, latencyMs: 150 },
    });
    const t0 = Date.now();
    expect((await request(`${url}/api/v1/nodes`)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect((await request(`${url}/sim/v1/faults`)).body).toMatchObject({
      latencyMs: 150,
      errorRate: 0,
      throttleRate: 0,
      watchGone: false,
    });
    expect(
      (await request(`${url}/sim/v1/faults`, { method: 'POST', json: { bogus: 1 } })).status,
    ).toBe(400);
  });

  it('answers every watch with 410 when watchGone is on, and ends open watches on dropWatches', async () => {
    const url = await start();
    server?.setFaults({ watchGone: true });
    const gone = await readWatch(
      `${url}/api/v1/nodes?watch=true&resourceVersion=${store.currentResourceVersion()}`,
      1,
    );
    expect(gone[0].object.code).toBe(410);
    server?.setFaults({ watchGone: false });
    const started = Date.now();
    const events = await readWatch(
      `${url}/api/v1/nodes?watch=true&resourceVersion=${store.currentResourceVersion()}`,
      10,
      {
        timeoutMs: 5000,
        onOpen: async () => {
          await request(`${url}/sim/v1/faults`, { method: 'POST', json: { dropWatches: true } });
        },
      },
    );
    expect(events).toEqual([]);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('restarts on the same port keeping objects and resourceVersions', async () => {
    const url = await start();
    const before = (await request(`${url}/api/v1/pods`)).body.metadata.resourceVersion;
    await request(`${url}/sim/v1/faults`, { method: 'POST', json: { restartAfterMs: 200 } });
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`${url}/api/v1/pods`)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 400));
    const after = await request(`${url}/api/v1/pods`);
    expect(after.status).toBe(200);
    expect(after.body.metadata.resourceVersion).toBe(before);
    expect(after.body.items).toHaveLength(6);
  });
});

describe('auth, reviews and simulation routes', () => {
  it('requires the bearer token over HTTPS and answers TokenReviews', async () => {
    const url = await start({
      https: true,
      token: 'secret',
      tokens: { 'dev-token': { username: 'dev', groups: ['system:authenticated'] } },
    });
    expect(url.startsWith('https://')).toBe(true);
    const ca = server?.caCert as string;
    const call = (
      path: string,
      token?: string,
      body?: unknown,
    ): Promise<{ status: number; body: any }> =>
      new Promise((resolve, reject) => {
        const req = httpsRequest(
          `${url}${path}`,
          {
            ca,
            method: body ? 'POST' : 'GET',
            headers: {
              'content-type': 'application/json',
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        req.end(body ? JSON.stringify(body) : undefined);
      });
    expect((await call('/api/v1/nodes')).status).toBe(401);
    expect((await call('/api/v1/nodes', 'wrong')).body.reason).toBe('Unauthorized');
    expect((await call('/api/v1/nodes', 'secret')).body.items).toHaveLength(3);
    const review = await call('/apis/authentication.k8s.io/v1/tokenreviews', 'secret', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      spec: { token: 'dev-token' },
    });
    expect(review.status).toBe(201);
    expect(review.body.status).toMatchObject({
      authenticated: true,
      user: { username: 'dev', groups: ['system:authenticated'] },
    });
    const bad = await call('/apis/authentication.k8s.io/v1/tokenreviews', 'secret', {
      spec: { token: 'nope' },
    });
    expect(bad.body.status.authenticated).toBe(false);
  });

  it('decides SubjectAccessReviews from RBAC objects in the store', async () => {
    const url = await start();
    store.create('rbac.authorization.k8s.io/v1/clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'namespace-admin' },
      rules: [{ apiGroups: [''], resources: ['pods', 'configmaps'], verbs: ['*'] }],
    });
    store.create('rbac.authorization.k8s.io/v1/rolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'alice-admin', namespace: 'team-a' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'namespace-admin',
      },
      subjects: [{ kind: 'User', name: 'alice' }],
    });
    const sar = (ns: string, resource: string): Promise<any> =>
      request(`${url}/apis/authorization.k8s.io/v1/subjectaccessreviews`, {
        method: 'POST',
        json: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {
            user: 'alice',
            groups: ['system:authenticated'],
            resourceAttributes: { namespace: ns, verb: 'delete', resource },
          },
        },
      });
    expect((await sar('team-a', 'pods')).body.status.allowed).toBe(true);
    expect((await sar('default', 'pods')).body.status.allowed).toBe(false);
    expect((await sar('team-a', 'secrets')).body.status.allowed).toBe(false);
  });

  it('serves node proxy, metrics and truth from the simulation', async () => {
    const fakeSim: Simulation = {
      clock: {
        now: () => new Date(),
        speed: 1,
        every: () => () => undefined,
        after: () => () => undefined,
        stop: () => undefined,
      },
      start: () => undefined,
      stop: () => undefined,
      // A simulation without a cluster-autoscaler.
      cutAutoscalerStatus: () => false,
      nodeProxy: (node, path) =>
        path === 'configz'
          ? { kubeletconfig: { evictionHard: { 'memory.available': '100Mi' }, node } }
          : undefined,
      nodeMetrics: () => [
        {
          apiVersion: 'metrics.k8s.io/v1beta1',
          kind: 'NodeMetrics',
          metadata: { name: 'node-1' },
          usage: { cpu: '250m', memory: '1Gi' },
        },
      ],
      podMetrics: () => [],
      truth: (since) => [
        {
          seq: 1,
          at: '2025-03-01T12:00:00Z',
          kind: 'eviction',
          details: { since: since?.toISOString() ?? null },
        },
      ],
    };
    const url = await start({ sim: fakeSim });
    expect(
      (await request(`${url}/api/v1/nodes/node-1/proxy/configz`)).body.kubeletconfig.node,
    ).toBe('node-1');
    expect((await request(`${url}/api/v1/nodes/node-1/proxy/unknown`)).status).toBe(404);
    expect((await request(`${url}/api/v1/nodes/nope/proxy/configz`)).status).toBe(404);
    expect(
      (await request(`${url}/apis/metrics.k8s.io/v1beta1/nodes`)).body.items[0].usage.cpu,
    ).toBe('250m');
    expect((await request(`${url}/apis/metrics.k8s.io/v1beta1/nodes/node-1`)).body.kind).toBe(
      'NodeMetrics',
    );
    const truth = await request(`${url}/sim/v1/truth?since=2025-03-01T11:00:00Z`);
    expect(truth.body.items[0].details.since).toBe('2025-03-01T11:00:00.000Z');
    expect((await request(`${url}/sim/v1/truth?since=yesterday`)).status).toBe(400);
    expect((await request(`${url}/sim/v1/info`)).body).toMatchObject({ nodes: 3, pods: 6 });
  });
});
