import { describe, expect, it } from 'vitest';

import { isDecimalInteger, parseGoInt64 } from './go-strconv.js';

describe('strconv.ParseInt(s, 10, 64) — Go src/strconv/atoi_test.go parseInt64Tests', () => {
  it.each([
    ['0', 0n],
    ['-0', 0n],
    ['+0', 0n],
    ['1', 1n],
    ['-1', -1n],
    ['+1', 1n],
    ['12345', 12345n],
    ['-12345', -12345n],
    ['012345', 12345n],
    ['-012345', -12345n],
    ['98765432100', 98765432100n],
    ['9223372036854775807', 2n ** 63n - 1n],
    ['-9223372036854775807', -(2n ** 63n - 1n)],
    ['-9223372036854775808', -(2n ** 63n)],
  ])('parses %j', (s, want) => {
    expect(parseGoInt64(s)).toBe(want);
  });

  it.each([
    '',
    '-',
    '+',
    '12345x',
    '-12345x',
    '9223372036854775808',
    '-9223372036854775809',
    '1_2_3_4_5',
    '0x10',
    '1e3',
    ' 5',
    '5 ',
    '1.5',
    '++1',
  ])('refuses %j', (s) => {
    expect(parseGoInt64(s)).toBeNull();
  });
});

describe('IsDecimalInteger — k8s.io/apimachinery/pkg/api/validate/content/decimal_int_test.go', () => {
  it.each(['0', '1', '-1', '123', '-456', '9223372036854775807'])('accepts %j', (s) => {
    expect(isDecimalInteger(s)).toBe(true);
  });
  it.each(['', '-', '-0', '00', '0700', '+1', '1.0', ' 1', 'a'])('refuses %j', (s) => {
    expect(isDecimalInteger(s)).toBe(false);
  });
});
