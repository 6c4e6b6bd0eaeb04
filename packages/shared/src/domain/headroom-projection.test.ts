import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { HEADROOM_TREND_WINDOW_MS, projectHeadroomCrossing } from './headroom-projection.js';

const T0 = Date.parse('2026-12-04T12:00:00Z');
const min = (m: number) => new Date(T0 + m * 60_000);
const GiB = 1024 ** 3;

describe('projectHeadroomCrossing', () => {
  it('projects a steady fall to the minute the threshold is reached', () => {
    // 1 GiB less headroom every 10 minutes, 3 GiB left at minute 20: gone at minute 50.
    const p = projectHeadroomCrossing(
      [
        { at: min(0), headroom: 5 * GiB },
        { at: min(10), headroom: 4 * GiB },
        { at: min(20), headroom: 3 * GiB },
      ],
      min(20),
    );
    expect(p.ratePerHour).toBeCloseTo(-6 * GiB, 0);
    expect(p.crossesAt?.toISOString()).toBe(min(50).toISOString());
    expect(p.secondsLeft).toBeCloseTo(30 * 60, 6);
    expect(p.samples).toBe(3);
  });

  it('reads samples in any order and counts time left from now', () => {
    const p = projectHeadroomCrossing(
      [
        { at: min(20), headroom: 3 * GiB },
        { at: min(0), headroom: 5 * GiB },
        { at: min(10), headroom: 4 * GiB },
      ],
      min(25),
    );
    expect(p.crossesAt?.toISOString()).toBe(min(50).toISOString());
    expect(p.secondsLeft).toBeCloseTo(25 * 60, 6);
  });

  it('projects nothing for a steady or rising headroom, or a single reading', () => {
    const flat = [
      { at: min(0), headroom: GiB },
      { at: min(10), headroom: GiB },
    ];
    const rising = [
      { at: min(0), headroom: GiB },
      { at: min(10), headroom: 2 * GiB },
    ];
    for (const samples of [flat, rising, [{ at: min(0), headroom: GiB }], []]) {
      const p = projectHeadroomCrossing(samples, min(10));
      expect(p.crossesAt).toBeNull();
      expect(p.secondsLeft).toBeNull();
    }
    expect(projectHeadroomCrossing(rising, min(10)).ratePerHour).toBeCloseTo(6 * GiB, 0);
    expect(projectHeadroomCrossing([], min(0)).samples).toBe(0);
  });

  it('says a node already past its threshold crossed at the reading that showed it', () => {
    const p = projectHeadroomCrossing(
      [
        { at: min(0), headroom: 100 },
        { at: min(5), headroom: -20 },
      ],
      min(9),
    );
    expect(p.crossesAt?.toISOString()).toBe(min(5).toISOString());
    expect(p.secondsLeft).toBe(0);
  });

  it('fits only the readings within the window of the latest', () => {
    // An hour-old fall is history; the last half hour is steady, so nothing is projected.
    const samples = [
      { at: min(-60), headroom: 10 * GiB },
      { at: min(-45), headroom: 2 * GiB },
      { at: min(-20), headroom: 2 * GiB },
      { at: min(0), headroom: 2 * GiB },
    ];
    const p = projectHeadroomCrossing(samples, min(0));
    expect(p.samples).toBe(2);
    expect(p.crossesAt).toBeNull();
    // A wider window sees the fall.
    expect(
      projectHeadroomCrossing(samples, min(0), 2 * HEADROOM_TREND_WINDOW_MS).crossesAt,
    ).not.toBeNull();
  });

  it('never projects a crossing before the latest reading while headroom is left', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            m: fc.integer({ min: 0, max: 29 }),
            headroom: fc.double({ min: -1e12, max: 1e12, noNaN: true }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (raw) => {
          const samples = raw.map((r) => ({ at: min(r.m), headroom: r.headroom }));
          const p = projectHeadroomCrossing(samples, min(30));
          const latestAt = Math.max(...raw.map((r) => r.m));
          const latest = samples.filter((s) => s.at.getTime() === min(latestAt).getTime()).at(-1);
          if (p.crossesAt === null) return;
          expect(p.crossesAt.getTime()).toBeGreaterThanOrEqual(min(latestAt).getTime());
          if ((latest?.headroom ?? 0) > 0 && p.secondsLeft !== 0)
            expect(p.ratePerHour).toBeLessThan(0);
        },
      ),
    );
  });
});
