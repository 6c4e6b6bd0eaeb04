'use client';

import {
  EMBED_PANELS,
  EMBED_PANEL_TITLES,
  type EmbedPanel,
  type EmbedPanelData,
} from '@plimsoll/shared/schemas';
import { useSearchParams } from 'next/navigation';

import { Spinner } from '@/components/spinner';

import { AutoscalerPanel } from './components/autoscaler-panel';
import { ClusterHeatmapPanel } from './components/cluster-heatmap-panel';
import { EmbedMessage } from './components/embed-message';
import { EvictionTimelinePanel } from './components/eviction-timeline-panel';
import { NodePressurePanel } from './components/node-pressure-panel';
import { TenantQuotasPanel } from './components/tenant-quotas-panel';
import { toEmbedTheme, useEmbedTheme } from './embed-theme';
import { EMBED_REFRESH_MS, isEmbedTokenError, useEmbedPanelData } from './queries';
import { formatDateTime } from '@/lib/format';

const isPanel = (p: string): p is EmbedPanel => (EMBED_PANELS as readonly string[]).includes(p);

function PanelBody({ data }: { data: EmbedPanelData }) {
  switch (data.panel) {
    case 'node-pressure':
      return <NodePressurePanel data={data} />;
    case 'cluster-heatmap':
      return <ClusterHeatmapPanel data={data} />;
    case 'eviction-timeline':
      return <EvictionTimelinePanel data={data} />;
    case 'tenant-quotas':
      return <TenantQuotasPanel data={data} />;
    case 'autoscaler':
      return <AutoscalerPanel data={data} />;
  }
}

function subtitle(data: EmbedPanelData): string {
  switch (data.panel) {
    case 'node-pressure':
      return data.node;
    case 'tenant-quotas':
      return `tenant ${data.tenant}`;
    case 'eviction-timeline':
      return data.tenant ? `tenant ${data.tenant}` : `last ${data.filter.rangeHours} h`;
    default:
      return '';
  }
}

function LiveFrame({ panel, token }: { panel: EmbedPanel; token: string }) {
  const query = useEmbedPanelData(panel, token);
  const data = query.data;
  // A refused token wins over data shown earlier: a revoked link must stop showing the cluster at once.
  const refused = isEmbedTokenError(query.error) ? query.error : null;
  const title = data?.label || EMBED_PANEL_TITLES[panel];
  return (
    <div className="flex h-dvh min-h-0 flex-col bg-surface text-fg" data-embed-panel={panel}>
      <header className="flex h-8 shrink-0 items-center gap-2 border-b border-line px-3 text-xs">
        <h1 className="truncate font-semibold text-fg">{title}</h1>
        {data && (
          <span className="truncate text-fg-muted">
            {data.cluster}
            {subtitle(data) ? ` · ${subtitle(data)}` : ''}
          </span>
        )}
        <span className="ml-auto flex shrink-0 items-center gap-1.5 text-[11px] text-fg-subtle">
          {query.isFetching && !refused && <Spinner />}
          {data && !refused && (
            <>
              <span
                aria-hidden
                className={`size-1.5 rounded-full ${query.isError ? 'bg-warn' : 'bg-ok'}`}
                title={
                  query.isError
                    ? 'Last refresh failed'
                    : `Live: refreshed every ${EMBED_REFRESH_MS / 1000} s`
                }
              />
              <span data-testid="embed-updated" data-generated-at={data.generatedAt}>
                {query.isError ? 'stale · ' : ''}updated {formatDateTime(data.generatedAt)}
              </span>
            </>
          )}
          <a
            href="/"
            target="_blank"
            rel="noopener noreferrer"
            className="font-semibold text-fg-muted hover:text-fg"
            title="Open Plimsoll (sign-in needed)"
          >
            Plimsoll
          </a>
        </span>
      </header>
      <main className="min-h-0 flex-1 overflow-auto">
        {refused ? (
          <EmbedMessage error={refused} />
        ) : data ? (
          <PanelBody data={data} />
        ) : query.isError ? (
          <EmbedMessage error={query.error} />
        ) : (
          <div className="flex h-full items-center justify-center gap-2 text-xs text-fg-muted">
            <Spinner /> Loading {EMBED_PANEL_TITLES[panel].toLowerCase()}…
          </div>
        )}
      </main>
    </div>
  );
}

/**
 * A panel framed by another site (`/embed/{panel}?token=…&theme=light|dark|auto`): minimal chrome, fills the
 * iframe, refreshes every 10 s, and says inside the frame when the link is expired, revoked or wrong.
 */
export function EmbedPanelView({ panel }: { panel: string }) {
  const search = useSearchParams();
  useEmbedTheme(toEmbedTheme(search.get('theme')));
  const token = search.get('token') ?? '';
  if (!isPanel(panel)) {
    return (
      <div className="h-dvh bg-surface">
        <EmbedMessage
          title="No such panel"
          error={new Error(`Plimsoll has no embeddable panel called “${panel}”.`)}
        />
      </div>
    );
  }
  if (token === '') {
    return (
      <div className="h-dvh bg-surface">
        <EmbedMessage
          title="This embedded panel has no link token"
          error={new Error('The frame’s address needs ?token=… from an embed link.')}
        />
      </div>
    );
  }
  return <LiveFrame panel={panel} token={token} />;
}
