import type { EvictionHistogramResponse } from '@plimsoll/shared/schemas';

/**
 * The previous window's counts laid on this window's buckets: each previous bucket moves forward by the distance
 * between the windows' starts and lands in the bucket of this window that holds its start (both are counted in
 * the same bucket width). Keyed by this window's bucket start (epoch ms).
 */
export function alignPreviousWindow(
  current: EvictionHistogramResponse,
  previous: EvictionHistogramResponse,
): Map<number, number> {
  const bucketMs = current.bucketSeconds * 1000;
  const shift = Date.parse(current.from) - Date.parse(previous.from);
  const aligned = new Map<number, number>();
  for (const b of previous.buckets) {
    const t = Math.floor((Date.parse(b.start) + shift) / bucketMs) * bucketMs;
    aligned.set(t, (aligned.get(t) ?? 0) + b.total);
  }
  return aligned;
}
