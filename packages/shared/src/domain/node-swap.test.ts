import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import {
  calcSwapForBurstablePods,
  getContainerSwapBehavior,
  type SwapBehavior,
} from './node-swap.js';

const UPSTREAM = 'pkg/kubelet/kuberuntime/kuberuntime_container_linux_test.go';

describe(`TestGetContainerSwapBehavior — ${UPSTREAM}`, () => {
  const base = (
    qosClass: string | undefined,
    memory?: { request: string; limit: string },
  ): V1Pod => ({
    metadata: { uid: '12345678', name: 'foo', namespace: 'bar' },
    spec: {
      containers: [
        {
          name: 'c1',
          resources: {
            requests: { memory: memory?.request ?? '1Gi' },
            limits: { memory: memory?.limit ?? '2Gi' },
          },
        },
      ],
    },
    status: qosClass ? { qosClass } : {},
  });
  const cases: Array<{
    name: string;
    swapBehavior: string;
    controller?: boolean;
    cgroupV2?: boolean;
    qos?: string;
    memory?: { request: string; limit: string };
    expected: SwapBehavior;
  }> = [
    { name: 'NoSwap, user set NoSwap behavior', swapBehavior: 'NoSwap', expected: 'NoSwap' },
    {
      name: 'NoSwap, swap controller unavailable',
      swapBehavior: 'LimitedSwap',
      controller: false,
      expected: 'NoSwap',
    },
    {
      name: 'NoSwap, cgroup v1',
      swapBehavior: 'LimitedSwap',
      controller: true,
      cgroupV2: false,
      expected: 'NoSwap',
    },
    {
      name: 'NoSwap, qos is Best-Effort',
      swapBehavior: 'LimitedSwap',
      controller: true,
      cgroupV2: true,
      qos: 'BestEffort',
      expected: 'NoSwap',
    },
    {
      name: 'NoSwap, qos is Guaranteed',
      swapBehavior: 'LimitedSwap',
      controller: true,
      cgroupV2: true,
      qos: 'Guaranteed',
      expected: 'NoSwap',
    },
    {
      name: 'NoSwap, zero memory',
      swapBehavior: 'LimitedSwap',
      controller: true,
      cgroupV2: true,
      qos: 'Burstable',
      memory: { request: '0', limit: '0' },
      expected: 'NoSwap',
    },
    {
      name: 'NoSwap, memory request equal to limit',
      swapBehavior: 'LimitedSwap',
      controller: true,
      cgroupV2: true,
      qos: 'Burstable',
      memory: { request: '100Mi', limit: '100Mi' },
      expected: 'NoSwap',
    },
    {
      name: 'LimitedSwap, cgroup v2',
      swapBehavior: 'LimitedSwap',
      controller: true,
      cgroupV2: true,
      qos: 'Burstable',
      expected: 'LimitedSwap',
    },
  ];
  it.each(cases)('$name', ({ swapBehavior, controller, cgroupV2, qos, memory, expected }) => {
    const pod = base(qos, memory);
    const container = pod.spec?.containers[0];
    if (!container) throw new Error('no container');
    expect(
      getContainerSwapBehavior(pod, container, {
        swapBehavior,
        swapControllerAvailable: controller ?? false,
        cgroupV2: cgroupV2 ?? false,
        criticalPod: false,
      }),
    ).toBe(expected);
  });

  it('never swaps a critical pod', () => {
    const pod = base('Burstable');
    const c = pod.spec?.containers[0];
    if (!c) throw new Error('no container');
    expect(
      getContainerSwapBehavior(pod, c, {
        swapBehavior: 'LimitedSwap',
        swapControllerAvailable: true,
        cgroupV2: true,
        criticalPod: true,
      }),
    ).toBe('NoSwap');
  });
});

describe('calcSwapForBurstablePods — kuberuntime_container_linux.go', () => {
  it('gives a container its share of node memory applied to the node swap', () => {
    // 1Gi of a 16Gi node with 8Gi swap: 512Mi of swap.
    expect(calcSwapForBurstablePods(2 ** 30, 16 * 2 ** 30, 8 * 2 ** 30)).toBe(512 * 2 ** 20);
  });
  it('refuses a zero node memory and a request above it, as upstream errors', () => {
    expect(() => calcSwapForBurstablePods(1, 0, 1)).toThrow('total node memory is 0');
    expect(() => calcSwapForBurstablePods(3, 2, 1)).toThrow(
      'container request 3 is larger than total node memory 2',
    );
  });
});
