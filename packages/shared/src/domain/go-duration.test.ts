import { describe, expect, it } from 'vitest';

import { parseGoDurationNanos } from './go-duration.js';

describe('time.ParseDuration — Go src/time/time_test.go TestParseDuration', () => {
  const second = 1_000_000_000n;
  const minute = 60n * second;
  const hour = 60n * minute;
  const cases: Array<[string, bigint]> = [
    ['0', 0n],
    ['5s', 5n * second],
    ['1m30s', minute + 30n * second],
    ['30s', 30n * second],
    ['1478s', 1478n * second],
    ['-5s', -5n * second],
    ['+5s', 5n * second],
    ['-0', 0n],
    ['+0', 0n],
    ['5.0s', 5n * second],
    ['5.6s', 5n * second + 600_000_000n],
    ['5.s', 5n * second],
    ['.5s', 500_000_000n],
    ['1.004s', second + 4_000_000n],
    ['100.00100s', 100n * second + 1_000_000n],
    ['10ns', 10n],
    ['11us', 11_000n],
    ['12µs', 12_000n],
    ['12μs', 12_000n],
    ['13ms', 13_000_000n],
    ['15m', 15n * minute],
    ['16h', 16n * hour],
    ['3h30m', 3n * hour + 30n * minute],
    ['10.5s4m', 4n * minute + 10n * second + 500_000_000n],
    ['-2m3.4s', -(2n * minute + 3n * second + 400_000_000n)],
    ['1h2m3s4ms5us6ns', hour + 2n * minute + 3n * second + 4_000_000n + 5_000n + 6n],
    ['39h9m14.425s', 39n * hour + 9n * minute + 14n * second + 425_000_000n],
    ['52763797000ns', 52_763_797_000n],
    ['0.3333333333333333333h', 20n * minute],
    ['9007199254740993ns', 2n ** 53n + 1n],
    ['9223372036854775807ns', 2n ** 63n - 1n],
    ['9223372036854775.807us', 2n ** 63n - 1n],
    ['9223372036s854ms775us807ns', 2n ** 63n - 1n],
    ['-9223372036854775808ns', -(2n ** 63n)],
    ['-9223372036854775.808us', -(2n ** 63n)],
    ['0.100000000000000000000h', 6n * minute],
    ['0.830103483285477580700h', 49n * minute + 48n * second + 372_539_827n],
  ];

  it.each(cases)('parses %s', (input, nanos) => {
    expect(parseGoDurationNanos(input)).toBe(nanos);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
  ])('rejects %j', (input, message) => {
    expect(() => parseGoDurationNanos(input)).toThrow(message);
  });
});

describe('parseGoDurationNanos is re-exported where it was', () => {
  it('reads the kubelet duration 1m30s from eviction-thresholds too', async () => {
    const old = await import('./eviction-thresholds.js');
    expect(old.parseGoDurationNanos('1m30s')).toBe(90_000_000_000n);
  });
});
