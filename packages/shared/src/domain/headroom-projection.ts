import { leastSquaresSlope } from './linear-trend.js';

/** One reading of an eviction signal's headroom: available minus the nearest threshold, in the signal's units. */
export interface HeadroomSample {
  at: Date;
  headroom: number;
}

/** When a node's headroom to an eviction threshold runs out at its recent rate. */
export interface HeadroomProjection {
  /** Least-squares change of headroom per hour over the trend window (negative: falling); 0 without a trend. */
  ratePerHour: number;
  /** When headroom reaches 0, i.e. the kubelet's threshold, or `null` when it is steady or rising. */
  crossesAt: Date | null;
  /** Seconds from `now` until `crossesAt` (0 once it has passed), or `null` with it. */
  secondsLeft: number | null;
  /** The readings the fit used: those within the window of the latest. */
  samples: number;
}

/** How far back "the recent rate" looks: long enough to smooth one poll's noise, short enough to follow a storm. */
export const HEADROOM_TREND_WINDOW_MS = 30 * 60_000;

const HOUR_MS = 3_600_000;
// The largest instant a Date can hold (ECMA-262 §21.4.1.1).
const MAX_DATE_MS = 8.64e15;

/**
 * "At this rate, memory.available crosses the eviction threshold in 12 minutes." The quota projection's method
 * (projectQuotaExhaustion) on headroom instead of usage: the least-squares slope over the readings within
 * `windowMs` of the latest, projected from the latest reading. Rules:
 * - the latest reading at or below 0 (already past the threshold): crossed at that reading, `secondsLeft` 0;
 * - fewer than two readings in the window, all at one instant, or a flat or rising trend: no projection;
 * - a projection beyond the range of `Date` (a vanishing rate): no projection.
 */
export function projectHeadroomCrossing(
  samples: readonly HeadroomSample[],
  now: Date,
  windowMs: number = HEADROOM_TREND_WINDOW_MS,
): HeadroomProjection {
  const sorted = samples
    .map((s) => ({ t: s.at.getTime(), y: s.headroom }))
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.y))
    .sort((a, b) => a.t - b.t);
  const latest = sorted.at(-1);
  if (latest === undefined)
    return { ratePerHour: 0, crossesAt: null, secondsLeft: null, samples: 0 };
  const points = sorted.filter((p) => p.t >= latest.t - windowMs);
  const ratePerHour = leastSquaresSlope(points, HOUR_MS);
  const none = { ratePerHour, crossesAt: null, secondsLeft: null, samples: points.length };
  if (latest.y <= 0) {
    return { ...none, crossesAt: new Date(latest.t), secondsLeft: 0 };
  }
  if (!(ratePerHour < 0)) return none;
  const at = latest.t + (latest.y / -ratePerHour) * HOUR_MS;
  if (!Number.isFinite(at) || at > MAX_DATE_MS) return none;
  return {
    ...none,
    // A Date holds whole milliseconds: round up, so the crossing never lands before headroom is gone.
    crossesAt: new Date(Math.ceil(at)),
    secondsLeft: Math.max(0, (at - now.getTime()) / 1000),
  };
}
