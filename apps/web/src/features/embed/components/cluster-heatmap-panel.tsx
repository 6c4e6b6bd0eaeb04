import type { ClusterHeatmapPanelData } from '@plimsoll/shared/schemas';

import {
  HEADROOM_LABELS,
  SIGNAL_LABELS,
  headroomLevel,
  type HeadroomLevel,
} from '@/features/nodes/format';
import { cn } from '@/lib/cn';
import { formatPercent } from '@/lib/format';

const CELL: Record<HeadroomLevel, string> = {
  met: 'bg-danger',
  critical: 'bg-danger/70',
  warning: 'bg-warn',
  ok: 'bg-ok/70',
  unknown: 'bg-line-strong',
};
const ORDER: HeadroomLevel[] = ['met', 'critical', 'warning', 'ok', 'unknown'];

/** Every node as a cell coloured by its worst headroom to an eviction threshold; hover names it. */
export function ClusterHeatmapPanel({ data }: { data: ClusterHeatmapPanelData }) {
  const c = data.counts;
  const size = data.cells.length > 2000 ? 'size-2' : data.cells.length > 400 ? 'size-3' : 'size-4';
  const levels = new Map<HeadroomLevel, number>();
  for (const cell of data.cells) {
    const l = headroomLevel(cell.headroom);
    levels.set(l, (levels.get(l) ?? 0) + 1);
  }
  return (
    <div className="grid gap-2.5 p-3">
      <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs">
        {(
          [
            ['Nodes', c.total, false],
            ['Not ready', c.notReady + c.unknown, c.notReady + c.unknown > 0],
            ['MemoryPressure', c.memoryPressure, c.memoryPressure > 0],
            ['DiskPressure', c.diskPressure, c.diskPressure > 0],
            ['PIDPressure', c.pidPressure, c.pidPressure > 0],
          ] as const
        ).map(([k, v, bad]) => (
          <div key={k} className="flex gap-1.5">
            <dt className="text-fg-muted">{k}</dt>
            <dd className={cn('font-semibold tabular-nums', bad ? 'text-danger' : 'text-fg')}>
              {v}
            </dd>
          </div>
        ))}
      </dl>
      <ul aria-label="Nodes by worst headroom" className="flex flex-wrap gap-0.5">
        {data.cells.map((cell) => {
          const l = headroomLevel(cell.headroom);
          const label = `${cell.name}: ${formatPercent(cell.headroom)} headroom${
            cell.signal ? ` (${SIGNAL_LABELS[cell.signal] ?? cell.signal})` : ''
          }${cell.ready === 'True' ? '' : `, ${cell.ready === 'False' ? 'NotReady' : 'Unknown'}`}`;
          return (
            <li
              key={cell.name}
              title={label}
              aria-label={label}
              data-level={l}
              className={cn(
                'rounded-[2px]',
                size,
                CELL[l],
                cell.ready !== 'True' && 'ring-2 ring-fg ring-inset',
              )}
            />
          );
        })}
      </ul>
      <ul className="flex flex-wrap gap-x-3 gap-y-1 text-[11px] text-fg-muted">
        {ORDER.filter((l) => levels.has(l)).map((l) => (
          <li key={l} className="flex items-center gap-1">
            <span aria-hidden className={cn('size-2.5 rounded-[2px]', CELL[l])} />
            {HEADROOM_LABELS[l]} <span className="tabular-nums text-fg">{levels.get(l)}</span>
          </li>
        ))}
        {c.notReady + c.unknown > 0 && (
          <li className="flex items-center gap-1">
            <span
              aria-hidden
              className="size-2.5 rounded-[2px] bg-line-strong ring-2 ring-fg ring-inset"
            />{' '}
            not ready
          </li>
        )}
      </ul>
    </div>
  );
}
