import type { V1ResourceQuota } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import { getQuotaUsage, isValidQuotaResourceName, validateQuotaRequest } from './quota-usage.js';

// DRA device requests in ResourceQuota (KEP-4381, resource.k8s.io GA in 1.34): the quota counts
// the devices ResourceClaims request per DeviceClass as `<class>.deviceclass.resource.k8s.io/devices`.
const DRA = 'gpu.example.com.deviceclass.resource.k8s.io/devices';

const quota = (hard: string, used: string): V1ResourceQuota => ({
  metadata: { name: 'q', namespace: 'ml' },
  spec: { hard: { [DRA]: hard, 'requests.cpu': '8' } },
  status: {
    hard: { [DRA]: hard, 'requests.cpu': '8' },
    used: { [DRA]: used, 'requests.cpu': '1' },
  },
});

describe('ResourceQuota with DRA device classes', () => {
  it('accepts the device-class resource name', () => {
    expect(isValidQuotaResourceName(DRA)).toBe(true);
  });

  it('shows device usage against the limit like any counted resource', () => {
    const usage = getQuotaUsage(quota('4', '4'));
    expect(usage.find((u) => u.resource === DRA)).toEqual({
      resource: DRA,
      used: '4',
      hard: '4',
      ratio: 1,
      state: 'full',
    });
  });

  it('refuses a fraction of a device, as the API server refuses a non-integer extended resource', () => {
    const problems = validateQuotaRequest(quota('4', '2'), { [DRA]: '4500m' });
    expect(problems.some((p) => p.resource === DRA && p.severity === 'error')).toBe(true);
    expect(
      validateQuotaRequest(quota('4', '2'), { [DRA]: '6' }).filter((p) => p.severity === 'error'),
    ).toEqual([]);
  });
});
