import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import {
  AVAILABLE_EXPANDERS,
  DEFAULT_EXPANDER,
  ExpanderConfigError,
  chooseByExpanders,
  leastNodesBestOptions,
  leastWasteBestOptions,
  leastWasteRequests,
  leastWasteScore,
  mostPodsBestOptions,
  parsePriorityExpanderConfig,
  priorityBestOptions,
} from './autoscaler-expanders.js';
import type { ExpanderNodeInfos, ExpansionOption } from './autoscaler-expanders.js';
import { parseQuantity } from './quantity.js';

const opt = (nodeGroup: string, nodeCount = 1, pods: V1Pod[] = []): ExpansionOption => ({
  nodeGroup,
  nodeCount,
  pods,
});
const names = (xs: { option: ExpansionOption }[]): string[] => xs.map((x) => x.option.nodeGroup);

describe('leastWasteBestOptions — cluster-autoscaler/expander/waste/waste_test.go', () => {
  // makeNodeInfo(cpu milli, memory bytes): NewMilliQuantity / NewQuantity DecimalSI.
  const cpuPerPod = 500;
  const memoryPerPod = 1000 * 1024 * 1024;
  const nodeInfo = (cpuMilli: number, memory: number) => ({
    capacity: { cpu: `${cpuMilli}m`, memory: String(memory) },
  });
  const nodeInfos: ExpanderNodeInfos = {
    balanced: nodeInfo(16 * cpuPerPod, 16 * memoryPerPod),
    highmem: nodeInfo(16 * cpuPerPod, 32 * memoryPerPod),
    lowcpu: nodeInfo(8 * cpuPerPod, 16 * memoryPerPod),
  };
  const pod: V1Pod = {
    spec: {
      containers: [
        {
          name: 'c',
          resources: { requests: { cpu: `${cpuPerPod}m`, memory: String(memoryPerPod) } },
        },
      ],
    },
  };

  it('chooses the only option when there are no pods', () => {
    const balanced = opt('balanced');
    const ret = leastWasteBestOptions([balanced], nodeInfos);
    expect(names(ret)).toEqual(['balanced']);
    expect(ret[0]?.score).toBe(2);
  });

  it('chooses the only option with one pod', () => {
    const ret = leastWasteBestOptions([opt('balanced', 1, [pod])], nodeInfos);
    expect(names(ret)).toEqual(['balanced']);
    expect(ret[0]?.score).toBeCloseTo(15 / 16 + 15 / 16, 12);
  });

  it('prefers the balanced node over the high-memory one', () => {
    const ret = leastWasteBestOptions(
      [opt('balanced', 1, [pod]), opt('highmem', 1, [pod])],
      nodeInfos,
    );
    expect(names(ret)).toEqual(['balanced']);
  });

  it('prefers the low-CPU node, which wastes the least in total', () => {
    const ret = leastWasteBestOptions(
      [opt('balanced', 1, [pod]), opt('highmem', 1, [pod]), opt('lowcpu', 1, [pod])],
      nodeInfos,
    );
    expect(names(ret)).toEqual(['lowcpu']);
    // wastedScore = wastedCPU + wastedMemory = 7/8 + 15/16.
    expect(ret[0]?.score).toBeCloseTo(7 / 8 + 15 / 16, 12);
  });

  it('returns every tied option', () => {
    const ret = leastWasteBestOptions(
      [opt('balanced', 1, [pod]), opt('highmem', 1, [pod]), opt('balanced', 1, [pod])],
      nodeInfos,
    );
    expect(names(ret)).toEqual(['balanced', 'balanced']);
  });

  it('skips options without node info', () => {
    expect(leastWasteBestOptions([opt('unknown', 1, [pod])], nodeInfos)).toEqual([]);
    expect(leastWasteScore(opt('unknown'), nodeInfos)).toBeUndefined();
  });

  it('multiplies capacity by the node count; waste.go accounting sums only container requests', () => {
    const twoContainers: V1Pod = {
      spec: {
        containers: [
          { name: 'a', resources: { requests: { cpu: '1', memory: '1Gi' } } },
          { name: 'b', resources: { requests: { cpu: '500m' } } },
        ],
        initContainers: [
          { name: 'init', resources: { requests: { cpu: '100', memory: '100Gi' } } },
        ],
      },
    };
    const nodes = { n: { capacity: { cpu: '2', memory: '4Gi' } } };
    const score = leastWasteScore(opt('n', 2, [twoContainers]), nodes, { accounting: 'waste.go' });
    expect(score).toBeCloseTo((4000 - 1500) / 4000 + (8 - 1) / 8, 12);
    // As the scheduler counts it, the pod reserves its init container's 100 CPUs and 100Gi.
    expect(leastWasteScore(opt('n', 2, [twoContainers]), nodes)).toBeCloseTo(
      (4000 - 100_000) / 4000 + (8 - 100) / 8,
      12,
    );
  });

  it('scores a pod whose init container is its largest by what the node must hold', () => {
    // Both groups fit the 4-CPU init container. waste.go sees 1 CPU and prefers the 8-CPU group
    // (1.375 against 1.625); counted as PodRequests the 4-CPU group wastes less (0.875 against 1).
    const pod: V1Pod = {
      spec: {
        initContainers: [{ name: 'migrate', resources: { requests: { cpu: '4' } } }],
        containers: [{ name: 'app', resources: { requests: { cpu: '1', memory: '1Gi' } } }],
      },
    };
    const nodes = {
      cpu4: { capacity: { cpu: '4', memory: '8Gi' } },
      cpu8: { capacity: { cpu: '8', memory: '2Gi' } },
    };
    const options = [opt('cpu4', 1, [pod]), opt('cpu8', 1, [pod])];
    const upstream = leastWasteBestOptions(options, nodes, { accounting: 'waste.go' });
    expect(upstream.map((o) => [o.option.nodeGroup, o.score])).toEqual([['cpu8', 1.375]]);
    const scheduler = leastWasteBestOptions(options, nodes);
    expect(scheduler.map((o) => [o.option.nodeGroup, o.score])).toEqual([['cpu4', 0.875]]);
  });

  it('returns nothing, without throwing, for no options in any expander chain', () => {
    expect(leastWasteBestOptions([], {})).toEqual([]);
    for (const chain of [['least-waste'], ['priority'], ['random'], ['most-pods', 'least-waste']]) {
      expect(chooseByExpanders(chain, [])).toEqual([]);
    }
  });
});

// PodRequests (k8s.io/component-helpers/resource/helpers.go), through least-waste: the cases of
// TestPodResourceRequests (helpers_test.go) that involve init containers, as totals of one pod.
describe('leastWasteRequests — component-helpers/resource/helpers_test.go TestPodResourceRequests', () => {
  const always = 'Always';
  const ctr = (name: string, cpu: string, restartPolicy?: string) => ({
    name,
    ...(restartPolicy ? { restartPolicy } : {}),
    resources: { requests: { cpu } },
  });
  const cases: Array<{ description: string; pod: V1Pod; cpu: string }> = [
    {
      description: 'nil options, larger init container',
      pod: { spec: { initContainers: [ctr('i', '4')], containers: [ctr('c', '1')] } },
      cpu: '4',
    },
    {
      description: 'nil options, larger containers',
      pod: {
        spec: { initContainers: [ctr('i', '2')], containers: [ctr('a', '2'), ctr('b', '3')] },
      },
      cpu: '5',
    },
    {
      description: 'restartable init container',
      pod: {
        spec: {
          initContainers: [ctr('restartable-init-1', '1', always)],
          containers: [ctr('container-1', '1')],
        },
      },
      cpu: '2',
    },
    {
      description: 'multiple restartable init containers',
      pod: {
        spec: {
          initContainers: [
            ctr('init-1', '5'),
            ctr('restartable-init-1', '1', always),
            ctr('restartable-init-2', '2', always),
            ctr('restartable-init-3', '3', always),
          ],
          containers: [ctr('container-1', '1')],
        },
      },
      cpu: '7',
    },
    {
      description: 'multiple restartable and regular init containers',
      pod: {
        spec: {
          initContainers: [
            ctr('init-1', '5'),
            ctr('restartable-init-1', '1', always),
            ctr('restartable-init-2', '2', always),
            ctr('init-2', '5'),
            ctr('restartable-init-3', '3', always),
          ],
          containers: [ctr('container-1', '1')],
        },
      },
      cpu: '8',
    },
    {
      description: 'restartable-init, init and regular',
      pod: {
        spec: {
          initContainers: [ctr('restartable-init-1', '10', always), ctr('init-1', '200')],
          containers: [ctr('container-1', '100')],
        },
      },
      cpu: '210',
    },
    {
      description: 'pod overhead included',
      pod: {
        spec: {
          overhead: { cpu: '1', memory: '1Gi' },
          containers: [ctr('c', '2')],
        },
      },
      cpu: '3',
    },
  ];
  it.each(cases)('$description', ({ pod, cpu }) => {
    expect(leastWasteRequests([pod]).cpu.milliValue()).toBe(parseQuantity(cpu).milliValue());
  });

  it('adds the pods of an option up', () => {
    const pods = cases.map((c) => c.pod);
    const total = cases.reduce((s, c) => s + parseQuantity(c.cpu).milliValue(), 0n);
    expect(leastWasteRequests(pods).cpu.milliValue()).toBe(total);
  });
});

describe('mostPodsBestOptions — cluster-autoscaler/expander/mostpods/mostpods_test.go', () => {
  const eo0 = opt('EO0');
  const eo1 = opt('EO1', 1, [{}]);
  const eo1b = opt('EO1b', 1, [{}]);

  it('keeps a single option without pods', () => {
    expect(names(mostPodsBestOptions([eo0]))).toEqual(['EO0']);
  });

  it('prefers the option with more pods', () => {
    const ret = mostPodsBestOptions([eo0, eo1]);
    expect(names(ret)).toEqual(['EO1']);
    expect(ret[0]?.score).toBe(1);
  });

  it('returns both options tied on pod count, never the one with fewer', () => {
    expect(names(mostPodsBestOptions([eo0, eo1, eo1b]))).toEqual(['EO1', 'EO1b']);
  });
});

describe('leastNodesBestOptions — cluster-autoscaler/expander/leastnodes/leastnodes_test.go', () => {
  const cases: Array<{ name: string; counts: number[]; want: string[] }> = [
    { name: 'no options', counts: [], want: [] },
    { name: 'no valid options', counts: [0], want: [] },
    { name: '1 valid option', counts: [2], want: ['EO0'] },
    { name: '2 valid options, not equal', counts: [2, 1], want: ['EO1'] },
    { name: '3 valid options, 2 equal', counts: [6, 2, 2], want: ['EO1', 'EO2'] },
    { name: '3 valid options, all equal', counts: [8, 8, 8], want: ['EO0', 'EO1', 'EO2'] },
    {
      name: '6 valid options, 1 invalid option, 3 equal',
      counts: [23, 0, 5, 8, 5, 5, 22],
      want: ['EO2', 'EO4', 'EO5'],
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const options = tc.counts.map((n, i) => opt(`EO${i}`, n));
      const ret = leastNodesBestOptions(options);
      expect(names(ret)).toEqual(tc.want);
      for (const r of ret) expect(r.score).toBe(r.option.nodeCount);
    });
  }
});

describe('priorityBestOptions — cluster-autoscaler/expander/priority/priority_test.go', () => {
  const config = `
5:
  - ".*t2\\\\.micro.*"
10: 
  - ".*t2\\\\.large.*"
  - ".*t3\\\\.large.*"
50: 
  - ".*m4\\\\.4xlarge.*"
`;
  const oneEntryConfig = `
10: 
  - ".*t2\\\\.large.*"
`;
  const notMatchingConfig = `
5:
  - ".*t\\\\.micro.*"
10: 
  - ".*t\\\\.large.*"
`;
  const wildcardMatchConfig = `
5:
  - ".*"
10:
  - ".t2\\\\.large.*"
`;
  const eoT2Micro = opt('my-asg.t2.micro');
  const eoT2Large = opt('my-asg.t2.large');
  const eoT3Large = opt('my-asg.t3.large');
  const eoM44XLarge = opt('my-asg.m4.4xlarge');

  it('selects the single matching option out of one', () => {
    expect(names(priorityBestOptions([eoT2Large], config))).toEqual(['my-asg.t2.large']);
  });

  it('selects the single matching option out of many', () => {
    const ret = priorityBestOptions([eoT2Large, eoM44XLarge], config);
    expect(names(ret)).toEqual(['my-asg.m4.4xlarge']);
    expect(ret[0]?.score).toBe(50);
  });

  it('does not fall back when a higher priority matches', () => {
    const ret = priorityBestOptions([eoT2Large, eoT2Micro], wildcardMatchConfig);
    expect(names(ret)).toEqual(['my-asg.t2.large']);
    expect(ret[0]?.score).toBe(10);
  });

  it('returns both options matching the highest priority', () => {
    expect(names(priorityBestOptions([eoT2Large, eoT3Large, eoT2Micro], config))).toEqual([
      'my-asg.t2.large',
      'my-asg.t3.large',
    ]);
  });

  it('filters nothing when no option matches', () => {
    const ret = priorityBestOptions([eoT2Large, eoT3Large], notMatchingConfig);
    expect(names(ret)).toEqual(['my-asg.t2.large', 'my-asg.t3.large']);
    expect(ret.every((r) => r.score === undefined)).toBe(true);
  });

  it('handles a config update (one entry, then the full config)', () => {
    expect(names(priorityBestOptions([eoT2Large, eoT3Large, eoM44XLarge], oneEntryConfig))).toEqual(
      ['my-asg.t2.large'],
    );
    expect(names(priorityBestOptions([eoT2Large, eoT3Large, eoM44XLarge], config))).toEqual([
      'my-asg.m4.4xlarge',
    ]);
  });

  it('rejects an empty configuration with the upstream message', () => {
    expect(() => priorityBestOptions([eoT2Large], '')).toThrow(
      'priority configuration in cluster-autoscaler-priority-expander configmap is empty; please provide valid configuration',
    );
  });

  it('rejects unparsable YAML', () => {
    expect(() => parsePriorityExpanderConfig('5: [".*"\n')).toThrow(
      /^Can't parse YAML with priorities in the configmap/,
    );
    expect(() => parsePriorityExpanderConfig('high:\n  - ".*"\n')).toThrow(ExpanderConfigError);
  });

  it('rejects a rule that does not compile', () => {
    expect(() => parsePriorityExpanderConfig('5:\n  - "(unclosed"\n')).toThrow(
      /^Can't compile regexp rule for priority 5 and rule \(unclosed/,
    );
    expect(() => parsePriorityExpanderConfig('5:\n  - "(?=x)"\n')).toThrow(ExpanderConfigError);
  });

  it('counts an option at the highest priority it matches', () => {
    const cfg = '1:\n  - ".*"\n20:\n  - "a$"\n';
    expect(names(priorityBestOptions([opt('b'), opt('a')], cfg))).toEqual(['a']);
  });

  it('accepts a leading RE2 flag group', () => {
    expect(names(priorityBestOptions([opt('GPU-pool')], '3:\n  - "(?i)^gpu"\n'))).toEqual([
      'GPU-pool',
    ]);
  });
});

describe('chooseByExpanders — cluster-autoscaler/expander/factory/chain.go', () => {
  it('defaults to least-waste, a known expander', () => {
    expect(DEFAULT_EXPANDER).toBe('least-waste');
    expect(AVAILABLE_EXPANDERS).toContain(DEFAULT_EXPANDER);
  });

  it('narrows with each filter and stops at one option', () => {
    const options = [opt('a', 3, [{}, {}]), opt('b', 1, [{}, {}]), opt('c', 1, [{}])];
    const ret = chooseByExpanders(['most-pods', 'least-nodes'], options);
    expect(names(ret)).toEqual(['b']);
    expect(ret[0]?.score).toBe(1);
  });

  it('returns the remaining tie without a random source, or breaks it with one', () => {
    const options = [opt('a'), opt('b')];
    expect(names(chooseByExpanders(['least-nodes'], options))).toEqual(['a', 'b']);
    expect(names(chooseByExpanders(['least-nodes'], options, { randomIndex: () => 1 }))).toEqual([
      'b',
    ]);
  });

  it('validates the chain as Factory.Build does', () => {
    expect(() => chooseByExpanders(['most-pods', 'most-pods'], [])).toThrow(
      'Expander most-pods was specified multiple times',
    );
    expect(() => chooseByExpanders(['random', 'most-pods'], [])).toThrow(
      /came after an expander random/,
    );
    expect(() => chooseByExpanders(['cheapest'], [])).toThrow('Expander cheapest not supported');
  });
});
