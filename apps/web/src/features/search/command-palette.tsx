'use client';

import { SEARCH_KINDS, type SearchResult } from '@plimsoll/shared/schemas';
import { Command } from 'cmdk';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useEffect, useState } from 'react';

import { Spinner } from '@/components/spinner';
import { formatDateTime } from '@/lib/format';

import { useCurrentCluster } from '../live/use-current-cluster';
import { NAV_ITEMS } from '../shell/nav-items';
import { isTypingTarget } from '../shell/use-go-shortcuts';
import { useSearch } from './queries';
import { KIND_HEADINGS, searchResultHref } from './search-href';

const ITEM =
  'flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-[13px] text-fg data-[selected=true]:bg-accent-soft data-[selected=true]:text-fg';

/**
 * Opens the palette on Ctrl+K / ⌘K anywhere, and on `/` when not typing in a field (k9s and
 * GitHub use `/` for search).
 */
export function usePaletteShortcut(open: () => void): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented) return;
      const modK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey;
      if (!modK && !(slash && !isTypingTarget(event.target))) return;
      event.preventDefault();
      open();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [open]);
}

/**
 * The command palette: views to jump to, and nodes, pods, namespaces, tenants and evictions of the
 * current cluster whose name contains what was typed (the search endpoint, scoped to the caller).
 * Arrow keys move, Enter opens, Escape closes.
 */
export function CommandPalette({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const { cluster } = useCurrentCluster();
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const search = useSearch(cluster ?? null, q);
  useEffect(() => {
    if (!open) setText('');
  }, [open]);

  const go = (href: string) => {
    onOpenChange(false);
    router.push(href as Parameters<typeof router.push>[0]);
  };
  const lower = q.toLowerCase();
  const views = NAV_ITEMS.filter((v) => !lower || v.label.toLowerCase().includes(lower));
  const results = search.data?.q === q ? search.data.items : [];
  const byKind = (k: SearchResult['kind']) => results.filter((r) => r.kind === k);

  return (
    <Command.Dialog
      open={open}
      onOpenChange={onOpenChange}
      label="Search nodes, pods, namespaces, tenants and evictions"
      shouldFilter={false}
      overlayClassName="fixed inset-0 z-40 bg-black/40"
      contentClassName="fixed top-[12vh] left-1/2 z-50 w-[min(40rem,calc(100vw-1.5rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-line bg-surface shadow-xl"
    >
      <div className="flex items-center gap-2 border-b border-line px-3">
        <Command.Input
          value={text}
          onValueChange={setText}
          placeholder={`Search ${cluster ?? 'the cluster'}: node, pod, namespace, tenant…`}
          className="h-11 w-full bg-transparent text-sm text-fg placeholder:text-fg-subtle focus:outline-none"
        />
        {search.isFetching && <Spinner />}
      </div>
      <Command.List className="max-h-[60vh] overflow-y-auto p-1.5">
        {q && !search.isFetching && results.length === 0 && views.length === 0 && (
          <Command.Empty className="px-3 py-6 text-center text-[13px] text-fg-muted">
            Nothing named like “{q}” that you may see.
          </Command.Empty>
        )}
        {search.isError && (
          <p role="alert" className="px-3 py-2 text-xs text-danger">
            Search failed: {search.error.message}
          </p>
        )}
        {views.length > 0 && (
          <Command.Group heading="Go to" className={GROUP}>
            {views.map((v) => (
              <Command.Item
                key={v.href}
                value={`view:${v.href}`}
                onSelect={() =>
                  go(cluster ? `${v.href}?cluster=${encodeURIComponent(cluster)}` : v.href)
                }
                className={ITEM}
              >
                <span className="text-fg-muted">{v.icon}</span>
                {v.label}
                <kbd className="ml-auto font-mono text-[11px] text-fg-subtle">g {v.shortcut}</kbd>
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {cluster &&
          SEARCH_KINDS.map((kind) => {
            const items = byKind(kind);
            if (items.length === 0) return null;
            return (
              <Command.Group key={kind} heading={KIND_HEADINGS[kind]} className={GROUP}>
                {items.map((r) => (
                  <Command.Item
                    key={`${r.kind}:${r.namespace ?? ''}/${r.name}/${r.id ?? ''}`}
                    value={`${r.kind}:${r.namespace ?? ''}/${r.name}/${r.id ?? ''}`}
                    onSelect={() => go(searchResultHref(r, cluster))}
                    className={ITEM}
                  >
                    <span className="min-w-0 truncate font-mono text-xs">
                      {r.namespace && <span className="text-fg-subtle">{r.namespace}/</span>}
                      {r.name}
                    </span>
                    <span className="ml-auto shrink-0 truncate text-[11px] text-fg-muted">
                      {r.at ? `${formatDateTime(r.at)} · ` : ''}
                      {r.detail}
                    </span>
                  </Command.Item>
                ))}
              </Command.Group>
            );
          })}
      </Command.List>
      <p className="border-t border-line px-3 py-1.5 text-[11px] text-fg-subtle">
        <kbd className="font-mono">↑↓</kbd> move · <kbd className="font-mono">Enter</kbd> open ·{' '}
        <kbd className="font-mono">Esc</kbd> close · <kbd className="font-mono">?</kbd> all
        shortcuts
      </p>
    </Command.Dialog>
  );
}

const GROUP =
  '[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-[11px] [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-fg-subtle';
