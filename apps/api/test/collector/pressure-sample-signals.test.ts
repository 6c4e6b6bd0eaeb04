import type { Summary } from '@plimsoll/shared';
import { describe, expect, it } from 'vitest';

import { toPressureReading, toPressureSample } from '../../src/collector/poll-kubelets.js';

const T = '2026-06-02T08:00:00Z';
const fs = (capacityBytes: number, availableBytes: number) => ({
  time: T,
  capacityBytes,
  availableBytes,
});
const psi = (avg10: number) => ({
  some: { total: 1, avg10, avg60: 0, avg300: 0 },
  full: { total: 1, avg10: avg10 / 2, avg60: 0, avg300: 0 },
});

describe('pressure_samples keep the 1.34–1.35 signals', () => {
  it('stores PSI avg10 in hundredths, swap, and containerfs of a split image filesystem', () => {
    const summary = {
      node: {
        nodeName: 'n1',
        startTime: T,
        cpu: { time: T, psi: psi(12.34) },
        memory: { time: T, availableBytes: 1, psi: psi(3.5) },
        io: { time: T, psi: psi(0.07) },
        swap: { time: T, swapUsageBytes: 4096, swapAvailableBytes: 8192 },
        fs: fs(100, 40),
        runtime: { imageFs: fs(200, 150), containerFs: fs(100, 40) },
      },
      pods: [],
    } as Summary;
    const row = toPressureSample('c', summary, new Date(T));
    expect(row).toMatchObject({
      psiCpuSomeAvg10Centi: 1234n,
      psiMemorySomeAvg10Centi: 350n,
      psiMemoryFullAvg10Centi: 175n,
      psiIoSomeAvg10Centi: 7n,
      swapUsageBytes: 4096n,
      swapAvailableBytes: 8192n,
      containerfsAvailableBytes: 40n,
      containerfsCapacityBytes: 100n,
    });
    expect(toPressureReading(row)).toMatchObject({
      psiCpuSomeAvg10: 12.34,
      psiMemorySomeAvg10: 3.5,
      swapUsageBytes: '4096',
      containerfsCapacityBytes: '100',
    });
  });

  it('stores none of them for a 1.33 kubelet with images on nodefs', () => {
    const summary = {
      node: { nodeName: 'n1', startTime: T, memory: { time: T }, fs: fs(100, 40) },
      pods: [],
    } as Summary;
    expect(toPressureSample('c', summary, new Date(T))).toMatchObject({
      psiCpuSomeAvg10Centi: null,
      swapUsageBytes: null,
      containerfsAvailableBytes: null,
    });
  });
});
