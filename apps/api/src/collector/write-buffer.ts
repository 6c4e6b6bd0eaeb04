import type {
  HistoryBatch,
  HistoryRows,
  HistoryTable,
} from '../repositories/history-repository.js';

/** Where ingesters put rows. */
export interface RowSink {
  push<K extends HistoryTable>(table: K, row: HistoryRows[K], resource: string): void;
}

/** Options of {@link createWriteBuffer}. */
export interface WriteBufferOptions {
  /** Rows held before backpressure: onFull is called and sources must stop until onDrained. */
  capacity: number;
  /** Rows per database batch. */
  maxBatch?: number;
  /** How long rows may wait to be batched. */
  flushDelayMs?: number;
  write(batch: HistoryBatch): Promise<void>;
  onFull(): void;
  onDrained(): void;
  onWriteError(err: unknown, attempt: number): void;
  onWritten?(batch: HistoryBatch, rows: number): void;
  minRetryMs?: number;
  maxRetryMs?: number;
}

/** A bounded buffer of rows with batched writes. */
export interface WriteBuffer extends RowSink {
  readonly depth: number;
  readonly full: boolean;
  /** Oldest pending row's enqueue time per resource (for the lag metric). */
  oldestPending(): Map<string, number>;
  /** Resolves when there is room again (immediately when not full). */
  waitForRoom(): Promise<void>;
  /** Resolves when every row pushed so far is written. */
  drain(): Promise<void>;
  /** Writes what it can within `timeoutMs`, then stops. */
  close(timeoutMs?: number): Promise<void>;
}

interface Entry {
  table: HistoryTable;
  row: unknown;
  resource: string;
  at: number;
}

/**
 * Rows wait here and go to the database in batches. On a write failure (a database outage) the batch stays and is
 * retried with backoff (0.5 s → 30 s); meanwhile the buffer fills, and at `capacity` it calls onFull so the collector
 * stops its watches (backpressure) instead of queueing without bound. Once half empty it calls onDrained and the
 * collector relists, which rebuilds whatever it did not consume. Pushes while full are still accepted (they are
 * the tail of events already in flight), so the bound is capacity plus one in-flight batch.
 */
export function createWriteBuffer(opts: WriteBufferOptions): WriteBuffer {
  const maxBatch = opts.maxBatch ?? 5000;
  const flushDelay = opts.flushDelayMs ?? 50;
  const minRetry = opts.minRetryMs ?? 500;
  const maxRetry = opts.maxRetryMs ?? 30_000;
  let queue: Entry[] = [];
  let full = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  let roomWaiters: Array<() => void> = [];
  let drainWaiters: Array<() => void> = [];

  const checkRoom = () => {
    if (full && queue.length <= opts.capacity / 2) {
      full = false;
      for (const w of roomWaiters) w();
      roomWaiters = [];
      opts.onDrained();
    }
    if (queue.length === 0 && !flushing) {
      for (const w of drainWaiters) w();
      drainWaiters = [];
    }
  };

  const schedule = (delay: number) => {
    if (timer || flushing || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      flushing = flushLoop().finally(() => {
        flushing = undefined;
        checkRoom();
        if (queue.length) schedule(flushDelay);
      });
    }, delay);
  };

  async function flushLoop(): Promise<void> {
    let attempt = 0;
    while (queue.length) {
      const taken = queue.slice(0, maxBatch);
      const batch: HistoryBatch = {};
      for (const e of taken) {
        const list = (batch[e.table] ??= []) as unknown[];
        list.push(e.row);
      }
      try {
        await opts.write(batch);
        attempt = 0;
        queue = queue.slice(taken.length);
        opts.onWritten?.(batch, taken.length);
        checkRoom();
      } catch (err) {
        attempt += 1;
        opts.onWriteError(err, attempt);
        if (closed) return;
        const delay = Math.min(minRetry * 2 ** (attempt - 1), maxRetry);
        await new Promise((r) => setTimeout(r, delay));
        if (closed) return;
      }
    }
  }

  return {
    get depth() {
      return queue.length;
    },
    get full() {
      return full;
    },
    push(table, row, resource) {
      if (closed) return;
      queue.push({ table, row, resource, at: Date.now() });
      if (!full && queue.length >= opts.capacity) {
        full = true;
        opts.onFull();
      }
      schedule(queue.length >= maxBatch ? 0 : flushDelay);
    },
    oldestPending() {
      const m = new Map<string, number>();
      for (const e of queue) if (!m.has(e.resource)) m.set(e.resource, e.at);
      return m;
    },
    waitForRoom() {
      if (!full) return Promise.resolve();
      return new Promise((resolve) => roomWaiters.push(resolve));
    },
    drain() {
      if (queue.length === 0 && !flushing) return Promise.resolve();
      return new Promise((resolve) => drainWaiters.push(resolve));
    },
    async close(timeoutMs = 5000) {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      if (queue.length && !flushing) flushing = flushLoop().finally(() => (flushing = undefined));
      const pending = flushing;
      if (pending)
        await Promise.race([pending, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
      closed = true;
      for (const w of [...roomWaiters, ...drainWaiters]) w();
      roomWaiters = [];
      drainWaiters = [];
    },
  };
}
