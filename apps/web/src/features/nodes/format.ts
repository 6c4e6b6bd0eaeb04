import type { BadgeTone } from '@/components/badge';
import type { HeadroomProjectionWire } from '@plimsoll/shared/schemas';

import { formatClock, formatSeconds } from '@/lib/format';

/** Headroom ratio bands: below the threshold, under 5 % of capacity, under 15 %, comfortable. */
export const HEADROOM_BANDS = { met: 0, critical: 0.05, warning: 0.15 } as const;

export type HeadroomLevel = 'met' | 'critical' | 'warning' | 'ok' | 'unknown';

export function headroomLevel(ratio: number | null | undefined): HeadroomLevel {
  if (ratio === null || ratio === undefined) return 'unknown';
  if (ratio < HEADROOM_BANDS.met) return 'met';
  if (ratio < HEADROOM_BANDS.critical) return 'critical';
  if (ratio < HEADROOM_BANDS.warning) return 'warning';
  return 'ok';
}

export const HEADROOM_TONES: Record<HeadroomLevel, BadgeTone> = {
  met: 'danger',
  critical: 'danger',
  warning: 'warn',
  ok: 'ok',
  unknown: 'neutral',
};

export const HEADROOM_LABELS: Record<HeadroomLevel, string> = {
  met: 'threshold met',
  critical: 'under 5%',
  warning: 'under 15%',
  ok: '15% or more',
  unknown: 'no reading',
};

export const READY_TONES = { True: 'ok', False: 'danger', Unknown: 'warn' } as const;
export const READY_LABELS = { True: 'Ready', False: 'NotReady', Unknown: 'Unknown' } as const;
export const LEASE_TONES = { fresh: 'ok', late: 'warn', stale: 'danger' } as const;

/** Short names of eviction signals. */
export const SIGNAL_LABELS: Record<string, string> = {
  'memory.available': 'memory',
  'nodefs.available': 'disk',
  'pid.available': 'PIDs',
};

/** Where a signal's headroom is heading, in words: "crosses in 4m 26s (18:42:10)", "rising", "steady". */
export function describeHeadroomTrend(p: HeadroomProjectionWire): {
  text: string;
  tone: BadgeTone;
} {
  if (p.secondsLeft === 0) return { text: 'past the threshold', tone: 'danger' };
  if (p.crossesAt !== null && p.secondsLeft !== null) {
    return {
      text: `crosses in ${formatSeconds(p.secondsLeft)} (${formatClock(p.crossesAt)})`,
      tone: p.secondsLeft < 3_600 ? 'danger' : 'warn',
    };
  }
  if (p.samples < 2) return { text: 'not enough readings for a trend', tone: 'neutral' };
  return { text: p.ratePerHour > 0 ? 'rising' : 'steady', tone: 'ok' };
}
