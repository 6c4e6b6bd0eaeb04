/** Faults an operator or a test switches on at run time (POST /sim/v1/faults, CLI flags). */

/** The switchable faults; all off by default. */
export interface Faults {
  /** Every watch request is answered with an ERROR event carrying 410 Expired. */
  watchGone: boolean;
  /** Fraction (0..1) of API requests answered with 429 TooManyRequests and a Retry-After header. */
  throttleRate: number;
  /** Seconds sent in Retry-After with a 429. */
  retryAfterSeconds: number;
  /** Fraction (0..1) of API requests answered with 500 InternalError. */
  errorRate: number;
  /** Latency added to every API request, in milliseconds. */
  latencyMs: number;
}

/** One-shot fault actions, taken when posted. */
export interface FaultActions {
  /** End every open watch now (a clean end of stream, as an API server's watch timeout does). */
  dropWatches?: boolean;
  /** Reset every open watch connection (the TCP connection is destroyed mid-stream). */
  resetWatches?: boolean;
  /** Close the listener and all connections, and listen again on the same port after this many ms. */
  restartAfterMs?: number;
}

/** The body of POST /sim/v1/faults: any fault fields to set, plus one-shot actions. */
export type FaultUpdate = Partial<Faults> & FaultActions;

/** Faults with nothing switched on. */
export function noFaults(): Faults {
  return { watchGone: false, throttleRate: 0, retryAfterSeconds: 1, errorRate: 0, latencyMs: 0 };
}

function fraction(v: unknown, name: string): number {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1))
    throw new Error(`${name} must be a number between 0 and 1`);
  return v;
}

function nonNegative(v: unknown, name: string): number {
  if (typeof v !== 'number' || !(v >= 0)) throw new Error(`${name} must be a non-negative number`);
  return v;
}

/** Validates a fault update and applies its persistent part to `faults`; returns the one-shot actions. */
export function applyFaultUpdate(faults: Faults, update: unknown): FaultActions {
  if (update === null || typeof update !== 'object' || Array.isArray(update))
    throw new Error('faults must be a JSON object');
  const u = update as Record<string, unknown>;
  const known = new Set([
    'watchGone',
    'throttleRate',
    'retryAfterSeconds',
    'errorRate',
    'latencyMs',
    'dropWatches',
    'resetWatches',
    'restartAfterMs',
    'reset',
  ]);
  for (const k of Object.keys(u)) if (!known.has(k)) throw new Error(`unknown fault: ${k}`);
  const next = u.reset === true ? noFaults() : { ...faults };
  if (u.watchGone !== undefined) next.watchGone = u.watchGone === true;
  if (u.throttleRate !== undefined) next.throttleRate = fraction(u.throttleRate, 'throttleRate');
  if (u.errorRate !== undefined) next.errorRate = fraction(u.errorRate, 'errorRate');
  if (u.retryAfterSeconds !== undefined)
    next.retryAfterSeconds = nonNegative(u.retryAfterSeconds, 'retryAfterSeconds');
  if (u.latencyMs !== undefined) next.latencyMs = nonNegative(u.latencyMs, 'latencyMs');
  const actions: FaultActions = {};
  if (u.dropWatches === true) actions.dropWatches = true;
  if (u.resetWatches === true) actions.resetWatches = true;
  if (u.restartAfterMs !== undefined)
    actions.restartAfterMs = nonNegative(u.restartAfterMs, 'restartAfterMs');
  Object.assign(faults, next);
  return actions;
}
