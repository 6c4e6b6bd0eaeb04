import type { QuotaHistoryResponse } from '@plimsoll/shared/schemas';
import { describe, expect, it } from 'vitest';

import { hardChanges } from './quota-history-chart';

const history = (samples: QuotaHistoryResponse['samples']) =>
  ({ samples }) as unknown as QuotaHistoryResponse;

describe('hardChanges', () => {
  it('marks the sample where a hard limit changed, with the old and new limit', () => {
    const marks = hardChanges(
      history([
        { at: '2026-12-01T00:00:00Z', hard: { pods: '10', cpu: '4' }, used: { pods: '3' } },
        { at: '2026-12-02T00:00:00Z', hard: { pods: '10', cpu: '4' }, used: { pods: '8' } },
        { at: '2026-12-03T00:00:00Z', hard: { pods: '20', cpu: '4' }, used: { pods: '8' } },
        { at: '2026-12-04T00:00:00Z', hard: { pods: '30', cpu: '8' }, used: { pods: '9' } },
      ]),
    );
    expect(marks.lines.map((l) => [l.t, l.label])).toEqual([
      [Date.parse('2026-12-03T00:00:00Z'), 'pods 10 → 20'],
      [Date.parse('2026-12-04T00:00:00Z'), '2 limits changed'],
    ]);
  });

  it('marks nothing when usage alone moves', () => {
    const marks = hardChanges(
      history([
        { at: '2026-12-01T00:00:00Z', hard: { pods: '10' }, used: { pods: '3' } },
        { at: '2026-12-02T00:00:00Z', hard: { pods: '10' }, used: { pods: '9' } },
      ]),
    );
    expect(marks.lines).toEqual([]);
  });
});
