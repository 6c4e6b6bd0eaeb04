import type { NodePressureHistory } from '@plimsoll/shared/schemas';

type Sample = NodePressureHistory['samples'][number];

/** The headroom ratios of a pressure sample, one per eviction signal the headroom card draws. */
export const HEADROOM_KEYS = [
  'memoryHeadroomRatio',
  'diskHeadroomRatio',
  'pidHeadroomRatio',
] as const;
export type HeadroomKey = (typeof HEADROOM_KEYS)[number];
/** The chart series of the window before, beside this window's. */
export type PreviousHeadroomKey = `${HeadroomKey}Previous`;

export const previousKey = (k: HeadroomKey): PreviousHeadroomKey => `${k}Previous`;

/** One x position of the headroom chart: headroom in percent of capacity, null where a series has no reading. */
export type HeadroomRow = { t: number } & Partial<
  Record<HeadroomKey | PreviousHeadroomKey, number | null>
>;

/** The window before the page's, and how far it moves forward (the range) to lie on the page's time axis. */
export interface PreviousWindow {
  from: string;
  to: string;
  shiftMs: number;
  /** The range's name ("24h") for legends and summaries. */
  label: string;
}

/** The window to compare with: as long as the page's range, ending where the page's starts. */
export function previousWindow(from: string, rangeMs: number, label: string): PreviousWindow {
  return {
    from: new Date(Date.parse(from) - rangeMs).toISOString(),
    to: from,
    shiftMs: rangeMs,
    label,
  };
}

const percent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

/**
 * The headroom chart's rows in time order: this window's samples, and the previous window's moved forward by
 * `shiftMs` (the range) so that both windows share one time axis. A previous sample that lands on the instant of
 * one of this window's shares its row.
 */
export function headroomChartRows(
  current: readonly Sample[],
  previous: readonly Sample[] | null,
  shiftMs: number,
): HeadroomRow[] {
  const rows = new Map<number, HeadroomRow>();
  for (const s of current) {
    const t = Date.parse(s.at);
    rows.set(t, { t, ...Object.fromEntries(HEADROOM_KEYS.map((k) => [k, percent(s[k])])) });
  }
  for (const s of previous ?? []) {
    const t = Date.parse(s.at) + shiftMs;
    const row = rows.get(t) ?? { t };
    for (const k of HEADROOM_KEYS) row[previousKey(k)] = percent(s[k]);
    rows.set(t, row);
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/**
 * The lowest headroom ratio of each signal over the samples, null for a signal without a reading. The samples are
 * bucket averages, so this is the lowest bucket's average, not the lowest single reading.
 */
export function lowestHeadroom(samples: readonly Sample[]): Record<HeadroomKey, number | null> {
  const lowest: Record<HeadroomKey, number | null> = {
    memoryHeadroomRatio: null,
    diskHeadroomRatio: null,
    pidHeadroomRatio: null,
  };
  for (const s of samples)
    for (const k of HEADROOM_KEYS) {
      const v = s[k];
      const low = lowest[k];
      if (v !== null && (low === null || v < low)) lowest[k] = v;
    }
  return lowest;
}
