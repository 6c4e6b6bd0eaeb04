import { describe, expect, it } from 'vitest';

import { DEFAULT_EVICTION_HARD_LINUX, parseEvictionThresholds } from './eviction-thresholds.js';
import type { EvictionThreshold, EvictionThresholdValue } from './eviction-thresholds.js';
import {
  findNodeAllocatableError,
  getAllocatableBreakdown,
  getHardEvictionReservation,
  getNodeAllocatable,
  getNodeAllocatableAbsolute,
  getNodeAllocatableReservation,
  getNodeStatusAllocatable,
} from './node-allocatable.js';
import { newMilliQuantity, newQuantity, parseQuantity } from './quantity.js';
import type { Quantity } from './quantity.js';

// getResourceList in node_container_manager_linux_test.go.
function resourceList(cpu: string, memory: string): Record<string, string> {
  return { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) };
}

function storageList(storage: string): Record<string, string> {
  return storage ? { 'ephemeral-storage': storage } : {};
}

function hardThreshold(signal: string, value: EvictionThresholdValue): EvictionThreshold[] {
  return [{ signal, operator: 'LessThan', value, gracePeriodSeconds: 0 }];
}

function milli(list: Record<string, Quantity>): Record<string, bigint> {
  return Object.fromEntries(Object.entries(list).map(([k, v]) => [k, v.milliValue()]));
}

// The Go tests walk the actual result and require each key in expected with an equal MilliValue.
function expectSubsetOfExpected(
  actual: Record<string, Quantity>,
  expected: Record<string, string>,
) {
  for (const [name, value] of Object.entries(actual)) {
    const want = expected[name];
    expect(want, `unexpected resource ${name}`).toBeDefined();
    expect(value.milliValue()).toBe(parseQuantity(want ?? '0').milliValue());
  }
}

const memoryEvictionThreshold = parseQuantity('100Mi');

describe('GetNodeAllocatableReservation — pkg/kubelet/cm/node_container_manager_linux_test.go TestNodeAllocatableReservationForScheduling', () => {
  const cpuMemCases: Array<{
    kubeReserved: Record<string, string>;
    systemReserved: Record<string, string>;
    capacity: Record<string, string>;
    hardThreshold?: EvictionThresholdValue;
    expected: Record<string, string>;
  }> = [
    {
      kubeReserved: resourceList('100m', '100Mi'),
      systemReserved: resourceList('50m', '50Mi'),
      capacity: resourceList('10', '10Gi'),
      expected: resourceList('150m', '150Mi'),
    },
    {
      kubeReserved: resourceList('100m', '100Mi'),
      systemReserved: resourceList('50m', '50Mi'),
      hardThreshold: { quantity: memoryEvictionThreshold },
      capacity: resourceList('10', '10Gi'),
      expected: resourceList('150m', '250Mi'),
    },
    {
      kubeReserved: resourceList('100m', '100Mi'),
      systemReserved: resourceList('50m', '50Mi'),
      capacity: resourceList('10', '10Gi'),
      hardThreshold: { percentage: 0.05 },
      expected: resourceList('150m', '694157320'),
    },
    {
      kubeReserved: {},
      systemReserved: {},
      capacity: resourceList('10', '10Gi'),
      expected: resourceList('', ''),
    },
    {
      kubeReserved: resourceList('', '100Mi'),
      systemReserved: resourceList('50m', '50Mi'),
      capacity: resourceList('10', '10Gi'),
      expected: resourceList('50m', '150Mi'),
    },
    {
      kubeReserved: resourceList('50m', '100Mi'),
      systemReserved: resourceList('', '50Mi'),
      capacity: resourceList('10', '10Gi'),
      expected: resourceList('50m', '150Mi'),
    },
    {
      kubeReserved: resourceList('', '100Mi'),
      systemReserved: resourceList('', '50Mi'),
      capacity: resourceList('10', ''),
      expected: resourceList('', '150Mi'),
    },
  ];

  it.each(cpuMemCases.map((tc, i) => [i + 1, tc] as const))('cpu/memory case %i', (_i, tc) => {
    const actual = getNodeAllocatableReservation({
      capacity: tc.capacity,
      kubeReserved: tc.kubeReserved,
      systemReserved: tc.systemReserved,
      hardEvictionThresholds: hardThreshold('memory.available', tc.hardThreshold ?? {}),
    });
    expectSubsetOfExpected(actual, tc.expected);
  });

  const ephemeralStorageCases: Array<{
    kubeReserved: Record<string, string>;
    capacity: Record<string, string>;
    hardThreshold?: EvictionThresholdValue;
    expected: Record<string, string>;
  }> = [
    {
      kubeReserved: storageList('100Mi'),
      capacity: storageList('10Gi'),
      expected: storageList('100Mi'),
    },
    {
      kubeReserved: storageList('100Mi'),
      hardThreshold: { quantity: parseQuantity('100Mi') },
      capacity: storageList('10Gi'),
      expected: storageList('200Mi'),
    },
    {
      kubeReserved: storageList('150Mi'),
      capacity: storageList('10Gi'),
      hardThreshold: { percentage: 0.05 },
      expected: storageList('694157320'),
    },
    { kubeReserved: {}, capacity: storageList('10Gi'), expected: storageList('') },
  ];

  it.each(ephemeralStorageCases.map((tc, i) => [i + 1, tc] as const))(
    'ephemeral-storage case %i',
    (_i, tc) => {
      const actual = getNodeAllocatableReservation({
        capacity: tc.capacity,
        kubeReserved: tc.kubeReserved,
        hardEvictionThresholds: hardThreshold('nodefs.available', tc.hardThreshold ?? {}),
      });
      expectSubsetOfExpected(actual, tc.expected);
    },
  );

  it('holds the exact reservations, not just a subset', () => {
    const actual = getNodeAllocatableReservation({
      capacity: resourceList('10', '10Gi'),
      kubeReserved: resourceList('100m', '100Mi'),
      systemReserved: resourceList('50m', '50Mi'),
      hardEvictionThresholds: hardThreshold('memory.available', { percentage: 0.05 }),
    });
    expect(milli(actual)).toEqual({ cpu: 150n, memory: 694157320000n });
  });

  it('omits resources that are not in capacity', () => {
    expect(
      getNodeAllocatableReservation({
        capacity: resourceList('10', ''),
        kubeReserved: resourceList('', '100Mi'),
        systemReserved: resourceList('', '50Mi'),
      }),
    ).toEqual({});
  });
});

describe('hardEvictionReservation — pkg/kubelet/cm/helpers.go', () => {
  const capacity = { memory: parseQuantity('10Gi'), 'ephemeral-storage': parseQuantity('100Gi') };

  it('is undefined without thresholds', () => {
    expect(getHardEvictionReservation([], capacity)).toBeUndefined();
  });

  it('reserves only for memory.available and nodefs.available', () => {
    const thresholds = parseEvictionThresholds({
      evictionHard: { ...DEFAULT_EVICTION_HARD_LINUX },
    });
    expect(milli(getHardEvictionReservation(thresholds, capacity) ?? {})).toEqual({
      memory: 104857600000n,
      'ephemeral-storage': 10737418400000n,
    });
  });
});

describe('getNodeAllocatableAbsolute — pkg/kubelet/cm/node_container_manager_linux_test.go TestNodeAllocatableForEnforcement', () => {
  const cases: Array<{
    kubeReserved: Record<string, string>;
    systemReserved: Record<string, string>;
    capacity: Record<string, string>;
    hardThreshold?: EvictionThresholdValue;
    expected: Record<string, string>;
  }> = [
    {
      kubeReserved: resourceList('100m', '100Mi'),
      systemReserved: resourceList('50m', '50Mi'),
      capacity: resourceList('10', '10Gi'),
      expected: resourceList('9850m', '10090Mi'),
    },
    {
      kubeReserved: resourceList('100m', '100Mi'),
      systemReserved: resourceList('50m', '50Mi'),
      hardThreshold: { quantity: memoryEvictionThreshold },
      capacity: resourceList('10', '10Gi'),
      expected: resourceList('9850m', '10090Mi'),
    },
    {
      kubeReserved: resourceList('100m', '100Mi'),
      systemReserved: resourceList('50m', '50Mi'),
      hardThreshold: { percentage: 0.05 },
      capacity: resourceList('10', '10Gi'),
      expected: resourceList('9850m', '10090Mi'),
    },
    {
      kubeReserved: {},
      systemReserved: {},
      capacity: resourceList('10', '10Gi'),
      expected: resourceList('10', '10Gi'),
    },
    {
      kubeReserved: resourceList('', '100Mi'),
      systemReserved: resourceList('50m', '50Mi'),
      capacity: resourceList('10', '10Gi'),
      expected: resourceList('9950m', '10090Mi'),
    },
    {
      kubeReserved: resourceList('50m', '100Mi'),
      systemReserved: resourceList('', '50Mi'),
      capacity: resourceList('10', '10Gi'),
      expected: resourceList('9950m', '10090Mi'),
    },
    {
      kubeReserved: resourceList('', '100Mi'),
      systemReserved: resourceList('', '50Mi'),
      capacity: resourceList('10', ''),
      expected: resourceList('10', ''),
    },
  ];

  it.each(cases.map((tc, i) => [i + 1, tc] as const))(
    'case %i ignores eviction thresholds',
    (_i, tc) => {
      const actual = getNodeAllocatableAbsolute({
        capacity: tc.capacity,
        kubeReserved: tc.kubeReserved,
        systemReserved: tc.systemReserved,
        hardEvictionThresholds: hardThreshold('memory.available', tc.hardThreshold ?? {}),
      });
      expectSubsetOfExpected(actual, tc.expected);
      expect(Object.keys(actual).sort()).toEqual(Object.keys(tc.capacity).sort());
    },
  );

  it('clamps an over-reserved resource at zero', () => {
    const actual = getNodeAllocatableAbsolute({
      capacity: resourceList('1', '1Gi'),
      kubeReserved: resourceList('2', ''),
    });
    expect(actual.cpu?.isZero()).toBe(true);
  });
});

describe('validateNodeAllocatable — pkg/kubelet/cm/node_container_manager_linux_test.go TestNodeAllocatableInputValidation', () => {
  const highMemoryEvictionThreshold = parseQuantity('2Gi');
  const cpuMemCases: Array<{
    kubeReserved: Record<string, string>;
    systemReserved: Record<string, string>;
    capacity: Record<string, string>;
    hardThreshold?: EvictionThresholdValue;
    invalid?: boolean;
  }> = [
    {
      kubeReserved: resourceList('100m', '100Mi'),
      systemReserved: resourceList('50m', '50Mi'),
      capacity: resourceList('10', '10Gi'),
    },
    {
      kubeReserved: resourceList('100m', '100Mi'),
      systemReserved: resourceList('50m', '50Mi'),
      hardThreshold: { quantity: memoryEvictionThreshold },
      capacity: resourceList('10', '10Gi'),
    },
    {
      kubeReserved: resourceList('100m', '100Mi'),
      systemReserved: resourceList('50m', '50Mi'),
      hardThreshold: { percentage: 0.05 },
      capacity: resourceList('10', '10Gi'),
    },
    { kubeReserved: {}, systemReserved: {}, capacity: resourceList('10', '10Gi') },
    {
      kubeReserved: resourceList('', '100Mi'),
      systemReserved: resourceList('50m', '50Mi'),
      capacity: resourceList('10', '10Gi'),
    },
    {
      kubeReserved: resourceList('50m', '100Mi'),
      systemReserved: resourceList('', '50Mi'),
      capacity: resourceList('10', '10Gi'),
    },
    {
      kubeReserved: resourceList('', '100Mi'),
      systemReserved: resourceList('', '50Mi'),
      capacity: resourceList('10', ''),
    },
    {
      kubeReserved: resourceList('5', '10Gi'),
      systemReserved: resourceList('5', '10Gi'),
      hardThreshold: { quantity: highMemoryEvictionThreshold },
      capacity: resourceList('10', '11Gi'),
      invalid: true,
    },
  ];

  it.each(cpuMemCases.map((tc, i) => [i + 1, tc] as const))('cpu/memory case %i', (_i, tc) => {
    const error = findNodeAllocatableError({
      capacity: tc.capacity,
      kubeReserved: tc.kubeReserved,
      systemReserved: tc.systemReserved,
      hardEvictionThresholds: hardThreshold('memory.available', tc.hardThreshold ?? {}),
    });
    expect(error !== null).toBe(tc.invalid ?? false);
  });

  it.each([
    [1, { kubeReserved: storageList('100Mi'), capacity: storageList('500Mi') }, false],
    [
      2,
      {
        kubeReserved: storageList('20Gi'),
        capacity: storageList('20Gi'),
        hardThreshold: { quantity: parseQuantity('100Mi') } as EvictionThresholdValue,
      },
      true,
    ],
  ] as const)('ephemeral-storage case %i', (_i, tc, invalid) => {
    const error = findNodeAllocatableError({
      capacity: tc.capacity,
      kubeReserved: tc.kubeReserved,
      hardEvictionThresholds: hardThreshold(
        'nodefs.available',
        'hardThreshold' in tc ? tc.hardThreshold : {},
      ),
    });
    expect(error !== null).toBe(invalid);
  });

  it('explains the over-reservation with the kubelet message', () => {
    expect(
      findNodeAllocatableError({
        capacity: resourceList('10', '11Gi'),
        kubeReserved: resourceList('5', '10Gi'),
        systemReserved: resourceList('5', '10Gi'),
        hardEvictionThresholds: hardThreshold('memory.available', {
          quantity: parseQuantity('2Gi'),
        }),
      }),
    ).toBe(
      'invalid Node Allocatable configuration. Resource "memory" has a reservation of 22Gi but capacity of 11Gi. Expected capacity >= reservation.',
    );
  });
});

describe('MachineInfo allocatable — pkg/kubelet/nodestatus/setters_test.go TestMachineInfo', () => {
  const baseCapacity = (): Record<string, Quantity> => ({
    cpu: newMilliQuantity(2000n, 'DecimalSI'),
    memory: newQuantity(1024n, 'BinarySI'),
    pods: newQuantity(110n, 'DecimalSI'),
  });

  it('machine identifiers, basic capacity and allocatable', () => {
    expect(milli(getNodeStatusAllocatable(baseCapacity(), {}))).toEqual(milli(baseCapacity()));
  });

  it('allocatable should equal capacity minus reservations', () => {
    const reservation = {
      cpu: newMilliQuantity(1n, 'DecimalSI'),
      memory: newQuantity(1n, 'BinarySI'),
      pods: newQuantity(1n, 'DecimalSI'),
      'ephemeral-storage': newQuantity(1n, 'BinarySI'),
    };
    expect(milli(getNodeStatusAllocatable(baseCapacity(), reservation))).toEqual({
      cpu: 1999n,
      memory: 1023_000n,
      pods: 109_000n,
    });
  });

  it('allocatable memory does not double-count hugepages reservations', () => {
    const capacity = { ...baseCapacity(), 'hugepages-test': newQuantity(1n, 'BinarySI') };
    expect(milli(getNodeStatusAllocatable(capacity, {}))).toEqual({
      cpu: 2000n,
      memory: 1023_000n,
      'hugepages-test': 1000n,
      pods: 110_000n,
    });
  });

  it('negative capacity resources should be set to 0 in allocatable', () => {
    const capacity = { ...baseCapacity(), 'negative-resource': newQuantity(-1n, 'BinarySI') };
    const allocatable = getNodeStatusAllocatable(capacity, {});
    expect(allocatable['negative-resource']?.isZero()).toBe(true);
    expect(allocatable['negative-resource']?.format).toBe('BinarySI');
  });

  it('ephemeral storage is reflected in capacity and allocatable', () => {
    const capacity = { ...baseCapacity(), 'ephemeral-storage': newQuantity(5000n, 'BinarySI') };
    expect(getNodeStatusAllocatable(capacity, {})['ephemeral-storage']?.value()).toBe(5000n);
  });
});

describe('getNodeAllocatable — reservation then MachineInfo', () => {
  const input = {
    capacity: {
      cpu: '4',
      memory: '16Gi',
      'ephemeral-storage': '100Gi',
      pods: '110',
      'hugepages-2Mi': '1Gi',
    },
    kubeReserved: { cpu: '100m', memory: '1Gi' },
    systemReserved: { memory: '500Mi', 'ephemeral-storage': '1Gi' },
    hardEvictionThresholds: parseEvictionThresholds({
      evictionHard: { ...DEFAULT_EVICTION_HARD_LINUX },
    }),
  };

  it('subtracts reservations, eviction thresholds and hugepages like the kubelet', () => {
    const allocatable = getNodeAllocatable(input);
    expect(allocatable.cpu?.milliValue()).toBe(3900n);
    // 16Gi − 1Gi − 500Mi − 100Mi − 1Gi of hugepages = 13.4Gi.
    expect(allocatable.memory?.value()).toBe(14403239936n);
    // 100Gi − 1Gi − int64(100Gi × float32(0.1)) = 107374182400 − 1073741824 − 10737418400.
    expect(allocatable['ephemeral-storage']?.value()).toBe(95563022176n);
    expect(allocatable.pods?.value()).toBe(110n);
    expect(allocatable['hugepages-2Mi']?.value()).toBe(1073741824n);
  });

  it('breaks the memory row down into parts that add up to allocatable', () => {
    const rows = getAllocatableBreakdown(input);
    expect(rows.map((row) => row.resource)).toEqual(Object.keys(input.capacity));
    const memory = rows.find((row) => row.resource === 'memory');
    expect(memory).toBeDefined();
    if (!memory) return;
    expect(memory.kubeReserved.value()).toBe(1073741824n);
    expect(memory.systemReserved.value()).toBe(524288000n);
    expect(memory.evictionThreshold.value()).toBe(104857600n);
    expect(memory.hugePages.value()).toBe(1073741824n);
    const sum = memory.capacity
      .sub(memory.kubeReserved)
      .sub(memory.systemReserved)
      .sub(memory.evictionThreshold)
      .sub(memory.hugePages);
    expect(sum.cmp(memory.allocatable)).toBe(0);
    const storage = rows.find((row) => row.resource === 'ephemeral-storage');
    expect(storage?.evictionThreshold.value()).toBe(10737418400n);
    expect(storage?.hugePages.isZero()).toBe(true);
  });
});
