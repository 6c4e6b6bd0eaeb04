/**
 * The simulation clock. Simulated time runs `speed` times faster than the wall clock, and every timer
 * runs at its exact simulated due time, in (due time, creation order) order, with `now()` pinned to
 * that due time while it runs. That makes a scenario's timestamps and ordering a function of its seed
 * alone, however late the event loop fires the wall timer.
 */
import type { SimClock } from './types.js';

/** Options of {@link createSimClock}. */
export interface SimClockOptions {
  /** Simulated milliseconds per wall millisecond (1 = real time, 600 = ten simulated minutes a second). */
  speed: number;
  /** Simulated time at creation; defaults to the wall clock. */
  start?: Date;
  /** Seed the simulation uses when it is given none of its own. */
  seed?: number;
  /**
   * Do not follow the wall clock at all: time moves only through {@link ControllableSimClock.advance}.
   * For tests that must be exact.
   */
  manual?: boolean;
}

/** A {@link SimClock} that can also be stepped by hand. */
export interface ControllableSimClock extends SimClock {
  /** Seed given at creation (0 when none was). */
  readonly seed: number;
  /**
   * Jump simulated time forward by `simMs`, running every timer that falls due on the way, in order
   * and synchronously, each at its own due time.
   */
  advance(simMs: number): void;
  /** Number of scheduled timers (a cheap health check for tests and benchmarks). */
  pendingTimers(): number;
}

interface Timer {
  due: number;
  seq: number;
  fn: () => void;
  /** Repeat period in simulated ms; 0 for one-shot timers. */
  period: number;
  cancelled: boolean;
}

/** Binary min-heap of timers by (due, seq). */
class TimerHeap {
  private readonly items: Timer[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Timer | undefined {
    return this.items[0];
  }

  push(t: Timer): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p] as Timer;
      if (!before(t, parent)) break;
      a[i] = parent;
      i = p;
    }
    a[i] = t;
  }

  pop(): Timer | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(a[r] as Timer, a[l] as Timer) ? r : l;
      if (!before(a[c] as Timer, last)) break;
      a[i] = a[c] as Timer;
      i = c;
    }
    a[i] = last;
    return top;
  }

  clear(): void {
    this.items.length = 0;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

/** Create a simulated clock; see {@link SimClockOptions}. */
export function createSimClock(opts: SimClockOptions): ControllableSimClock {
  if (!(opts.speed > 0) || !Number.isFinite(opts.speed)) {
    throw new Error(`clock speed must be a positive number, got ${opts.speed}`);
  }
  const speed = opts.speed;
  // A manual clock, and any clock once stopped, ignores the wall clock.
  let frozen = opts.manual ?? false;
  const heap = new TimerHeap();
  let baseSim = (opts.start ?? new Date()).getTime();
  let baseWall = Date.now();
  let lastReturned = baseSim;
  let running: number | undefined;
  let seq = 0;
  let wallTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const simFromWall = (): number => (frozen ? baseSim : baseSim + (Date.now() - baseWall) * speed);

  const nowMs = (): number => {
    if (running !== undefined) return running;
    let t = simFromWall();
    // Never show a time past a timer that has not run yet: its effects belong before that moment.
    const top = heap.peek();
    if (top && top.due < t) t = top.due;
    if (t < lastReturned) t = lastReturned;
    lastReturned = t;
    return t;
  };

  const runTimer = (t: Timer): void => {
    running = t.due;
    try {
      t.fn();
    } catch (err) {
      // One broken timer must not stop the simulated world.
      console.error('kube-sim: timer failed', err);
    } finally {
      running = undefined;
    }
    if (lastReturned < t.due) lastReturned = t.due;
    if (t.period > 0 && !t.cancelled && !stopped) {
      t.due += t.period;
      t.seq = seq++;
      heap.push(t);
    }
  };

  const runDueUntil = (target: number): void => {
    for (;;) {
      const top = heap.peek();
      if (!top || top.due > target || stopped) break;
      heap.pop();
      if (top.cancelled) continue;
      runTimer(top);
    }
  };

  const arm = (): void => {
    if (wallTimer) clearTimeout(wallTimer);
    wallTimer = undefined;
    if (frozen || stopped) return;
    let top = heap.peek();
    while (top && top.cancelled) {
      heap.pop();
      top = heap.peek();
    }
    if (!top) return;
    const delay = Math.max(0, (top.due - simFromWall()) / speed);
    wallTimer = setTimeout(onWallTimer, Math.min(delay, 2_147_483_647));
    wallTimer.unref();
  };

  function onWallTimer(): void {
    wallTimer = undefined;
    runDueUntil(simFromWall());
    arm();
  }

  const schedule = (simMs: number, fn: () => void, period: number): (() => void) => {
    if (stopped) return () => undefined;
    const timer: Timer = {
      due: nowMs() + Math.max(0, simMs),
      seq: seq++,
      fn,
      period,
      cancelled: false,
    };
    heap.push(timer);
    // A timer created while another runs is picked up by the running batch or the next arm().
    if (running === undefined && heap.peek() === timer) arm();
    return () => {
      timer.cancelled = true;
    };
  };

  return {
    speed,
    seed: opts.seed ?? 0,
    now: () => new Date(nowMs()),
    every(simMs, fn) {
      if (!(simMs > 0)) throw new Error(`every() needs a positive period, got ${simMs}`);
      return schedule(simMs, fn, simMs);
    },
    after(simMs, fn) {
      return schedule(simMs, fn, 0);
    },
    advance(simMs) {
      const target = nowMs() + Math.max(0, simMs);
      runDueUntil(target);
      if (!stopped) {
        baseSim += target - simFromWall();
        lastReturned = Math.max(lastReturned, target);
      }
      arm();
    },
    pendingTimers: () => heap.size,
    stop() {
      stopped = true;
      if (wallTimer) clearTimeout(wallTimer);
      wallTimer = undefined;
      heap.clear();
      // Freeze time where it stood so late readers see a consistent end state.
      baseSim = nowMs();
      baseWall = Date.now();
      frozen = true;
    },
  };
}
