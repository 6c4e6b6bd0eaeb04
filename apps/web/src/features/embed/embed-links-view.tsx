'use client';

import { EMBED_PANEL_TITLES, type EmbedLink } from '@plimsoll/shared/schemas';
import { useState } from 'react';

import { Badge, type BadgeTone } from '@/components/badge';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { useCurrentSession } from '@/features/auth/session-context';
import { useCurrentCluster } from '@/features/live/use-current-cluster';

import { AllowedOrigins } from './components/allowed-origins';
import { EmbedDialog } from './components/embed-dialog';
import { embedUrl, iframeSnippet } from './embed-snippet';
import { useEmbedLinks, useRevokeEmbedLink } from './queries';
import { formatDateTime } from '@/lib/format';

const STATE_TONES: Record<EmbedLink['state'], BadgeTone> = {
  active: 'ok',
  expired: 'neutral',
  revoked: 'danger',
};

function describeParams(link: EmbedLink): string {
  const parts = Object.entries(link.params)
    .filter(([k, v]) => v !== undefined && v !== '' && !(k === 'groupBy'))
    .map(([k, v]) => (k === 'rangeHours' ? `last ${String(v)} h` : `${k} ${String(v)}`));
  return parts.join(' · ') || '—';
}

function LinkRow({ link, canRevoke }: { link: EmbedLink; canRevoke: boolean }) {
  const revoke = useRevokeEmbedLink();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (!link.embedPath) return;
    const snippet = iframeSnippet({
      url: embedUrl(window.location.origin, link.embedPath, 'auto'),
      title: link.label || EMBED_PANEL_TITLES[link.panel],
      height: 360,
    });
    await navigator.clipboard.writeText(snippet).then(
      () => setCopied(true),
      () => window.prompt('Copy the snippet', snippet),
    );
  };
  return (
    <tr className="border-t border-line align-top" data-link-id={link.id}>
      <td className="px-3 py-1.5">
        <div className="font-medium text-fg">{EMBED_PANEL_TITLES[link.panel]}</div>
        <div className="text-[11px] text-fg-muted">
          {link.label || <span className="text-fg-subtle">no label</span>}
        </div>
      </td>
      <td className="px-3 py-1.5 text-fg-muted">
        <span className="font-mono text-[11px]">{link.cluster}</span> · {describeParams(link)}
        {link.tenant && (
          <div>
            <Badge tone="info">tenant {link.tenant} only</Badge>
          </div>
        )}
      </td>
      <td className="px-3 py-1.5">
        <Badge tone={STATE_TONES[link.state]} dot>
          {link.state}
        </Badge>
      </td>
      <td className="px-3 py-1.5 text-right tabular-nums text-fg">{link.useCount}</td>
      <td className="px-3 py-1.5 tabular-nums text-fg-muted">{formatDateTime(link.lastUsedAt)}</td>
      <td className="px-3 py-1.5 tabular-nums text-fg-muted">{formatDateTime(link.expiresAt)}</td>
      <td className="px-3 py-1.5 text-fg-muted">
        {link.createdBy}
        <div className="text-[11px] tabular-nums text-fg-subtle">
          {formatDateTime(link.createdAt)}
        </div>
      </td>
      <td className="px-3 py-1.5">
        <div className="flex justify-end gap-1.5">
          {link.embedPath && (
            <>
              <a
                href={link.embedPath}
                target="_blank"
                rel="noopener noreferrer"
                className="inline-flex h-7 items-center px-1.5 text-xs text-accent hover:underline"
              >
                Preview
              </a>
              <Button size="sm" onClick={() => void copy()}>
                {copied ? 'Copied' : 'Copy snippet'}
              </Button>
            </>
          )}
          {canRevoke && link.state === 'active' && (
            <Button
              size="sm"
              variant="danger"
              loading={revoke.isPending}
              onClick={() => {
                if (
                  window.confirm(
                    `Revoke this ${EMBED_PANEL_TITLES[link.panel].toLowerCase()} link? Every page framing it stops showing data at once.`,
                  )
                ) {
                  revoke.mutate(link.id);
                }
              }}
            >
              Revoke
            </Button>
          )}
        </div>
      </td>
    </tr>
  );
}

/** Embed links: who shared which panel, until when, how often it was viewed; revoke in one click. */
export function EmbedLinksView() {
  const { user } = useCurrentSession();
  const { cluster } = useCurrentCluster();
  const [open, setOpen] = useState(false);
  const links = useEmbedLinks();
  const canManage = user.role !== 'viewer';

  return (
    <div>
      <PageHeader
        title="Embed links"
        description={
          user.role === 'sre'
            ? 'Signed, expiring links that let Grafana, Backstage or a wiki frame one panel. Every link of every user.'
            : 'Signed, expiring links that let another site frame your tenant’s panels. Links you created.'
        }
        actions={
          canManage && cluster ? (
            <Button variant="primary" size="sm" onClick={() => setOpen(true)}>
              New embed link
            </Button>
          ) : null
        }
      />
      {!canManage ? (
        <EmptyState
          title="Viewers cannot share panels"
          description="Ask an SRE or your tenant admin for an embed link."
        />
      ) : (
        <>
          <AllowedOrigins className="mb-3 text-xs text-fg-muted" />
          <Card>
            <QueryState
              query={links}
              what="embed links"
              isEmpty={(d) => d.links.length === 0}
              empty={
                <EmptyState
                  title="No embed links yet"
                  description="Create one to put a live panel on another site. Links expire on their own and can be revoked here."
                />
              }
            >
              {(d) => (
                <div className="overflow-x-auto">
                  <table className="w-full text-xs">
                    <thead>
                      <tr className="text-left text-[11px] text-fg-subtle">
                        <th className="px-3 py-2 font-medium">Panel</th>
                        <th className="px-3 py-2 font-medium">Cluster · filters</th>
                        <th className="px-3 py-2 font-medium">State</th>
                        <th className="px-3 py-2 text-right font-medium">Uses</th>
                        <th className="px-3 py-2 font-medium">Last used</th>
                        <th className="px-3 py-2 font-medium">Expires</th>
                        <th className="px-3 py-2 font-medium">Created by</th>
                        <th className="px-3 py-2">
                          <span className="sr-only">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.links.map((l) => (
                        <LinkRow
                          key={l.id}
                          link={l}
                          canRevoke={user.role === 'sre' || l.createdBy === user.username}
                        />
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </QueryState>
          </Card>
        </>
      )}
      {cluster && canManage && (
        <EmbedDialog
          open={open}
          onClose={() => setOpen(false)}
          cluster={cluster}
          role={user.role}
          tenants={user.tenants}
        />
      )}
    </div>
  );
}
