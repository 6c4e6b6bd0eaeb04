import type { EvictionHistogramResponse } from '@plimsoll/shared/schemas';
import { describe, expect, it } from 'vitest';

import { alignPreviousWindow } from './compare-windows';

const H = 3_600_000;
const T0 = Date.parse('2026-12-04T00:00:00Z');
const histogram = (from: number, totals: number[]): EvictionHistogramResponse =>
  ({
    from: new Date(from).toISOString(),
    to: new Date(from + totals.length * H).toISOString(),
    bucketSeconds: 3600,
    buckets: totals.map((total, i) => ({
      start: new Date(from + i * H).toISOString(),
      total,
      counts: {},
    })),
  }) as unknown as EvictionHistogramResponse;

describe('alignPreviousWindow', () => {
  it('puts bucket i of the previous window under bucket i of this one', () => {
    const current = histogram(T0, [1, 2, 3]);
    const previous = histogram(T0 - 3 * H, [4, 5, 6]);
    expect([...alignPreviousWindow(current, previous)]).toEqual([
      [T0, 4],
      [T0 + H, 5],
      [T0 + 2 * H, 6],
    ]);
  });

  it('adds previous buckets that land in one bucket when the windows are not a whole number of buckets apart', () => {
    const current = histogram(T0, [0, 0]);
    const previous = histogram(T0 - 1.5 * H, [1, 2]);
    // Previous starts move by 1.5 h: -1.5 h → 0 h (bucket 0), -0.5 h → +1 h (bucket 1).
    expect([...alignPreviousWindow(current, previous)]).toEqual([
      [T0, 1],
      [T0 + H, 2],
    ]);
  });
});
