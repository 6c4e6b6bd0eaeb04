import type { V1ResourceQuota } from '@kubernetes/client-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseQuantity } from './quantity.js';
import {
  applyAutoApprovalRule,
  getQuotaState,
  getQuotaUsage,
  isQuotaRequestAcceptable,
  isResourceQuotaScopeValidForResource,
  isValidQuotaResourceName,
  projectQuotaExhaustion,
  QUOTA_WARNING_RATIO,
  validateQuotaRequest,
} from './quota-usage.js';

function quota(
  hard: Record<string, string>,
  used: Record<string, string>,
  opts: { specHard?: Record<string, string>; scopes?: string[] } = {},
): V1ResourceQuota {
  return {
    metadata: { name: 'compute', namespace: 'acme-prod' },
    spec: { hard: opts.specHard ?? hard, ...(opts.scopes ? { scopes: opts.scopes } : {}) },
    status: { hard, used },
  };
}

const state = (used: string, hard: string, ratio?: number): string =>
  getQuotaState(parseQuantity(used), parseQuantity(hard), ratio);

describe('quota state — kubernetes-mixin KubeQuotaAlmostFull / FullyUsed / Exceeded', () => {
  it('warns above 90% as KubeQuotaAlmostFull does', () => {
    expect(QUOTA_WARNING_RATIO).toBe(0.9);
    expect(state('91', '100')).toBe('warning');
  });

  it('does not warn at exactly 90%, since the alert is a strict > 0.9', () => {
    expect(state('9', '10')).toBe('ok');
    expect(state('900m', '1')).toBe('ok');
  });

  it('is full when usage equals hard, in any unit', () => {
    expect(state('10', '10')).toBe('full');
    expect(state('1Gi', '1073741824')).toBe('full');
    expect(state('1000m', '1')).toBe('full');
  });

  it('is exceeded when usage is above hard (a quota lowered under existing usage)', () => {
    expect(state('11', '10')).toBe('exceeded');
  });

  it('treats a zero quota as blocked', () => {
    expect(state('0', '0')).toBe('blocked');
    expect(state('3', '0')).toBe('blocked');
  });

  it('honours a configured warning ratio', () => {
    expect(state('80', '100', 0.75)).toBe('warning');
    expect(state('80', '100', 0.85)).toBe('ok');
  });

  it('compares exactly beyond float precision', () => {
    // 2^53 + 1 and 2^53 are the same float64; the quantities are not.
    expect(state('9007199254740993', '9007199254740992')).toBe('exceeded');
    expect(state('9007199254740992', '9007199254740993')).toBe('warning');
  });
});

describe('getQuotaUsage', () => {
  it('reports every resource in name order with used, hard, ratio and state', () => {
    const usage = getQuotaUsage(
      quota(
        { pods: '40', 'requests.cpu': '8', 'requests.memory': '16Gi', 'limits.cpu': '0' },
        { pods: '38', 'requests.cpu': '8', 'requests.memory': '4Gi', 'limits.cpu': '0' },
      ),
    );
    expect(usage).toEqual([
      { resource: 'limits.cpu', used: '0', hard: '0', ratio: null, state: 'blocked' },
      { resource: 'pods', used: '38', hard: '40', ratio: 0.95, state: 'warning' },
      { resource: 'requests.cpu', used: '8', hard: '8', ratio: 1, state: 'full' },
      { resource: 'requests.memory', used: '4Gi', hard: '16Gi', ratio: 0.25, state: 'ok' },
    ]);
  });

  it('computes the ratio on milli-values', () => {
    const [cpu] = getQuotaUsage(quota({ 'requests.cpu': '3' }, { 'requests.cpu': '250m' }));
    expect(cpu?.ratio).toBeCloseTo(1 / 12, 15);
  });

  it('prefers the enforced status.hard and falls back to spec.hard for a resource not synced yet', () => {
    const usage = getQuotaUsage(
      quota({ pods: '10' }, { pods: '9' }, { specHard: { pods: '20', services: '5' } }),
    );
    expect(usage).toEqual([
      { resource: 'pods', used: '9', hard: '10', ratio: 0.9, state: 'ok' },
      { resource: 'services', used: '0', hard: '5', ratio: 0, state: 'ok' },
    ]);
  });

  it('passes the warning ratio through', () => {
    const [pods] = getQuotaUsage(quota({ pods: '10' }, { pods: '8' }), 0.75);
    expect(pods?.state).toBe('warning');
  });
});

const DAY = 86_400_000;
const t0 = Date.UTC(2025, 0, 1);
const at = (days: number): Date => new Date(t0 + days * DAY);

describe('projectQuotaExhaustion', () => {
  it('projects a steady rise to the day the limit is reached', () => {
    const p = projectQuotaExhaustion(
      [
        { at: at(0), used: '10' },
        { at: at(1), used: '20' },
        { at: at(2), used: '30' },
      ],
      '40',
      at(2),
    );
    expect(p.ratePerDay).toBeCloseTo(10, 10);
    expect(p.exhaustedAt?.getTime()).toBe(at(3).getTime());
    expect(p.daysLeft).toBeCloseTo(1, 10);
  });

  it('accepts samples in any order', () => {
    const p = projectQuotaExhaustion(
      [
        { at: at(2), used: '30' },
        { at: at(0), used: '10' },
        { at: at(1), used: '20' },
      ],
      '40',
      at(2),
    );
    expect(p.exhaustedAt?.getTime()).toBe(at(3).getTime());
  });

  it('measures daysLeft from now, not from the last sample', () => {
    const p = projectQuotaExhaustion(
      [
        { at: at(0), used: '0' },
        { at: at(1), used: '10' },
      ],
      '100',
      at(4),
    );
    expect(p.exhaustedAt?.getTime()).toBe(at(10).getTime());
    expect(p.daysLeft).toBeCloseTo(6, 10);
  });

  it('reports the rate in base units per day', () => {
    const p = projectQuotaExhaustion(
      [
        { at: at(0), used: '1Gi' },
        { at: at(1), used: '2Gi' },
      ],
      '4Gi',
      at(1),
    );
    expect(p.ratePerDay).toBe(1073741824);
    expect(p.daysLeft).toBeCloseTo(2, 10);
  });

  it('starts from the latest sample even when the fitted line overshoots it', () => {
    // The fit is 1.7 + 5.05x, worth 11.8 at day 2: above the limit of 11 while usage is 10.1.
    const p = projectQuotaExhaustion(
      [
        { at: at(0), used: '0' },
        { at: at(1), used: '10' },
        { at: at(2), used: '10100m' },
      ],
      '11',
      at(2),
    );
    expect(p.ratePerDay).toBeCloseTo(5.05, 10);
    expect(p.exhaustedAt!.getTime()).toBeGreaterThan(at(2).getTime());
    expect(p.daysLeft).toBeCloseTo(0.9 / 5.05, 10);
  });

  it('makes no projection from fewer than two samples', () => {
    expect(projectQuotaExhaustion([], '10', at(0))).toEqual({
      ratePerDay: 0,
      exhaustedAt: null,
      daysLeft: null,
    });
    expect(projectQuotaExhaustion([{ at: at(0), used: '5' }], '10', at(0))).toEqual({
      ratePerDay: 0,
      exhaustedAt: null,
      daysLeft: null,
    });
  });

  it('makes no projection when the samples share one instant', () => {
    const p = projectQuotaExhaustion(
      [
        { at: at(0), used: '1' },
        { at: at(0), used: '5' },
      ],
      '10',
      at(0),
    );
    expect(p).toEqual({ ratePerDay: 0, exhaustedAt: null, daysLeft: null });
  });

  it('makes no projection for a flat or falling trend', () => {
    const flat = projectQuotaExhaustion(
      [
        { at: at(0), used: '5' },
        { at: at(1), used: '5' },
      ],
      '10',
      at(1),
    );
    expect(flat).toEqual({ ratePerDay: 0, exhaustedAt: null, daysLeft: null });
    const falling = projectQuotaExhaustion(
      [
        { at: at(0), used: '8' },
        { at: at(1), used: '6' },
      ],
      '10',
      at(1),
    );
    expect(falling.ratePerDay).toBeCloseTo(-2, 10);
    expect(falling.exhaustedAt).toBeNull();
    expect(falling.daysLeft).toBeNull();
  });

  it('reports a quota already used up as exhausted at the latest sample', () => {
    const p = projectQuotaExhaustion(
      [
        { at: at(0), used: '10' },
        { at: at(1), used: '10' },
      ],
      '10',
      at(3),
    );
    expect(p).toEqual({ ratePerDay: 0, exhaustedAt: at(1), daysLeft: 0 });
  });

  it('makes no projection when the limit lies beyond the range of a Date', () => {
    const p = projectQuotaExhaustion(
      [
        { at: at(0), used: '0' },
        { at: at(1), used: '1m' },
      ],
      '1E',
      at(1),
    );
    expect(p.ratePerDay).toBeCloseTo(0.001, 12);
    expect(p.exhaustedAt).toBeNull();
  });

  it('keeps exhaustion after the last sample even when it is less than a millisecond away', () => {
    const p = projectQuotaExhaustion(
      [
        { at: new Date(t0), used: '0' },
        { at: new Date(t0 + 1), used: '2' },
      ],
      '3',
      new Date(t0 + 1),
    );
    expect(p.exhaustedAt!.getTime()).toBeGreaterThan(t0 + 1);
  });

  it('puts exhaustion in the future for any monotone rising usage below hard', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 6 * 3600_000 }), fc.integer({ min: 0, max: 500 })),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (steps, start, headroom) => {
          fc.pre(steps.some(([, inc]) => inc > 0));
          let t = t0;
          let used = start;
          const samples = [{ at: new Date(t), used: String(used) }];
          for (const [dt, inc] of steps) {
            t += dt;
            used += inc;
            samples.push({ at: new Date(t), used: String(used) });
          }
          const now = new Date(t);
          const p = projectQuotaExhaustion(samples, String(used + headroom), now);
          expect(p.ratePerDay).toBeGreaterThan(0);
          expect(p.exhaustedAt).not.toBeNull();
          expect(p.exhaustedAt!.getTime()).toBeGreaterThan(now.getTime());
          expect(p.daysLeft).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('quota resource names — ValidateResourceQuotaResourceName, pkg/apis/core/validation/validation.go', () => {
  it('accepts standard quota resources, hugepages and prefixed names', () => {
    for (const name of [
      'pods',
      'requests.cpu',
      'limits.memory',
      'services.loadbalancers',
      'hugepages-2Mi',
      'requests.hugepages-1Gi',
      'count/deployments.apps',
      'requests.nvidia.com/gpu',
    ]) {
      expect(isValidQuotaResourceName(name), name).toBe(true);
    }
  });

  it('refuses unknown unprefixed names and malformed names', () => {
    for (const name of ['storage', 'gpus', 'requests.gpu', 'a/b/c', '/x', 'Bad_Prefix/x', '']) {
      expect(isValidQuotaResourceName(name), name).toBe(false);
    }
  });

  it('limits BestEffort quotas to the pod count — IsResourceQuotaScopeValidForResource', () => {
    expect(isResourceQuotaScopeValidForResource('BestEffort', 'pods')).toBe(true);
    expect(isResourceQuotaScopeValidForResource('BestEffort', 'requests.cpu')).toBe(false);
    expect(isResourceQuotaScopeValidForResource('NotBestEffort', 'requests.cpu')).toBe(true);
    expect(isResourceQuotaScopeValidForResource('Terminating', 'services')).toBe(false);
    expect(isResourceQuotaScopeValidForResource('PriorityClass', 'services')).toBe(true);
  });
});

describe('validateQuotaRequest', () => {
  const current = quota(
    { pods: '40', 'requests.cpu': '8', 'requests.memory': '16Gi' },
    { pods: '30', 'requests.cpu': '6', 'requests.memory': '10Gi' },
  );
  const codes = (requested: Record<string, string>, q: V1ResourceQuota = current): string[] =>
    validateQuotaRequest(q, requested).map((p) => `${p.severity}:${p.code}:${p.resource ?? '-'}`);

  it('accepts a plain increase without comment', () => {
    expect(validateQuotaRequest(current, { 'requests.cpu': '10', pods: '50' })).toEqual([]);
  });

  it('refuses an empty request', () => {
    expect(codes({})).toEqual(['error:EMPTY_REQUEST:-']);
  });

  it('refuses a request that changes nothing, even in another spelling', () => {
    expect(codes({ 'requests.cpu': '8000m', 'requests.memory': '16Gi' })).toEqual([
      'error:NO_CHANGE:-',
    ]);
  });

  it('refuses an unparseable quantity with the value in the message', () => {
    const [problem] = validateQuotaRequest(current, { 'requests.memory': '16GB' });
    expect(problem).toMatchObject({ severity: 'error', code: 'UNPARSEABLE_QUANTITY' });
    expect(problem?.message).toContain('"16GB"');
  });

  it('refuses a resource name a quota cannot hold', () => {
    expect(codes({ gpus: '2' })).toEqual(['error:INVALID_RESOURCE_NAME:gpus']);
  });

  it('refuses a negative limit', () => {
    expect(codes({ pods: '-1' })).toEqual(['error:NEGATIVE_QUANTITY:pods']);
  });

  it('refuses a fraction of a countable resource, extended resources included', () => {
    expect(codes({ pods: '45.5' })).toEqual(['error:NOT_AN_INTEGER:pods']);
    expect(codes({ 'example.com/widget': '1500m' })).toEqual([
      'error:NOT_AN_INTEGER:example.com/widget',
    ]);
  });

  it('lets a requests.-prefixed extended resource be fractional, as the API server does', () => {
    // IsExtendedResourceName is false for names starting with "requests.", so
    // IsIntegerResourceName does not hold them to whole numbers.
    expect(codes({ 'requests.nvidia.com/gpu': '1500m' })).toEqual([
      'note:NEW_RESOURCE:requests.nvidia.com/gpu',
    ]);
  });

  it("refuses a resource the quota's scopes cannot limit", () => {
    const bestEffort = quota({ pods: '10' }, { pods: '2' }, { scopes: ['BestEffort'] });
    expect(codes({ 'requests.cpu': '4' }, bestEffort)).toEqual([
      'error:SCOPE_NOT_VALID_FOR_RESOURCE:requests.cpu',
    ]);
  });

  it('refuses a limit below current usage and says what usage is', () => {
    const [problem] = validateQuotaRequest(current, { 'requests.cpu': '5' });
    expect(problem).toMatchObject({
      severity: 'error',
      code: 'BELOW_USAGE',
      resource: 'requests.cpu',
    });
    expect(problem?.message).toContain('current usage of 6');
  });

  it('allows a decrease that stays at or above usage, with a note', () => {
    const problems = validateQuotaRequest(current, { 'requests.cpu': '6' });
    expect(problems.map((p) => `${p.severity}:${p.code}`)).toEqual(['note:DECREASE']);
    expect(isQuotaRequestAcceptable(problems)).toBe(true);
  });

  it('allows a resource the quota does not limit yet, with a note', () => {
    const problems = validateQuotaRequest(current, { 'count/deployments.apps': '20' });
    expect(problems.map((p) => `${p.severity}:${p.code}`)).toEqual(['note:NEW_RESOURCE']);
    expect(isQuotaRequestAcceptable(problems)).toBe(true);
  });

  it('reports every problem of a request at once', () => {
    expect(codes({ pods: '20', 'requests.cpu': 'lots', 'requests.memory': '32Gi' })).toEqual([
      'error:BELOW_USAGE:pods',
      'error:UNPARSEABLE_QUANTITY:requests.cpu',
    ]);
    expect(isQuotaRequestAcceptable(validateQuotaRequest(current, { pods: '20' }))).toBe(false);
  });
});

describe('applyAutoApprovalRule', () => {
  const rule = { maxIncreaseRatio: 0.2, minUsageRatio: 0.85 };
  const busy = quota(
    { pods: '40', 'requests.cpu': '10', 'requests.memory': '16Gi' },
    { pods: '36', 'requests.cpu': '9', 'requests.memory': '8Gi' },
  );

  it('approves up to +20% when usage is above 85%, and says why', () => {
    const d = applyAutoApprovalRule(rule, busy, { 'requests.cpu': '12' });
    expect(d.approve).toBe(true);
    expect(d.reason).toContain('requests.cpu 10 → 12 (+20%, usage 90%)');
  });

  it('approves exactly +20% and exactly 85% usage, comparing exactly', () => {
    const q = quota({ 'requests.cpu': '10' }, { 'requests.cpu': '8500m' });
    expect(applyAutoApprovalRule(rule, q, { 'requests.cpu': '12000m' }).approve).toBe(true);
  });

  it('refuses an increase above the allowed ratio', () => {
    const d = applyAutoApprovalRule(rule, busy, { 'requests.cpu': '12001m' });
    expect(d.approve).toBe(false);
    expect(d.reason).toContain('more than the +20%');
  });

  it('refuses when usage is below the threshold', () => {
    const d = applyAutoApprovalRule(rule, busy, { 'requests.memory': '18Gi' });
    expect(d.approve).toBe(false);
    expect(d.reason).toContain('usage 8Gi of 16Gi is 50%');
  });

  it('refuses when any one of several resources fails', () => {
    expect(
      applyAutoApprovalRule(rule, busy, { 'requests.cpu': '12', 'requests.memory': '18Gi' })
        .approve,
    ).toBe(false);
  });

  it('refuses resources the rule does not cover', () => {
    const cpuOnly = { ...rule, resources: ['requests.cpu'] };
    expect(applyAutoApprovalRule(cpuOnly, busy, { 'requests.cpu': '12' }).approve).toBe(true);
    const d = applyAutoApprovalRule(cpuOnly, busy, { pods: '44' });
    expect(d).toEqual({ approve: false, reason: 'The rule does not cover pods.' });
  });

  it('leaves new resources, decreases and blocked resources to a person', () => {
    expect(applyAutoApprovalRule(rule, busy, { services: '5' }).approve).toBe(false);
    expect(applyAutoApprovalRule(rule, busy, { pods: '38' }).approve).toBe(false);
    const blocked = quota({ 'requests.cpu': '0' }, { 'requests.cpu': '0' });
    expect(applyAutoApprovalRule(rule, blocked, { 'requests.cpu': '1' }).reason).toContain(
      'blocked',
    );
  });

  it('refuses an invalid request with the validation message', () => {
    const d = applyAutoApprovalRule(rule, busy, { 'requests.cpu': 'more' });
    expect(d.approve).toBe(false);
    expect(d.reason).toMatch(/^Not valid: .*"more" is not a quantity/);
  });
});
