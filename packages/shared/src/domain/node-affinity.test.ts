import type { V1NodeSelector, V1NodeSelectorRequirement } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import {
  getRequiredNodeAffinity,
  labelRequirementMatches,
  matchNodeSelectorTerms,
  matchRequiredNodeAffinity,
  newNodeSelector,
  nodeSelectorRequirementsAsSelector,
  type PodNodePlacement,
  type SelectableNode,
} from './node-affinity.js';

const req = (key: string, operator: string, values?: string[]): V1NodeSelectorRequirement => ({
  key,
  operator,
  ...(values ? { values } : {}),
});
const node = (name?: string, labels?: Record<string, string>): SelectableNode => ({
  metadata: { ...(name !== undefined ? { name } : {}), ...(labels ? { labels } : {}) },
});
const label1 = req('label_1', 'In', ['label_1_val']);
const host1 = req('metadata.name', 'In', ['host_1']);

describe('MatchNodeSelectorTerms — k8s.io/component-helpers/scheduling/corev1/helpers_test.go TestMatchNodeSelectorTerms', () => {
  const cases: Array<{
    name: string;
    selector: V1NodeSelector | null;
    node: SelectableNode | null;
    want: boolean;
  }> = [
    { name: 'nil terms', selector: null, node: null, want: false },
    {
      name: 'node label matches matchExpressions terms',
      selector: { nodeSelectorTerms: [{ matchExpressions: [label1] }] },
      node: node(undefined, { label_1: 'label_1_val' }),
      want: true,
    },
    {
      name: 'node field matches matchFields terms',
      selector: { nodeSelectorTerms: [{ matchFields: [host1] }] },
      node: node('host_1'),
      want: true,
    },
    {
      name: 'invalid node field requirement',
      selector: {
        nodeSelectorTerms: [{ matchFields: [req('metadata.name', 'In', ['host_1', 'host_2'])] }],
      },
      node: node('host_1'),
      want: false,
    },
    {
      name: 'fieldSelectorTerm with node labels',
      selector: { nodeSelectorTerms: [{ matchFields: [host1] }] },
      node: node('not_host_1', { 'metadata.name': 'host_1' }),
      want: false,
    },
    {
      name: 'labelSelectorTerm with node fields',
      selector: { nodeSelectorTerms: [{ matchExpressions: [host1] }] },
      node: node('host_1'),
      want: false,
    },
    {
      name: 'labelSelectorTerm and fieldSelectorTerm was set, but only node fields',
      selector: { nodeSelectorTerms: [{ matchExpressions: [label1], matchFields: [host1] }] },
      node: node('host_1'),
      want: false,
    },
    {
      name: 'labelSelectorTerm and fieldSelectorTerm was set, both node fields and labels (both matched)',
      selector: { nodeSelectorTerms: [{ matchExpressions: [label1], matchFields: [host1] }] },
      node: node('host_1', { label_1: 'label_1_val' }),
      want: true,
    },
    {
      name: 'labelSelectorTerm and fieldSelectorTerm was set, both node fields and labels (one mismatched)',
      selector: { nodeSelectorTerms: [{ matchExpressions: [label1], matchFields: [host1] }] },
      node: node('host_1', { label_1: 'label_1_val-failed' }),
      want: false,
    },
    {
      name: 'multi-selector was set, both node fields and labels (one mismatched)',
      selector: { nodeSelectorTerms: [{ matchExpressions: [label1] }, { matchFields: [host1] }] },
      node: node('host_1', { label_1: 'label_1_val-failed' }),
      want: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(matchNodeSelectorTerms(c.node, c.selector).match).toBe(c.want);
    });
  }
});

describe('MatchNodeSelectorTerms is stateless — helpers_test.go TestMatchNodeSelectorTermsStateless', () => {
  const labels = (values: string[]) => req('label_1', 'In', values);
  const hosts = (values: string[]) => req('metadata.name', 'In', values);
  const withLabel = node('host_1', { label_1: 'label_1_val' });
  const cases: Array<{
    name: string;
    selector: V1NodeSelector | null;
    node: SelectableNode | null;
  }> = [
    { name: 'nil terms', selector: null, node: null },
    ...(
      [
        ['preordered', ['label_1_val', 'label_2_val']],
        ['unordered', ['label_2_val', 'label_1_val']],
      ] as const
    ).map(([order, values]) => ({
      name: `nodeLabels: ${order} matchExpressions and nil matchFields`,
      selector: { nodeSelectorTerms: [{ matchExpressions: [labels([...values])] }] },
      node: node(undefined, { label_1: 'label_1_val' }),
    })),
    ...(
      [
        ['preordered', ['host_1', 'host_2']],
        ['unordered', ['host_2', 'host_1']],
      ] as const
    ).map(([order, values]) => ({
      name: `nodeFields: nil matchExpressions and ${order} matchFields`,
      selector: { nodeSelectorTerms: [{ matchFields: [hosts([...values])] }] },
      node: node('host_1'),
    })),
    ...(
      [
        ['ordered', 'ordered'],
        ['ordered', 'unordered'],
        ['unordered', 'ordered'],
        ['unordered', 'unordered'],
      ] as const
    ).map(([e, f]) => ({
      name: `nodeLabels and nodeFields: ${e} matchExpressions and ${f} matchFields`,
      selector: {
        nodeSelectorTerms: [
          {
            matchExpressions: [
              labels(
                e === 'ordered' ? ['label_1_val', 'label_2_val'] : ['label_2_val', 'label_1_val'],
              ),
            ],
            matchFields: [hosts(f === 'ordered' ? ['host_1', 'host_2'] : ['host_2', 'host_1'])],
          },
        ],
      },
      node: withLabel,
    })),
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = structuredClone(c.selector);
      matchNodeSelectorTerms(c.node, c.selector);
      expect(c.selector).toEqual(before);
    });
  }
});

describe('NodeSelector.Match — k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity_test.go TestNodeSelectorMatch', () => {
  it('nil node', () => {
    const { selector, errors } = newNodeSelector({ nodeSelectorTerms: [] });
    expect(errors).toEqual([]);
    expect(selector && matchNodeSelectorTerms(null, { nodeSelectorTerms: [] }).match).toBe(false);
  });

  it('invalid field selector and label selector', () => {
    const { selector, errors } = newNodeSelector({
      nodeSelectorTerms: [
        { matchFields: [req('metadata.name', 'In', ['host_1', 'host_2'])] },
        { matchExpressions: [label1], matchFields: [host1] },
        { matchExpressions: [req('invalid key', 'In', ['label_value'])] },
      ],
    });
    expect(selector).toBeNull();
    expect(errors).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'nodeSelectorTerms[0].matchFields[0].values',
        detail: 'must have one element',
      },
      {
        type: 'FieldValueInvalid',
        field: 'nodeSelectorTerms[2].matchExpressions[0].key',
        detail: `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      },
    ]);
  });

  const matching: Array<[string, V1NodeSelector, SelectableNode, boolean]> = [
    [
      'node matches field selector, but not labels',
      { nodeSelectorTerms: [{ matchExpressions: [label1], matchFields: [host1] }] },
      node('host_1'),
      false,
    ],
    [
      'node matches field selector and label selector',
      { nodeSelectorTerms: [{ matchExpressions: [label1], matchFields: [host1] }] },
      node('host_1', { label_1: 'label_1_val' }),
      true,
    ],
    [
      'second term matches',
      { nodeSelectorTerms: [{ matchExpressions: [label1] }, { matchFields: [host1] }] },
      node('host_1'),
      true,
    ],
  ];
  for (const [name, ns, n, want] of matching) {
    it(name, () => {
      const { selector, errors } = newNodeSelector(ns);
      expect(errors).toEqual([]);
      expect(selector).not.toBeNull();
      expect(matchNodeSelectorTerms(n, ns).match).toBe(want);
    });
  }

  it('reports the errors of skipped terms only when no term matched (LazyErrorNodeSelector)', () => {
    const ns: V1NodeSelector = {
      nodeSelectorTerms: [
        { matchExpressions: [req('foo', 'Exists', ['bar'])] },
        { matchExpressions: [label1] },
      ],
    };
    expect(matchNodeSelectorTerms(node('n', { label_1: 'label_1_val' }), ns)).toEqual({
      match: true,
      errors: [],
    });
    const miss = matchNodeSelectorTerms(node('n'), ns);
    expect(miss.match).toBe(false);
    expect(miss.errors.map((e) => e.field)).toEqual([
      'nodeSelectorTerms[0].matchExpressions[0].values',
    ]);
  });
});

describe('nodeSelectorRequirementsAsSelector — nodeaffinity_test.go TestNodeSelectorRequirementsAsSelector', () => {
  it('gives Nothing for no requirements', () => {
    expect(nodeSelectorRequirementsAsSelector(undefined, 'root')).toEqual({
      selector: { kind: 'nothing' },
      errors: [],
    });
    expect(nodeSelectorRequirementsAsSelector([], 'root')).toEqual({
      selector: { kind: 'nothing' },
      errors: [],
    });
  });

  it.each([
    [req('foo', 'In', ['bar', 'baz']), { key: 'foo', operator: 'in', values: ['bar', 'baz'] }],
    [req('foo', 'Gt', ['1']), { key: 'foo', operator: 'gt', values: ['1'] }],
    [req('bar', 'Lt', ['7']), { key: 'bar', operator: 'lt', values: ['7'] }],
  ])('parses %j', (r, want) => {
    expect(nodeSelectorRequirementsAsSelector([r], 'root')).toEqual({
      selector: { kind: 'requirements', requirements: [want] },
      errors: [],
    });
  });

  it.each([
    [
      req('foo', 'Exists', ['bar', 'baz']),
      {
        type: 'FieldValueInvalid',
        field: 'root[0].values',
        detail: 'values set must be empty for exists and does not exist',
      },
    ],
    [
      req('baz', 'invalid', ['5']),
      {
        type: 'FieldValueNotSupported',
        field: 'root[0].operator',
        detail: 'supported values: "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"',
      },
    ],
  ])('refuses %j', (r, want) => {
    expect(nodeSelectorRequirementsAsSelector([r], 'root')).toEqual({
      selector: null,
      errors: [want],
    });
  });

  // labels.NewRequirement: In/NotIn need values, DoesNotExist none, Gt/Lt exactly one strconv.ParseInt value.
  it.each([
    [req('foo', 'In', []), 'root[0].values'],
    [req('foo', 'NotIn'), 'root[0].values'],
    [req('foo', 'DoesNotExist', ['x']), 'root[0].values'],
    [req('foo', 'Gt', []), 'root[0].values'],
    [req('foo', 'Gt', ['1', '2']), 'root[0].values'],
    [req('foo', 'Lt', ['1e3']), 'root[0].values[0]'],
    [req('foo', 'Gt', [' 5']), 'root[0].values[0]'],
    [req('foo', 'Gt', ['0x10']), 'root[0].values[0]'],
    [req('foo', 'Gt', ['']), 'root[0].values[0]'],
    [req('foo', 'Gt', ['9223372036854775808']), 'root[0].values[0]'],
    [req('foo', 'NotIn', ['invalid value: ___@#$%^']), 'root[0].values[0][foo]'],
  ])('refuses %j at %s', (r, field) => {
    const out = nodeSelectorRequirementsAsSelector([r], 'root');
    expect(out.selector).toBeNull();
    expect(out.errors.map((e) => e.field)).toContain(field);
  });

  it.each(['0206', '9223372036854775807'])('takes Gt %j, as strconv.ParseInt does', (v) => {
    expect(nodeSelectorRequirementsAsSelector([req('foo', 'Gt', [v])], 'root').errors).toEqual([]);
  });

  it.each(['+5', '-1'])('refuses Gt %j: ParseInt reads it, but it is no label value', (v) => {
    expect(
      nodeSelectorRequirementsAsSelector([req('foo', 'Gt', [v])], 'root').errors.map(
        (e) => e.field,
      ),
    ).toEqual(['root[0].values[0][foo]']);
  });
});

describe('Requirement.Matches with Gt/Lt — k8s.io/apimachinery/pkg/labels/selector.go', () => {
  const gt5 = { key: 'n', operator: 'gt', values: ['5'] } as const;
  it.each([
    ['6', true],
    ['5', false],
    ['0006', true],
    ['+6', true],
    ['1e3', false],
    [' 6', false],
    ['0x10', false],
    ['', false],
    ['9223372036854775808', false],
  ])('label %j Gt 5 → %s', (value, want) => {
    expect(labelRequirementMatches(gt5, { n: value })).toBe(want);
  });
  it('matches no Gt/Lt when the label is absent or the bound is not one integer', () => {
    expect(labelRequirementMatches(gt5, {})).toBe(false);
    expect(
      labelRequirementMatches({ key: 'n', operator: 'lt', values: ['5', '6'] }, { n: '1' }),
    ).toBe(false);
    expect(labelRequirementMatches({ key: 'n', operator: 'lt', values: ['x'] }, { n: '1' })).toBe(
      false,
    );
  });
});

describe('GetRequiredNodeAffinity(pod).Match(node) — nodeaffinity_test.go TestPodMatchesNodeSelectorAndAffinityTerms', () => {
  const affinity = (
    nodeSelectorTerms: V1NodeSelector['nodeSelectorTerms'] | undefined,
    nodeSelector?: Record<string, string>,
  ): PodNodePlacement => ({
    spec: {
      ...(nodeSelector ? { nodeSelector } : {}),
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            ...(nodeSelectorTerms ? { nodeSelectorTerms } : {}),
          } as V1NodeSelector,
        },
      },
    },
  });
  const exprs = (...e: V1NodeSelectorRequirement[]) => ({ matchExpressions: e });
  const nameIn = (n: string) => ({ matchFields: [req('metadata.name', 'In', [n])] });
  const fooBar = { foo: 'bar' };
  const cases: Array<{
    name: string;
    pod: PodNodePlacement;
    labels?: Record<string, string>;
    nodeName?: string;
    want: boolean;
  }> = [
    { name: 'no selector', pod: {}, want: true },
    { name: 'missing labels', pod: { spec: { nodeSelector: fooBar } }, want: false },
    { name: 'same labels', pod: { spec: { nodeSelector: fooBar } }, labels: fooBar, want: true },
    {
      name: 'node labels are superset',
      pod: { spec: { nodeSelector: fooBar } },
      labels: { foo: 'bar', baz: 'blah' },
      want: true,
    },
    {
      name: 'node labels are subset',
      pod: { spec: { nodeSelector: { foo: 'bar', baz: 'blah' } } },
      labels: fooBar,
      want: false,
    },
    {
      name: 'Pod with matchExpressions using In operator that matches the existing node',
      pod: affinity([exprs(req('foo', 'In', ['bar', 'value2']))]),
      labels: fooBar,
      want: true,
    },
    {
      name: 'Pod with matchExpressions using Gt operator that matches the existing node',
      pod: affinity([exprs(req('kernel-version', 'Gt', ['0204']))]),
      labels: { 'kernel-version': '0206' },
      want: true,
    },
    {
      name: 'Pod with matchExpressions using NotIn operator that matches the existing node',
      pod: affinity([exprs(req('mem-type', 'NotIn', ['DDR', 'DDR2']))]),
      labels: { 'mem-type': 'DDR3' },
      want: true,
    },
    {
      name: 'Pod with matchExpressions using Exists operator that matches the existing node',
      pod: affinity([exprs(req('GPU', 'Exists'))]),
      labels: { GPU: 'NVIDIA-GRID-K1' },
      want: true,
    },
    {
      name: "Pod with affinity that don't match node's labels won't schedule onto the node",
      pod: affinity([exprs(req('foo', 'In', ['value1', 'value2']))]),
      labels: fooBar,
      want: false,
    },
    {
      name: "Pod with a nil []NodeSelectorTerm in affinity, can't match the node's labels and won't schedule onto the node",
      pod: affinity(undefined),
      labels: fooBar,
      want: false,
    },
    {
      name: "Pod with an empty []NodeSelectorTerm in affinity, can't match the node's labels and won't schedule onto the node",
      pod: affinity([]),
      labels: fooBar,
      want: false,
    },
    {
      name: "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node",
      pod: affinity([exprs()]),
      labels: fooBar,
      want: false,
    },
    { name: 'Pod with no Affinity will schedule onto a node', pod: {}, labels: fooBar, want: true },
    {
      name: 'Pod with Affinity but nil NodeSelector will schedule onto a node',
      pod: { spec: { affinity: { nodeAffinity: {} } } },
      labels: fooBar,
      want: true,
    },
    {
      name: 'Pod with multiple matchExpressions ANDed that matches the existing node',
      pod: affinity([exprs(req('GPU', 'Exists'), req('GPU', 'NotIn', ['AMD', 'INTER']))]),
      labels: { GPU: 'NVIDIA-GRID-K1' },
      want: true,
    },
    {
      name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
      pod: affinity([exprs(req('GPU', 'Exists'), req('GPU', 'In', ['AMD', 'INTER']))]),
      labels: { GPU: 'NVIDIA-GRID-K1' },
      want: false,
    },
    {
      name: "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
      pod: affinity([
        exprs(req('foo', 'In', ['bar', 'value2'])),
        exprs(req('diffkey', 'In', ['wrong', 'value2'])),
      ]),
      labels: fooBar,
      want: true,
    },
    {
      name: 'Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node',
      pod: affinity([exprs(req('foo', 'Exists'))], fooBar),
      labels: fooBar,
      want: true,
    },
    {
      name: "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
      pod: affinity([exprs(req('foo', 'Exists'))], fooBar),
      labels: { foo: 'barrrrrr' },
      want: false,
    },
    {
      name: "Pod with an invalid value in Affinity term won't be scheduled onto the node",
      pod: affinity([exprs(req('foo', 'NotIn', ['invalid value: ___@#$%^']))]),
      labels: fooBar,
      want: false,
    },
    {
      name: 'Pod with matchFields using In operator that matches the existing node',
      pod: affinity([nameIn('node_1')]),
      nodeName: 'node_1',
      want: true,
    },
    {
      name: 'Pod with matchFields using In operator that does not match the existing node',
      pod: affinity([nameIn('node_1')]),
      nodeName: 'node_2',
      want: false,
    },
    {
      name: 'Pod with two terms: matchFields does not match, but matchExpressions matches',
      pod: affinity([nameIn('node_1'), exprs(req('foo', 'In', ['bar']))]),
      nodeName: 'node_2',
      labels: fooBar,
      want: true,
    },
    {
      name: 'Pod with one term: matchFields does not match, but matchExpressions matches',
      pod: affinity([{ ...nameIn('node_1'), ...exprs(req('foo', 'In', ['bar'])) }]),
      nodeName: 'node_2',
      labels: fooBar,
      want: false,
    },
    {
      name: 'Pod with one term: both matchFields and matchExpressions match',
      pod: affinity([{ ...nameIn('node_1'), ...exprs(req('foo', 'In', ['bar'])) }]),
      nodeName: 'node_1',
      labels: fooBar,
      want: true,
    },
    {
      name: 'Pod with two terms: both matchFields and matchExpressions do not match',
      pod: affinity([nameIn('node_1'), exprs(req('foo', 'In', ['not-match-to-bar']))]),
      nodeName: 'node_2',
      labels: fooBar,
      want: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const n = node(c.nodeName ?? '', c.labels);
      expect(matchRequiredNodeAffinity(getRequiredNodeAffinity(c.pod), n).match).toBe(c.want);
    });
  }
});
