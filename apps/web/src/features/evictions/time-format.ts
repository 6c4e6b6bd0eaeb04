/** Time axis helpers shared by the timeline and the charts. */

const STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800,
  604800, 1209600, 2592000, 7776000,
].map((s) => s * 1000);

/** A round tick step that gives about `count` ticks over `rangeMs`. */
export function tickStep(rangeMs: number, count: number): number {
  const raw = rangeMs / Math.max(1, count);
  return STEPS.find((s) => s >= raw) ?? (STEPS[STEPS.length - 1] as number);
}

/** Tick times in [from, to], aligned to the step in local time for steps of a day or less. */
export function timeTicks(
  from: number,
  to: number,
  count: number,
): { ticks: number[]; step: number } {
  const step = tickStep(to - from, count);
  const offset = step <= 86400_000 ? new Date(from).getTimezoneOffset() * 60_000 : 0;
  const first = Math.ceil((from - offset) / step) * step + offset;
  const ticks: number[] = [];
  for (let t = first; t <= to && ticks.length < 200; t += step) ticks.push(t);
  return { ticks, step };
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A tick label that shows what the step needs: seconds, time of day, or the date. */
export function formatTick(t: number, step: number): string {
  const d = new Date(t);
  if (step < 60_000) return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (step < 86400_000) {
    if (d.getHours() === 0 && d.getMinutes() === 0) return `${MONTHS[d.getMonth()]} ${d.getDate()}`;
    return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  return `${MONTHS[d.getMonth()]} ${d.getDate()}`;
}

/** `Nov 27 11:43:04` in local time. */
export function formatTime(t: number | string | Date): string {
  const d = new Date(t);
  return `${MONTHS[d.getMonth()]} ${d.getDate()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `1h 5m`, `45s`, `3d 2h`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}
