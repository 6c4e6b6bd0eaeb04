import type { NodePressureHistory } from '@plimsoll/shared/schemas';
import { describe, expect, it } from 'vitest';

import { headroomChartRows, lowestHeadroom, previousWindow } from './compare-node-windows';

const H = 3_600_000;
const T0 = Date.parse('2026-12-04T00:00:00Z');
const sample = (
  at: number,
  memory: number | null,
  disk: number | null = null,
  pid: number | null = null,
): NodePressureHistory['samples'][number] => ({
  at: new Date(at).toISOString(),
  psiCpuSomeAvg10: null,
  psiMemorySomeAvg10: null,
  psiMemoryFullAvg10: null,
  psiIoSomeAvg10: null,
  swapUsageBytes: null,
  swapAvailableBytes: null,
  memoryHeadroomRatio: memory,
  diskHeadroomRatio: disk,
  pidHeadroomRatio: pid,
});

describe('previousWindow', () => {
  it('is as long as the range and ends where this window starts', () => {
    expect(previousWindow('2026-12-04T00:00:00.000Z', 24 * H, '24h')).toEqual({
      from: '2026-12-03T00:00:00.000Z',
      to: '2026-12-04T00:00:00.000Z',
      shiftMs: 24 * H,
      label: '24h',
    });
  });
});

describe('headroomChartRows', () => {
  it('moves the previous window forward by the range onto this one, in percent', () => {
    const rows = headroomChartRows(
      [sample(T0, 0.5, 0.25, 0.9), sample(T0 + H, 0.123, null, 0.9)],
      [sample(T0 - 2 * H, 0.3, 0.2, 0.8), sample(T0 - 1.5 * H, 0.05)],
      2 * H,
    );
    expect(rows).toEqual([
      {
        t: T0,
        memoryHeadroomRatio: 50,
        diskHeadroomRatio: 25,
        pidHeadroomRatio: 90,
        memoryHeadroomRatioPrevious: 30,
        diskHeadroomRatioPrevious: 20,
        pidHeadroomRatioPrevious: 80,
      },
      {
        t: T0 + 0.5 * H,
        memoryHeadroomRatioPrevious: 5,
        diskHeadroomRatioPrevious: null,
        pidHeadroomRatioPrevious: null,
      },
      {
        t: T0 + H,
        memoryHeadroomRatio: 12.3,
        diskHeadroomRatio: null,
        pidHeadroomRatio: 90,
      },
    ]);
  });

  it('draws this window alone without a previous one', () => {
    expect(headroomChartRows([sample(T0, -0.02)], null, H)).toEqual([
      { t: T0, memoryHeadroomRatio: -2, diskHeadroomRatio: null, pidHeadroomRatio: null },
    ]);
  });
});

describe('lowestHeadroom', () => {
  it('takes each signal’s lowest reading, skipping gaps', () => {
    expect(
      lowestHeadroom([
        sample(T0, 0.3, null, 0.95),
        sample(T0 + H, 0.12, 0.4, null),
        sample(T0 + 2 * H, null, 0.45, 0.9),
      ]),
    ).toEqual({ memoryHeadroomRatio: 0.12, diskHeadroomRatio: 0.4, pidHeadroomRatio: 0.9 });
  });

  it('keeps a headroom past the threshold (below zero) as the lowest', () => {
    expect(lowestHeadroom([sample(T0, 0.1), sample(T0 + H, -0.05)]).memoryHeadroomRatio).toBe(
      -0.05,
    );
  });

  it('says null for a signal without readings, and for an empty window', () => {
    expect(lowestHeadroom([])).toEqual({
      memoryHeadroomRatio: null,
      diskHeadroomRatio: null,
      pidHeadroomRatio: null,
    });
  });
});
