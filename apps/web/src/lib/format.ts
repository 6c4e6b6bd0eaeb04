import { parseQuantity } from '@plimsoll/shared/domain';

import { getTimeZone, type TimeZoneChoice } from './time-zone';

/**
 * The one place numbers, quantities, durations and dates become text. Dates follow the UTC/local
 * choice in the header ({@link getTimeZone}); every function takes the zone as an optional last
 * argument so tests can pin it.
 */

const NONE = '—';
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

const isNumber = (n: number | null | undefined): n is number =>
  n !== null && n !== undefined && Number.isFinite(n);

/** 1536 → "1.5 KiB"; 33756615552 → "31.4 GiB". */
export function formatBytes(n: number | null | undefined): string {
  if (!isNumber(n)) return NONE;
  const sign = n < 0 ? '−' : '';
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < BINARY.length - 1) {
    v /= 1024;
    i++;
  }
  // 1023.96 MiB would print as "1024 MiB" at one decimal: carry into the next unit.
  if (i > 0 && i < BINARY.length - 1 && Number(v.toFixed(v >= 100 ? 0 : 1)) >= 1024) {
    v /= 1024;
    i++;
  }
  return `${sign}${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${BINARY[i]}`;
}

/** Millicores → "250m", "1.25" (cores), "4". */
export function formatMilli(m: number | null | undefined): string {
  if (!isNumber(m)) return NONE;
  if (Math.abs(m) < 1000) return `${Math.round(m)}m`;
  return m % 1000 === 0 ? String(m / 1000) : String(Number((m / 1000).toFixed(2)));
}

/** 12345 → "12,345". */
export function formatCount(n: number | null | undefined): string {
  if (!isNumber(n)) return NONE;
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** How a resource's amounts read: memory and storage in bytes, CPU in millicores, the rest counted. */
export type AmountUnit = 'bytes' | 'millicores' | 'count';

/** A number of `unit`. */
export function formatAmount(v: number | null | undefined, unit: AmountUnit | null): string {
  return unit === 'bytes'
    ? formatBytes(v)
    : unit === 'millicores'
      ? formatMilli(v)
      : formatCount(v);
}

/**
 * The unit of a resource name, with quota prefixes (`requests.`, `limits.`) and eviction signals
 * (`memory.available`, `nodefs.available`) understood.
 */
export function resourceUnit(resource: string | null | undefined): AmountUnit {
  if (!resource) return 'count';
  const r = resource.replace(/^(requests|limits)\./, '');
  if (r === 'cpu') return 'millicores';
  if (r.includes('inodes') || r.startsWith('pid') || r.startsWith('count/') || r === 'pods')
    return 'count';
  if (
    r === 'memory' ||
    r.startsWith('memory.') ||
    r.startsWith('hugepages-') ||
    r.includes('storage') ||
    r.startsWith('nodefs') ||
    r.startsWith('imagefs') ||
    r.startsWith('containerfs')
  )
    return 'bytes';
  return 'count';
}

/**
 * A Kubernetes quantity string ("33756615552", "256Mi", "1500m") for reading, in the unit of its
 * resource: `formatQuantity('33756615552', 'memory')` → "31.4 GiB". Strings that are not
 * quantities come back unchanged.
 */
export function formatQuantity(q: string | null | undefined, resource: string | null | undefined) {
  if (q === null || q === undefined || q === '') return NONE;
  let parsed;
  try {
    parsed = parseQuantity(q.trim());
  } catch {
    return q;
  }
  const unit = resourceUnit(resource);
  if (unit === 'millicores') return formatMilli(Number(parsed.milliValue()));
  if (unit === 'bytes') return formatBytes(Number(parsed.value()));
  return formatCount(Number(parsed.milliValue()) / 1000);
}

/** 0.914 → "91%". */
export function formatPercent(ratio: number | null | undefined, digits = 0): string {
  if (!isNumber(ratio)) return NONE;
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** `45s`, `1m 15s`, `1h 5m`, `3d 2h` (two units at most). */
export function formatDuration(ms: number | null | undefined): string {
  if (!isNumber(ms)) return NONE;
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** {@link formatDuration} of a number of seconds. */
export const formatSeconds = (s: number | null | undefined): string =>
  isNumber(s) ? formatDuration(s * 1000) : NONE;

const toMs = (t: number | string | Date): number =>
  typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime();

/** "5m ago", "in 2h", "just now" against `now`. */
export function formatRelative(
  t: number | string | Date | null | undefined,
  now: number = Date.now(),
): string {
  if (t === null || t === undefined) return '';
  const ms = toMs(t);
  if (Number.isNaN(ms)) return '';
  const diff = now - ms;
  const abs = Math.abs(diff) / 1000;
  if (abs < 5) return 'just now';
  const text =
    abs < 60
      ? `${Math.round(abs)}s`
      : abs < 3600
        ? `${Math.round(abs / 60)}m`
        : abs < 86400
          ? `${Number((abs / 3600).toFixed(abs < 36000 ? 1 : 0))}h`
          : `${Math.round(abs / 86400)}d`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
}

function partsOf(ms: number, zone: TimeZoneChoice): Parts {
  const d = new Date(ms);
  return zone === 'utc'
    ? {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth(),
        day: d.getUTCDate(),
        hours: d.getUTCHours(),
        minutes: d.getUTCMinutes(),
        seconds: d.getUTCSeconds(),
      }
    : {
        year: d.getFullYear(),
        month: d.getMonth(),
        day: d.getDate(),
        hours: d.getHours(),
        minutes: d.getMinutes(),
        seconds: d.getSeconds(),
      };
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The one date format: `2026-12-03 09:06:48`, in the chosen zone. SREs compare these with logs,
 * so it sorts as text and carries seconds.
 */
export function formatDateTime(
  t: number | string | Date | null | undefined,
  zone: TimeZoneChoice = getTimeZone(),
): string {
  if (t === null || t === undefined) return NONE;
  const ms = toMs(t);
  if (Number.isNaN(ms)) return typeof t === 'string' ? t : NONE;
  const p = partsOf(ms, zone);
  return `${p.year}-${pad(p.month + 1)}-${pad(p.day)} ${pad(p.hours)}:${pad(p.minutes)}:${pad(p.seconds)}`;
}

/** The time of day of {@link formatDateTime}: `09:06:48` (or `09:06` without seconds). */
export function formatClock(
  t: number | string | Date,
  withSeconds = true,
  zone: TimeZoneChoice = getTimeZone(),
): string {
  const p = partsOf(toMs(t), zone);
  return `${pad(p.hours)}:${pad(p.minutes)}${withSeconds ? `:${pad(p.seconds)}` : ''}`;
}

/** The name of the chosen zone for labels: "UTC" or the browser's zone ("Europe/Berlin"). */
export function timeZoneLabel(zone: TimeZoneChoice = getTimeZone()): string {
  if (zone === 'utc') return 'UTC';
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
  } catch {
    return 'local time';
  }
}

const STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800,
  604800, 1209600, 2592000, 7776000,
].map((s) => s * 1000);

/** A round tick step that gives about `count` ticks over `rangeMs`. */
export function tickStep(rangeMs: number, count: number): number {
  const raw = rangeMs / Math.max(1, count);
  return STEPS.find((s) => s >= raw) ?? (STEPS[STEPS.length - 1] as number);
}

/** Tick times in [from, to], aligned to the step in the chosen zone for steps of a day or less. */
export function timeTicks(
  from: number,
  to: number,
  count: number,
  zone: TimeZoneChoice = getTimeZone(),
): { ticks: number[]; step: number } {
  const step = tickStep(to - from, count);
  const offset =
    step <= 86400_000 && zone === 'local' ? new Date(from).getTimezoneOffset() * 60_000 : 0;
  const first = Math.ceil((from - offset) / step) * step + offset;
  const ticks: number[] = [];
  for (let t = first; t <= to && ticks.length < 200; t += step) ticks.push(t);
  return { ticks, step };
}

/** A tick label that shows what the step needs: seconds, time of day, or the date at midnight. */
export function formatTick(t: number, step: number, zone: TimeZoneChoice = getTimeZone()): string {
  const p = partsOf(t, zone);
  if (step < 60_000) return `${pad(p.hours)}:${pad(p.minutes)}:${pad(p.seconds)}`;
  if (step < 86400_000 && (p.hours !== 0 || p.minutes !== 0))
    return `${pad(p.hours)}:${pad(p.minutes)}`;
  return `${MONTHS[p.month]} ${p.day}`;
}

/**
 * Evenly spaced whole-number ticks from 0 covering `max` with about `count` steps of 1, 2 or 5
 * × 10ⁿ: 0, 2, 4, 6 rather than recharts' 0, 1, 2, 4.
 */
export function countTicks(max: number, count = 4): number[] {
  const top = Math.max(1, Math.ceil(max));
  const raw = top / Math.max(1, count);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, ([1, 2, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow);
  const ticks: number[] = [];
  for (let t = 0; t < top + step; t += step) ticks.push(t);
  return ticks;
}
