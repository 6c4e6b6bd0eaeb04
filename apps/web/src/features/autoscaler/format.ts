import type { BadgeTone } from '@/components/badge';

/** "2024-05-01 13:04:05" in the browser's zone: SREs compare these with logs, so no "3 minutes ago" alone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "5m ago" / "in 2h" relative to now. */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const diff = (now - new Date(iso).getTime()) / 1000;
  const abs = Math.abs(diff);
  const text =
    abs < 60
      ? `${Math.round(abs)}s`
      : abs < 3600
        ? `${Math.round(abs / 60)}m`
        : abs < 86400
          ? `${(abs / 3600).toFixed(abs < 36000 ? 1 : 0)}h`
          : `${Math.round(abs / 86400)}d`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

/** Tone of an autoscaler condition status. */
export function conditionTone(status: string): BadgeTone {
  switch (status) {
    case 'Healthy':
    case 'NoActivity':
    case 'NoCandidates':
    case 'NotNeeded':
      return 'ok';
    case 'InProgress':
    case 'CandidatesPresent':
    case 'Needed':
      return 'info';
    case 'Backoff':
      return 'warn';
    case 'Unhealthy':
      return 'danger';
    default:
      return 'neutral';
  }
}

/** "MachineDeployment/default/plimsoll-sim-batch" → "plimsoll-sim-batch"; long cloud URLs → their last segment. */
export function shortGroupName(id: string): string {
  const parts = id.split('/');
  return parts[parts.length - 1] || id;
}

const UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** A memory quantity ("16398704Ki", "32G") as GiB for reading; unknown forms are returned as they are. */
export function formatMemoryQuantity(q: string): string {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T|)$/.exec(q);
  if (!m) return q;
  const bytes = Number(m[1]) * (UNITS[m[2] ?? ''] ?? 1);
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}
