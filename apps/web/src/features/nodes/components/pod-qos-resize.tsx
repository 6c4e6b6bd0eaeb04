import type { NodePod } from '@plimsoll/shared/schemas';

import { Badge } from '@/components/badge';

import { formatSwapBytes, StallBadge } from './node-signals-card';

const QOS_TONES = { Guaranteed: 'ok', Burstable: 'info', BestEffort: 'warn' } as const;

function requestsText(r: Record<string, string> | null): string {
  if (r === null) return '—';
  const parts = ['cpu', 'memory']
    .filter((k) => r[k] !== undefined)
    .map((k) => `${k} ${r[k] ?? ''}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/**
 * A pod's QoS class as Kubernetes reports it (`status.qosClass`), the class its spec computes to
 * when that differs, and an in-place resize in flight: pending (Deferred / Infeasible) or in
 * progress, with each container's desired, allocated and applied requests.
 */
export function PodQosCell({ pod }: { pod: NodePod }) {
  const computed = pod.computedQosClass ?? null;
  const resize = pod.resize ?? null;
  return (
    <div className="flex flex-col items-start gap-1">
      <span className="flex flex-wrap items-center gap-1">
        <Badge tone={QOS_TONES[pod.qosClass]} title="status.qosClass (fixed at creation)">
          {pod.qosClass}
        </Badge>
        {computed !== null && (
          <span className="text-[11px] text-fg-muted" title="ComputePodQOS of the current spec">
            spec computes {computed}
          </span>
        )}
      </span>
      {resize !== null && <ResizeState resize={resize} />}
      {(pod.psi || pod.swap) && (
        <span
          role="group"
          className="flex flex-wrap items-center gap-1"
          aria-label="Pod pressure and swap"
        >
          <StallBadge label="mem" stall={pod.psi?.memory ?? null} />
          <StallBadge label="cpu" stall={pod.psi?.cpu ?? null} />
          {pod.swap && pod.swap.usageBytes > 0 && (
            <Badge tone="info" title="Swap in use (LimitedSwap)">
              swap {formatSwapBytes(pod.swap.usageBytes)}
            </Badge>
          )}
        </span>
      )}
    </div>
  );
}

function ResizeState({ resize }: { resize: NonNullable<NodePod['resize']> }) {
  const label = resize.pending
    ? `Resize pending${resize.pending.reason ? ` · ${resize.pending.reason}` : ''}`
    : resize.inProgress
      ? `Resize in progress${resize.inProgress.reason ? ` · ${resize.inProgress.reason}` : ''}`
      : `Resize ${resize.legacyStatus ?? ''}`;
  const tone =
    resize.pending?.reason === 'Infeasible' || resize.inProgress?.reason === 'Error'
      ? 'danger'
      : 'warn';
  const message = resize.pending?.message ?? resize.inProgress?.message ?? null;
  return (
    <details className="text-[11px]">
      <summary className="cursor-pointer list-none">
        <Badge tone={tone}>{label}</Badge>
      </summary>
      <div className="mt-1 space-y-0.5 font-mono text-fg-muted">
        {message && <p className="font-sans">{message}</p>}
        {resize.containers.map((c) => (
          <dl
            key={c.name}
            aria-label={`Resize of ${c.name}`}
            className="grid grid-cols-[auto_1fr] gap-x-2"
          >
            <dt className="col-span-2 text-fg">{c.name}</dt>
            <dt>desired</dt>
            <dd>{requestsText(c.desired)}</dd>
            <dt>allocated</dt>
            <dd>{requestsText(c.allocated)}</dd>
            <dt>applied</dt>
            <dd>{requestsText(c.actual)}</dd>
          </dl>
        ))}
        <p className="font-sans">
          The kubelet ranks this pod for eviction on its allocated requests.
        </p>
      </div>
    </details>
  );
}
