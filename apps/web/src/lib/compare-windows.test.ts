import { describe, expect, it } from 'vitest';

import { describeWindowChange } from './compare-windows';

describe('describeWindowChange', () => {
  it('says how this window compares with the one before', () => {
    expect(describeWindowChange(111, 100)).toBe('+11 %');
    expect(describeWindowChange(80, 100)).toBe('−20 %');
    expect(describeWindowChange(5, 5)).toBe('no change');
    expect(describeWindowChange(3, 0)).toBe('new');
    expect(describeWindowChange(1001, 1000)).toBe('about the same');
  });
});
