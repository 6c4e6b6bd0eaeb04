import {
  EVICTION_HISTOGRAM_MAX_BUCKETS,
  type EvictionHistogramQuery,
  type EvictionHistogramResponse,
} from '@plimsoll/shared/schemas';

import { AppError } from '../errors/app-error.js';
import { toEvictionFilter, type EvictionQueryInput } from './eviction-query.js';

/** Round bucket widths, seconds. */
const NICE_BUCKETS = [
  60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800,
];
/** The auto width aims at no more buckets than this. */
const TARGET_BUCKETS = 120;
/** Groups shown by name; the rest are summed as `(other)`. */
const MAX_GROUPS = 12;
export const OTHER_GROUP = '(other)';

/** The smallest round width that splits `rangeMs` into at most ~120 buckets. */
export function pickBucketSeconds(rangeMs: number): number {
  for (const s of NICE_BUCKETS) if (rangeMs / (s * 1000) <= TARGET_BUCKETS) return s;
  return NICE_BUCKETS[NICE_BUCKETS.length - 1] as number;
}

/** Evictions counted per time bucket (aligned to UTC multiples of the width), optionally split by a field. */
export async function getEvictionHistogram(
  input: EvictionQueryInput<EvictionHistogramQuery>,
): Promise<EvictionHistogramResponse> {
  const { query } = input;
  const filter = toEvictionFilter(input.cluster, query, input.scope, input.now);
  const rangeMs = filter.to.getTime() - filter.from.getTime();
  const bucketSeconds = query.bucket ?? pickBucketSeconds(rangeMs);
  const firstBucket = Math.floor(filter.from.getTime() / 1000 / bucketSeconds);
  const lastBucket = Math.ceil(filter.to.getTime() / 1000 / bucketSeconds) - 1;
  const count = lastBucket - firstBucket + 1;
  if (count > EVICTION_HISTOGRAM_MAX_BUCKETS) {
    throw new AppError(
      'VALIDATION_FAILED',
      `That gives ${count} buckets; at most ${EVICTION_HISTOGRAM_MAX_BUCKETS}. Use a wider bucket or a shorter range.`,
    );
  }
  const groupBy = query.groupBy ?? null;
  const rows = await input.repo.countEvictionsByBucket(filter, bucketSeconds, groupBy);

  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.key, (totals.get(r.key) ?? 0) + Number(r.n));
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const named = new Set(
    ranked.slice(0, ranked.length > MAX_GROUPS ? MAX_GROUPS - 1 : MAX_GROUPS).map(([k]) => k),
  );
  const groups = ranked.filter(([k]) => named.has(k)).map(([key, total]) => ({ key, total }));
  const otherTotal = ranked.filter(([k]) => !named.has(k)).reduce((s, [, n]) => s + n, 0);
  if (otherTotal > 0) groups.push({ key: OTHER_GROUP, total: otherTotal });

  const buckets = Array.from({ length: count }, (_, i) => ({
    start: new Date((firstBucket + i) * bucketSeconds * 1000).toISOString(),
    total: 0,
    counts: {} as Record<string, number>,
  }));
  let total = 0;
  for (const r of rows) {
    const b = buckets[Number(r.bucket) - firstBucket];
    if (!b) continue;
    const n = Number(r.n);
    b.total += n;
    total += n;
    if (groupBy) {
      const key = named.has(r.key) ? r.key : OTHER_GROUP;
      b.counts[key] = (b.counts[key] ?? 0) + n;
    }
  }
  return {
    from: filter.from.toISOString(),
    to: filter.to.toISOString(),
    bucketSeconds,
    groupBy,
    groups: groupBy ? groups : [],
    buckets,
    total,
  };
}
