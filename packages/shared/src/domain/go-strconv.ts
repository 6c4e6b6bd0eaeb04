const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// strconv.ParseInt (Go src/strconv/atoi.go) with base 10 and bitSize 64
/**
 * Go's `strconv.ParseInt(s, 10, 64)`: an optional `+` or `-`, then one or more decimal digits (leading zeros
 * allowed, no underscores, no spaces, no exponent, no `0x`), within int64. Returns `null` where Go returns an
 * error (syntax or range), so `"1e3"`, `" 5"`, `"0x10"`, `""` and `"9223372036854775808"` are all `null`.
 */
export function parseGoInt64(s: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? null : v;
}

// IsDecimalInteger (k8s.io/apimachinery/pkg/api/validate/content/decimal_int.go)
/**
 * Whether `s` is a canonical decimal integer: `"0"`, or a non-zero integer without leading zeros or a plus
 * sign. Stricter than {@link parseGoInt64}, which reads `"0700"` as 700; it says nothing about range.
 */
export function isDecimalInteger(s: string): boolean {
  return /^(0|-?[1-9][0-9]*)$/.test(s);
}

// strconv.Quote (Go src/strconv/quote.go), for the printable ASCII that configuration values contain
/** A string quoted as Go's `%q` and `strconv.Quote` print it in error messages. */
export function quoteGoString(s: string): string {
  return JSON.stringify(s);
}
