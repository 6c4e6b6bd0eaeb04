'use client';

import type { QueryKey } from '@tanstack/react-query';

import { cn } from '@/lib/cn';

import { useLiveStream, type LiveState } from './use-live-stream';
import { formatDateTime } from '@/lib/format';

const LABELS: Record<LiveState, string> = {
  connecting: 'Connecting',
  live: 'Live',
  paused: 'Paused',
  reconnecting: 'Reconnecting',
};

const DOTS: Record<LiveState, string> = {
  connecting: 'bg-fg-subtle',
  live: 'bg-ok',
  paused: 'bg-fg-subtle',
  reconnecting: 'bg-warn',
};

/**
 * Live / paused / reconnecting, as a toggle: pressing it pauses or resumes the updates. Renders the stream hook,
 * so a view shows exactly one indicator.
 */
export function LiveIndicator({
  cluster,
  extra,
}: {
  cluster: string | undefined;
  extra?: Record<string, QueryKey[]>;
}) {
  const live = useLiveStream(cluster, extra);
  const title =
    live.state === 'paused'
      ? 'Updates paused. Press to resume.'
      : `Updates stream from the cluster${live.lastEventAt ? `; last change ${formatDateTime(live.lastEventAt)}` : ''}. Press to pause.`;
  return (
    <button
      type="button"
      onClick={() => live.setPaused(!live.paused)}
      aria-pressed={live.paused}
      title={title}
      className="inline-flex h-7 items-center gap-1.5 rounded-md border border-line-strong bg-surface px-2.5 text-xs font-medium text-fg hover:bg-surface-hover"
    >
      <span
        aria-hidden="true"
        className={cn(
          'size-2 rounded-full',
          DOTS[live.state],
          live.state === 'live' && 'animate-pulse',
        )}
      />
      <span aria-live="polite">{LABELS[live.state]}</span>
      <span className="sr-only">
        {live.paused ? ', resume live updates' : ', pause live updates'}
      </span>
    </button>
  );
}
