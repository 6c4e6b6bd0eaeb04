import { describe, expect, it } from 'vitest';

import { boundParsedNumbers, findControlCharacter, INT64_MAX, isInt64Id } from './input-policy.js';

describe('findControlCharacter', () => {
  it('finds NUL, the other C0 controls, DEL and the C1 controls', () => {
    for (const c of ['\u0000', '\u0001', '\u001b', '\u007f', '\u0085', '\u009f']) {
      expect(findControlCharacter(`ab${c}cd`), JSON.stringify(c)).toBe(2);
    }
  });

  it('passes ordinary text, non-ASCII letters and emoji', () => {
    expect(findControlCharacter('Tama-nui-te-rā ☀️ 100Mi')).toBe(-1);
  });

  it('allows tab and line breaks only in multi-line text', () => {
    expect(findControlCharacter('line one\r\n\tline two')).toBe(8);
    expect(findControlCharacter('line one\r\n\tline two', { multiline: true })).toBe(-1);
    expect(findControlCharacter('line\u0000', { multiline: true })).toBe(4);
  });
});

describe('isInt64Id', () => {
  it('accepts ids up to 2^63-1', () => {
    expect(isInt64Id('1')).toBe(true);
    expect(isInt64Id(INT64_MAX.toString())).toBe(true);
  });

  it('refuses ids beyond int64, zero, signs and leading zeros', () => {
    expect(isInt64Id('9223372036854775808')).toBe(false);
    expect(isInt64Id('99999999999999999999')).toBe(false);
    expect(isInt64Id('0')).toBe(false);
    expect(isInt64Id('007')).toBe(false);
    expect(isInt64Id('-1')).toBe(false);
    expect(isInt64Id('1e3')).toBe(false);
  });
});

describe('boundParsedNumbers', () => {
  it('clamps unsafe integers and infinities, drops NaN, and says so', () => {
    const { value, notes } = boundParsedNumbers({
      nodeGroups: [
        {
          name: 'a',
          health: { maxSize: Number('99999999999999999999'), minSize: -1e30, ready: 3 },
        },
      ],
      ratio: 0.5,
      bad: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
    });
    expect(value).toEqual({
      nodeGroups: [
        {
          name: 'a',
          health: { maxSize: Number.MAX_SAFE_INTEGER, minSize: -Number.MAX_SAFE_INTEGER, ready: 3 },
        },
      ],
      ratio: 0.5,
      inf: Number.MAX_SAFE_INTEGER,
    });
    expect(notes).toEqual([
      'nodeGroups[0].health.maxSize: 100000000000000000000 is beyond the exact integer range; shown as 9007199254740991',
      'nodeGroups[0].health.minSize: -1e+30 is beyond the exact integer range; shown as -9007199254740991',
      'bad: not a number; dropped',
      'inf: Infinity; shown as 9007199254740991',
    ]);
  });

  it('leaves safe data untouched and notes nothing', () => {
    const data = { a: [1, 2, { b: Number.MAX_SAFE_INTEGER }], c: 'x', d: null, e: true };
    expect(boundParsedNumbers(data)).toEqual({ value: data, notes: [] });
  });
});
