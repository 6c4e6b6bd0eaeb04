import type { AutoscalerPanelData } from '@plimsoll/shared/schemas';

import { Badge, type BadgeTone } from '@/components/badge';
import { formatDateTime } from '@/lib/format';

const tone = (status: string | null): BadgeTone => {
  const s = (status ?? '').toLowerCase();
  if (s === 'healthy' || s === 'noactivity' || s === 'running') return 'ok';
  if (s.includes('backoff') || s.includes('unhealthy') || s.includes('fail')) return 'danger';
  if (s === 'inprogress' || s === 'candidatespresent') return 'info';
  return 'neutral';
};

/** cluster-autoscaler's status: cluster-wide health and activity, then each node group's size and state. */
export function AutoscalerPanel({ data }: { data: AutoscalerPanelData }) {
  if (!data.health) {
    return (
      <p className="p-4 text-[13px] text-fg-muted">{data.error ?? 'No autoscaler status yet.'}</p>
    );
  }
  const h = data.health;
  return (
    <div className="grid gap-3 p-3">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <Badge tone={tone(h.status)} dot>
          {h.status}
        </Badge>
        <Badge tone={tone(data.scaleUp)}>scale-up: {data.scaleUp}</Badge>
        <Badge tone={tone(data.scaleDown)}>scale-down: {data.scaleDown}</Badge>
        <span className="text-fg-muted tabular-nums">
          {h.ready}/{h.registered} ready · {h.unready} unready · {h.notStarted} starting ·{' '}
          {h.longUnregistered} long unregistered
        </span>
        <span className="ml-auto text-[11px] text-fg-subtle">
          {data.source === 'history' ? 'last stored ' : ''}
          {formatDateTime(data.observedAt)}
        </span>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-xs">
          <thead>
            <tr className="text-left text-[11px] text-fg-subtle">
              <th className="py-1 pr-3 font-medium">Node group</th>
              <th className="py-1 pr-3 font-medium">Health</th>
              <th className="py-1 pr-3 text-right font-medium">Ready / target</th>
              <th className="py-1 pr-3 text-right font-medium">Min–max</th>
              <th className="py-1 pr-3 font-medium">Scale-up</th>
              <th className="py-1 font-medium">Scale-down</th>
            </tr>
          </thead>
          <tbody>
            {data.nodeGroups.map((g) => (
              <tr key={g.name} className="border-t border-line align-top">
                <td className="py-1 pr-3 font-mono text-fg">{g.name}</td>
                <td className="py-1 pr-3">
                  <Badge tone={tone(g.health)}>{g.health}</Badge>
                </td>
                <td className="py-1 pr-3 text-right tabular-nums text-fg">
                  {g.ready} / {g.target ?? g.registered}
                </td>
                <td className="py-1 pr-3 text-right tabular-nums text-fg-muted">
                  {g.minSize ?? '—'}–{g.maxSize ?? '—'}
                </td>
                <td className="py-1 pr-3">
                  <Badge tone={tone(g.scaleUp)}>{g.scaleUp}</Badge>
                  {g.backoff && (
                    <div
                      className="mt-0.5 max-w-64 truncate text-[11px] text-danger"
                      title={g.backoff}
                    >
                      {g.backoff}
                    </div>
                  )}
                </td>
                <td className="py-1">
                  <Badge tone={tone(g.scaleDown)}>{g.scaleDown}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
