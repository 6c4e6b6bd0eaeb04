import { afterEach, describe, expect, it, vi } from 'vitest';

import { startReflector, type Reflector, type ReflectorHandlers } from '../../src/k8s/informers.js';
import type { KubeClient, KubeListPage, KubeWatchCallback } from '../../src/k8s/kube-client.js';

/** One watch the reflector opened: its query, and the means to play the API server's part. */
interface OpenWatch {
  query: Record<string, string | undefined>;
  send: KubeWatchCallback;
  end(err?: unknown): void;
  aborted: boolean;
}

/** A KubeClient whose list pages are scripted and whose watches the test drives. */
function fakeClient(listPages: () => KubeListPage[]) {
  const lists: Record<string, string | undefined>[] = [];
  const watches: OpenWatch[] = [];
  let listFailures = 0;
  let pages: KubeListPage[] = [];
  const client: KubeClient = {
    server: 'https://fake',
    list: (_path, query) => {
      lists.push(query);
      if (listFailures > 0) {
        listFailures--;
        return Promise.reject(new Error('connection refused'));
      }
      if (!query.continue) pages = listPages();
      const page = pages.shift();
      if (!page) throw new Error('no page scripted');
      return Promise.resolve(page);
    },
    watch: (_path, query, onEvent, onDone) => {
      const w: OpenWatch = { query, send: onEvent, end: (err) => onDone(err), aborted: false };
      watches.push(w);
      return Promise.resolve({
        // As @kubernetes/client-node's watch does: aborting ends the request with an AbortError.
        abort: () => {
          if (w.aborted) return;
          w.aborted = true;
          onDone(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        },
      });
    },
    request: () => Promise.reject(new Error('not used')),
    close: () => undefined,
  };
  return { client, lists, watches, failNextLists: (n: number) => (listFailures = n) };
}

const pod = (name: string, rv: string) => ({ metadata: { name, resourceVersion: rv } });

function recorder() {
  const calls: string[] = [];
  const handlers: ReflectorHandlers = {
    onList: (items, rv) => {
      calls.push(
        `list ${items.map((i) => (i as { metadata: { name: string } }).metadata.name).join(',')} @${rv}`,
      );
      return Promise.resolve();
    },
    onEvent: (type, object) =>
      calls.push(`${type} ${(object as { metadata: { name: string } }).metadata.name}`),
    onError: (_err, phase) => calls.push(`error ${phase}`),
    onRelist: (reason) => calls.push(`relist ${reason}`),
  };
  return { calls, handlers };
}

/** Lets the reflector's promise chain run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('startReflector (the collector list-watch loop, after client-go Reflector.ListAndWatch)', () => {
  let reflector: Reflector | undefined;
  afterEach(async () => {
    await reflector?.stop();
    reflector = undefined;
    vi.useRealTimers();
  });

  it('lists every page, then watches from the list resourceVersion with bookmarks asked for', async () => {
    vi.useFakeTimers();
    const f = fakeClient(() => [
      { items: [pod('a', '5')], resourceVersion: '10', continueToken: 'next' },
      { items: [pod('b', '7')], resourceVersion: '10' },
    ]);
    const r = recorder();
    reflector = startReflector(f.client, { path: '/api/v1/pods', pageSize: 1 }, r.handlers);
    await settle();
    expect(f.lists.map((q) => [q.limit, q.continue])).toEqual([
      ['1', undefined],
      ['1', 'next'],
    ]);
    expect(r.calls).toEqual(['relist initial', 'list a,b @10']);
    expect(f.watches).toHaveLength(1);
    expect(f.watches[0]?.query).toMatchObject({
      resourceVersion: '10',
      allowWatchBookmarks: 'true',
    });
    f.watches[0]?.send('ADDED', pod('c', '11'));
    f.watches[0]?.send('DELETED', pod('a', '12'));
    expect(r.calls.slice(2)).toEqual(['ADDED c', 'DELETED a']);
    expect(reflector.resourceVersion).toBe('12');
  });

  it('moves its resourceVersion on a bookmark without an event, and re-watches from it after a clean end', async () => {
    vi.useFakeTimers();
    const f = fakeClient(() => [{ items: [], resourceVersion: '10' }]);
    const r = recorder();
    reflector = startReflector(f.client, { path: '/api/v1/nodes' }, r.handlers);
    await settle();
    f.watches[0]?.send('BOOKMARK', { metadata: { resourceVersion: '40' } });
    expect(reflector.resourceVersion).toBe('40');
    f.watches[0]?.end();
    await settle();
    expect(f.watches).toHaveLength(2);
    expect(f.watches[1]?.query.resourceVersion).toBe('40');
    expect(f.lists).toHaveLength(1); // no relist: the watch resumed
    expect(r.calls).toEqual(['relist initial', 'list  @10']);
  });

  it('relists after 410 Gone, as an ERROR event or as the status of the watch request', async () => {
    vi.useFakeTimers();
    let rv = 10;
    const f = fakeClient(() => [
      { items: [pod(`p${rv}`, String(rv))], resourceVersion: String((rv += 10)) },
    ]);
    const r = recorder();
    reflector = startReflector(f.client, { path: '/api/v1/pods', minBackoffMs: 1000 }, r.handlers);
    await settle();
    f.watches[0]?.send('ADDED', pod('x', '21'));
    f.watches[0]?.send('ERROR', {
      kind: 'Status',
      code: 410,
      reason: 'Expired',
      message: 'too old resource version',
    });
    await settle();
    expect(f.watches[0]?.aborted).toBe(true);
    expect(r.calls).toEqual([
      'relist initial',
      'list p10 @20',
      'ADDED x',
      'relist gone',
      'list p20 @30',
    ]);
    expect(f.watches[1]?.query.resourceVersion).toBe('30');
    // Gone again at once, before the watch delivered anything: the relist waits a backoff instead of spinning.
    f.watches[1]?.end(Object.assign(new Error('Gone'), { statusCode: 410 }));
    await settle();
    expect(f.lists).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(f.lists).toHaveLength(3);
    expect(r.calls.at(-2)).toBe('relist gone');
  });

  it('backs off 1 s → 2 s → 4 s … up to the maximum on failing watches, and resets after a healthy one', async () => {
    vi.useFakeTimers();
    const f = fakeClient(() => [{ items: [], resourceVersion: '10' }]);
    const r = recorder();
    reflector = startReflector(
      f.client,
      { path: '/api/v1/nodes', minBackoffMs: 1000, maxBackoffMs: 4000 },
      r.handlers,
    );
    await settle();
    const gaps: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = f.watches.length;
      f.watches.at(-1)?.end(new Error('connection reset'));
      let waited = 0;
      while (f.watches.length === before) {
        await vi.advanceTimersByTimeAsync(250);
        waited += 250;
      }
      gaps.push(waited);
    }
    expect(gaps).toEqual([1000, 2000, 4000, 4000]);
    expect(r.calls.filter((c) => c === 'error watch')).toHaveLength(4);
    // A watch that delivers an event is healthy: the next failure waits the minimum again.
    f.watches.at(-1)?.send('MODIFIED', pod('n1', '11'));
    const before = f.watches.length;
    f.watches.at(-1)?.end(new Error('connection reset'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(f.watches).toHaveLength(before + 1);
  });

  it('retries a failed list after a backoff and reports it as a list error', async () => {
    vi.useFakeTimers();
    const f = fakeClient(() => [{ items: [pod('a', '3')], resourceVersion: '10' }]);
    f.failNextLists(1);
    const r = recorder();
    reflector = startReflector(f.client, { path: '/api/v1/pods', minBackoffMs: 1000 }, r.handlers);
    await settle();
    expect(r.calls).toEqual(['error list']);
    expect(f.watches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.calls).toEqual(['error list', 'relist error', 'list a @10']);
    expect(f.watches).toHaveLength(1);
  });

  it('pause closes the watch and opens none; resume watches on from the last resourceVersion', async () => {
    vi.useFakeTimers();
    const f = fakeClient(() => [{ items: [], resourceVersion: '10' }]);
    const r = recorder();
    reflector = startReflector(f.client, { path: '/api/v1/pods' }, r.handlers);
    await settle();
    f.watches[0]?.send('ADDED', pod('a', '15'));
    reflector.pause();
    expect(f.watches[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(f.watches).toHaveLength(1);
    reflector.resume();
    await settle();
    expect(f.watches).toHaveLength(2);
    expect(f.watches[1]?.query.resourceVersion).toBe('15');
    expect(f.lists).toHaveLength(1);
    // The pause outlasted the server's watch window: 410 before anything arrived, so a relist after one backoff.
    f.watches[1]?.send('ERROR', { code: 410, reason: 'Expired' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.calls.slice(-2)).toEqual(['relist gone', 'list  @10']);
    expect(f.lists).toHaveLength(2);
  });
});
