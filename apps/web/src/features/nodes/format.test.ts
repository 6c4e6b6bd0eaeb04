import { describe, expect, it } from 'vitest';

import { describeHeadroomTrend } from './format';

const projection = (p: Partial<Parameters<typeof describeHeadroomTrend>[0]>) => ({
  ratePerHour: 0,
  crossesAt: null,
  secondsLeft: null,
  samples: 10,
  ...p,
});

describe('describeHeadroomTrend', () => {
  it('says how long until a falling signal crosses, in danger within the hour', () => {
    const soon = describeHeadroomTrend(
      projection({ ratePerHour: -1, crossesAt: '2026-12-04T18:42:10Z', secondsLeft: 266 }),
    );
    expect(soon.text).toMatch(/^crosses in 4m 26s \(\d\d:42:10\)$/);
    expect(soon.tone).toBe('danger');
    const later = describeHeadroomTrend(
      projection({ ratePerHour: -1, crossesAt: '2026-12-05T18:42:10Z', secondsLeft: 86_400 }),
    );
    expect(later.text).toMatch(/^crosses in 24h /);
    expect(later.tone).toBe('warn');
  });

  it('tells a crossed threshold, a rise, a steady line and too few readings apart', () => {
    expect(
      describeHeadroomTrend(projection({ crossesAt: '2026-12-04T18:00:00Z', secondsLeft: 0 })).text,
    ).toBe('past the threshold');
    expect(describeHeadroomTrend(projection({ ratePerHour: 5 })).text).toBe('rising');
    expect(describeHeadroomTrend(projection({})).text).toBe('steady');
    expect(describeHeadroomTrend(projection({ samples: 1 })).text).toBe(
      'not enough readings for a trend',
    );
  });
});
