import type { V1Taint, V1Toleration } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import {
  compareTolerationNumericValues,
  findMatchingUntoleratedTaint,
  toleratesTaint,
  tolerationsTolerateTaint,
} from './taints.js';

describe('ToleratesTaint — staging/src/k8s.io/api/core/v1/toleration_test.go', () => {
  const cases: Array<{ d: string; t: V1Toleration; taint: V1Taint; want: boolean; fg?: boolean }> =
    [
      {
        d: 'same key and effect, Exists, taint without value',
        t: { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
        taint: { key: 'foo', effect: 'NoSchedule' },
        want: true,
      },
      {
        d: 'same key and effect, Exists, taint with value',
        t: { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
        taint: { key: 'foo', value: 'bar', effect: 'NoSchedule' },
        want: true,
      },
      {
        d: 'empty key with Exists matches all taints',
        t: { key: '', operator: 'Exists', effect: 'NoSchedule' },
        taint: { key: 'foo', value: 'bar', effect: 'NoSchedule' },
        want: true,
      },
      {
        d: 'same key, effect and value, Equal',
        t: { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' },
        taint: { key: 'foo', value: 'bar', effect: 'NoSchedule' },
        want: true,
      },
      {
        d: 'different values, Equal',
        t: { key: 'foo', operator: 'Equal', value: 'value1', effect: 'NoSchedule' },
        taint: { key: 'foo', value: 'value2', effect: 'NoSchedule' },
        want: false,
      },
      {
        d: 'different effects, Equal',
        t: { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' },
        taint: { key: 'foo', value: 'bar', effect: 'NoExecute' },
        want: false,
      },
      {
        d: 'Gt, taint value less',
        t: { key: 'node.kubernetes.io/sla', operator: 'Gt', value: '950', effect: 'NoSchedule' },
        taint: { key: 'node.kubernetes.io/sla', value: '800', effect: 'NoSchedule' },
        want: false,
        fg: true,
      },
      {
        d: 'Gt, taint value greater',
        t: { key: 'node.kubernetes.io/sla', operator: 'Gt', value: '750', effect: 'NoSchedule' },
        taint: { key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' },
        want: true,
        fg: true,
      },
      {
        d: 'Lt, taint value greater',
        t: { key: 'node.kubernetes.io/sla', operator: 'Lt', value: '800', effect: 'NoSchedule' },
        taint: { key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' },
        want: false,
        fg: true,
      },
      {
        d: 'Lt, taint value less',
        t: { key: 'node.kubernetes.io/sla', operator: 'Lt', value: '950', effect: 'NoSchedule' },
        taint: { key: 'node.kubernetes.io/sla', value: '800', effect: 'NoSchedule' },
        want: true,
        fg: true,
      },
      {
        d: 'Gt, equal values',
        t: { key: 'node.kubernetes.io/sla', operator: 'Gt', value: '950', effect: 'NoSchedule' },
        taint: { key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' },
        want: false,
        fg: true,
      },
      {
        d: 'Gt, non-numeric taint value',
        t: { key: 'node.kubernetes.io/sla', operator: 'Gt', value: '950', effect: 'NoSchedule' },
        taint: { key: 'node.kubernetes.io/sla', value: 'high', effect: 'NoSchedule' },
        want: false,
        fg: true,
      },
      {
        d: 'Gt, negative values, taint less',
        t: { key: 'test-key', operator: 'Gt', value: '-100', effect: 'NoSchedule' },
        taint: { key: 'test-key', value: '-200', effect: 'NoSchedule' },
        want: false,
        fg: true,
      },
      {
        d: 'Gt, large int64, taint less',
        t: { key: 'test-key', operator: 'Gt', value: '9223372036854775806', effect: 'NoSchedule' },
        taint: { key: 'test-key', value: '100', effect: 'NoSchedule' },
        want: false,
        fg: true,
      },
    ];
  for (const c of cases) {
    it(c.d, () => {
      expect(toleratesTaint(c.t, c.taint, c.fg ?? false)).toBe(c.want);
    });
  }

  it('matches no Lt/Gt toleration while the TaintTolerationComparisonOperators gate is off', () => {
    const t: V1Toleration = {
      key: 'node.kubernetes.io/sla',
      operator: 'Gt',
      value: '750',
      effect: 'NoSchedule',
    };
    const taint: V1Taint = { key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' };
    expect(toleratesTaint(t, taint)).toBe(false);
    expect(toleratesTaint(t, taint, true)).toBe(true);
  });

  it('treats an empty effect as every effect and an unknown operator as no match', () => {
    expect(
      toleratesTaint({ key: 'k', operator: 'Exists' }, { key: 'k', effect: 'NoExecute' }),
    ).toBe(true);
    expect(
      toleratesTaint(
        { key: 'k', operator: 'Matches', value: 'v' },
        { key: 'k', value: 'v', effect: 'NoSchedule' },
      ),
    ).toBe(false);
  });
});

describe('compareNumericValues — staging/src/k8s.io/api/core/v1/toleration_test.go TestCompareNumericValues', () => {
  const cases: Array<[string, string, string, string, boolean]> = [
    ['Gt: taint greater', '100', '200', 'Gt', true],
    ['Gt: taint less', '200', '100', 'Gt', false],
    ['Gt: equal', '100', '100', 'Gt', false],
    ['Gt: negative, taint greater', '-100', '-50', 'Gt', true],
    ['Gt: negative, taint less', '-50', '-100', 'Gt', false],
    ['Gt: zero and positive', '0', '1', 'Gt', true],
    ['Gt: large int64, taint greater', '9223372036854775806', '9223372036854775807', 'Gt', true],
    ['Lt: taint less', '200', '100', 'Lt', true],
    ['Lt: taint greater', '100', '200', 'Lt', false],
    ['Lt: equal', '100', '100', 'Lt', false],
    ['Lt: negative, taint less', '-50', '-100', 'Lt', true],
    ['Lt: negative, taint greater', '-100', '-50', 'Lt', false],
    ['Lt: zero and negative', '0', '-1', 'Lt', true],
    ['invalid toleration value: non-numeric', 'abc', '100', 'Gt', false],
    ['invalid toleration value: empty', '', '100', 'Gt', false],
    ['invalid toleration value: leading zero', '0100', '200', 'Gt', false],
    ['invalid toleration value: plus sign', '+100', '200', 'Gt', false],
    ['invalid toleration value: floating point', '100.5', '200', 'Gt', false],
    ['invalid toleration value: just a minus sign', '-', '100', 'Gt', false],
    ['invalid taint value: non-numeric', '100', 'xyz', 'Gt', false],
    ['invalid taint value: empty', '100', '', 'Gt', false],
    ['invalid taint value: leading zero', '100', '0200', 'Gt', false],
    ['invalid taint value: plus sign', '100', '+200', 'Lt', false],
    ['invalid taint value: spaces', '100', ' 200 ', 'Lt', false],
    ['Equal is not a numeric operator', '100', '100', 'Equal', false],
    ['Exists is not a numeric operator', '100', '100', 'Exists', false],
    ['Gt: both zero', '0', '0', 'Gt', false],
    ['Lt: both zero', '0', '0', 'Lt', false],
    ['Gt: max int64 taint', '0', '9223372036854775807', 'Gt', true],
    ['Lt: min int64 taint', '0', '-9223372036854775808', 'Lt', true],
  ];
  for (const [d, tol, taint, op, want] of cases) {
    it(d, () => {
      expect(compareTolerationNumericValues(tol, taint, op)).toBe(want);
    });
  }

  it('refuses values outside int64 and a negative zero', () => {
    expect(compareTolerationNumericValues('0', '9223372036854775808', 'Gt')).toBe(false);
    expect(compareTolerationNumericValues('-0', '1', 'Gt')).toBe(false);
  });
});
describe('FindMatchingUntoleratedTaint — k8s.io/component-helpers/scheduling/corev1/helpers_test.go TestFindMatchingUntoleratedTaint', () => {
  const all = () => true;
  const sla = 'node.kubernetes.io/sla';
  const cases: Array<{
    d: string;
    tolerations: V1Toleration[];
    taints: V1Taint[];
    filter: ((t: V1Taint) => boolean) | undefined;
    tolerated: boolean;
    fg?: boolean;
  }> = [
    {
      d: 'empty tolerations tolerate empty taints',
      tolerations: [],
      taints: [],
      filter: all,
      tolerated: true,
    },
    {
      d: 'non-empty tolerations tolerate empty taints',
      tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      taints: [],
      filter: all,
      tolerated: true,
    },
    {
      d: 'tolerations match all taints, expect tolerated',
      tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      taints: [{ key: 'foo', effect: 'NoSchedule' }],
      filter: all,
      tolerated: true,
    },
    {
      d: "tolerations don't match taints, but no taints apply to the filter, expect tolerated",
      tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      taints: [{ key: 'bar', effect: 'NoSchedule' }],
      filter: () => false,
      tolerated: true,
    },
    {
      d: "no filterFunc indicated, means all taints apply to the filter, tolerations don't match taints, expect untolerated",
      tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      taints: [{ key: 'bar', effect: 'NoSchedule' }],
      filter: undefined,
      tolerated: false,
    },
    {
      d: 'tolerations match taints, expect tolerated',
      tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoExecute' }],
      taints: [
        { key: 'foo', effect: 'NoExecute' },
        { key: 'bar', effect: 'NoSchedule' },
      ],
      filter: (t) => t.effect === 'NoExecute',
      tolerated: true,
    },
    {
      d: 'numeric Gt operator with taint value below threshold, expect not tolerated',
      tolerations: [{ key: sla, operator: 'Gt', value: '950', effect: 'NoSchedule' }],
      taints: [{ key: sla, value: '800', effect: 'NoSchedule' }],
      filter: all,
      tolerated: false,
      fg: true,
    },
    {
      d: 'numeric Gt operator with taint value above threshold, expect tolerated',
      tolerations: [{ key: sla, operator: 'Gt', value: '750', effect: 'NoSchedule' }],
      taints: [{ key: sla, value: '950', effect: 'NoSchedule' }],
      filter: all,
      tolerated: true,
      fg: true,
    },
    {
      d: 'numeric Lt operator with taint value above threshold, expect not tolerated',
      tolerations: [{ key: sla, operator: 'Lt', value: '800', effect: 'NoSchedule' }],
      taints: [{ key: sla, value: '950', effect: 'NoSchedule' }],
      filter: all,
      tolerated: false,
      fg: true,
    },
    {
      d: 'numeric Gt operator with non-numeric taint value, expect not tolerated',
      tolerations: [{ key: sla, operator: 'Gt', value: '950', effect: 'NoSchedule' }],
      taints: [{ key: sla, value: 'high', effect: 'NoSchedule' }],
      filter: all,
      tolerated: false,
      fg: true,
    },
  ];
  for (const c of cases) {
    it(c.d, () => {
      const untolerated = findMatchingUntoleratedTaint(c.taints, c.tolerations, c.filter, c.fg);
      expect(untolerated === null).toBe(c.tolerated);
    });
  }

  it('returns the first untolerated taint that passes the filter', () => {
    const taints: V1Taint[] = [
      { key: 'a', effect: 'PreferNoSchedule' },
      { key: 'b', effect: 'NoSchedule' },
      { key: 'c', effect: 'NoExecute' },
    ];
    expect(
      findMatchingUntoleratedTaint(
        taints,
        [{ key: 'b', operator: 'Exists' }],
        (t) => t.effect !== 'PreferNoSchedule',
      ),
    ).toEqual({ key: 'c', effect: 'NoExecute' });
  });
});

describe('TolerationsTolerateTaint — k8s.io/component-helpers/scheduling/corev1/helpers.go', () => {
  it('tolerates when any toleration does, and passes the comparison-operator gate on', () => {
    const taint: V1Taint = { key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' };
    const gt: V1Toleration = { key: 'node.kubernetes.io/sla', operator: 'Gt', value: '750' };
    expect(tolerationsTolerateTaint([], taint)).toBe(false);
    expect(tolerationsTolerateTaint([{ key: 'other', operator: 'Exists' }, gt], taint)).toBe(false);
    expect(tolerationsTolerateTaint([{ key: 'other', operator: 'Exists' }, gt], taint, true)).toBe(
      true,
    );
  });

  it('lets an empty key with Equal tolerate every taint whose value is empty, as Go does', () => {
    expect(
      tolerationsTolerateTaint([{ operator: 'Equal' }], { key: 'x', effect: 'NoSchedule' }),
    ).toBe(true);
    expect(
      tolerationsTolerateTaint([{ operator: 'Equal' }], {
        key: 'x',
        value: 'v',
        effect: 'NoSchedule',
      }),
    ).toBe(false);
  });
});
