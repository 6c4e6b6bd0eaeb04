/**
 * `resource.Quantity` of k8s.io/apimachinery (pkg/api/resource: quantity.go, suffix.go, amount.go,
 * math.go, scale_int.go), ported with bigint so that sizes never pass through floating point.
 *
 * Go keeps a quantity either as an `int64Amount` (int64 value × 10^scale) or as an `inf.Dec`
 * (big unscaled × 10^-scale). We keep the same two backends ({@link Quantity} `dec` flag) with the
 * same mantissa and exponent Go would hold, because two observable results depend on them: the
 * string a parse remembers (Go reuses the input as the canonical string in some int64 cases, e.g.
 * `"1.500"` stays `"1.500"`), and {@link Quantity.asApproximateFloat64}, which multiplies the
 * stored mantissa by a power of ten.
 *
 * Ported from the current apimachinery sources and their tests, which include fixes older
 * releases lack: exponents outside int32 are rejected (older: truncated), DecimalSI past E and
 * BinarySI past Ei print in exponent notation (older: the magnitude was dropped), -mostNegative
 * becomes 2^63 (older: wrapped), negative values round away from zero in Value/MilliValue on the
 * inf.Dec path (older: towards +∞, #110653), and sub-nano values reach 1n without building 10^scale.
 *
 * Go's int32 scale arithmetic is reproduced where it yields a finite result (the int64 parse path
 * and int64Amount.Add wrap as Go does); where the wrap would make Go build a number with billions
 * of digits, we compute with exact exponents instead.
 */

/** The three serialisation formats of a quantity (Go `resource.Format`). */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** Which of Go's three parse errors a {@link QuantityParseError} stands for. */
export type QuantityParseErrorReason = 'ErrFormatWrong' | 'ErrNumeric' | 'ErrSuffix';

// splitREString (quantity.go): Go quotes it in ErrFormatWrong's message.
const SPLIT_RE_STRING = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

const GO_ERROR_MESSAGES: Record<QuantityParseErrorReason, string> = {
  ErrFormatWrong: `quantities must match the regular expression '${SPLIT_RE_STRING}'`,
  ErrNumeric: 'unable to parse numeric part of quantity',
  ErrSuffix: "unable to parse quantity's suffix",
};

/**
 * Thrown by {@link parseQuantity} exactly where Go's `ParseQuantity` returns `ErrFormatWrong`,
 * `ErrNumeric` or `ErrSuffix`. The message names the input the way Go's `MustParse` panic does.
 */
export class QuantityParseError extends Error {
  /** The Go error this stands for. */
  readonly reason: QuantityParseErrorReason;
  /** The string that failed to parse. */
  readonly input: string;

  constructor(input: string, reason: QuantityParseErrorReason) {
    super(`cannot parse '${input}': ${GO_ERROR_MESSAGES[reason]}`);
    this.name = 'QuantityParseError';
    this.reason = reason;
    this.input = input;
  }
}

// mostPositive / mostNegative (math.go)
const MOST_POSITIVE = 9223372036854775807n;
const MOST_NEGATIVE = -9223372036854775808n;
const MAX_INT32 = 2147483647;
const MIN_INT32 = -2147483648;
// maxInt64Factors (math.go): digits the int64 fast path of ParseQuantity accepts.
const MAX_INT64_FACTORS = 18;
// log10MaxInt64 (math.go): 10^19 is the first power of ten above mostPositive.
const LOG10_MAX_INT64 = 19;
// Nano (amount.go): parsing keeps values down to 10^-9.
const NANO = -9;
const MILLI = -3;
const NANO_PER_UNIT = 1_000_000_000n;

const POW10_CACHE: bigint[] = [];
for (let i = 0, p = 1n; i <= 40; i++, p *= 10n) POW10_CACHE.push(p);

function pow10(k: number): bigint {
  return k <= 40 ? (POW10_CACHE[k] as bigint) : 10n ** BigInt(k);
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

function isInt64(v: bigint): boolean {
  return v >= MOST_NEGATIVE && v <= MOST_POSITIVE;
}

function saturateInt64(v: bigint): bigint {
  if (v > MOST_POSITIVE) return MOST_POSITIVE;
  if (v < MOST_NEGATIVE) return MOST_NEGATIVE;
  return v;
}

function decimalLength(v: bigint): number {
  return abs(v).toString().length;
}

/**
 * m / 10^k rounded away from zero, and whether no precision was lost (k > 0). Covers
 * negativeScaleInt64 (math.go), inf.Dec.Round(…, inf.RoundUp) and the scale-down branch of
 * scaledValue (scale_int.go), which all round away from zero. A magnitude below 10^k becomes ±1
 * without building 10^k, as Go's sub-nano shortcut does.
 */
function divideAwayFromZero(m: bigint, k: number): [bigint, boolean] {
  if (m === 0n) return [0n, true];
  if (k > LOG10_MAX_INT64 && k > decimalLength(m)) return [m < 0n ? -1n : 1n, false];
  const p = pow10(k);
  const q = m / p;
  if (m % p === 0n) return [q, true];
  return [m < 0n ? q - 1n : q + 1n, false];
}

/** Aligns two mantissas to the smaller exponent (inf.Dec rescale before Add/Sub/Cmp). */
function align(m1: bigint, e1: number, m2: bigint, e2: number): [bigint, bigint, number] {
  if (e1 === e2) return [m1, m2, e1];
  if (e1 > e2) return [m1 * pow10(e1 - e2), m2, e2];
  return [m1, m2 * pow10(e2 - e1), e1];
}

// Go math.Pow10 tables: every entry is an exact decimal constant rounded once to float64.
const POW10_TAB = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31,
];
const POW10_POS_TAB32 = [1, 1e32, 1e64, 1e96, 1e128, 1e160, 1e192, 1e224, 1e256, 1e288];
const POW10_NEG_TAB32 = [
  1, 1e-32, 1e-64, 1e-96, 1e-128, 1e-160, 1e-192, 1e-224, 1e-256, 1e-288, 1e-320,
];

// Pow10 (Go math/pow10.go): reproduced table for table, because a naive 10 ** n rounds
// differently for some n and AsApproximateFloat64 must match Go bit for bit.
function goPow10(n: number): number {
  if (n >= 0 && n <= 308) {
    return (POW10_POS_TAB32[Math.trunc(n / 32)] as number) * (POW10_TAB[n % 32] as number);
  }
  if (n >= -323 && n <= 0) {
    return (POW10_NEG_TAB32[Math.trunc(-n / 32)] as number) / (POW10_TAB[-n % 32] as number);
  }
  return n > 0 ? Infinity : 0;
}

// decSuffixes of newSuffixer (suffix.go), keyed by base-10 exponent.
const DECIMAL_SI_SUFFIXES = new Map<number, string>([
  [-9, 'n'],
  [-6, 'u'],
  [-3, 'm'],
  [0, ''],
  [3, 'k'],
  [6, 'M'],
  [9, 'G'],
  [12, 'T'],
  [15, 'P'],
  [18, 'E'],
]);
// binSuffixes of newSuffixer (suffix.go), indexed by base-1024 exponent.
const BINARY_SI_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

let createQuantity: (
  mantissa: bigint,
  exponent: number,
  dec: boolean,
  format: QuantityFormat,
  cached: string | undefined,
) => Quantity;

/**
 * A fixed-point number: `resource.Quantity`. Immutable; `add`, `sub` and `neg` return new
 * quantities. Build one with {@link parseQuantity}, {@link newQuantity},
 * {@link newMilliQuantity} or {@link newScaledQuantity}.
 */
export class Quantity {
  /** How {@link Quantity.toString} renders the value (Go `Quantity.Format`). */
  readonly format: QuantityFormat;
  // The value is mantissa × 10^exponent; exponent is Go's Scale (the negated inf.Scale).
  private readonly mantissa: bigint;
  private readonly exponent: number;
  // true: Go holds this as an inf.Dec; false: as an int64Amount (mantissa fits an int64).
  private readonly dec: boolean;
  // Go's Quantity.s: the string a parse reused, or the canonical string once computed.
  private cached: string | undefined;

  private constructor(
    mantissa: bigint,
    exponent: number,
    dec: boolean,
    format: QuantityFormat,
    cached: string | undefined,
  ) {
    this.mantissa = mantissa;
    this.exponent = exponent;
    this.dec = dec;
    this.format = format;
    this.cached = cached;
  }

  static {
    createQuantity = (mantissa, exponent, dec, format, cached) =>
      new Quantity(mantissa, exponent, dec, format, cached);
  }

  // Value (quantity.go)
  /** The value rounded to an integer away from zero; saturates at the int64 bounds. */
  value(): bigint {
    return this.scaledValue(0);
  }

  // MilliValue (quantity.go)
  /** ceil(q × 1000) away from zero; saturates at the int64 bounds. */
  milliValue(): bigint {
    return this.scaledValue(MILLI);
  }

  // ScaledValue (quantity.go), int64Amount.AsScaledInt64 (amount.go), scaledValue (scale_int.go)
  /**
   * The value in units of 10^scale (scale -3 is milli), rounded away from zero. Go documents an
   * overflowing result as undefined; both of its backends saturate at the int64 bounds, and so do we.
   */
  scaledValue(scale: number): bigint {
    assertScale(scale);
    const m = this.mantissa;
    if (m === 0n) return 0n;
    const delta = this.exponent - scale;
    // Only an inf.Dec mantissa can still exceed int64 after scaling down.
    if (delta < 0) return saturateInt64(divideAwayFromZero(m, -delta)[0]);
    // 10^19 already exceeds int64, so any non-zero value saturates without building 10^delta.
    if (delta >= LOG10_MAX_INT64) return m < 0n ? MOST_NEGATIVE : MOST_POSITIVE;
    return saturateInt64(m * pow10(delta));
  }

  // String (quantity.go)
  /** The canonical form (Go `String()`), or the parsed input when Go reuses it as canonical. */
  toString(): string {
    if (this.cached === undefined) this.cached = this.canonicalize();
    return this.cached;
  }

  // MarshalJSON (quantity.go)
  /** JSON form: the same string as {@link Quantity.toString}, as Go's MarshalJSON writes it. */
  toJSON(): string {
    return this.toString();
  }

  // Cmp (quantity.go), int64Amount.Cmp and cmpDec (amount.go)
  /** -1, 0 or 1 as this quantity is less than, equal to or greater than `other`. */
  cmp(other: Quantity): -1 | 0 | 1 {
    const m1 = this.mantissa;
    const m2 = other.mantissa;
    const e1 = this.exponent;
    const e2 = other.exponent;
    if (e1 === e2) return m1 === m2 ? 0 : m1 < m2 ? -1 : 1;
    const s1 = bigintSign(m1);
    const s2 = bigintSign(m2);
    if (s1 !== s2) return s1 > s2 ? 1 : -1;
    if (s1 === 0) return 0;
    // Like cmpDec, settle far-apart magnitudes from their digit counts instead of building
    // 10^(e1-e2), which a parsed exponent can make astronomically large.
    if (Math.abs(e1 - e2) > 40) {
      const top1 = decimalLength(m1) + e1;
      const top2 = decimalLength(m2) + e2;
      if (top1 !== top2) return (top1 > top2 ? s1 : -s1) as -1 | 1;
    }
    const [a, b] = align(m1, e1, m2, e2);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  // Add (quantity.go), int64Amount.Add (amount.go)
  /** this + y. A zero receiver takes y's format, as Go's Add does. */
  add(y: Quantity): Quantity {
    const format = this.mantissa === 0n ? y.format : this.format;
    if (!this.dec && !y.dec) {
      const sum = int64AmountAdd(this.mantissa, this.exponent, y.mantissa, y.exponent);
      if (sum !== undefined) return createQuantity(sum[0], sum[1], false, format, undefined);
    }
    const [a, b, e] = align(this.mantissa, this.exponent, y.mantissa, y.exponent);
    return createQuantity(a + b, e, true, format, undefined);
  }

  // Sub (quantity.go), int64Amount.Sub (amount.go)
  /** this − y. A zero receiver takes y's format, as Go's Sub does. */
  sub(y: Quantity): Quantity {
    const format = this.mantissa === 0n ? y.format : this.format;
    if (!this.dec && !y.dec) {
      if (this.mantissa === 0n && y.mantissa === MOST_NEGATIVE) {
        // 0 - y is -y with y's own scale; Go negates a copy of y rather than aligning scales.
        return negateInt64Amount(y.mantissa, y.exponent, format);
      }
      // -mostNegative overflows int64, so Go moves to inf.Dec when both scales can align there.
      const fallBack = y.mantissa === MOST_NEGATIVE && canAlignInfScale(this.exponent, y.exponent);
      if (!fallBack) {
        const negated = BigInt.asIntN(64, -y.mantissa);
        const diff = int64AmountAdd(this.mantissa, this.exponent, negated, y.exponent);
        if (diff !== undefined) return createQuantity(diff[0], diff[1], false, format, undefined);
      }
    }
    const [a, b, e] = align(this.mantissa, this.exponent, y.mantissa, y.exponent);
    return createQuantity(a - b, e, true, format, undefined);
  }

  // Neg (quantity.go)
  /** −this, in the same format. */
  neg(): Quantity {
    if (this.dec) {
      return createQuantity(-this.mantissa, this.exponent, true, this.format, undefined);
    }
    return negateInt64Amount(this.mantissa, this.exponent, this.format);
  }

  // IsZero (quantity.go)
  /** Whether the value is zero. */
  isZero(): boolean {
    return this.mantissa === 0n;
  }

  // Sign (quantity.go)
  /** -1, 0 or 1 by the sign of the value. */
  sign(): -1 | 0 | 1 {
    return bigintSign(this.mantissa);
  }

  // AsApproximateFloat64 (quantity.go)
  /**
   * A float64 approximation (mantissa × Pow10(exponent), bit-identical to Go), ±Infinity beyond
   * the float64 range. Zero is zero whatever its exponent.
   */
  asApproximateFloat64(): number {
    if (this.mantissa === 0n) return 0;
    const base = Number(this.mantissa);
    if (this.exponent === 0) return base;
    return base * goPow10(this.exponent);
  }

  // CanonicalizeBytes (quantity.go)
  private canonicalize(): string {
    const m = this.mantissa;
    if (m === 0n) return '0';
    let format: QuantityFormat = this.format;
    let rounded = 0n;
    if (format === 'BinarySI') {
      if (this.cmp(MINUS_1024) > 0 && this.cmp(PLUS_1024) < 0) {
        // Below 1Ki in magnitude a binary suffix never applies; DecimalSI avoids rounding.
        format = 'DecimalSI';
      } else {
        // AsScale(0): round to an integer away from zero; inexact values stay DecimalSI.
        let exact = true;
        if (this.exponent >= 0) rounded = m * pow10(this.exponent);
        else [rounded, exact] = divideAwayFromZero(m, -this.exponent);
        if (!exact) format = 'DecimalSI';
      }
    } else if (format !== 'DecimalSI' && format !== 'DecimalExponent') {
      format = 'DecimalExponent';
    }

    if (format !== 'BinarySI') return this.canonicalDecimal(format);

    // AsCanonicalBase1024Bytes (amount.go)
    let amount = rounded;
    let times = 0;
    while (amount % 1024n === 0n) {
      amount /= 1024n;
      times++;
    }
    if (times === 0) return amount.toString();
    const suffix = BINARY_SI_SUFFIXES[times];
    if (suffix !== undefined) return amount.toString() + suffix;
    // Past Ei there is no binary suffix; Go falls back to exact decimal exponent notation
    // rather than dropping the magnitude (2^70 would otherwise print as "1").
    return this.canonicalDecimal('DecimalExponent');
  }

  // AsCanonicalBytes (amount.go) + quantitySuffixer.constructBytes (suffix.go)
  private canonicalDecimal(format: 'DecimalSI' | 'DecimalExponent'): string {
    let amount = this.mantissa;
    let exponent = this.exponent;
    // removeInt64Factors / removeBigIntFactors: move factors of ten into the exponent.
    while (amount % 10n === 0n) {
      amount /= 10n;
      exponent++;
    }
    // Make the exponent a multiple of three (Go's % keeps the dividend's sign, as JS's does).
    const rem = exponent % 3;
    if (rem === 1 || rem === -2) {
      amount *= 10n;
      exponent -= 1;
    } else if (rem === 2 || rem === -1) {
      amount *= 100n;
      exponent -= 2;
    }
    const number = amount.toString();
    if (format === 'DecimalSI') {
      const suffix = DECIMAL_SI_SUFFIXES.get(exponent);
      // DecimalSI has no suffix below n or above E: Go falls back to exponent notation.
      if (suffix !== undefined) return number + suffix;
    }
    return exponent === 0 ? number : `${number}e${exponent}`;
  }
}

// CmpInt64(±1024) operands of CanonicalizeBytes.
const PLUS_1024 = createQuantity(1024n, 0, false, 'DecimalSI', undefined);
const MINUS_1024 = createQuantity(-1024n, 0, false, 'DecimalSI', undefined);

function bigintSign(v: bigint): -1 | 0 | 1 {
  return v === 0n ? 0 : v > 0n ? 1 : -1;
}

function assertScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < MIN_INT32 || scale > MAX_INT32) {
    throw new RangeError(`scale must be an int32 power of ten, got ${scale}`);
  }
}

function assertInt64(name: string, value: bigint): void {
  if (!isInt64(value)) throw new RangeError(`${name} must fit an int64, got ${value}`);
}

// Scale.canInfScale / canAlignInfScale (amount.go)
function canAlignInfScale(s: number, other: number): boolean {
  if (s === MIN_INT32 || other === MIN_INT32) return false;
  return Math.abs(s - other) <= MAX_INT32;
}

// Neg of an int64Amount (quantity.go): -mostNegative moves to inf.Dec unless its scale cannot be
// represented there, in which case Go keeps the wrapped int64.
function negateInt64Amount(m: bigint, e: number, format: QuantityFormat): Quantity {
  if (m === MOST_NEGATIVE && e !== MIN_INT32) return createQuantity(-m, e, true, format, undefined);
  return createQuantity(BigInt.asIntN(64, -m), e, false, format, undefined);
}

// positiveScaleInt64 (math.go): base × 10^scale, or undefined when that overflows int64. Go's
// loop does not run for a negative scale, so that returns base unchanged.
function positiveScaleInt64(base: bigint, scale: number): bigint | undefined {
  if (base === 0n || scale <= 0) return base;
  if (scale >= LOG10_MAX_INT64) return undefined;
  const r = base * pow10(scale);
  return isInt64(r) ? r : undefined;
}

// int64Amount.Add (amount.go): undefined where Go returns false and falls back to inf.Dec. The
// scale difference is an int32 subtraction in Go; it only wraps for scales near MinInt32/MaxInt32,
// which only newScaledQuantity can produce, and we wrap it the same way.
function int64AmountAdd(
  av: bigint,
  as: number,
  bv: bigint,
  bs: number,
): [bigint, number] | undefined {
  if (bv === 0n) return [av, as];
  if (av === 0n) return [bv, bs];
  if (as === bs) {
    const c = av + bv;
    return isInt64(c) ? [c, as] : undefined;
  }
  if (as > bs) {
    const c = positiveScaleInt64(av, (as - bs) | 0);
    if (c === undefined) return undefined;
    const sum = c + bv;
    return isInt64(sum) ? [sum, bs] : undefined;
  }
  const c = positiveScaleInt64(bv, (bs - as) | 0);
  if (c === undefined) return undefined;
  const sum = av + c;
  return isInt64(sum) ? [sum, as] : undefined;
}

interface Interpreted {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

const FAST_SUFFIXES = new Map<string, Interpreted>([
  ['', { base: 10, exponent: 0, format: 'DecimalSI' }],
  ['n', { base: 10, exponent: -9, format: 'DecimalSI' }],
  ['u', { base: 10, exponent: -6, format: 'DecimalSI' }],
  ['m', { base: 10, exponent: -3, format: 'DecimalSI' }],
  ['k', { base: 10, exponent: 3, format: 'DecimalSI' }],
  ['M', { base: 10, exponent: 6, format: 'DecimalSI' }],
  ['G', { base: 10, exponent: 9, format: 'DecimalSI' }],
  ['T', { base: 10, exponent: 12, format: 'DecimalSI' }],
  ['P', { base: 10, exponent: 15, format: 'DecimalSI' }],
  ['E', { base: 10, exponent: 18, format: 'DecimalSI' }],
  ['Ki', { base: 2, exponent: 10, format: 'BinarySI' }],
  ['Mi', { base: 2, exponent: 20, format: 'BinarySI' }],
  ['Gi', { base: 2, exponent: 30, format: 'BinarySI' }],
  ['Ti', { base: 2, exponent: 40, format: 'BinarySI' }],
  ['Pi', { base: 2, exponent: 50, format: 'BinarySI' }],
  ['Ei', { base: 2, exponent: 60, format: 'BinarySI' }],
]);

// suffixHandler.interpret (suffix.go)
function interpretSuffix(s: string): Interpreted | undefined {
  const known = FAST_SUFFIXES.get(s);
  if (known !== undefined) return known;
  const c0 = s.charCodeAt(0);
  if (s.length > 1 && (c0 === 69 || c0 === 101)) {
    // strconv.ParseInt(s[1:], 10, 64): optional sign, then at least one decimal digit.
    let i = 1;
    let negative = false;
    const sign = s.charCodeAt(1);
    if (sign === 43 || sign === 45) {
      negative = sign === 45;
      i = 2;
    }
    if (i >= s.length) return undefined;
    let magnitude = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      // Capped so the accumulator stays exact; anything past MaxInt32 is rejected below.
      magnitude = Math.min(magnitude * 10 + c, MAX_INT32 + 1);
    }
    // Since the int32-bounds fix an exponent outside [-MaxInt32, MaxInt32] is rejected;
    // older releases truncated it with int32(parsed) (1e4294967297 parsed as 1e1).
    if (magnitude > MAX_INT32) return undefined;
    return { base: 10, exponent: negative ? -magnitude : magnitude, format: 'DecimalExponent' };
  }
  return undefined;
}

function isSuffixChar(c: number): boolean {
  // "eEinumkKMGTP"
  return (
    c === 101 ||
    c === 69 ||
    c === 105 ||
    c === 110 ||
    c === 117 ||
    c === 109 ||
    c === 107 ||
    c === 75 ||
    c === 77 ||
    c === 71 ||
    c === 84 ||
    c === 80
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

// ParseQuantity + parseQuantityString (quantity.go)
/**
 * Parses a quantity string exactly as Go's `resource.ParseQuantity` does, including its
 * leniencies (`"."`, `"-"`, `"1."`, `"k"` all parse) and its rounding of anything finer than
 * 1n up to the next nano unit away from zero. Binary quantities are capped at 2^63-1.
 *
 * @throws {QuantityParseError} where Go returns ErrFormatWrong, ErrNumeric or ErrSuffix.
 */
export function parseQuantity(str: string): Quantity {
  const end = str.length;
  if (end === 0) throw new QuantityParseError(str, 'ErrFormatWrong');
  if (str === '0') return createQuantity(0n, 0, false, 'DecimalSI', '0');

  // parseQuantityString: positions into str instead of substrings until they are needed.
  let positive = true;
  let pos = 0;
  const c0 = str.charCodeAt(0);
  if (c0 === 45) {
    positive = false;
    pos++;
  } else if (c0 === 43) {
    pos++;
  }
  while (pos < end && str.charCodeAt(pos) === 48) pos++;

  let numStart = pos;
  let numEnd = pos;
  let denomStart = 0;
  let denomEnd = 0;
  let valueEnd = end;
  let suffix = '';
  if (pos >= end) {
    // Only zeros (or nothing) after the sign: Go returns num "0" and value "0".
    numStart = numEnd = 0;
    valueEnd = -1;
  } else {
    while (numEnd < end && isDigit(str.charCodeAt(numEnd))) numEnd++;
    pos = numEnd;
    if (pos < end && str.charCodeAt(pos) === 46) {
      pos++;
      denomStart = denomEnd = pos;
      while (denomEnd < end && isDigit(str.charCodeAt(denomEnd))) denomEnd++;
      pos = denomEnd;
    }
    valueEnd = pos;
    if (pos < end) {
      const suffixStart = pos;
      while (pos < end && isSuffixChar(str.charCodeAt(pos))) pos++;
      if (pos < end) {
        const c = str.charCodeAt(pos);
        if (c === 45 || c === 43) pos++;
        while (pos < end && isDigit(str.charCodeAt(pos))) pos++;
        // A character that is neither a suffix letter, an exponent sign nor a digit.
        if (pos < end) throw new QuantityParseError(str, 'ErrFormatWrong');
      }
      suffix = str.slice(suffixStart);
    }
  }

  const interpreted = interpretSuffix(suffix);
  if (interpreted === undefined) throw new QuantityParseError(str, 'ErrSuffix');
  const { base, exponent } = interpreted;
  let format = interpreted.format;

  // An empty numerator counts as "0" (one digit) in Go's length arithmetic.
  const numLen = numEnd - numStart;
  const effectiveNumLen = numLen === 0 ? 1 : numLen;
  const denomLen = denomEnd - denomStart;

  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denomLen === 0) {
      mantissa = 1n << BigInt(exponent);
      // Go: 15 - len(num) - int32(float32(exponent)*3/10) - 1; exact for exponents 10..60.
      precision = 15 - effectiveNumLen - Math.trunc((exponent * 3) / 10) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = MAX_INT64_FACTORS - (effectiveNumLen + denomLen);
  }

  if (precision >= 0) {
    // Go subtracts in int32, so a scale just past MinInt32 wraps to a large positive one.
    scale = (scale - denomLen) | 0;
    if (scale >= NANO) {
      const shiftedLen = effectiveNumLen + denomLen;
      // At most 18 digits: exact as a double up to 15, as a bigint beyond.
      let value: bigint;
      let lowBits: number;
      if (shiftedLen <= 15) {
        let n = 0;
        for (let i = numStart; i < numEnd; i++) n = n * 10 + (str.charCodeAt(i) - 48);
        for (let i = denomStart; i < denomEnd; i++) n = n * 10 + (str.charCodeAt(i) - 48);
        value = BigInt(n);
        lowBits = n % 8;
      } else {
        value = BigInt(str.slice(numStart, numEnd) + str.slice(denomStart, denomEnd));
        lowBits = Number(value & 7n);
      }
      const result = value * mantissa;
      if (isInt64(result)) {
        const signed = positive ? result : -result;
        let reuse: boolean;
        if (format === 'BinarySI') {
          // Go: exponent%10 == 0 && value&0x07 != 0
          reuse = exponent % 10 === 0 && lowBits !== 0;
        } else {
          // Go: scale%3 == 0 && !strings.HasSuffix(shifted, "000") && shifted[0] != '0'
          reuse =
            scale % 3 === 0 &&
            numLen > 0 &&
            !endsWithThreeZeros(str, numStart, numEnd, denomStart, denomEnd);
        }
        return createQuantity(signed, scale, false, format, reuse ? str : undefined);
      }
    }
  }

  // inf.Dec SetString on value = str[0:pos]: an optional sign, digits, at most one point.
  let digits = '';
  let pointDigits = 0;
  if (valueEnd === -1) {
    digits = '0';
  } else {
    let seenPoint = false;
    const valueStart = c0 === 45 || c0 === 43 ? 1 : 0;
    for (let i = valueStart; i < valueEnd; i++) {
      const c = str.charCodeAt(i);
      if (c === 46) seenPoint = true;
      else {
        digits += str[i];
        if (seenPoint) pointDigits++;
      }
    }
  }
  if (digits.length === 0) throw new QuantityParseError(str, 'ErrNumeric');
  // Go takes the magnitude here, rounds and caps it, and restores the sign at the end.
  let magnitude = BigInt(digits);
  // infScale: digits after the point, then the suffix folded in.
  let infScale = pointDigits;
  if (base === 10) infScale -= exponent;
  else magnitude <<= BigInt(exponent);

  // Round non-zero magnitudes up to the nano scale (inf.RoundUp); Round always yields scale 9.
  if (magnitude !== 0n) {
    if (infScale > -NANO) {
      magnitude = divideAwayFromZero(magnitude, infScale + NANO)[0];
    } else if (infScale < -NANO) {
      magnitude *= pow10(-NANO - infScale);
    }
    infScale = -NANO;
  }
  if (format === 'BinarySI') {
    if (magnitude !== 0n && magnitude > MOST_POSITIVE * NANO_PER_UNIT) {
      // The cap is maxAllowed, an inf.Dec of 2^63-1 at scale 0.
      magnitude = MOST_POSITIVE;
      infScale = 0;
    } else if (magnitude !== 0n && magnitude < NANO_PER_UNIT) {
      // Between 0 and 1 a binary suffix cannot apply.
      format = 'DecimalSI';
    }
  }
  return createQuantity(positive ? magnitude : -magnitude, -infScale, true, format, undefined);
}

function endsWithThreeZeros(
  str: string,
  numStart: number,
  numEnd: number,
  denomStart: number,
  denomEnd: number,
): boolean {
  // shifted = num + denom; look at its last three characters across both parts.
  let zeros = 0;
  for (let i = denomEnd - 1; i >= denomStart && zeros < 3; i--) {
    if (str.charCodeAt(i) !== 48) return false;
    zeros++;
  }
  for (let i = numEnd - 1; i >= numStart && zeros < 3; i--) {
    if (str.charCodeAt(i) !== 48) return false;
    zeros++;
  }
  return zeros === 3;
}

// NewQuantity (quantity.go)
/** `value` (an int64) in the given format. */
export function newQuantity(value: bigint, format: QuantityFormat): Quantity {
  assertInt64('value', value);
  return createQuantity(value, 0, false, format, undefined);
}

// NewMilliQuantity (quantity.go)
/**
 * `milli` / 1000 in the given format. BinarySI renders fractional values as DecimalSI, and values
 * strictly between -1 and 1 too.
 */
export function newMilliQuantity(milli: bigint, format: QuantityFormat): Quantity {
  assertInt64('milli', milli);
  return createQuantity(milli, MILLI, false, format, undefined);
}

// NewScaledQuantity (quantity.go)
/** `value` × 10^`scale` in DecimalSI format. */
export function newScaledQuantity(value: bigint, scale: number): Quantity {
  assertInt64('value', value);
  assertScale(scale);
  return createQuantity(value, scale, false, 'DecimalSI', undefined);
}
