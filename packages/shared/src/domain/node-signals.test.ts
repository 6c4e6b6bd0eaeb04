import { describe, expect, it } from 'vitest';

import type { FsStats, NodeStats } from './kubelet-stats.js';
import { readImageFsLayout, readNodeSignals } from './node-signals.js';

const T = '2026-01-01T00:00:00Z';
const fs = (capacityBytes: number, availableBytes: number): FsStats => ({
  time: T,
  capacityBytes,
  availableBytes,
});
const psi = (avg10: number) => ({
  some: { total: 1, avg10, avg60: avg10 / 2, avg300: avg10 / 4 },
  full: { total: 1, avg10: avg10 / 10, avg60: 0, avg300: 0 },
});

describe('readNodeSignals — Summary API of a 1.35 kubelet', () => {
  it('reads PSI of cpu, memory and io, and swap', () => {
    const node: NodeStats = {
      nodeName: 'n',
      startTime: T,
      cpu: { time: T, psi: psi(12.5) },
      memory: { time: T, psi: psi(3) },
      io: { time: T, psi: psi(0.4) },
      swap: { time: T, swapUsageBytes: 1024, swapAvailableBytes: 2048 },
      fs: fs(100, 50),
    };
    const s = readNodeSignals(node);
    expect(s.psi.cpu).toEqual({
      some: { avg10: 12.5, avg60: 6.25, avg300: 3.125 },
      full: { avg10: 1.25, avg60: 0, avg300: 0 },
    });
    expect(s.psi.io?.some.avg10).toBe(0.4);
    expect(s.swap).toEqual({ usageBytes: 1024, availableBytes: 2048 });
  });

  it('reads no PSI and no swap from a 1.33 kubelet', () => {
    const s = readNodeSignals({
      nodeName: 'n',
      startTime: T,
      cpu: { time: T },
      memory: { time: T },
    });
    expect(s.psi).toEqual({ cpu: null, memory: null, io: null });
    expect(s.swap).toBeNull();
  });
});

describe('readImageFsLayout — which disk the containerfs.* signals measure', () => {
  it('tells shared, dedicated and split image filesystems apart', () => {
    const nodefs = fs(100, 40);
    const imagefs = fs(200, 150);
    expect(
      readImageFsLayout({ fs: nodefs, runtime: { imageFs: nodefs, containerFs: nodefs } }).layout,
    ).toBe('shared');
    expect(
      readImageFsLayout({ fs: nodefs, runtime: { imageFs: imagefs, containerFs: imagefs } }).layout,
    ).toBe('dedicated');
    const split = readImageFsLayout({
      fs: nodefs,
      runtime: { imageFs: imagefs, containerFs: nodefs },
    });
    expect(split.layout).toBe('split');
    expect(split.containerFs).toEqual({ availableBytes: 40, capacityBytes: 100 });
  });
});
