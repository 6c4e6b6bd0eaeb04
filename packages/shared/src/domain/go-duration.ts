import { quoteGoString as goQuote } from './go-strconv.js';

const NANOS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const INT64_LIMIT = 1n << 63n;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * time.ParseDuration (Go src/time/format.go): parses "300ms", "-1.5h", "1m30s" into nanoseconds,
 * throwing Go's error messages. Fractions are combined in float64 exactly as Go does.
 */
export function parseGoDurationNanos(input: string): bigint {
  const invalid = () => new Error(`time: invalid duration ${goQuote(input)}`);
  let s = input;
  let total = 0n;
  let neg = false;
  if (s !== '') {
    const c = s[0];
    if (c === '-' || c === '+') {
      neg = c === '-';
      s = s.slice(1);
    }
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid();
    // leadingInt
    let i = 0;
    let v = 0n;
    while (isDigit(s[i])) {
      if (v > INT64_LIMIT / 10n) throw invalid();
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > INT64_LIMIT) throw invalid();
      i++;
    }
    const pre = i > 0;
    s = s.slice(i);
    // leadingFraction: digits past int64 precision are consumed but ignored.
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (isDigit(s[j])) {
        if (!overflow) {
          if (f > (INT64_LIMIT - 1n) / 10n) {
            overflow = true;
          } else {
            const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
            if (y > INT64_LIMIT) overflow = true;
            else {
              f = y;
              scale *= 10;
            }
          }
        }
        j++;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    let u = 0;
    while (u < s.length && !(s[u] === '.' || isDigit(s[u]))) u++;
    if (u === 0) throw new Error(`time: missing unit in duration ${goQuote(input)}`);
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = NANOS_PER_UNIT[unitName];
    if (unit === undefined) {
      throw new Error(`time: unknown unit ${goQuote(unitName)} in duration ${goQuote(input)}`);
    }
    if (v > INT64_LIMIT / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // Go: v += uint64(float64(f) * (float64(unit) / scale))
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > INT64_LIMIT) throw invalid();
    }
    total += v;
    if (total > INT64_LIMIT) throw invalid();
  }
  if (neg) return -total;
  if (total > INT64_LIMIT - 1n) throw invalid();
  return total;
}
