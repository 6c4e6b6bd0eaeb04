// The API's one input policy for strings and ids (docs/api.md, "Input policy"). Pure rules, so the API's request
// hook, the wire schemas and the tests agree on them.

/** The largest id a Postgres `bigint` (int64) holds: ids above it name no row. */
export const INT64_MAX = 9_223_372_036_854_775_807n;

// C0 controls (U+0000–U+001F), DEL (U+007F) and the C1 controls (U+0080–U+009F).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/**
 * Where `value` holds a control character, or -1. NUL and the other C0/C1 controls mean nothing in a name, a
 * filter or a token, and some (NUL) cannot even be stored in Postgres text. `multiline` allows tab, LF and CR,
 * for free text sent in a request body (a reason, a comment).
 */
export function findControlCharacter(value: string, opts: { multiline?: boolean } = {}): number {
  const m = (opts.multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL).exec(value);
  return m ? m.index : -1;
}

/** Whether `value` is a decimal id that fits a Postgres `bigint` (1 … 2^63−1, no sign, no leading zeros). */
export function isInt64Id(value: string): boolean {
  return /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= INT64_MAX;
}

/**
 * Numbers in parsed cluster data (YAML and text the cluster writes) bounded to what JSON and our wire schemas
 * carry exactly: an integer beyond ±(2^53−1), or an infinity, is clamped to ±(2^53−1); NaN is dropped. Each
 * change is described in `notes` (`path: what it was, what it became`), so a view can say the figure is not the
 * cluster's. Returns a copy; other values are kept as they are.
 */
export function boundParsedNumbers<T>(value: T): { value: T; notes: string[] } {
  const notes: string[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'number') {
      if (Number.isNaN(v)) {
        notes.push(`${path}: not a number; dropped`);
        return undefined;
      }
      if (Number.isInteger(v) && !Number.isSafeInteger(v)) {
        const bound = v > 0 ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
        notes.push(`${path}: ${v} is beyond the exact integer range; shown as ${bound}`);
        return bound;
      }
      if (!Number.isFinite(v)) {
        const bound = v > 0 ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
        notes.push(`${path}: ${v}; shown as ${bound}`);
        return bound;
      }
      return v;
    }
    if (Array.isArray(v))
      return v.map((x, i) => walk(x, `${path}[${i}]`)).filter((x) => x !== undefined);
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const w = walk(x, path ? `${path}.${k}` : k);
        if (w !== undefined) out[k] = w;
      }
      return out;
    }
    return v;
  };
  return { value: walk(value, '') as T, notes };
}
