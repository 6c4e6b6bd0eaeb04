import type { BadgeTone } from '@/components/badge';

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 → "1.5 KiB". */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const sign = n < 0 ? '−' : '';
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < BINARY.length - 1) {
    v /= 1024;
    i++;
  }
  return `${sign}${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${BINARY[i]}`;
}

/** Millicores → "1.25 cores" / "250m". */
export function formatMilli(m: number | null | undefined): string {
  if (m === null || m === undefined) return '—';
  return m >= 1000 ? `${(m / 1000).toFixed(m % 1000 === 0 ? 0 : 2)}` : `${Math.round(m)}m`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString('en-US');
}

/** A value of `unit` (bytes, millicores, count). */
export function formatQuantity(
  v: number | null | undefined,
  unit: 'bytes' | 'millicores' | 'count',
): string {
  return unit === 'bytes'
    ? formatBytes(v)
    : unit === 'millicores'
      ? formatMilli(v)
      : formatCount(v);
}

export function formatPercent(ratio: number | null | undefined, digits = 0): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** 75 → "1m 15s"; 90000 → "1d 1h". */
export function formatAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

export function secondsSince(iso: string | null | undefined, now = Date.now()): number | null {
  return iso ? Math.max(0, (now - new Date(iso).getTime()) / 1000) : null;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString('en-GB', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

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
