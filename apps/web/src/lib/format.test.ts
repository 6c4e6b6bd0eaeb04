import { describe, expect, it } from 'vitest';

import {
  countTicks,
  formatBytes,
  formatDateTime,
  formatDuration,
  formatMilli,
  formatQuantity,
  formatRelative,
  formatTick,
  resourceUnit,
  timeTicks,
} from './format';

describe('formatBytes', () => {
  it('reads binary units', () => {
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(33756615552)).toBe('31.4 GiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(-2 * 1024 ** 2)).toBe('−2.0 MiB');
    expect(formatBytes(null)).toBe('—');
  });

  it('carries a value that rounds up to 1024 into the next unit', () => {
    expect(formatBytes(1024 ** 3 - 1)).toBe('1.0 GiB');
  });
});

describe('formatQuantity', () => {
  it('parses quantity strings with the shared parser and reads them in the resource unit', () => {
    expect(formatQuantity('33756615552', 'memory')).toBe('31.4 GiB');
    expect(formatQuantity('256Mi', 'memory')).toBe('256 MiB');
    expect(formatQuantity('1G', 'ephemeral-storage')).toBe('954 MiB');
    expect(formatQuantity('1500m', 'requests.cpu')).toBe('1.5');
    expect(formatQuantity('250m', 'cpu')).toBe('250m');
    expect(formatQuantity('40', 'pods')).toBe('40');
    expect(formatQuantity('12k', 'pids')).toBe('12,000');
  });

  it('leaves what is not a quantity as written', () => {
    expect(formatQuantity('lots', 'memory')).toBe('lots');
    expect(formatQuantity(null, 'memory')).toBe('—');
  });

  it('knows the units of eviction signals and quota names', () => {
    expect(resourceUnit('memory.available')).toBe('bytes');
    expect(resourceUnit('nodefs.available')).toBe('bytes');
    expect(resourceUnit('nodefs.inodesFree')).toBe('count');
    expect(resourceUnit('pid.available')).toBe('count');
    expect(resourceUnit('limits.memory')).toBe('bytes');
    expect(resourceUnit('count/deployments.apps')).toBe('count');
  });
});

describe('formatMilli', () => {
  it('shows millicores below a core and cores above', () => {
    expect(formatMilli(250)).toBe('250m');
    expect(formatMilli(1250)).toBe('1.25');
    expect(formatMilli(4000)).toBe('4');
  });
});

describe('formatDuration', () => {
  it('uses at most two units', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(75_000)).toBe('1m 15s');
    expect(formatDuration(3_900_000)).toBe('1h 5m');
    expect(formatDuration((3 * 24 + 2) * 3600_000)).toBe('3d 2h');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-12-03T10:00:00Z');
  it('says past and future apart', () => {
    expect(formatRelative('2026-12-03T09:55:00Z', now)).toBe('5m ago');
    expect(formatRelative('2026-12-03T12:00:00Z', now)).toBe('in 2h');
    expect(formatRelative(now - 1000, now)).toBe('just now');
  });
});

describe('dates in the chosen zone', () => {
  const t = Date.parse('2026-12-03T09:06:48Z');
  it('formats one way, in UTC when chosen', () => {
    expect(formatDateTime(t, 'utc')).toBe('2026-12-03 09:06:48');
    expect(formatDateTime('2026-12-03T09:06:48.123Z', 'utc')).toBe('2026-12-03 09:06:48');
  });

  it('formats in local time when chosen', () => {
    const d = new Date(t);
    const expected = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:06:48`;
    expect(formatDateTime(t, 'local')).toBe(expected);
  });

  it('labels ticks by what the step needs', () => {
    expect(formatTick(t, 10_000, 'utc')).toBe('09:06:48');
    expect(formatTick(t, 600_000, 'utc')).toBe('09:06');
    expect(formatTick(Date.parse('2026-12-03T00:00:00Z'), 3600_000, 'utc')).toBe('Dec 3');
  });

  it('aligns ticks to the zone', () => {
    const { ticks, step } = timeTicks(
      Date.parse('2026-12-03T09:07:00Z'),
      Date.parse('2026-12-03T10:07:00Z'),
      6,
      'utc',
    );
    expect(step).toBe(600_000);
    expect(new Date(ticks[0] as number).toISOString()).toBe('2026-12-03T09:10:00.000Z');
  });
});

describe('countTicks', () => {
  it('steps evenly in 1, 2, 5 × 10ⁿ from zero past the maximum', () => {
    expect(countTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(countTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(130)).toEqual([0, 50, 100, 150]);
  });
});
