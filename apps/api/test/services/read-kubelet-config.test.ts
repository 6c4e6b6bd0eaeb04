import { describe, expect, it } from 'vitest';

import { durationToMicros, thresholdsOf } from '../../src/services/read-kubelet-config.js';

describe('kubelet configz durations are read as Go reads them (time.ParseDuration)', () => {
  it('reads cpuCFSQuotaPeriod 1m30s, which the old regex could not', () => {
    const t = thresholdsOf({ kubeletconfig: { cpuCFSQuotaPeriod: '1m30s' } });
    expect(t.source).toBe('configz');
    expect(t.cpuCFSQuotaPeriodUs).toBe(90_000_000);
  });

  it.each([
    ['100ms', 100_000],
    ['1m30s', 90_000_000],
    ['1.5ms', 1_500],
    ['250us', 250],
    ['250µs', 250],
    ['1500ns', 1],
    ['0', 0],
  ])('%s → %i µs (Duration / time.Microsecond)', (text, micros) => {
    expect(durationToMicros(text)).toBe(micros);
  });

  it.each([' 100ms', '100', '1d', '', 100])(
    'reads %j as no duration, so the default 100ms holds',
    (text) => {
      expect(durationToMicros(text)).toBeUndefined();
      expect(thresholdsOf({ kubeletconfig: { cpuCFSQuotaPeriod: text } }).cpuCFSQuotaPeriodUs).toBe(
        100_000,
      );
    },
  );
});
