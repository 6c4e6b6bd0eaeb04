import type { AutoscalerTimelineEntry } from '@plimsoll/shared/schemas';
import { describe, expect, it } from 'vitest';

import { mergeScaleUps, toScaleMarks } from './merge-scale-ups';

const entry = (over: Partial<AutoscalerTimelineEntry>): AutoscalerTimelineEntry => ({
  at: '2026-12-03T09:00:00Z',
  firstAt: '2026-12-03T09:00:00Z',
  kind: 'scale-up',
  source: 'event',
  reason: 'ScaledUpGroup',
  group: 'MachineDeployment/default/batch',
  from: null,
  to: null,
  max: null,
  message: '',
  object: null,
  count: 1,
  reasons: [],
  ...over,
});

describe('mergeScaleUps', () => {
  it('folds the status change and the pods that triggered it into the scale-up of the same group', () => {
    const rows = mergeScaleUps([
      entry({
        kind: 'scale-up',
        source: 'status',
        reason: 'StatusChange',
        at: '2026-12-03T09:00:40Z',
        from: 2,
        to: 5,
        max: 10,
      }),
      entry({}),
      entry({
        kind: 'pod-triggered',
        reason: 'TriggeredScaleUp',
        object: { kind: 'Pod', namespace: 'shop', name: 'etl-1' },
      }),
      entry({
        kind: 'pod-triggered',
        reason: 'TriggeredScaleUp',
        object: { kind: 'Pod', namespace: 'shop', name: 'etl-2' },
      }),
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      from: 2,
      to: 5,
      max: 10,
      seenInStatus: true,
      triggeredPods: ['shop/etl-1', 'shop/etl-2'],
    });
  });

  it('keeps entries of another group or far apart in time as their own rows', () => {
    const rows = mergeScaleUps([
      entry({}),
      entry({ kind: 'scale-up', source: 'status', group: 'MachineDeployment/default/web' }),
      entry({ kind: 'pod-triggered', at: '2026-12-03T09:30:00Z' }),
    ]);
    expect(rows).toHaveLength(3);
  });
});

describe('toScaleMarks', () => {
  it('marks each scale-up once, with its group and sizes, and each scale-down', () => {
    const marks = toScaleMarks([
      entry({ kind: 'scale-up', source: 'status', reason: 'StatusChange', from: 2, to: 5 }),
      entry({}),
      entry({
        kind: 'scale-down',
        reason: 'ScaleDown',
        at: '2026-12-03T10:00:00Z',
        group: 'MachineDeployment/default/web',
      }),
    ]);
    expect(marks.lines).toEqual([
      { t: Date.parse('2026-12-03T09:00:00Z'), label: 'batch 2→5', color: 'var(--ok)' },
      { t: Date.parse('2026-12-03T10:00:00Z'), label: 'web', color: 'var(--info)' },
    ]);
  });
});
