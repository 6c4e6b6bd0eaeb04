import { readFileSync } from 'node:fs';

import { CoreV1Api, KubeConfig, makeInformer } from '@kubernetes/client-node';
import type { V1Node } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';

import type { ApiServer } from '../src/server/api-server.js';
import { startFixtureServer } from './helpers.js';

let server: ApiServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('@kubernetes/client-node informers against the simulated API server', () => {
  it('lists, then watches changes', async () => {
    const started = await startFixtureServer();
    server = started.server;
    const kc = new KubeConfig();
    kc.loadFromString(readFileSync(started.kubeconfigPath, 'utf8'));
    const api = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Node>(kc, '/api/v1/nodes', () => api.listNode());
    const seen: string[] = [];
    informer.on('add', (n) => seen.push(`add ${n.metadata?.name ?? ''}`));
    informer.on('update', (n) =>
      seen.push(`update ${n.metadata?.name ?? ''} ${n.metadata?.labels?.x ?? ''}`),
    );
    informer.on('delete', (n) => seen.push(`delete ${n.metadata?.name ?? ''}`));
    informer.on('error', () => undefined);
    await informer.start();
    await until(() => seen.length === 3);
    started.store.mutate('core/v1/nodes', undefined, 'node-1', (o) => {
      o.metadata.labels = { ...o.metadata.labels, x: 'y' };
    });
    started.store.delete('core/v1/nodes', undefined, 'node-3');
    await until(() => seen.length === 5);
    await informer.stop();
    expect(seen).toEqual([
      'add node-1',
      'add node-2',
      'add node-3',
      'update node-1 y',
      'delete node-3',
    ]);
    expect(informer.list().map((n) => n.metadata?.name)).toEqual(['node-1', 'node-2']);
  });

  it('relists after a 410 Gone and picks up what changed meanwhile', async () => {
    const started = await startFixtureServer();
    server = started.server;
    const kc = new KubeConfig();
    kc.loadFromString(readFileSync(started.kubeconfigPath, 'utf8'));
    const api = kc.makeApiClient(CoreV1Api);
    let lists = 0;
    const informer = makeInformer<V1Node>(kc, '/api/v1/nodes', () => {
      lists++;
      return api.listNode();
    });
    const errors: unknown[] = [];
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    await until(() => informer.list().length === 3);
    const listsBefore = lists;
    // The next watch gets 410; drop the current one so the informer reconnects.
    server.setFaults({ watchGone: true, dropWatches: true });
    await until(() => lists > listsBefore);
    server.setFaults({ watchGone: false, dropWatches: true });
    started.store.create('core/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-4' },
    });
    await until(() => informer.list().length === 4);
    await informer.stop();
    expect(errors.filter((e) => !(e instanceof Error && e.name === 'AbortError'))).toEqual([]);
  });
});
