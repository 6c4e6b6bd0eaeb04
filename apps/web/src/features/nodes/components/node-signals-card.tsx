import type { NodeDetail, NodeSignalsWire as NodeSignals } from '@plimsoll/shared/schemas';

import { Badge } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';

type Stall = NonNullable<NodeSignals['psi']['cpu']>;

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Bytes in the binary unit that keeps three significant digits. */
export function formatSwapBytes(n: number | null): string {
  if (n === null) return '—';
  if (n >= GiB) return `${(n / GiB).toFixed(n >= 10 * GiB ? 0 : 1)} GiB`;
  return `${Math.round(n / MiB)} MiB`;
}

const pct = (n: number) => `${n.toFixed(n >= 10 ? 0 : 1)}%`;

/**
 * `some avg10` as a badge, from 1% of the time stalled: above 10% is worth a look, above 40% hurts.
 */
export function StallBadge({ label, stall }: { label: string; stall: Stall | null }) {
  if (stall === null || stall.some.avg10 < 1) return null;
  const v = stall.some.avg10;
  const tone = v >= 40 ? 'danger' : v >= 10 ? 'warn' : 'neutral';
  return (
    <Badge tone={tone} title={`${label} pressure, some avg10`}>
      {label} {pct(v)}
    </Badge>
  );
}

const LAYOUT_TEXT: Record<NodeSignals['imageFs']['layout'], string> = {
  shared: 'Images and writable layers on nodefs (nodefs.* signals).',
  dedicated: 'Images and writable layers on a dedicated imagefs (imagefs.* signals).',
  split:
    'Split image filesystem: images on imagefs, writable layers on containerfs (containerfs.* signals).',
};

/**
 * The node's pressure stall information (cpu, memory, io; some/full avg10/60/300), swap and
 * image filesystem layout, from the kubelet's Summary API (KubeletPSI, NodeSwap, KubeletSeparateDiskGC).
 */
export function NodeSignalsCard({ d }: { d: NodeDetail }) {
  const s = d.signals ?? null;
  if (s === null) return null;
  const rows = (['cpu', 'memory', 'io'] as const).map((r) => [r, s.psi[r]] as const);
  const anyPsi = rows.some(([, v]) => v !== null);
  const swapCapacity =
    s.swap && s.swap.availableBytes !== null ? s.swap.usageBytes + s.swap.availableBytes : null;
  return (
    <Card aria-label="Pressure stall, swap and filesystems">
      <CardHeader
        title="Pressure stall, swap and filesystems"
        description="From the kubelet's Summary API (PSI: Kubernetes 1.34+, on by default)."
      />
      <CardBody className="space-y-3 text-xs">
        {anyPsi ? (
          <table className="w-full text-left font-mono">
            <caption className="sr-only">
              Pressure stall information, percent of time stalled
            </caption>
            <thead className="text-fg-muted">
              <tr>
                <th scope="col" className="py-1 font-medium">
                  Resource
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  some avg10
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  avg60
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  avg300
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  full avg10
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([r, v]) => (
                <tr key={r}>
                  <th scope="row" className="py-0.5 font-sans font-normal text-fg">
                    {r}
                  </th>
                  <td className="text-right">{v ? pct(v.some.avg10) : '—'}</td>
                  <td className="text-right">{v ? pct(v.some.avg60) : '—'}</td>
                  <td className="text-right">{v ? pct(v.some.avg300) : '—'}</td>
                  <td className="text-right">{v ? pct(v.full.avg10) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-fg-muted">
            No pressure stall information (kubelet before 1.34, or cgroup v1).
          </p>
        )}
        <p>
          <span className="text-fg-muted">Swap: </span>
          {s.swap ? (
            <span className="font-mono">
              {formatSwapBytes(s.swap.usageBytes)} used
              {swapCapacity !== null && ` of ${formatSwapBytes(swapCapacity)}`} · LimitedSwap
              applies to Burstable pods only
            </span>
          ) : (
            'none reported'
          )}
        </p>
        <p>
          <span className="text-fg-muted">Image filesystem: </span>
          {LAYOUT_TEXT[s.imageFs.layout]}
          {s.imageFs.layout !== 'shared' && s.imageFs.imageFs && (
            <span className="font-mono">
              {' '}
              imagefs {formatSwapBytes(s.imageFs.imageFs.availableBytes)} free of{' '}
              {formatSwapBytes(s.imageFs.imageFs.capacityBytes)}
            </span>
          )}
        </p>
      </CardBody>
    </Card>
  );
}
