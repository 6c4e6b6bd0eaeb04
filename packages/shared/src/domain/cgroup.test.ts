import type { V1Container, V1Pod, V1ResourceRequirements } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import {
  cpuSharesToCpuWeight,
  cpuSharesToCpuWeightLinear,
  cpuWeightToCpuSharesLinear,
  hugePageLimits,
  MAX_SHARES,
  milliCPUToQuota,
  milliCPUToShares,
  MIN_SHARES,
  type PodResourceConfig,
  resourceConfigForPod,
} from './cgroup.js';
import { parseQuantity } from './quantity.js';

const UPSTREAM = 'pkg/kubelet/cm/helpers_linux_test.go';

type Raw = Record<string, string>;

// getResourceList (helpers_linux_test.go): an empty string leaves the resource out.
function rl(cpu: string, memory: string): Raw {
  const out: Raw = {};
  if (cpu !== '') out['cpu'] = cpu;
  if (memory !== '') out['memory'] = memory;
  return out;
}

function rr(requests: Raw, limits: Raw): V1ResourceRequirements {
  return { requests, limits };
}

function ctr(resources?: V1ResourceRequirements, name = ''): V1Container {
  return { name, ...(resources ? { resources } : {}) };
}

function pod(
  containers: V1Container[],
  extra: { initContainers?: V1Container[]; resources?: V1ResourceRequirements } = {},
): V1Pod {
  return { spec: { containers, ...extra } };
}

const bytes = (q: string) => parseQuantity(q).value();

describe(`TestResourceConfigForPod — ${UPSTREAM}`, () => {
  const defaultQuotaPeriod = 100000; // 100ms in microseconds
  const tunedQuotaPeriod = 5000; // 5ms in microseconds
  const tunedQuota = 1000; // 1ms in microseconds

  const minShares = MIN_SHARES;
  const burstableShares = milliCPUToShares(100);
  const burstableMemory = bytes('200Mi');
  const burstablePartialShares = milliCPUToShares(200);
  const burstableQuota = milliCPUToQuota(200, defaultQuotaPeriod);
  const guaranteedShares = milliCPUToShares(100);
  const guaranteedQuota = milliCPUToQuota(100, defaultQuotaPeriod);
  const guaranteedTunedQuota = milliCPUToQuota(100, tunedQuotaPeriod);
  const cpuNoLimit = -1;
  const guaranteedMemory = bytes('100Mi');

  type Expected = Omit<PodResourceConfig, 'hugePageLimits'>;
  const cases: {
    description: string;
    pod: V1Pod;
    expected: Expected;
    enforceCPULimits: boolean;
    quotaPeriod: number;
    podLevelResourcesEnabled?: boolean;
  }[] = [
    {
      description: 'besteffort',
      pod: pod([ctr(rr(rl('', ''), rl('', '')))]),
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: { cpuShares: minShares },
    },
    {
      description: 'burstable-no-limits',
      pod: pod([ctr(rr(rl('100m', '100Mi'), rl('', '')))]),
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: { cpuShares: burstableShares },
    },
    {
      description: 'burstable-with-limits',
      pod: pod([ctr(rr(rl('100m', '100Mi'), rl('200m', '200Mi')))]),
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: {
        cpuShares: burstableShares,
        cpuQuota: burstableQuota,
        cpuPeriod: defaultQuotaPeriod,
        memoryLimitBytes: burstableMemory,
      },
    },
    {
      description: 'burstable-with-limits-no-cpu-enforcement',
      pod: pod([ctr(rr(rl('100m', '100Mi'), rl('200m', '200Mi')))]),
      enforceCPULimits: false,
      quotaPeriod: defaultQuotaPeriod,
      expected: {
        cpuShares: burstableShares,
        cpuQuota: cpuNoLimit,
        cpuPeriod: defaultQuotaPeriod,
        memoryLimitBytes: burstableMemory,
      },
    },
    {
      description: 'burstable-partial-limits',
      pod: pod([
        ctr(rr(rl('100m', '100Mi'), rl('200m', '200Mi'))),
        ctr(rr(rl('100m', '100Mi'), rl('', ''))),
      ]),
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: { cpuShares: burstablePartialShares },
    },
    {
      description: 'burstable-with-limits-with-tuned-quota',
      pod: pod([ctr(rr(rl('100m', '100Mi'), rl('200m', '200Mi')))]),
      enforceCPULimits: true,
      quotaPeriod: tunedQuotaPeriod,
      expected: {
        cpuShares: burstableShares,
        cpuQuota: tunedQuota,
        cpuPeriod: tunedQuotaPeriod,
        memoryLimitBytes: burstableMemory,
      },
    },
    {
      description: 'burstable-with-limits-no-cpu-enforcement-with-tuned-quota',
      pod: pod([ctr(rr(rl('100m', '100Mi'), rl('200m', '200Mi')))]),
      enforceCPULimits: false,
      quotaPeriod: tunedQuotaPeriod,
      expected: {
        cpuShares: burstableShares,
        cpuQuota: cpuNoLimit,
        cpuPeriod: tunedQuotaPeriod,
        memoryLimitBytes: burstableMemory,
      },
    },
    {
      description: 'burstable-partial-limits-with-tuned-quota',
      pod: pod([
        ctr(rr(rl('100m', '100Mi'), rl('200m', '200Mi'))),
        ctr(rr(rl('100m', '100Mi'), rl('', ''))),
      ]),
      enforceCPULimits: true,
      quotaPeriod: tunedQuotaPeriod,
      expected: { cpuShares: burstablePartialShares },
    },
    {
      description: 'guaranteed',
      pod: pod([ctr(rr(rl('100m', '100Mi'), rl('100m', '100Mi')))]),
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: {
        cpuShares: guaranteedShares,
        cpuQuota: guaranteedQuota,
        cpuPeriod: defaultQuotaPeriod,
        memoryLimitBytes: guaranteedMemory,
      },
    },
    {
      description: 'guaranteed-no-cpu-enforcement',
      pod: pod([ctr(rr(rl('100m', '100Mi'), rl('100m', '100Mi')))]),
      enforceCPULimits: false,
      quotaPeriod: defaultQuotaPeriod,
      expected: {
        cpuShares: guaranteedShares,
        cpuQuota: cpuNoLimit,
        cpuPeriod: defaultQuotaPeriod,
        memoryLimitBytes: guaranteedMemory,
      },
    },
    {
      description: 'guaranteed-with-tuned-quota',
      pod: pod([ctr(rr(rl('100m', '100Mi'), rl('100m', '100Mi')))]),
      enforceCPULimits: true,
      quotaPeriod: tunedQuotaPeriod,
      expected: {
        cpuShares: guaranteedShares,
        cpuQuota: guaranteedTunedQuota,
        cpuPeriod: tunedQuotaPeriod,
        memoryLimitBytes: guaranteedMemory,
      },
    },
    {
      description: 'guaranteed-no-cpu-enforcement-with-tuned-quota',
      pod: pod([ctr(rr(rl('100m', '100Mi'), rl('100m', '100Mi')))]),
      enforceCPULimits: false,
      quotaPeriod: tunedQuotaPeriod,
      expected: {
        cpuShares: guaranteedShares,
        cpuQuota: cpuNoLimit,
        cpuPeriod: tunedQuotaPeriod,
        memoryLimitBytes: guaranteedMemory,
      },
    },
    {
      description: 'burstable-partial-limits-with-init-containers',
      pod: pod(
        [ctr(rr(rl('100m', '100m'), rl('100m', '100Mi'))), ctr(rr(rl('100m', '100m'), rl('', '')))],
        {
          initContainers: [
            ctr(rr(rl('100m', '100m'), rl('100m', '100Mi'))),
            ctr(rr(rl('100m', '100m'), rl('', ''))),
          ],
        },
      ),
      enforceCPULimits: true,
      quotaPeriod: tunedQuotaPeriod,
      expected: { cpuShares: burstablePartialShares },
    },
    {
      description: 'besteffort-with-pod-level-resources-enabled',
      pod: pod([ctr(rr(rl('', ''), rl('', '')))], { resources: rr(rl('', ''), rl('', '')) }),
      podLevelResourcesEnabled: true,
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: { cpuShares: minShares },
    },
    {
      description: 'burstable-with-pod-level-requests',
      pod: pod([ctr(undefined, 'Container with no resources')], {
        resources: { requests: rl('100m', '100Mi') },
      }),
      podLevelResourcesEnabled: true,
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: { cpuShares: burstableShares },
    },
    {
      description: 'burstable-with-pod-and-container-level-requests',
      pod: pod([ctr(rr(rl('10m', '50Mi'), rl('', '')), 'Container with resources')], {
        resources: { requests: rl('100m', '100Mi') },
      }),
      podLevelResourcesEnabled: true,
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: { cpuShares: burstableShares },
    },
    {
      description: 'burstable-with-pod-level-resources',
      pod: pod([ctr(undefined, 'Container with no resources')], {
        resources: rr(rl('100m', '100Mi'), rl('200m', '200Mi')),
      }),
      podLevelResourcesEnabled: true,
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: {
        cpuShares: burstableShares,
        cpuQuota: burstableQuota,
        cpuPeriod: defaultQuotaPeriod,
        memoryLimitBytes: burstableMemory,
      },
    },
    {
      description: 'burstable-with-pod-and-container-level-resources',
      pod: pod([ctr(rr(rl('10m', '50Mi'), rl('50m', '100Mi')), 'Container with resources')], {
        resources: rr(rl('100m', '100Mi'), rl('200m', '200Mi')),
      }),
      podLevelResourcesEnabled: true,
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: {
        cpuShares: burstableShares,
        cpuQuota: burstableQuota,
        cpuPeriod: defaultQuotaPeriod,
        memoryLimitBytes: burstableMemory,
      },
    },
    {
      description: 'burstable-with-partial-pod-level-resources-limits',
      pod: pod(
        [ctr(rr(rl('200m', '200Mi'), rl('200m', '200Mi')), 'Container with guaranteed resources')],
        { resources: { requests: rl('200m', '300Mi') } },
      ),
      podLevelResourcesEnabled: true,
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: {
        cpuShares: burstablePartialShares,
        cpuQuota: burstableQuota,
        cpuPeriod: defaultQuotaPeriod,
        memoryLimitBytes: burstableMemory,
      },
    },
    {
      description: 'guaranteed-with-pod-level-resources',
      pod: pod([ctr(undefined, 'Container with no resources')], {
        resources: rr(rl('100m', '100Mi'), rl('100m', '100Mi')),
      }),
      podLevelResourcesEnabled: true,
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: {
        cpuShares: guaranteedShares,
        cpuQuota: guaranteedQuota,
        cpuPeriod: defaultQuotaPeriod,
        memoryLimitBytes: guaranteedMemory,
      },
    },
    {
      description: 'guaranteed-with-pod-and-container-level-resources',
      pod: pod([ctr(rr(rl('10m', '50Mi'), rl('50m', '100Mi')), 'Container with resources')], {
        resources: rr(rl('100m', '100Mi'), rl('100m', '100Mi')),
      }),
      podLevelResourcesEnabled: true,
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: {
        cpuShares: guaranteedShares,
        cpuQuota: guaranteedQuota,
        cpuPeriod: defaultQuotaPeriod,
        memoryLimitBytes: guaranteedMemory,
      },
    },
    {
      description: 'guaranteed-pod-level-resources-with-init-containers',
      pod: pod([ctr(rr(rl('10m', '50Mi'), rl('50m', '50Mi')), 'Container with resources')], {
        resources: rr(rl('100m', '100Mi'), rl('100m', '100Mi')),
        initContainers: [ctr(rr(rl('10m', '50Mi'), rl('50m', '50Mi')), 'Container with resources')],
      }),
      podLevelResourcesEnabled: true,
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: {
        cpuShares: guaranteedShares,
        cpuQuota: guaranteedQuota,
        cpuPeriod: defaultQuotaPeriod,
        memoryLimitBytes: guaranteedMemory,
      },
    },
    {
      // Master's DRA table: with the DRA gate off only the spec counts, as in this port.
      description: 'burstable-with-dra-feature-gate-disabled',
      pod: pod([ctr(rr(rl('1', '200Mi'), rl('3', '500Mi')))]),
      enforceCPULimits: true,
      quotaPeriod: defaultQuotaPeriod,
      expected: {
        cpuShares: milliCPUToShares(1000),
        cpuQuota: milliCPUToQuota(3000, defaultQuotaPeriod),
        cpuPeriod: defaultQuotaPeriod,
        memoryLimitBytes: 500n * 1024n * 1024n,
      },
    },
  ];

  it.each(cases)('$description', (tc) => {
    const { hugePageLimits: pages, ...actual } = resourceConfigForPod(tc.pod, {
      enforceCPULimits: tc.enforceCPULimits,
      cpuPeriodUs: tc.quotaPeriod,
      podLevelResources: tc.podLevelResourcesEnabled ?? false,
    });
    expect(actual).toEqual(tc.expected);
    expect(pages.size).toBe(0);
  });
});

describe(`TestMilliCPUToQuota — ${UPSTREAM}`, () => {
  it.each([
    { input: 0, quota: 0, period: 0 },
    { input: 5, quota: 1000, period: 100000 },
    { input: 9, quota: 1000, period: 100000 },
    { input: 10, quota: 1000, period: 100000 },
    { input: 200, quota: 20000, period: 100000 },
    { input: 500, quota: 50000, period: 100000 },
    { input: 1000, quota: 100000, period: 100000 },
    { input: 1500, quota: 150000, period: 100000 },
  ])('$input milliCPU over $period µs → quota $quota', ({ input, quota, period }) => {
    expect(milliCPUToQuota(input, period)).toBe(quota);
  });
});

describe(`TestHugePageLimits — ${UPSTREAM}`, () => {
  const Mi = 1024n * 1024n;
  const cases: { name: string; inputs: [string, string][]; expected: Map<bigint, bigint> }[] = [
    { name: 'no valid hugepages', inputs: [['2Mi', '128']], expected: new Map() },
    {
      name: '2Mi only',
      inputs: [['hugepages-2Mi', '128']],
      expected: new Map([[2n * Mi, 128n]]),
    },
    {
      name: '2Mi and 4Mi',
      inputs: [
        ['hugepages-2Mi', '128'],
        [`hugepages-${2n * Mi}`, '256'],
        ['hugepages-4Mi', '512'],
        ['4Mi', '1024'],
      ],
      expected: new Map([
        [2n * Mi, 384n],
        [4n * Mi, 512n],
      ]),
    },
  ];
  it.each(cases)('$name', ({ inputs, expected }) => {
    const raw = Object.fromEntries(inputs);
    const list = Object.fromEntries(inputs.map(([k, v]) => [k, parseQuantity(v)]));
    expect(hugePageLimits(list)).toEqual(expected);
    // ResourceConfigForPod must derive the same limits from the pod's requests.
    const config = resourceConfigForPod(pod([{ name: '', resources: { requests: raw } }]), {
      enforceCPULimits: false,
      cpuPeriodUs: 0,
    });
    expect(config.hugePageLimits).toEqual(expected);
  });
});

describe(`TestMilliCPUToShares — ${UPSTREAM}`, () => {
  it.each([
    { name: 'zero milliCPU returns MinShares', input: 0, expected: MIN_SHARES },
    { name: '1 milliCPU rounds down to MinShares', input: 1, expected: MIN_SHARES },
    {
      name: '2 milliCPU computes to exactly MinShares (2*1024/1000=2)',
      input: 2,
      expected: MIN_SHARES,
    },
    { name: '3 milliCPU computes to 3 shares (3*1024/1000=3)', input: 3, expected: 3 },
    { name: '100 milliCPU maps to 102 shares', input: 100, expected: 102 },
    { name: '500 milliCPU maps to 512 shares', input: 500, expected: 512 },
    { name: '1000 milliCPU (1 CPU) maps to 1024 shares', input: 1000, expected: 1024 },
    {
      name: '255999 milliCPU just below MaxShares',
      input: 255999,
      expected: Math.trunc((255999 * 1024) / 1000),
    },
    { name: '256000 milliCPU hits exactly MaxShares', input: 256000, expected: MAX_SHARES },
    { name: '256001 milliCPU clamped to MaxShares', input: 256001, expected: MAX_SHARES },
    { name: '1000000 milliCPU clamped to MaxShares', input: 1000000, expected: MAX_SHARES },
    { name: 'negative milliCPU clamped to MinShares', input: -1, expected: MIN_SHARES },
    { name: 'large negative clamped to MinShares', input: -1000000, expected: MIN_SHARES },
  ])('$name', ({ input, expected }) => {
    expect(milliCPUToShares(input)).toBe(expected);
  });

  it('rejects non-integer milliCPU', () => {
    expect(() => milliCPUToShares(1.5)).toThrow(RangeError);
  });
});

describe('TestConvertCPUSharesToCgroupV2Value — github.com/opencontainers/cgroups utils_test.go (copied into kubernetes)', () => {
  const sharesMin = 2;
  const sharesMax = 262144;
  const sharesDef = 1024;
  const weightMin = 1;
  const weightMax = 10000;
  const weightDef = 100;
  it.each([
    [0, 0], // unset stays unset
    [sharesMin - 1, weightMin], // below the minimum (out of range)
    [sharesMin, weightMin],
    [sharesMin + 1, weightMin + 1],
    [sharesDef, weightDef],
    [sharesMax - 1, weightMax],
    [sharesMax, weightMax],
    [sharesMax + 1, weightMax], // above the maximum (out of range)
  ])('%i shares → weight %i', (shares, weight) => {
    expect(cpuSharesToCpuWeight(shares)).toBe(weight);
  });
});

describe('cpuSharesToCPUWeight / cpuWeightToCPUShares — pkg/kubelet/cm/cgroup_v2_manager_linux.go', () => {
  // Bounds from runc's old TestConvertCPUSharesToCgroupV2Value, round trips from
  // TestCPUSharesEqualAfterV2RoundTrip (helpers_linux_test.go).
  it.each([
    [2, 1],
    [262144, 10000],
    [1024, 39],
  ])('%i shares → weight %i', (shares, weight) => {
    expect(cpuSharesToCpuWeightLinear(shares)).toBe(weight);
  });

  it('loses precision on the round trip: 50m → 51 shares → weight 2 → 28 shares', () => {
    const shares = milliCPUToShares(50);
    expect(shares).toBe(51);
    expect(cpuSharesToCpuWeightLinear(shares)).toBe(2);
    expect(cpuWeightToCpuSharesLinear(2)).toBe(28);
  });

  it('loses precision on the round trip: 100m → 102 shares → weight 4 → 80 shares', () => {
    const shares = milliCPUToShares(100);
    expect(shares).toBe(102);
    expect(cpuSharesToCpuWeightLinear(shares)).toBe(4);
    expect(cpuWeightToCpuSharesLinear(4)).toBe(80);
  });

  it('rejects values where Go uint64 arithmetic would wrap', () => {
    expect(() => cpuSharesToCpuWeightLinear(1)).toThrow(RangeError);
    expect(() => cpuWeightToCpuSharesLinear(0)).toThrow(RangeError);
  });
});
