import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ClusterCollector } from '../../src/collector/cluster-collector.js';
import { LiveBus } from '../../src/collector/live-bus.js';
import {
  STREAM_FLUSH_MS,
  STREAM_STALL_MS,
  openChangeStream,
} from '../../src/services/stream-cluster-changes.js';

/** A response whose socket can be made to stop draining, as a browser tab in the background does. */
class SlowResponse extends EventEmitter {
  writableNeedDrain = false;
  writableEnded = false;
  readonly chunks: string[] = [];
  writeHead() {
    return this;
  }
  write(chunk: string) {
    this.chunks.push(chunk);
    return !this.writableNeedDrain;
  }
  end() {
    this.writableEnded = true;
    this.emit('close');
  }
  events(name: string) {
    return this.chunks
      .filter((c) => c.startsWith(`event: ${name}\n`))
      .map((c) => JSON.parse(c.slice(c.indexOf('data: ') + 6)));
  }
}

const collector = { name: 'c1', cache: { nodes: new Map() } } as unknown as ClusterCollector;

function podChange(bus: LiveBus, i: number) {
  bus.publish({
    cluster: 'c1',
    resource: 'pods',
    type: 'MODIFIED',
    key: `default/web-${i}`,
    observedAt: new Date().toISOString(),
  });
}

describe('the live stream and a caller that stops reading', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes nothing while the socket has not drained, then one merged batch; drops a caller stalled for a minute', () => {
    const bus = new LiveBus();
    const res = new SlowResponse();
    let closed = 0;
    openChangeStream({
      bus,
      collector,
      scope: { kind: 'all' },
      res: res as unknown as ServerResponse,
      requestId: 'r1',
      onClose: () => closed++,
    });
    podChange(bus, 0);
    vi.advanceTimersByTime(STREAM_FLUSH_MS);
    expect(res.events('change')).toHaveLength(1);

    res.writableNeedDrain = true;
    const written = res.chunks.length;
    for (let second = 1; second <= 30; second++) {
      podChange(bus, second);
      vi.advanceTimersByTime(STREAM_FLUSH_MS);
    }
    // Thirty seconds of changes and heartbeats, and not a byte queued for a reader that is not reading.
    expect(res.chunks.length).toBe(written);

    res.writableNeedDrain = false;
    res.emit('drain');
    vi.advanceTimersByTime(STREAM_FLUSH_MS);
    const batches = res.events('change');
    expect(batches).toHaveLength(2);
    expect(batches[1].changes.pods.count).toBe(30);
    expect(batches[1].changes.pods.keys).toHaveLength(30);

    res.writableNeedDrain = true;
    vi.advanceTimersByTime(STREAM_STALL_MS + STREAM_FLUSH_MS);
    expect(closed).toBe(1);
    expect(res.writableEnded).toBe(true);
    expect(bus.listenerCount()).toBe(0);
  });
});
