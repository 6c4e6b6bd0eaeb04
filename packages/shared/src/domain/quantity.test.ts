import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  parseQuantity,
  type Quantity,
  type QuantityFormat,
  QuantityParseError,
} from './quantity.js';

const MOST_POSITIVE = 9223372036854775807n;
const MOST_NEGATIVE = -9223372036854775808n;
const MIN_INT32 = -2147483648;
const MAX_INT32 = 2147483647;

// decQuantity / intQuantity of quantity_test.go: mantissa × 10^exponent in a given format. Go sets
// Format directly; we reach BinarySI through a non-zero receiver, whose format add/sub keep.
function quantity(mantissa: bigint, exponent: number, format: QuantityFormat): Quantity {
  const scaled = newScaledQuantity(mantissa, exponent);
  if (format === 'DecimalSI') return scaled;
  const one = newQuantity(1n, format);
  return one.add(scaled).sub(one);
}

function mustParse(s: string): Quantity {
  return parseQuantity(s);
}

function parseError(s: string): QuantityParseError {
  try {
    parseQuantity(s);
  } catch (err) {
    if (err instanceof QuantityParseError) return err;
    throw err;
  }
  throw new Error(`${s} parsed unexpectedly`);
}

describe('TestQuantityParseZero, TestQuantityParseNonNumericPanic — pkg/api/resource/quantity_test.go', () => {
  it('keeps the string of a parsed zero as "0"', () => {
    expect(mustParse('0').toString()).toBe('0');
  });

  it('rejects a non-numeric string', () => {
    expect(() => parseQuantity('Non-Numeric')).toThrow(QuantityParseError);
  });

  it('names the input and Go error in the message', () => {
    const err = parseError('Non-Numeric');
    expect(err.input).toBe('Non-Numeric');
    expect(err.reason).toBe('ErrFormatWrong');
    expect(err.message).toBe(
      "cannot parse 'Non-Numeric': quantities must match the regular expression " +
        "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });
});

describe('TestQuantityAddZeroPreservesSuffix, TestQuantitySubZeroPreservesSuffix — pkg/api/resource/quantity_test.go', () => {
  const zero = mustParse('0');
  for (const testValue of ['100m', '1Gi']) {
    it(`keeps the suffix of ${testValue} when adding zero in either order`, () => {
      const value = mustParse(testValue);
      expect(value.add(zero).toString()).toBe(testValue);
      expect(zero.add(value).toString()).toBe(testValue);
    });

    it(`keeps the suffix of ${testValue} when subtracting with zero`, () => {
      const value = mustParse(testValue);
      expect(value.sub(zero).toString()).toBe(testValue);
      expect(zero.sub(value).toString()).toBe(value.neg().toString());
    });
  }
});

describe('TestQuantityCanocicalizeZero — pkg/api/resource/quantity_test.go', () => {
  it('prints a computed zero as "0", not "0m"', () => {
    const zero = mustParse('1000m').sub(newQuantity(1n, 'DecimalSI'));
    expect(zero.toString()).toBe('0');
  });
});

describe('TestQuantityCmp — pkg/api/resource/quantity_test.go', () => {
  const table: [string, string, number][] = [
    ['0', '0', 0],
    ['100m', '50m', 1],
    ['50m', '100m', -1],
    ['10000T', '100Gi', 1],
  ];
  for (const [x, y, want] of table) {
    it(`compares ${x} with ${y} as ${want}`, () => {
      expect(mustParse(x).cmp(mustParse(y))).toBe(want);
    });
  }

  // table2: Go's nil inf.Dec is a zero quantity.
  const zero = newQuantity(0n, 'DecimalSI');
  const table2: [Quantity, Quantity, number][] = [
    [quantity(0n, 0, 'DecimalSI'), quantity(0n, 0, 'DecimalSI'), 0],
    [zero, quantity(0n, 0, 'DecimalSI'), 0],
    [quantity(0n, 0, 'DecimalSI'), zero, 0],
    [zero, zero, 0],
    [zero, quantity(10n, 0, 'DecimalSI'), -1],
    [zero, quantity(-10n, 0, 'DecimalSI'), 1],
    [quantity(10n, 0, 'DecimalSI'), zero, 1],
    [quantity(-10n, 0, 'DecimalSI'), zero, -1],
  ];
  table2.forEach(([x, y, want], i) => {
    it(`compares zero-valued operands (case ${i})`, () => {
      expect(x.cmp(y)).toBe(want);
    });
  });
});

describe('TestParseQuantityString — pkg/api/resource/quantity_test.go', () => {
  // parseQuantityString is internal; these inputs must parse to the value its split implies.
  const table: [string, Quantity][] = [
    ['0.025Ti', quantity(274877906944n, -1, 'BinarySI')],
    ['1.025Ti', quantity(11269994184704n, -1, 'BinarySI')],
    ['-1.025Ti', quantity(-11269994184704n, -1, 'BinarySI')],
    ['.', quantity(0n, 0, 'DecimalSI')],
    ['-.', quantity(0n, 0, 'DecimalSI')],
    ['1E-3', quantity(1n, -3, 'DecimalExponent')],
  ];
  for (const [input, want] of table) {
    it(`parses ${input}`, () => {
      expect(mustParse(input).cmp(want)).toBe(0);
    });
  }
});

describe('TestQuantityParse — pkg/api/resource/quantity_test.go', () => {
  it('rejects the empty string', () => {
    expect(parseError('').reason).toBe('ErrFormatWrong');
  });

  const maxAllowedBinary = quantity(MOST_POSITIVE, 0, 'BinarySI');
  const table: [string, Quantity][] = [
    ['0', quantity(0n, 0, 'DecimalSI')],
    ['0n', quantity(0n, 0, 'DecimalSI')],
    ['0u', quantity(0n, 0, 'DecimalSI')],
    ['0m', quantity(0n, 0, 'DecimalSI')],
    ['0Ki', quantity(0n, 0, 'BinarySI')],
    ['0k', quantity(0n, 0, 'DecimalSI')],
    ['0Mi', quantity(0n, 0, 'BinarySI')],
    ['0M', quantity(0n, 0, 'DecimalSI')],
    ['0Gi', quantity(0n, 0, 'BinarySI')],
    ['0G', quantity(0n, 0, 'DecimalSI')],
    ['0Ti', quantity(0n, 0, 'BinarySI')],
    ['0T', quantity(0n, 0, 'DecimalSI')],

    // Quantity less numbers are allowed
    ['1', quantity(1n, 0, 'DecimalSI')],

    // Binary suffixes
    ['1Ki', quantity(1024n, 0, 'BinarySI')],
    ['8Ki', quantity(8n * 1024n, 0, 'BinarySI')],
    ['7Mi', quantity(7n * 1024n ** 2n, 0, 'BinarySI')],
    ['6Gi', quantity(6n * 1024n ** 3n, 0, 'BinarySI')],
    ['5Ti', quantity(5n * 1024n ** 4n, 0, 'BinarySI')],
    ['4Pi', quantity(4n * 1024n ** 5n, 0, 'BinarySI')],
    ['3Ei', quantity(3n * 1024n ** 6n, 0, 'BinarySI')],

    ['10Ti', quantity(10n * 1024n ** 4n, 0, 'BinarySI')],
    ['100Ti', quantity(100n * 1024n ** 4n, 0, 'BinarySI')],

    // Decimal suffixes
    ['5n', quantity(5n, -9, 'DecimalSI')],
    ['4u', quantity(4n, -6, 'DecimalSI')],
    ['3m', quantity(3n, -3, 'DecimalSI')],
    ['9', quantity(9n, 0, 'DecimalSI')],
    ['8k', quantity(8n, 3, 'DecimalSI')],
    ['50k', quantity(5n, 4, 'DecimalSI')],
    ['7M', quantity(7n, 6, 'DecimalSI')],
    ['6G', quantity(6n, 9, 'DecimalSI')],
    ['5T', quantity(5n, 12, 'DecimalSI')],
    ['40T', quantity(4n, 13, 'DecimalSI')],
    ['300T', quantity(3n, 14, 'DecimalSI')],
    ['2P', quantity(2n, 15, 'DecimalSI')],
    ['1E', quantity(1n, 18, 'DecimalSI')],

    // Decimal exponents
    ['1E-3', quantity(1n, -3, 'DecimalExponent')],
    ['1e3', quantity(1n, 3, 'DecimalExponent')],
    ['1E6', quantity(1n, 6, 'DecimalExponent')],
    ['1e9', quantity(1n, 9, 'DecimalExponent')],
    ['1E12', quantity(1n, 12, 'DecimalExponent')],
    ['1e15', quantity(1n, 15, 'DecimalExponent')],
    ['1E18', quantity(1n, 18, 'DecimalExponent')],

    // Nonstandard but still parsable
    ['1e14', quantity(1n, 14, 'DecimalExponent')],
    ['1e13', quantity(1n, 13, 'DecimalExponent')],
    ['1e3', quantity(1n, 3, 'DecimalExponent')],
    ['100.035k', quantity(100035n, 0, 'DecimalSI')],

    // Things that look like floating point
    ['0.001', quantity(1n, -3, 'DecimalSI')],
    ['0.0005k', quantity(5n, -1, 'DecimalSI')],
    ['0.005', quantity(5n, -3, 'DecimalSI')],
    ['0.05', quantity(5n, -2, 'DecimalSI')],
    ['0.5', quantity(5n, -1, 'DecimalSI')],
    ['0.00050k', quantity(5n, -1, 'DecimalSI')],
    ['0.00500', quantity(5n, -3, 'DecimalSI')],
    ['0.05000', quantity(5n, -2, 'DecimalSI')],
    ['0.50000', quantity(5n, -1, 'DecimalSI')],
    ['0.5e0', quantity(5n, -1, 'DecimalExponent')],
    ['0.5e-1', quantity(5n, -2, 'DecimalExponent')],
    ['0.5e-2', quantity(5n, -3, 'DecimalExponent')],
    ['0.5e0', quantity(5n, -1, 'DecimalExponent')],
    ['10.035M', quantity(10035n, 3, 'DecimalSI')],

    ['1.2e3', quantity(12n, 2, 'DecimalExponent')],
    ['1.3E+6', quantity(13n, 5, 'DecimalExponent')],
    ['1.40e9', quantity(14n, 8, 'DecimalExponent')],
    ['1.53E12', quantity(153n, 10, 'DecimalExponent')],
    ['1.6e15', quantity(16n, 14, 'DecimalExponent')],
    ['1.7E18', quantity(17n, 17, 'DecimalExponent')],

    ['9.01', quantity(901n, -2, 'DecimalSI')],
    ['8.1k', quantity(81n, 2, 'DecimalSI')],
    ['7.123456M', quantity(7123456n, 0, 'DecimalSI')],
    ['6.987654321G', quantity(6987654321n, 0, 'DecimalSI')],
    ['5.444T', quantity(5444n, 9, 'DecimalSI')],
    ['40.1T', quantity(401n, 11, 'DecimalSI')],
    ['300.2T', quantity(3002n, 11, 'DecimalSI')],
    ['2.5P', quantity(25n, 14, 'DecimalSI')],
    ['1.01E', quantity(101n, 16, 'DecimalSI')],

    // Things that saturate/round
    ['3.001n', quantity(4n, -9, 'DecimalSI')],
    ['1.1E-9', quantity(2n, -9, 'DecimalExponent')],
    ['0.0000000001', quantity(1n, -9, 'DecimalSI')],
    ['0.0000000005', quantity(1n, -9, 'DecimalSI')],
    ['0.00000000050', quantity(1n, -9, 'DecimalSI')],
    ['0.5e-9', quantity(1n, -9, 'DecimalExponent')],
    ['0.9n', quantity(1n, -9, 'DecimalSI')],
    ['0.00000012345', quantity(124n, -9, 'DecimalSI')],
    ['0.00000012354', quantity(124n, -9, 'DecimalSI')],
    ['9Ei', maxAllowedBinary],
    ['9223372036854775807Ki', maxAllowedBinary],
    ['12E', quantity(12n, 18, 'DecimalSI')],

    // We'll accept fractional binary stuff, too.
    ['100.035Ki', quantity(10243584n, -2, 'BinarySI')],
    ['0.5Mi', quantity(524288n, 0, 'BinarySI')],
    ['0.05Gi', quantity(536870912n, -1, 'BinarySI')],
    ['0.025Ti', quantity(274877906944n, -1, 'BinarySI')],

    // Things written by trolls
    ['0.000000000001Ki', quantity(2n, -9, 'DecimalSI')], // rounds up, changes format
    ['.001', quantity(1n, -3, 'DecimalSI')],
    ['.0001k', quantity(100n, -3, 'DecimalSI')],
    ['1.', quantity(1n, 0, 'DecimalSI')],
    ['1.G', quantity(1n, 9, 'DecimalSI')],
  ];

  for (const [input, expected] of table) {
    it(`parses ${input} to ${expected.toString()} (${expected.format})`, () => {
      const got = mustParse(input);
      expect(got.cmp(expected)).toBe(0);
      expect(got.format).toBe(expected.format);
    });

    it(`parses -${input} to the negated value in the same format`, () => {
      const got = mustParse(`-${input}`);
      expect(got.cmp(expected.neg())).toBe(0);
      expect(got.format).toBe(expected.format);
    });

    it(`parses +${input} to the same value and format`, () => {
      const got = mustParse(`+${input}`);
      expect(got.cmp(expected)).toBe(0);
      expect(got.format).toBe(expected.format);
    });
  }

  const invalid = [
    '1.1.M',
    '1+1.0M',
    '0.1mi',
    '0.1am',
    'aoeu',
    '.5i',
    '1i',
    '-3.01i',
    '-3.01e-',
    // an exponent outside the int32 scale is rejected rather than truncated
    '1e4294967297',
    // leading and trailing whitespace is forbidden
    ' 1',
    '1 ',
  ];
  for (const input of invalid) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      expect(() => parseQuantity(input)).toThrow(QuantityParseError);
    });
  }
});

describe('TestInterpretExponentInt32Bounds — pkg/api/resource/quantity_test.go', () => {
  const cases: [string, boolean][] = [
    ['e14', true],
    ['E2147483647', true], // MaxInt32
    ['E-2147483647', true], // -MaxInt32
    ['E2147483648', false], // MaxInt32 + 1
    ['E-2147483648', false], // MinInt32; -MinInt32 overflows int32
    ['E4294967297', false], // 2^32 + 1
    ['E8589934592', false], // 2^33
    ['E9223372036854775807', false], // MaxInt64
    ['E9223372036854775808', false], // MaxInt64 + 1
    ['E6024865272343', false], // far past int32
  ];
  for (const [suffix, ok] of cases) {
    it(`${ok ? 'accepts' : 'rejects with ErrSuffix'} the exponent suffix ${suffix}`, () => {
      if (ok) {
        expect(mustParse(`1${suffix}`).format).toBe('DecimalExponent');
      } else {
        expect(parseError(`1${suffix}`).reason).toBe('ErrSuffix');
      }
    });
  }

  it('keeps the accepted extreme exponents exact', () => {
    expect(mustParse('1e14').cmp(newScaledQuantity(1n, 14))).toBe(0);
    expect(mustParse('1E2147483647').toString()).toBe('10e2147483646');
    expect(mustParse('3E2147483647').cmp(mustParse('1E2147483647'))).toBe(1);
    expect(mustParse('1E-2147483647').toString()).toBe('1e-9');
  });
});

describe('TestQuantityCmpInt64AndDec — pkg/api/resource/quantity_test.go', () => {
  const q = (v: bigint, e: number) => newScaledQuantity(v, e);
  const e18 = 1000000n * 1000000n * 1000000n;
  const table: [Quantity, Quantity, number][] = [
    [q(901n, -2), q(901n, -2), 0],
    [q(90n, -1), q(901n, -2), -1],
    [q(901n, -2), q(900n, -2), 1],
    [q(0n, 0), q(0n, 0), 0],
    [q(0n, 1), q(0n, -1), 0],
    [q(0n, -1), q(0n, 1), 0],
    [q(800n, -3), q(1n, 0), -1],
    [q(800n, -3), q(79n, -2), 1],

    [q(MOST_POSITIVE, 0), q(1n, -1), 1],
    [q(MOST_POSITIVE, 1), q(1n, 0), 1],
    [q(MOST_POSITIVE, 1), q(1n, 1), 1],
    [q(MOST_POSITIVE, 1), q(0n, 1), 1],
    [q(MOST_POSITIVE, -16), q(1n, 3), -1],

    [q(MOST_NEGATIVE, 0), q(0n, 0), -1],
    [q(MOST_NEGATIVE, -18), q(-1n, 0), -1],
    [q(MOST_NEGATIVE, -19), q(-1n, 0), 1],

    [q(e18, -17), q(1n, 1), 0],
    [q(e18, -17), q(-10n, 0), 1],
    [q(-e18, -17), q(-10n, 0), 0],
    [q(e18, -17), q(1n, 0), 1],

    [q(e18 + 1n, -17), q(1n, 1), 1],
    [q(e18 - 1n, -17), q(1n, 1), -1],
  ];
  table.forEach(([a, b, want], i) => {
    it(`compares ${a.toString()} with ${b.toString()} both ways (case ${i})`, () => {
      expect(a.cmp(b)).toBe(want);
      expect(b.cmp(a)).toBe(-want || 0);
    });
  });
});

describe('TestQuantityNeg — pkg/api/resource/quantity_test.go', () => {
  it('negates 9.01 to -9010m without changing the source', () => {
    const a = quantity(901n, -2, 'DecimalSI');
    const out = a.neg();
    expect(out.cmp(a)).not.toBe(0);
    expect(out.toString()).toBe('-9010m');
    expect(a.toString()).toBe('9010m');
  });
});

describe('TestQuantityString — pkg/api/resource/quantity_test.go', () => {
  const table: [Quantity, string, string][] = [
    [quantity(1024n * 1024n * 1024n, 0, 'BinarySI'), '1Gi', '1024Mi'],
    [quantity(300n * 1024n * 1024n, 0, 'BinarySI'), '300Mi', '307200Ki'],
    [quantity(6n * 1024n, 0, 'BinarySI'), '6Ki', ''],
    [quantity(1001n * 1024n * 1024n * 1024n, 0, 'BinarySI'), '1001Gi', '1025024Mi'],
    [quantity(1024n * 1024n * 1024n * 1024n, 0, 'BinarySI'), '1Ti', '1024Gi'],
    [quantity(5n, 0, 'BinarySI'), '5', '5000m'],
    [quantity(500n, -3, 'BinarySI'), '500m', '0.5'],
    [quantity(1n, 9, 'DecimalSI'), '1G', '1000M'],
    [quantity(1000n, 6, 'DecimalSI'), '1G', '0.001T'],
    [quantity(1000000n, 3, 'DecimalSI'), '1G', ''],
    [quantity(1000000000n, 0, 'DecimalSI'), '1G', ''],
    [quantity(1n, -3, 'DecimalSI'), '1m', '1000u'],
    [quantity(80n, -3, 'DecimalSI'), '80m', ''],
    [quantity(1080n, -3, 'DecimalSI'), '1080m', '1.08'],
    [quantity(108n, -2, 'DecimalSI'), '1080m', '1080000000n'],
    [quantity(10800n, -4, 'DecimalSI'), '1080m', ''],
    [quantity(300n, 6, 'DecimalSI'), '300M', ''],
    [quantity(1n, 12, 'DecimalSI'), '1T', ''],
    // DecimalSI has no suffix beyond "E" (10^18): larger exponents use exponent notation.
    [quantity(1n, 18, 'DecimalSI'), '1E', ''],
    [quantity(1n, 21, 'DecimalSI'), '1e21', '1000E'],
    [quantity(5n, 21, 'DecimalSI'), '5e21', '5000E'],
    [quantity(1n, 24, 'DecimalSI'), '1e24', '1000000E'],
    // BinarySI has no suffix beyond "Ei" (2^60): such values fall back to exact decimal.
    [quantity(1n, 70, 'BinarySI'), '10e69', ''],
    [quantity(2n, 70, 'BinarySI'), '20e69', ''],
    [quantity(1n, 72, 'BinarySI'), '1e72', ''],
    [quantity(1234567n, 6, 'DecimalSI'), '1234567M', ''],
    [quantity(1234567n, -3, 'BinarySI'), '1234567m', ''],
    [quantity(3n, 3, 'DecimalSI'), '3k', ''],
    [quantity(1025n, 0, 'BinarySI'), '1025', ''],
    [quantity(0n, 0, 'DecimalSI'), '0', ''],
    [quantity(0n, 0, 'BinarySI'), '0', ''],
    [quantity(1n, 9, 'DecimalExponent'), '1e9', '.001e12'],
    [quantity(1n, -3, 'DecimalExponent'), '1e-3', '0.001e0'],
    [quantity(1n, -9, 'DecimalExponent'), '1e-9', '1000e-12'],
    [quantity(80n, -3, 'DecimalExponent'), '80e-3', ''],
    [quantity(300n, 6, 'DecimalExponent'), '300e6', ''],
    [quantity(1n, 12, 'DecimalExponent'), '1e12', ''],
    [quantity(1n, 3, 'DecimalExponent'), '1e3', ''],
    [quantity(3n, 3, 'DecimalExponent'), '3e3', ''],
    [quantity(3n, 3, 'DecimalSI'), '3k', ''],
    [quantity(0n, 0, 'DecimalExponent'), '0', '00'],
    [quantity(1n, -9, 'DecimalSI'), '1n', ''],
    [quantity(80n, -9, 'DecimalSI'), '80n', ''],
    [quantity(1080n, -9, 'DecimalSI'), '1080n', ''],
    [quantity(108n, -8, 'DecimalSI'), '1080n', ''],
    [quantity(10800n, -10, 'DecimalSI'), '1080n', ''],
    [quantity(1n, -6, 'DecimalSI'), '1u', ''],
    [quantity(80n, -6, 'DecimalSI'), '80u', ''],
    [quantity(1080n, -6, 'DecimalSI'), '1080u', ''],
  ];
  for (const [input, canonical, alternate] of table) {
    it(`prints ${canonical} and re-parses it unchanged`, () => {
      expect(input.toString()).toBe(canonical);
      expect(mustParse(canonical).toString()).toBe(canonical);
      expect(mustParse(canonical).cmp(input)).toBe(0);
    });
    if (alternate !== '') {
      it(`canonicalises the alternate spelling ${alternate} to ${canonical}`, () => {
        expect(mustParse(alternate).toString()).toBe(canonical);
      });
    }
    if (!input.isZero()) {
      it(`prints the negation of ${canonical} as -${canonical}`, () => {
        expect(input.neg().toString()).toBe(`-${canonical}`);
      });
    }
  }
});

describe('TestBinarySIPastEiArithmeticRoundTrip — pkg/api/resource/quantity_test.go', () => {
  it('prints 2^70 reached by arithmetic on 1Ei as its exact decimal digits', () => {
    const ei = mustParse('1Ei');
    let q = ei;
    for (let i = 1; i < 1024; i++) q = q.add(ei);
    expect(q.format).toBe('BinarySI');
    expect(q.toString()).toBe('1180591620717411303424');
    expect(JSON.stringify(q)).toBe('"1180591620717411303424"');
    expect(mustParse(q.toString()).cmp(q)).toBe(0);
  });
});

describe('TestBinarySIZeroExponentString — pkg/api/resource/quantity_test.go', () => {
  const table: [Quantity, string][] = [
    [newQuantity(2000n, 'BinarySI'), '2000'],
    [newQuantity(-2000n, 'BinarySI'), '-2000'],
    [quantity(2000n, 0, 'BinarySI'), '2000'],
    [quantity(-2000n, 0, 'BinarySI'), '-2000'],
  ];
  for (const [q, want] of table) {
    it(`prints a BinarySI ${want} without a suffix`, () => {
      expect(q.toString()).toBe(want);
    });
  }
});

describe('TestQuantityStringBelowNano — pkg/api/resource/quantity_test.go', () => {
  it('falls back to exponent notation below n', () => {
    expect(quantity(1n, -12, 'DecimalSI').toString()).toBe('1e-12');
    expect(quantity(1n, -10, 'DecimalSI').toString()).toBe('100e-12');
  });
});

describe('TestQuantityParseEmit — pkg/api/resource/quantity_test.go', () => {
  const table: [string, string][] = [
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
  ];
  for (const [input, want] of table) {
    it(`emits ${input} as ${want}`, () => {
      expect(mustParse(input).toString()).toBe(want);
      expect(mustParse(`-${input}`).toString()).toBe(`-${want}`);
    });
  }
});

describe('TestMilliNewSet — pkg/api/resource/quantity_test.go', () => {
  const table: [bigint, QuantityFormat, string, boolean][] = [
    [1n, 'DecimalSI', '1m', true],
    [1000n, 'DecimalSI', '1', true],
    [1234000n, 'DecimalSI', '1234', true],
    [1024n, 'BinarySI', '1024m', false], // Format changes
    [1000000n, 'invalidFormatDefaultsToExponent' as QuantityFormat, '1e3', true],
    [1024n * 1024n, 'BinarySI', '1048576m', false], // Format changes
  ];
  for (const [value, format, want, exact] of table) {
    it(`prints newMilliQuantity(${value}, ${format}) as ${want}`, () => {
      const q = newMilliQuantity(value, format);
      expect(q.toString()).toBe(want);
      if (exact) expect(mustParse(q.toString()).milliValue()).toBe(value);
    });
  }
});

describe('TestNewSet — pkg/api/resource/quantity_test.go', () => {
  const table: [bigint, QuantityFormat, string][] = [
    [1n, 'DecimalSI', '1'],
    [1000n, 'DecimalSI', '1k'],
    [1234000n, 'DecimalSI', '1234k'],
    [1024n, 'BinarySI', '1Ki'],
    [1000000n, 'invalidFormatDefaultsToExponent' as QuantityFormat, '1e6'],
    [1024n * 1024n, 'BinarySI', '1Mi'],
  ];
  for (const [value, format, want] of table) {
    it(`prints newQuantity(${value}, ${format}) as ${want} and round-trips its value`, () => {
      const q = newQuantity(value, format);
      expect(q.toString()).toBe(want);
      expect(mustParse(q.toString()).value()).toBe(value);
    });
  }
});

describe('TestNewScaledSet — pkg/api/resource/quantity_test.go', () => {
  const table: [bigint, number, string][] = [
    [1n, -9, '1n'],
    [1000n, -9, '1u'],
    [1n, -6, '1u'],
    [1000n, -6, '1m'],
    [1n, -3, '1m'],
    [1000n, -3, '1'],
    [1n, 0, '1'],
    [0n, -9, '0'],
    [0n, -6, '0'],
    [0n, -3, '0'],
    [0n, 0, '0'],
  ];
  for (const [value, scale, want] of table) {
    it(`prints newScaledQuantity(${value}, ${scale}) as ${want}`, () => {
      const q = newScaledQuantity(value, scale);
      expect(q.toString()).toBe(want);
      expect(mustParse(q.toString()).scaledValue(scale)).toBe(value);
    });
  }
});

describe('TestScaledValue — pkg/api/resource/quantity_test.go', () => {
  const table: [number, number, bigint][] = [
    [-9, -9, 1n],
    [-9, -6, 1n],
    [-9, -3, 1n],
    [-9, 0, 1n],
    [-6, -9, 1000n],
    [-6, -6, 1n],
    [-6, -3, 1n],
    [-6, 0, 1n],
    [-3, -9, 1000n * 1000n],
    [-3, -6, 1000n],
    [-3, -3, 1n],
    [-3, 0, 1n],
    [0, -9, 1000n * 1000n * 1000n],
    [0, -6, 1000n * 1000n],
    [0, -3, 1000n],
    [0, 0, 1n],
    [2, -2, 100n * 100n],
  ];
  for (const [fromScale, toScale, want] of table) {
    it(`scales 1e${fromScale} to ${want} units of 1e${toScale}`, () => {
      expect(newScaledQuantity(1n, fromScale).scaledValue(toScale)).toBe(want);
    });
  }

  it('rejects a scale that is not an int32', () => {
    expect(() => newScaledQuantity(1n, 0).scaledValue(0.5)).toThrow(RangeError);
    expect(() => newScaledQuantity(1n, 0).scaledValue(MAX_INT32 + 1)).toThrow(RangeError);
  });
});

describe('TestScaledValueInternal — pkg/api/resource/scale_int_test.go', () => {
  // scaledValue(unscaled, inf scale, new inf scale); an inf.Scale is the negated exponent.
  const e100 = 10n ** 100n;
  const table: [bigint, number, number, bigint][] = [
    [1000n, 0, 0, 1000n],
    [-1000n, 0, 0, -1000n],
    [1000n, 0, -3, 1n],
    [1000n, 3, 0, 1n],
    [-1000n, 3, 0, -1n],
    [0n, 3, 0, 0n],
    // scale down rounds away from zero
    [999n, 3, 0, 1n],
    [500n, 3, 0, 1n],
    [499n, 3, 0, 1n],
    [1n, 3, 0, 1n],
    [-1n, 3, 0, -1n],
    [-499n, 3, 0, -1n],
    [-500n, 3, 0, -1n],
    [-999n, 3, 0, -1n],
    [-1500n, 3, 0, -2n],
    [MOST_POSITIVE - 1n, 1, 0, (MOST_POSITIVE - 1n) / 10n + 1n],
    [e100, 100, 0, 1n],
    [-e100, 100, 0, -1n],
    [5n, 19, 0, 1n],
    [-5n, 19, 0, -1n],
    [MOST_NEGATIVE * 1000n, 3, 0, MOST_NEGATIVE],
    // scale up
    [0n, 0, 3, 0n],
    [1n, 0, 3, 1000n],
    [1n, -3, 0, 1000n],
    [1000n, -3, 2, 100000000n],
    [MOST_POSITIVE / 1000n, 0, 3, (MOST_POSITIVE / 1000n) * 1000n],
  ];
  for (const [unscaled, scale, newScale, want] of table) {
    it(`scales ${unscaled}e${-scale} to ${want} units of 1e${-newScale}`, () => {
      // A mantissa outside int64 takes the inf.Dec backend, like Go's big.Int path.
      const value = isInt64(unscaled)
        ? newScaledQuantity(unscaled, -scale)
        : mustParse(`${unscaled}e${-scale}`);
      expect(value.scaledValue(-newScale)).toBe(want);
    });
  }
});

function isInt64(v: bigint): boolean {
  return v >= MOST_NEGATIVE && v <= MOST_POSITIVE;
}

describe('TestNegativeValueRoundsAwayFromZero — pkg/api/resource/quantity_test.go', () => {
  const table: [string, bigint, bigint][] = [
    ['-.484785E-7466', -1n, -1n],
    ['.484785E-7466', 1n, 1n],
    ['-.484785E-1', -1n, -49n],
    ['.484785E-1', 1n, 49n],
    ['-0.0005', -1n, -1n],
    ['0.0005', 1n, 1n],
    ['-1500m', -2n, -1500n],
    ['1500m', 2n, 1500n],
    // exact value is +/-10200547328.1073741824
    ['-9.5000000001Gi', -10200547329n, -10200547328108n],
    ['9.5000000001Gi', 10200547329n, 10200547328108n],
    ['-1', -1n, -1000n],
    ['1', 1n, 1000n],
    ['0', 0n, 0n],
  ];
  for (const [input, value, milli] of table) {
    it(`rounds ${input} away from zero to ${value} and ${milli}m`, () => {
      const q = mustParse(input);
      expect(q.value()).toBe(value);
      expect(q.milliValue()).toBe(milli);
    });
  }
});

describe('TestSub, TestAdd, TestNeg — pkg/api/resource/quantity_test.go', () => {
  const zero = () => newQuantity(0n, 'DecimalSI');
  const subs: [Quantity, Quantity, Quantity][] = [
    [quantity(10n, 0, 'DecimalSI'), quantity(1n, 1, 'DecimalSI'), quantity(0n, 0, 'DecimalSI')],
    [quantity(10n, 0, 'DecimalSI'), quantity(1n, 0, 'BinarySI'), quantity(9n, 0, 'DecimalSI')],
    [quantity(10n, 0, 'BinarySI'), quantity(1n, 0, 'DecimalSI'), quantity(9n, 0, 'BinarySI')],
    [zero(), quantity(50n, 0, 'DecimalSI'), quantity(-50n, 0, 'DecimalSI')],
    [quantity(50n, 0, 'DecimalSI'), zero(), quantity(50n, 0, 'DecimalSI')],
    [zero(), zero(), quantity(0n, 0, 'DecimalSI')],
  ];
  subs.forEach(([a, b, want], i) => {
    it(`subtracts (case ${i})`, () => {
      expect(a.sub(b).cmp(want)).toBe(0);
    });
  });

  const adds: [Quantity, Quantity, Quantity][] = [
    [quantity(10n, 0, 'DecimalSI'), quantity(1n, 1, 'DecimalSI'), quantity(20n, 0, 'DecimalSI')],
    [quantity(10n, 0, 'DecimalSI'), quantity(1n, 0, 'BinarySI'), quantity(11n, 0, 'DecimalSI')],
    [quantity(10n, 0, 'BinarySI'), quantity(1n, 0, 'DecimalSI'), quantity(11n, 0, 'BinarySI')],
    [zero(), quantity(50n, 0, 'DecimalSI'), quantity(50n, 0, 'DecimalSI')],
    [quantity(50n, 0, 'DecimalSI'), zero(), quantity(50n, 0, 'DecimalSI')],
    [zero(), zero(), quantity(0n, 0, 'DecimalSI')],
  ];
  adds.forEach(([a, b, want], i) => {
    it(`adds (case ${i})`, () => {
      expect(a.add(b).cmp(want)).toBe(0);
    });
  });

  it('keeps the format of a non-zero receiver and takes the format of y on a zero one', () => {
    expect(quantity(10n, 0, 'BinarySI').add(quantity(1n, 0, 'DecimalSI')).format).toBe('BinarySI');
    expect(newQuantity(0n, 'DecimalSI').add(mustParse('1Gi')).format).toBe('BinarySI');
    expect(newQuantity(0n, 'DecimalSI').sub(mustParse('1Gi')).format).toBe('BinarySI');
    // A zero that arises from arithmetic also counts as zero for the next operation.
    const computedZero = mustParse('1').sub(mustParse('1'));
    expect(computedZero.add(mustParse('1Ki')).toString()).toBe('1Ki');
  });

  const negs: [Quantity, Quantity][] = [
    [newScaledQuantity(0n, 0), newScaledQuantity(0n, 0)],
    [newQuantity(0n, 'DecimalSI'), newQuantity(0n, 'DecimalSI')],
    [newQuantity(10n, 'BinarySI'), newQuantity(-10n, 'BinarySI')],
    [newQuantity(-10n, 'BinarySI'), newQuantity(10n, 'BinarySI')],
    [quantity(0n, 0, 'DecimalSI'), newQuantity(0n, 'DecimalSI')],
    [quantity(10n, 0, 'BinarySI'), newQuantity(-10n, 'BinarySI')],
    [quantity(-10n, 0, 'BinarySI'), newQuantity(10n, 'BinarySI')],
  ];
  negs.forEach(([a, want], i) => {
    it(`negates (case ${i})`, () => {
      expect(a.neg().cmp(want)).toBe(0);
      expect(a.neg().format).toBe(a.format);
    });
  });
});

describe('TestNegAndSubAtMostNegative — pkg/api/resource/quantity_test.go', () => {
  const want = mustParse('9223372036854775808'); // 2^63
  const check = (got: Quantity) => {
    expect(got.sign()).toBe(1);
    expect(got.toString()).toBe('9223372036854775808');
    expect(got.cmp(want)).toBe(0);
  };

  it('negates mostNegative to 2^63 instead of wrapping', () => {
    check(newScaledQuantity(MOST_NEGATIVE, 0).neg());
  });

  it('subtracts mostNegative from zero to 2^63', () => {
    check(newQuantity(0n, 'DecimalSI').sub(newScaledQuantity(MOST_NEGATIVE, 0)));
  });

  it('subtracts mostNegative from one to 2^63+1', () => {
    const oneSub = newScaledQuantity(1n, 0).sub(newScaledQuantity(MOST_NEGATIVE, 0));
    expect(oneSub.cmp(mustParse('9223372036854775809'))).toBe(0);
    expect(oneSub.toString()).toBe('9223372036854775809');
  });

  it('negates mostNegative+1 to mostPositive', () => {
    expect(
      newScaledQuantity(MOST_NEGATIVE + 1n, 0)
        .neg()
        .value(),
    ).toBe(MOST_POSITIVE);
    expect(
      newQuantity(0n, 'DecimalSI')
        .sub(newScaledQuantity(MOST_NEGATIVE + 1n, 0))
        .value(),
    ).toBe(MOST_POSITIVE);
  });

  it('keeps the scale when negating or subtracting a scaled mostNegative', () => {
    expect(newScaledQuantity(MOST_NEGATIVE, -3).neg().toString()).toBe('9223372036854775808m');
    expect(newScaledQuantity(1n, -3).sub(newScaledQuantity(MOST_NEGATIVE, -3)).toString()).toBe(
      '9223372036854775809m',
    );
    const zeroScaledSub = newQuantity(0n, 'DecimalSI').sub(newScaledQuantity(MOST_NEGATIVE, -3));
    expect(zeroScaledSub.toString()).toBe('9223372036854775808m');
    expect(zeroScaledSub.sign()).toBe(1);
  });
});

describe('TestMostNegativeAtUnrepresentableScaleStaysInt64 — pkg/api/resource/quantity_test.go', () => {
  // Go keeps the wrapped int64 here (the inf.Dec fallback would panic); we pin the same values.
  it('keeps the wrapped value when negating mostNegative at scale MinInt32', () => {
    const q = newScaledQuantity(MOST_NEGATIVE, MIN_INT32).neg();
    expect(q.cmp(newScaledQuantity(MOST_NEGATIVE, MIN_INT32))).toBe(0);
  });

  it('keeps the wrapped value when subtracting it from zero', () => {
    const q = newQuantity(0n, 'DecimalSI').sub(newScaledQuantity(MOST_NEGATIVE, MIN_INT32));
    expect(q.cmp(newScaledQuantity(MOST_NEGATIVE, MIN_INT32))).toBe(0);
  });

  it('keeps the wrapped int64 sum for a non-zero receiver', () => {
    const q = newScaledQuantity(5n, MIN_INT32).sub(newScaledQuantity(MOST_NEGATIVE, MIN_INT32));
    expect(q.cmp(newScaledQuantity(MOST_NEGATIVE + 5n, MIN_INT32))).toBe(0);
  });

  it('stays on the int64 path for a MinInt32-scale receiver and an unalignable pair', () => {
    const a = newScaledQuantity(5n, MIN_INT32).sub(newScaledQuantity(MOST_NEGATIVE, 0));
    expect(a.cmp(newScaledQuantity(MOST_NEGATIVE + 5n, MIN_INT32))).toBe(0);
    const b = newScaledQuantity(1n, MAX_INT32).sub(newScaledQuantity(MOST_NEGATIVE, -1));
    expect(b.cmp(newScaledQuantity(MOST_NEGATIVE + 1n, -1))).toBe(0);
  });
});

describe('TestZeroSubMostNegativePreservesScale, TestSubMostNegativeCrossScale, TestZeroSubMostNegativeInheritsFormat — pkg/api/resource/quantity_test.go', () => {
  it('keeps the subtrahend scale of 100 on 0 - mostNegative', () => {
    const q = newQuantity(0n, 'DecimalSI').sub(newScaledQuantity(MOST_NEGATIVE, 100));
    expect(q.cmp(mustParse('9223372036854775808e100'))).toBe(0);
    expect(q.toString()).toBe('92233720368547758080e99');
    expect(q.asApproximateFloat64()).toBe(9223372036854775808 * 1e100);
  });

  it('computes 10 - mostNegative across scales without wrapping', () => {
    const q = newScaledQuantity(1n, 1).sub(newScaledQuantity(MOST_NEGATIVE, 0));
    expect(q.toString()).toBe('9223372036854775818');
  });

  it('takes the BinarySI format of the subtrahend and prints 2^63 as 8Ei', () => {
    const q = newQuantity(0n, 'DecimalSI').sub(newQuantity(MOST_NEGATIVE, 'BinarySI'));
    expect(q.format).toBe('BinarySI');
    expect(q.toString()).toBe('8Ei');
    expect(q.cmp(mustParse('9223372036854775808'))).toBe(0);
  });
});

describe('TestAddSubRoundTrip, TestAddSubRoundTripAcrossScales, TestNegateRoundTrip — pkg/api/resource/quantity_test.go', () => {
  const int63 = fc.bigInt({ min: 0n, max: MOST_POSITIVE });

  it('cancels 100 additions with the same subtractions at each scale', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10, max: 10 }),
        fc.array(int63, { maxLength: 100 }),
        (k, js) => {
          let q = newQuantity(0n, 'DecimalSI');
          for (const j of js) q = q.add(newScaledQuantity(j, k));
          for (const j of js) q = q.sub(newScaledQuantity(j, k));
          return q.isZero();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('cancels additions and subtractions across scales', () => {
    fc.assert(
      fc.property(fc.array(int63, { maxLength: 100 }), (js) => {
        let q = newQuantity(0n, 'DecimalSI');
        for (const j of js) q = q.add(newScaledQuantity(j, Number(j % 20n) - 10));
        for (const j of js) q = q.sub(newScaledQuantity(j, Number(j % 20n) - 10));
        return q.isZero();
      }),
      { numRuns: 40 },
    );
  });

  it('cancels a double negation', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 10 }), int63, (k, j) => {
        const q = newScaledQuantity(j, k);
        return q.neg().neg().cmp(q) === 0;
      }),
    );
  });
});

describe('TestQuantityAsApproximateFloat64 — pkg/api/resource/quantity_test.go', () => {
  const m7 = 7n * 1024n * 1024n;
  const f7 = 7 * 1024 * 1024;
  const table: [Quantity, number][] = [
    [quantity(0n, 0, 'DecimalSI'), 0],
    [quantity(0n, 0, 'DecimalExponent'), 0],
    [quantity(0n, 0, 'BinarySI'), 0],
    [quantity(0n, 500, 'DecimalSI'), 0],
    [newScaledQuantity(0n, 500), 0],
    [quantity(0n, -500, 'DecimalSI'), 0],
    [newScaledQuantity(0n, -500), 0],
    [quantity(1n, 0, 'DecimalSI'), 1],
    [quantity(1n, 0, 'DecimalExponent'), 1],
    [quantity(1n, 0, 'BinarySI'), 1],
  ];
  for (const format of ['BinarySI', 'DecimalSI', 'DecimalExponent'] as const) {
    table.push(
      [quantity(1024n, 0, format), 1024],
      [quantity(8n * 1024n, 0, format), 8 * 1024],
      [quantity(m7, 0, format), f7],
      [quantity(m7, 1, format), f7 * 10],
      [quantity(m7, 4, format), f7 * 10000],
      [quantity(m7, 8, format), f7 * 100000000],
      // '* Pow10' and '/ float(10)' do not round the same way
      [quantity(m7, -1, format), f7 * 0.1],
      [quantity(m7, -8, format), f7 / 100000000],
    );
  }
  table.push(
    // float64(math.MaxInt64) rounds up to 2^63
    [quantity(MOST_POSITIVE, 0, 'DecimalSI'), 9223372036854775808],
    [quantity(MOST_POSITIVE, 0, 'BinarySI'), 9223372036854775808],
    [quantity(12n, 18, 'DecimalSI'), 1.2e19],
    // infinities caused by float64 overflow
    [quantity(12n, 500, 'DecimalSI'), Infinity],
    [quantity(-12n, 500, 'DecimalSI'), -Infinity],
  );
  table.forEach(([q, want], i) => {
    it(`approximates ${q.format} ${q.toString()} as ${want} (case ${i})`, () => {
      expect(q.asApproximateFloat64()).toBe(want);
    });
  });
});

describe('TestStringQuantityAsApproximateFloat64 — pkg/api/resource/quantity_test.go', () => {
  const table: [string, number][] = [
    ['2Ki', 2048],
    ['1.1Ki', 1126.4],
    ['1Mi', 1.048576e6],
    ['2Gi', 2.147483648e9],
  ];
  for (const [input, want] of table) {
    it(`approximates ${input} as ${want}`, () => {
      expect(mustParse(input).asApproximateFloat64()).toBe(want);
    });
  }

  it('multiplies the stored nano-scale mantissa as Go does', () => {
    // inf.Dec keeps a parsed fractional binary value at scale 9.
    // 3072 × Pow10(-2) would give 30.72; Go multiplies 30720000000 × Pow10(-9).
    expect(mustParse('0.03Ki').asApproximateFloat64()).toBe(30.720000000000002);
    expect(mustParse('100m').asApproximateFloat64()).toBe(100 * 0.001);
  });
});

describe('TestParseQuantity — pkg/api/resource/quantity_test.go', () => {
  // [input, canonical]; an empty canonical means the input re-serialises unchanged.
  const table: [string, string][] = [
    // min/max 18 digits
    ['-999999999999999999', ''],
    ['999999999999999999', ''],
    ['-999999999999999999.0', '-999999999999999999'],
    ['999999999999999999.0', '999999999999999999'],
    ['-999999999999999999.1', '-999999999999999999100m'],
    ['999999999999999999.1', '999999999999999999100m'],
    // min/max 19 digits
    ['-9999999999999999999', ''],
    ['9999999999999999999', ''],
    ['-1E', ''],
    ['1E', ''],
    ['-1000000000000000000', '-1E'],
    ['1000000000000000000', '1E'],
    ['-9999999999999999999.0', '-9999999999999999999'],
    ['9999999999999999999.0', '9999999999999999999'],
    ['-1.0E', '-1E'],
    ['1.0E', '1E'],
    ['-1000000000000000000.0', '-1E'],
    ['1000000000000000000.0', '1E'],
    ['-9999999999999999999000m', '-9999999999999999999'],
    ['9999999999999999999000m', '9999999999999999999'],
    ['-9999999999999999999.1', '-9999999999999999999100m'],
    ['9999999999999999999.1', '9999999999999999999100m'],
    ['-1.0000000000000000001E', '-1000000000000000000100m'],
    ['1.0000000000000000001E', '1000000000000000000100m'],
    ['-1000000000000000000.1', '-1000000000000000000100m'],
    ['1000000000000000000.1', '1000000000000000000100m'],
    ['-1.000000000000000001E', '-1000000000000000001'],
    ['1.000000000000000001E', '1000000000000000001'],
    ['-1000000000000000001', ''],
    ['1000000000000000001', ''],
    // min/max 20 digits
    ['-10E', ''],
    ['10E', ''],
    ['-10000000000000000000', '-10E'],
    ['10000000000000000000', '10E'],
    ['-10.0E', '-10E'],
    ['10.0E', '10E'],
    ['-10000000000000000000.0', '-10E'],
    ['10000000000000000000.0', '10E'],
    ['-10000000000000000000000m', '-10E'],
    ['10000000000000000000000m', '10E'],
    ['-10.0000000000000000001E', '-10000000000000000000100m'],
    ['10.0000000000000000001E', '10000000000000000000100m'],
    ['-10000000000000000000.1', '-10000000000000000000100m'],
    ['10000000000000000000.1', '10000000000000000000100m'],
    ['-10.000000000000000001E', '-10000000000000000001'],
    ['10.000000000000000001E', '10000000000000000001'],
    ['-10000000000000000001', ''],
    ['10000000000000000001', ''],
    // min/max int64 - 1
    ['-9223372036854775809', ''],
    ['9223372036854775806', ''],
    ['-9223372036854775809.0', '-9223372036854775809'],
    ['9223372036854775806.0', '9223372036854775806'],
    ['-9223372036854775809000m', '-9223372036854775809'],
    ['9223372036854775806000m', '9223372036854775806'],
    ['-9223372036854775809.1', '-9223372036854775809100m'],
    ['9223372036854775806.1', '9223372036854775806100m'],
    // min/max int64
    ['-9223372036854775808', ''],
    ['9223372036854775807', ''],
    ['-9223372036854775808.0', '-9223372036854775808'],
    ['9223372036854775807.0', '9223372036854775807'],
    ['-9223372036854775808000m', '-9223372036854775808'],
    ['9223372036854775807000m', '9223372036854775807'],
    ['-9223372036854775808.1', '-9223372036854775808100m'],
    ['9223372036854775807.1', '9223372036854775807100m'],
    // min/max int64 + 1
    ['-9223372036854775807', ''],
    ['9223372036854775808', ''],
    ['-9223372036854775807.0', '-9223372036854775807'],
    ['9223372036854775808.0', '9223372036854775808'],
    ['-9223372036854775807000m', '-9223372036854775807'],
    ['9223372036854775808000m', '9223372036854775808'],
    ['-9223372036854775807.1', '-9223372036854775807100m'],
    ['9223372036854775808.1', '9223372036854775808100m'],
  ];
  for (const [input, canonical] of table) {
    it(`re-serialises ${input} as ${canonical || input}`, () => {
      const q = mustParse(input);
      expect(q.toString()).toBe(canonical || input);
      expect(mustParse(q.toString()).cmp(q)).toBe(0);
    });
  }
});

describe('TestMustParseNearMaxInt64 — pkg/api/resource/quantity_test.go', () => {
  for (const input of ['9223372036854775807', '9223372036854775806', '9223372036854775808']) {
    it(`parses ${input} and prints it back`, () => {
      expect(mustParse(input).toString()).toBe(input);
    });
  }
});

describe('TestParseQuantitySubNanoRoundsUp, TestParseQuantitySubNanoMatchesRound — pkg/api/resource/quantity_subnano_test.go', () => {
  const table: [string, string][] = [
    ['1e-2147483647', '1n'],
    ['-1e-2147483647', '-1n'],
    ['1e-100', '1n'],
    ['-1e-100', '-1n'],
    ['1e-10', '1n'],
    ['9e-10', '1n'],
    ['-9e-10', '-1n'],
    ['1e-9', '1n'],
    ['-1e-9', '-1n'],
    ['2e-9', '2n'],
    ['15e-10', '2n'],
    ['1000000000000000000000e-30', '1n'],
    ['1000000000000000000001e-30', '2n'],
    ['999999999999999999999e-30', '1n'],
    ['0e-2147483647', '0'],
    ['0.0e-100', '0'],
    ['0.00000000000000000000001Ki', '1n'],
  ];
  for (const [input, want] of table) {
    it(`rounds ${input} to ${want}`, () => {
      expect(mustParse(input).cmp(mustParse(want))).toBe(0);
    });
  }

  const emitted: [string, string, QuantityFormat][] = [
    ['1e-100', '1e-9', 'DecimalExponent'],
    ['0.0000000000001', '1n', 'DecimalSI'],
    ['-0.0000000000001', '-1n', 'DecimalSI'],
    ['0.00000000000000000000001Ki', '1n', 'DecimalSI'],
  ];
  for (const [input, want, format] of emitted) {
    it(`emits ${input} as ${want} in ${format}`, () => {
      const q = mustParse(input);
      expect(q.toString()).toBe(want);
      expect(q.format).toBe(format);
    });
  }

  const samePath: [string, string][] = [
    ['1e-100', '9e-10'],
    ['-1e-2147483647', '-9e-10'],
    ['0.0000000000001', '0.0000000009'],
  ];
  for (const [shortcut, roundPath] of samePath) {
    it(`gives ${shortcut} the same representation as ${roundPath}`, () => {
      const a = mustParse(shortcut);
      const b = mustParse(roundPath);
      expect(a.cmp(b)).toBe(0);
      expect(a.format).toBe(b.format);
      expect(a.toString()).toBe(b.toString());
      expect(a.asApproximateFloat64()).toBe(b.asApproximateFloat64());
    });
  }
});

describe('ParseQuantity leniencies and errors — pkg/api/resource/quantity.go', () => {
  // Inputs traced through parseQuantityString and ParseQuantity by hand.
  const accepted: [string, string, QuantityFormat][] = [
    ['.', '0', 'DecimalSI'],
    ['-', '0', 'DecimalSI'],
    ['+', '0', 'DecimalSI'],
    ['-0', '0', 'DecimalSI'],
    ['000', '0', 'DecimalSI'],
    ['k', '0', 'DecimalSI'],
    ['Ki', '0', 'BinarySI'],
    ['e-9', '0', 'DecimalExponent'],
    ['.5', '500m', 'DecimalSI'],
    ['5.', '5.', 'DecimalSI'],
    ['1e+3', '1e+3', 'DecimalExponent'],
    ['1E-3', '1E-3', 'DecimalExponent'],
    ['1E-4', '100e-6', 'DecimalExponent'],
    // Go reuses the input as the canonical string when its int64 fast path sees no redundant
    // zeros, even with a sign, leading zeros or a decimal point.
    ['+1', '+1', 'DecimalSI'],
    ['007', '007', 'DecimalSI'],
    ['1.500', '1.500', 'DecimalSI'],
    ['1.5', '1500m', 'DecimalSI'],
    ['1.5Gi', '1536Mi', 'BinarySI'],
    ['100m', '100m', 'DecimalSI'],
    ['128Mi', '128Mi', 'BinarySI'],
    ['1Ei', '1Ei', 'BinarySI'],
    ['8Ei', '9223372036854775807', 'BinarySI'],
    ['-8Ei', '-9223372036854775807', 'BinarySI'],
    ['1.1Ki', '1126400m', 'BinarySI'],
  ];
  for (const [input, want, format] of accepted) {
    it(`parses ${JSON.stringify(input)} as ${want} (${format})`, () => {
      const q = mustParse(input);
      expect(q.toString()).toBe(want);
      expect(q.format).toBe(format);
    });
  }

  const rejected: [string, string][] = [
    ['', 'ErrFormatWrong'],
    [' ', 'ErrFormatWrong'],
    ['1\t', 'ErrFormatWrong'],
    ['1,5', 'ErrFormatWrong'],
    ['1Mi ', 'ErrFormatWrong'],
    ['1e3.5', 'ErrFormatWrong'],
    ['１', 'ErrFormatWrong'],
    ['1e', 'ErrSuffix'],
    ['1e+', 'ErrSuffix'],
    ['1-', 'ErrSuffix'],
    ['1KI', 'ErrFormatWrong'],
    ['1ki', 'ErrSuffix'],
    ['1mi', 'ErrSuffix'],
    ['1Ee3', 'ErrSuffix'],
    ['1k3', 'ErrSuffix'],
    ['-e-10', 'ErrNumeric'],
    ['e-10', 'ErrNumeric'],
    ['Pi', 'ErrNumeric'],
  ];
  for (const [input, reason] of rejected) {
    it(`rejects ${JSON.stringify(input)} with ${reason}`, () => {
      const err = parseError(input);
      expect(err.reason).toBe(reason);
      expect(err.message).toContain(`'${input}'`);
    });
  }

  it('rejects constructor arguments Go could not hold', () => {
    expect(() => newQuantity(MOST_POSITIVE + 1n, 'DecimalSI')).toThrow(RangeError);
    expect(() => newMilliQuantity(MOST_NEGATIVE - 1n, 'DecimalSI')).toThrow(RangeError);
    expect(() => newScaledQuantity(1n, 1.5)).toThrow(RangeError);
  });

  it('saturates value() at the int64 bounds', () => {
    expect(mustParse('12E').value()).toBe(MOST_POSITIVE);
    expect(mustParse('-12E').value()).toBe(MOST_NEGATIVE);
    expect(mustParse('999999999999999999.1').milliValue()).toBe(MOST_POSITIVE);
    expect(mustParse('1e-2147483647').value()).toBe(1n);
  });
});

// An independent model of a well-formed quantity string: the exact rational value it denotes.
interface Rational {
  num: bigint;
  den: bigint;
}

const DECIMAL_EXPONENTS: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_EXPONENTS: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

function exactValue(sign: string, int: string, frac: string, suffix: string): Rational {
  let num = BigInt((int || '0') + frac) * (sign === '-' ? -1n : 1n);
  let den = 10n ** BigInt(frac.length);
  const decimal = DECIMAL_EXPONENTS[suffix];
  const binary = BINARY_EXPONENTS[suffix];
  const exponent = decimal ?? (binary === undefined ? Number(suffix.slice(1)) : 0);
  if (binary !== undefined) num *= 1n << BigInt(binary);
  else if (exponent >= 0) num *= 10n ** BigInt(exponent);
  else den *= 10n ** BigInt(-exponent);
  return { num, den };
}

// Go's parse result for that value: rounded away from zero to a whole nano, binary capped.
function expectedNano(r: Rational, binary: boolean): bigint {
  const scaled = r.num * 1_000_000_000n;
  let q = scaled / r.den;
  if (q * r.den !== scaled) q += r.num < 0n ? -1n : 1n;
  const cap = MOST_POSITIVE * 1_000_000_000n;
  if (binary && q > cap) return cap;
  if (binary && q < -cap) return -cap;
  return q;
}

const suffixArb = fc.oneof(
  fc.constantFrom(...Object.keys(DECIMAL_EXPONENTS), ...Object.keys(BINARY_EXPONENTS)),
  fc
    .tuple(
      fc.constantFrom('e', 'E'),
      fc.constantFrom('', '+', '-'),
      fc.integer({ min: 0, max: 40 }),
    )
    .map(([e, sign, n]) => `${e}${sign}${n}`),
);
const quantityStringArb = fc.record({
  sign: fc.constantFrom('', '-', '+'),
  int: fc.stringMatching(/^[0-9]{0,22}$/),
  frac: fc.option(fc.stringMatching(/^[0-9]{0,14}$/), { nil: undefined }),
  suffix: suffixArb,
});

function render(p: {
  sign: string;
  int: string;
  frac: string | undefined;
  suffix: string;
}): string {
  return `${p.sign}${p.int}${p.frac === undefined ? '' : `.${p.frac}`}${p.suffix}`;
}

describe('parseQuantity properties', () => {
  it('parses every well-formed string to its exact value rounded up to nano (binary capped)', () => {
    fc.assert(
      fc.property(quantityStringArb, (p) => {
        fc.pre(p.int.length + (p.frac ?? '').length > 0);
        const q = parseQuantity(render(p));
        const binary = p.suffix in BINARY_EXPONENTS;
        const want = expectedNano(exactValue(p.sign, p.int, p.frac ?? '', p.suffix), binary);
        expect(q.cmp(newScaledQuantity(0n, 0).add(nanoQuantity(want)))).toBe(0);
        expect(q.scaledValue(-9)).toBe(
          want > MOST_POSITIVE ? MOST_POSITIVE : want < MOST_NEGATIVE ? MOST_NEGATIVE : want,
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('re-parses String() to an equal quantity, and String() is a fixed point from the second round on', () => {
    // Not from the first: a BinarySI value that is no multiple of 1024 prints without a suffix, which re-parses as
    // DecimalSI. Go's resource.MustParse("31.25Ki").String() is "32000", and MustParse("32000").String() is "32k"
    // (checked with k8s.io/apimachinery v0.35.4).
    expect(parseQuantity('31.25Ki').toString()).toBe('32000');
    expect(parseQuantity('32000').toString()).toBe('32k');
    fc.assert(
      fc.property(quantityStringArb, (p) => {
        fc.pre(p.int.length + (p.frac ?? '').length > 0);
        const q = parseQuantity(render(p));
        const again = parseQuantity(q.toString());
        expect(again.cmp(q)).toBe(0);
        const s = again.toString();
        expect(parseQuantity(s).toString()).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });

  it('treats common spellings identically whatever path they take', () => {
    // The int64 fast path (≤ 18 digits) and the inf.Dec path must agree: pad the same value
    // with zeros until it crosses into the inf.Dec path.
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.constantFrom('', 'm', 'k', 'M', 'Mi', 'Gi', 'Ki'),
        fc.integer({ min: 0, max: 12 }),
        (n, suffix, pad) => {
          const short = parseQuantity(`${n}${suffix}`);
          const long = parseQuantity(`${'0'.repeat(pad)}${n}.${'0'.repeat(pad + 10)}${suffix}`);
          expect(long.cmp(short)).toBe(0);
          expect(long.format).toBe(short.format);
          expect(long.value()).toBe(short.value());
          expect(long.milliValue()).toBe(short.milliValue());
        },
      ),
    );
  });
});

function nanoQuantity(nano: bigint): Quantity {
  return isInt64(nano) ? newScaledQuantity(nano, -9) : parseQuantity(`${nano}n`);
}

const arbitraryQuantity = fc.oneof(
  fc
    .tuple(fc.bigInt({ min: MOST_NEGATIVE, max: MOST_POSITIVE }), fc.integer({ min: -9, max: 24 }))
    .map(([v, s]) => newScaledQuantity(v, s)),
  fc
    .tuple(
      // Not mostNegative: its BinarySI spelling 8Ei parses back capped to 2^63-1 (Go #140674).
      fc.bigInt({ min: MOST_NEGATIVE + 1n, max: MOST_POSITIVE }),
      fc.constantFrom<QuantityFormat>('BinarySI', 'DecimalSI', 'DecimalExponent'),
    )
    .map(([v, f]) => newQuantity(v, f)),
  quantityStringArb
    .filter((p) => p.int.length + (p.frac ?? '').length > 0)
    .map((p) => parseQuantity(render(p))),
);

describe('Quantity arithmetic properties', () => {
  it('add then sub is the identity', () => {
    fc.assert(
      fc.property(arbitraryQuantity, arbitraryQuantity, (a, b) => {
        expect(a.add(b).sub(b).cmp(a)).toBe(0);
        expect(a.sub(b).add(b).cmp(a)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('cmp is antisymmetric and agrees with the sign of the difference', () => {
    fc.assert(
      fc.property(arbitraryQuantity, arbitraryQuantity, (a, b) => {
        expect(a.cmp(b)).toBe(-b.cmp(a) || 0);
        expect(a.cmp(b)).toBe(a.sub(b).sign());
        expect(a.cmp(a)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('prints every quantity as a string that parses back to it', () => {
    fc.assert(
      fc.property(arbitraryQuantity, (q) => {
        expect(parseQuantity(q.toString()).cmp(q)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('negation flips the sign and keeps the format', () => {
    fc.assert(
      fc.property(arbitraryQuantity, (q) => {
        expect(q.neg().sign()).toBe(-q.sign() || 0);
        expect(q.neg().format).toBe(q.format);
        expect(q.neg().add(q).isZero()).toBe(true);
      }),
    );
  });
});
