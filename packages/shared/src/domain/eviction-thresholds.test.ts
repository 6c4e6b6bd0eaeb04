import { describe, expect, it } from 'vitest';

import {
  addAllocatableThresholds,
  DEFAULT_EVICTION_HARD_LINUX,
  getNodeConditionsForThresholds,
  getThresholdQuantity,
  getThresholdsFirstObservedAt,
  getThresholdsMet,
  getThresholdsMetGracePeriod,
  getThresholdsUpdatedStats,
  isHardEvictionThreshold,
  isThresholdMet,
  parseEvictionPercentage,
  parseEvictionThresholds,
  SIGNAL_TO_NODE_CONDITION,
  SIGNAL_TO_RESOURCE,
} from './eviction-thresholds.js';
import type {
  EvictionSignalObservation,
  EvictionThreshold,
  EvictionThresholdConfig,
  EvictionThresholdValue,
} from './eviction-thresholds.js';
import { newQuantity, parseQuantity } from './quantity.js';

const q = parseQuantity;
const f32 = Math.fround;

function threshold(
  signal: string,
  value: EvictionThresholdValue,
  gracePeriodSeconds = 0,
  minReclaim?: EvictionThresholdValue,
): EvictionThreshold {
  return {
    signal,
    operator: 'LessThan',
    value,
    gracePeriodSeconds,
    ...(minReclaim ? { minReclaim } : {}),
  };
}

function describeValue(value: EvictionThresholdValue | undefined): string {
  if (!value) return 'none';
  return value.quantity ? `q:${value.quantity.toString()}` : `p:${value.percentage ?? 0}`;
}

// thresholdsEqual in helpers_test.go compares as sets, ignoring order.
function canonical(thresholds: EvictionThreshold[]): string[] {
  return thresholds
    .map(
      (t) =>
        `${t.signal}|${t.operator}|${t.gracePeriodSeconds}|${describeValue(t.value)}|${describeValue(t.minReclaim)}`,
    )
    .sort();
}

describe('signal tables — pkg/kubelet/eviction/helpers.go', () => {
  it('maps every signal to a node condition and a resource', () => {
    expect(Object.keys(SIGNAL_TO_NODE_CONDITION).sort()).toEqual(
      Object.keys(SIGNAL_TO_RESOURCE).sort(),
    );
    expect(SIGNAL_TO_NODE_CONDITION['containerfs.inodesFree']).toBe('DiskPressure');
    expect(SIGNAL_TO_NODE_CONDITION['allocatableMemory.available']).toBe('MemoryPressure');
    expect(SIGNAL_TO_RESOURCE['pid.available']).toBe('pids');
    expect(SIGNAL_TO_RESOURCE['imagefs.inodesFree']).toBe('inodes');
  });

  it('parses the default Linux evictionHard into five hard thresholds', () => {
    const thresholds = parseEvictionThresholds({
      evictionHard: { ...DEFAULT_EVICTION_HARD_LINUX },
    });
    expect(canonical(thresholds)).toEqual(
      canonical([
        threshold('memory.available', { quantity: q('100Mi') }),
        threshold('nodefs.available', { percentage: f32(0.1) }),
        threshold('nodefs.inodesFree', { percentage: f32(0.05) }),
        threshold('imagefs.available', { percentage: f32(0.15) }),
        threshold('imagefs.inodesFree', { percentage: f32(0.05) }),
      ]),
    );
    expect(thresholds.every(isHardEvictionThreshold)).toBe(true);
  });
});

describe('ParseThresholdConfig — pkg/kubelet/eviction/helpers_test.go TestParseThresholdConfig', () => {
  // The old comma-separated flag format had "duplicate-signal" / "duplicate-reclaim" cases; with
  // map-typed configuration a duplicate key cannot occur, so upstream dropped them.
  const valid: Array<[string, EvictionThresholdConfig, EvictionThreshold[]]> = [
    ['no values', { allocatableConfig: [], evictionHard: {}, evictionSoft: {} }, []],
    [
      'all memory eviction values',
      {
        allocatableConfig: ['pods'],
        evictionHard: { 'memory.available': '150Mi' },
        evictionSoft: { 'memory.available': '300Mi' },
        evictionSoftGracePeriod: { 'memory.available': '30s' },
        evictionMinimumReclaim: { 'memory.available': '0' },
      },
      [
        threshold('allocatableMemory.available', { quantity: q('150Mi') }, 0, { quantity: q('0') }),
        threshold('memory.available', { quantity: q('150Mi') }, 0, { quantity: q('0') }),
        threshold('memory.available', { quantity: q('300Mi') }, 30, { quantity: q('0') }),
      ],
    ],
    [
      'all memory eviction values in percentages',
      {
        allocatableConfig: [],
        evictionHard: { 'memory.available': '10%' },
        evictionSoft: { 'memory.available': '30%' },
        evictionSoftGracePeriod: { 'memory.available': '30s' },
        evictionMinimumReclaim: { 'memory.available': '5%' },
      },
      [
        threshold('memory.available', { percentage: f32(0.1) }, 0, { percentage: f32(0.05) }),
        threshold('memory.available', { percentage: f32(0.3) }, 30, { percentage: f32(0.05) }),
      ],
    ],
    [
      'disk eviction values',
      {
        evictionHard: { 'imagefs.available': '150Mi', 'nodefs.available': '100Mi' },
        evictionSoft: { 'imagefs.available': '300Mi', 'nodefs.available': '200Mi' },
        evictionSoftGracePeriod: { 'imagefs.available': '30s', 'nodefs.available': '30s' },
        evictionMinimumReclaim: { 'imagefs.available': '2Gi', 'nodefs.available': '1Gi' },
      },
      [
        threshold('imagefs.available', { quantity: q('150Mi') }, 0, { quantity: q('2Gi') }),
        threshold('nodefs.available', { quantity: q('100Mi') }, 0, { quantity: q('1Gi') }),
        threshold('imagefs.available', { quantity: q('300Mi') }, 30, { quantity: q('2Gi') }),
        threshold('nodefs.available', { quantity: q('200Mi') }, 30, { quantity: q('1Gi') }),
      ],
    ],
    [
      'disk eviction values in percentages',
      {
        evictionHard: { 'imagefs.available': '15%', 'nodefs.available': '10.5%' },
        evictionSoft: { 'imagefs.available': '30%', 'nodefs.available': '20.5%' },
        evictionSoftGracePeriod: { 'imagefs.available': '30s', 'nodefs.available': '30s' },
        evictionMinimumReclaim: { 'imagefs.available': '10%', 'nodefs.available': '5%' },
      },
      [
        threshold('imagefs.available', { percentage: f32(0.15) }, 0, { percentage: f32(0.1) }),
        threshold('nodefs.available', { percentage: f32(0.105) }, 0, { percentage: f32(0.05) }),
        threshold('imagefs.available', { percentage: f32(0.3) }, 30, { percentage: f32(0.1) }),
        threshold('nodefs.available', { percentage: f32(0.205) }, 30, { percentage: f32(0.05) }),
      ],
    ],
    [
      'inode eviction values',
      {
        evictionHard: { 'imagefs.inodesFree': '150Mi', 'nodefs.inodesFree': '100Mi' },
        evictionSoft: { 'imagefs.inodesFree': '300Mi', 'nodefs.inodesFree': '200Mi' },
        evictionSoftGracePeriod: { 'imagefs.inodesFree': '30s', 'nodefs.inodesFree': '30s' },
        evictionMinimumReclaim: { 'imagefs.inodesFree': '2Gi', 'nodefs.inodesFree': '1Gi' },
      },
      [
        threshold('imagefs.inodesFree', { quantity: q('150Mi') }, 0, { quantity: q('2Gi') }),
        threshold('nodefs.inodesFree', { quantity: q('100Mi') }, 0, { quantity: q('1Gi') }),
        threshold('imagefs.inodesFree', { quantity: q('300Mi') }, 30, { quantity: q('2Gi') }),
        threshold('nodefs.inodesFree', { quantity: q('200Mi') }, 30, { quantity: q('1Gi') }),
      ],
    ],
    [
      'disable via 0%',
      { evictionHard: { 'memory.available': '0%' }, evictionSoft: { 'memory.available': '0%' } },
      [],
    ],
    [
      'disable via 100%',
      {
        evictionHard: { 'memory.available': '100%' },
        evictionSoft: { 'memory.available': '100%' },
      },
      [],
    ],
  ];

  it.each(valid)('%s', (_name, config, expected) => {
    expect(canonical(parseEvictionThresholds(config))).toEqual(canonical(expected));
  });

  const invalid: Array<[string, EvictionThresholdConfig, string]> = [
    [
      'invalid-signal',
      { evictionHard: { 'mem.available': '150Mi' } },
      'unsupported eviction signal mem.available',
    ],
    [
      'hard-signal-negative',
      { evictionHard: { 'memory.available': '-150Mi' } },
      'eviction threshold memory.available must be positive: -150Mi',
    ],
    [
      'hard-signal-negative-percentage',
      { evictionHard: { 'memory.available': '-15%' } },
      'eviction percentage threshold memory.available must be >= 0%: -15%',
    ],
    [
      'hard-signal-percentage-greater-than-100%',
      { evictionHard: { 'memory.available': '150%' } },
      'eviction percentage threshold memory.available must be <= 100%: 150%',
    ],
    [
      'soft-signal-negative',
      { evictionSoft: { 'memory.available': '-150Mi' } },
      'eviction threshold memory.available must be positive: -150Mi',
    ],
    [
      'valid-and-invalid-signal',
      { evictionHard: { 'memory.available': '150Mi', 'invalid.foo': '150Mi' } },
      'unsupported eviction signal invalid.foo',
    ],
    [
      'soft-no-grace-period',
      { evictionSoft: { 'memory.available': '150Mi' } },
      'grace period must be specified for the soft eviction threshold memory.available',
    ],
    [
      'soft-negative-grace-period',
      {
        evictionSoft: { 'memory.available': '150Mi' },
        evictionSoftGracePeriod: { 'memory.available': '-30s' },
      },
      'invalid eviction grace period specified: -30s, must be a positive value',
    ],
    [
      'negative-reclaim',
      { evictionMinimumReclaim: { 'memory.available': '-300Mi' } },
      'negative eviction minimum reclaim specified for memory.available',
    ],
  ];

  it.each(invalid)("%s fails with Go's message", (_name, config, message) => {
    expect(() => parseEvictionThresholds(config)).toThrow(message);
  });

  it('rejects a zero quantity threshold', () => {
    expect(() => parseEvictionThresholds({ evictionHard: { 'memory.available': '0' } })).toThrow(
      'eviction threshold memory.available must be positive: 0',
    );
  });

  it('rejects a zero percentage minimum reclaim', () => {
    expect(() =>
      parseEvictionThresholds({ evictionMinimumReclaim: { 'nodefs.available': '0%' } }),
    ).toThrow('eviction percentage minimum reclaim nodefs.available must be positive: 0%');
  });

  it('rejects an unknown signal in the grace periods even without soft thresholds', () => {
    expect(() =>
      parseEvictionThresholds({ evictionSoftGracePeriod: { 'swap.available': '1m' } }),
    ).toThrow('unsupported eviction signal swap.available');
  });

  it('parses Go durations such as 1m30s for soft grace periods', () => {
    const [soft] = parseEvictionThresholds({
      evictionSoft: { 'nodefs.available': '15%' },
      evictionSoftGracePeriod: { 'nodefs.available': '1m30s' },
    });
    expect(soft?.gracePeriodSeconds).toBe(90);
  });
});

describe('addAllocatableThresholds — pkg/kubelet/eviction/helpers_test.go TestAddAllocatableThresholds', () => {
  const zeroReclaim = { quantity: q('0') };
  const cases: Array<[string, EvictionThreshold[], EvictionThreshold[]]> = [
    [
      'non-memory-signal',
      [threshold('imagefs.available', { quantity: q('150Mi') }, 0, zeroReclaim)],
      [threshold('imagefs.available', { quantity: q('150Mi') }, 0, zeroReclaim)],
    ],
    [
      'memory-signal-with-grace',
      // GracePeriod: 10 in the Go test is 10ns.
      [threshold('memory.available', { quantity: q('150Mi') }, 10e-9, zeroReclaim)],
      [threshold('memory.available', { quantity: q('150Mi') }, 10e-9, zeroReclaim)],
    ],
    [
      'memory-signal-without-grace',
      [threshold('memory.available', { quantity: q('150Mi') }, 0, zeroReclaim)],
      [
        threshold('allocatableMemory.available', { quantity: q('150Mi') }, 0, zeroReclaim),
        threshold('memory.available', { quantity: q('150Mi') }, 0, zeroReclaim),
      ],
    ],
    [
      'memory-signal-without-grace-two-thresholds',
      [
        threshold('memory.available', { quantity: q('150Mi') }, 0, zeroReclaim),
        threshold('memory.available', { quantity: q('200Mi') }, 0, { quantity: q('1Gi') }),
      ],
      [
        threshold('allocatableMemory.available', { quantity: q('150Mi') }, 0, zeroReclaim),
        threshold('memory.available', { quantity: q('150Mi') }, 0, zeroReclaim),
        threshold('allocatableMemory.available', { quantity: q('200Mi') }, 0, {
          quantity: q('1Gi'),
        }),
        threshold('memory.available', { quantity: q('200Mi') }, 0, { quantity: q('1Gi') }),
      ],
    ],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(canonical(addAllocatableThresholds(input))).toEqual(canonical(expected));
  });
});

describe('parsePercentage — pkg/kubelet/eviction/helpers_test.go TestParsePercentage', () => {
  it.each([['blah'], ['foo%'], ['12%345']])('rejects %s', (input) => {
    expect(() => parseEvictionPercentage(input)).toThrow(
      `strconv.ParseFloat: parsing ${JSON.stringify(input.replace(/%+$/, ''))}: invalid syntax`,
    );
  });

  it('parses 25.5% to the float32 nearest 0.255', () => {
    expect(parseEvictionPercentage('25.5%')).toBe(f32(0.255));
  });

  it('strips every trailing percent sign like strings.TrimRight', () => {
    expect(parseEvictionPercentage('10%%')).toBe(f32(0.1));
  });

  it('reports float32 overflow as a range error', () => {
    expect(() => parseEvictionPercentage('1e39%')).toThrow(
      'strconv.ParseFloat: parsing "1e39": value out of range',
    );
  });

  it('accepts Go hexadecimal floats', () => {
    expect(parseEvictionPercentage('0x1.8p3%')).toBe(f32(12 / 100));
  });

  it('judges hexadecimal range by the whole mantissa, not the exponent alone', () => {
    expect(parseEvictionPercentage(`0x1${'0'.repeat(100)}p-400%`)).toBe(f32(1 / 100));
    expect(() => parseEvictionPercentage('0x1p128%')).toThrow('value out of range');
  });

  it('rounds decimal straight to float32 instead of through float64', () => {
    // 1 + 2^-24 + 2^-60 sits just above the float32 midpoint between 1 and 1 + 2^-23. Through a
    // float64 it becomes the exact midpoint and rounds down to 1; ParseFloat(s, 32) rounds up.
    const exact = (2n ** 60n + 2n ** 36n + 1n) * 5n ** 60n;
    const digits = exact.toString();
    const decimal = `${digits.slice(0, -60)}.${digits.slice(-60)}`;
    expect(f32(Number(decimal))).toBe(1);
    expect(parseEvictionPercentage(`${decimal}%`)).toBe(f32((1 + 2 ** -23) / 100));
  });
});

describe('GetThresholdQuantity — pkg/kubelet/eviction/api/types.go', () => {
  it('returns the literal quantity unchanged', () => {
    const quantity = q('100Mi');
    expect(getThresholdQuantity({ quantity }, q('4Gi'))).toBe(quantity);
  });

  it('multiplies by the float32 percentage: 5% of 10Gi is 536870920, not 536870912', () => {
    // float32(0.05) = 0.0500000007450580596923828125; 10Gi × that = 536870912 + 8.
    expect(getThresholdQuantity({ percentage: 0.05 }, q('10Gi')).value()).toBe(536870920n);
  });

  it('truncates toward zero: 10% of 100Gi is 10737418400', () => {
    // float32(0.1) = 13421773 × 2^-27, and 100Gi / 2^27 = 800, so the product is exact.
    expect(getThresholdQuantity({ percentage: f32(0.1) }, q('100Gi')).value()).toBe(10737418400n);
  });

  it('truncates the fractional part of the product', () => {
    // 3 × float32(0.5) = 1.5 → int64 1.
    expect(getThresholdQuantity({ percentage: 0.5 }, q('3')).value()).toBe(1n);
  });

  it('returns a BinarySI quantity and treats a missing percentage as zero', () => {
    const result = getThresholdQuantity({}, q('1Gi'));
    expect(result.isZero()).toBe(true);
    expect(result.format).toBe('BinarySI');
  });
});

describe('thresholdsMet — pkg/kubelet/eviction/helpers_test.go TestThresholdsMet', () => {
  const hardThreshold = threshold('memory.available', { quantity: q('1Gi') }, 0, {
    quantity: q('500Mi'),
  });
  const cases: Array<
    [
      string,
      boolean,
      EvictionThreshold[],
      Record<string, EvictionSignalObservation>,
      EvictionThreshold[],
    ]
  > = [
    ['empty', false, [], {}, []],
    [
      'threshold-met-memory',
      false,
      [hardThreshold],
      { 'memory.available': { available: q('500Mi') } },
      [hardThreshold],
    ],
    [
      'threshold-not-met',
      false,
      [hardThreshold],
      { 'memory.available': { available: q('2Gi') } },
      [],
    ],
    [
      'threshold-met-with-min-reclaim',
      true,
      [hardThreshold],
      { 'memory.available': { available: q('1.05Gi') } },
      [hardThreshold],
    ],
    [
      'threshold-not-met-with-min-reclaim',
      true,
      [hardThreshold],
      { 'memory.available': { available: q('2Gi') } },
      [],
    ],
  ];

  it.each(cases)('%s', (_name, enforceMinReclaim, thresholds, observations, expected) => {
    expect(getThresholdsMet(thresholds, observations, enforceMinReclaim)).toEqual(expected);
  });

  it('skips thresholds whose signal has no observation', () => {
    expect(
      getThresholdsMet([hardThreshold], { 'nodefs.available': { available: q('1') } }, false),
    ).toEqual([]);
  });
});

describe('thresholdsMet with percentages — pkg/kubelet/eviction/helpers_test.go TestPercentageThresholdsMet', () => {
  const memory = threshold('memory.available', { percentage: f32(0.2) }, 0, {
    percentage: f32(0.05),
  });
  const disk = threshold('nodefs.available', { percentage: f32(0.3) });
  const specific = [memory, disk];
  const obs = (
    memAvailable: string,
    diskAvailable?: string,
  ): Record<string, EvictionSignalObservation> => ({
    'memory.available': { available: q(memAvailable), capacity: q('1000Mi') },
    ...(diskAvailable
      ? { 'nodefs.available': { available: q(diskAvailable), capacity: q('1000Gi') } }
      : {}),
  });
  const cases: Array<
    [string, boolean, Record<string, EvictionSignalObservation>, EvictionThreshold[]]
  > = [
    ['BothMet', false, obs('100Mi', '100Gi'), specific],
    ['NoneMet', false, obs('300Mi', '400Gi'), []],
    ['DiskMet', false, obs('300Mi', '100Gi'), [disk]],
    ['MemoryMet', false, obs('100Mi', '400Gi'), [memory]],
    ['MemoryMetWithMinReclaim', true, obs('225Mi'), [memory]],
    ['MemoryNotMetWithMinReclaim', true, obs('300Mi'), []],
  ];

  it.each(cases)('%s', (_name, enforceMinReclaim, observations, expected) => {
    expect(getThresholdsMet(specific, observations, enforceMinReclaim)).toEqual(expected);
  });
});

describe('isThresholdMet — the thresholdsMet comparison for one signal', () => {
  const t = threshold('nodefs.available', { percentage: f32(0.1) }, 0, { percentage: f32(0.05) });

  it('is met only when available drops strictly below the threshold quantity', () => {
    const capacity = q('100Gi');
    const boundary = getThresholdQuantity(t.value, capacity);
    expect(isThresholdMet(t, boundary, capacity)).toBe(false);
    expect(isThresholdMet(t, boundary.sub(newQuantity(1n, 'BinarySI')), capacity)).toBe(true);
  });

  it('adds the minimum reclaim when enforced', () => {
    expect(isThresholdMet(t, q('12Gi'), q('100Gi'))).toBe(false);
    expect(isThresholdMet(t, q('12Gi'), q('100Gi'), true)).toBe(true);
  });
});

describe('thresholdsUpdatedStats — pkg/kubelet/eviction/helpers_test.go TestThresholdsUpdatedStats', () => {
  const updated = threshold('memory.available', {});
  const at = (minute: number): EvictionSignalObservation => ({
    available: q('0'),
    time: new Date(Date.UTC(2016, 0, 1, 0, minute, 0)),
  });
  const cases: Array<
    [
      string,
      EvictionThreshold[],
      Record<string, EvictionSignalObservation>,
      Record<string, EvictionSignalObservation>,
      EvictionThreshold[],
    ]
  > = [
    ['empty', [], {}, {}, []],
    ['no-time', [updated], { 'memory.available': { available: q('0') } }, {}, [updated]],
    ['no-last-observation', [updated], { 'memory.available': at(0) }, {}, [updated]],
    ['time-machine', [updated], { 'memory.available': at(0) }, { 'memory.available': at(1) }, []],
    [
      'same-observation',
      [updated],
      { 'memory.available': at(0) },
      { 'memory.available': at(0) },
      [],
    ],
    [
      'new-observation',
      [updated],
      { 'memory.available': at(1) },
      { 'memory.available': at(0) },
      [updated],
    ],
  ];

  it.each(cases)('%s', (_name, thresholds, observations, last, expected) => {
    expect(getThresholdsUpdatedStats(thresholds, observations, last)).toEqual(expected);
  });
});

describe('thresholdsFirstObservedAt — pkg/kubelet/eviction/helpers_test.go TestThresholdsFirstObservedAt', () => {
  const hard = threshold('memory.available', { quantity: q('1Gi') });
  const now = new Date('2024-05-01T12:00:00Z');
  const oldTime = new Date(now.getTime() - 60_000);

  it('empty', () => {
    expect(getThresholdsFirstObservedAt([], new Map(), now)).toEqual(new Map());
  });

  it('no-previous-observation', () => {
    expect(getThresholdsFirstObservedAt([hard], new Map(), now)).toEqual(new Map([[hard, now]]));
  });

  it('previous-observation', () => {
    expect(getThresholdsFirstObservedAt([hard], new Map([[hard, oldTime]]), now)).toEqual(
      new Map([[hard, oldTime]]),
    );
  });
});

describe('thresholdsMetGracePeriod — pkg/kubelet/eviction/helpers_test.go TestThresholdsMetGracePeriod', () => {
  const now = new Date('2024-05-01T12:00:00Z');
  const hard = threshold('memory.available', { quantity: q('1Gi') });
  const soft = threshold('memory.available', { quantity: q('2Gi') }, 60);
  const oldTime = new Date(now.getTime() - 2 * 60_000);
  const cases: Array<[string, Map<EvictionThreshold, Date>, EvictionThreshold[]]> = [
    ['empty', new Map(), []],
    ['hard-threshold-met', new Map([[hard, now]]), [hard]],
    ['soft-threshold-not-met', new Map([[soft, now]]), []],
    ['soft-threshold-met', new Map([[soft, oldTime]]), [soft]],
  ];

  it.each(cases)('%s', (_name, observedAt, expected) => {
    expect(getThresholdsMetGracePeriod(observedAt, now)).toEqual(expected);
  });

  it('counts a soft threshold met exactly at its grace period', () => {
    const exactly = new Date(now.getTime() - 60_000);
    expect(getThresholdsMetGracePeriod(new Map([[soft, exactly]]), now)).toEqual([soft]);
  });
});

describe('nodeConditions — pkg/kubelet/eviction/helpers_test.go TestNodeConditions', () => {
  it('empty-list', () => {
    expect(getNodeConditionsForThresholds([])).toEqual([]);
  });

  it('memory.available', () => {
    expect(getNodeConditionsForThresholds([threshold('memory.available', {})])).toEqual([
      'MemoryPressure',
    ]);
  });

  it('reports each condition once', () => {
    expect(
      getNodeConditionsForThresholds([
        threshold('nodefs.available', {}),
        threshold('imagefs.inodesFree', {}),
        threshold('pid.available', {}),
      ]),
    ).toEqual(['DiskPressure', 'PIDPressure']);
  });
});
