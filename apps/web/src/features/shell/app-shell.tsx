'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';

import { ErrorState } from '@/components/error-state';
import { Logo } from '@/components/logo';
import { useTimeZone } from '@/lib/time-zone';

import { useSession } from '../auth/queries';
import { SessionProvider } from '../auth/session-context';
import { DATABASE_LABELS, useHealth } from '../health/queries';
import { CommandPalette, usePaletteShortcut } from '../search/command-palette';
import { ShortcutsOverlay, useShortcutsKey } from '../search/shortcuts-overlay';
import { ThemeSwitcher } from '../theme/theme-switcher';
import { ClusterIndicator } from './cluster-indicator';
import { SidebarNav } from './sidebar-nav';
import { TimeZoneSwitch } from './time-zone-switch';
import { useGoShortcuts } from './use-go-shortcuts';
import { UserMenu } from './user-menu';

/**
 * The frame around every signed-in view: header, sidebar and main area. It renders the views
 * only once the session is known; signed-out visitors are sent to the sign-in page and brought
 * back afterwards.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const session = useSession();
  const router = useRouter();

  useEffect(() => {
    if (session.data !== null) return;
    const next = `${window.location.pathname}${window.location.search}`;
    router.replace(`/login?next=${encodeURIComponent(next)}`);
  }, [session.data, router]);

  if (session.isError && !session.data) {
    return (
      <main className="flex min-h-dvh items-center justify-center">
        <ErrorState
          what="your session"
          error={session.error}
          onRetry={() => void session.refetch()}
          retrying={session.isFetching}
        />
      </main>
    );
  }

  if (!session.data) return <ShellPlaceholder />;

  return (
    <SessionProvider session={session.data}>
      <ShellFrame>{children}</ShellFrame>
    </SessionProvider>
  );
}

function ShellFrame({ children }: { children: ReactNode }) {
  useGoShortcuts();
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const openPalette = useCallback(() => setPaletteOpen(true), []);
  const openShortcuts = useCallback(() => setShortcutsOpen(true), []);
  usePaletteShortcut(openPalette);
  useShortcutsKey(openShortcuts);
  // Dates are formatted while rendering; a new zone re-renders the views from scratch (their data
  // stays in the query cache and their state in the URL).
  const [zone] = useTimeZone();
  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-accent px-3 py-2 text-[13px] font-medium text-accent-fg focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 flex h-12 items-center gap-2 border-b border-line bg-surface px-2 sm:gap-4 sm:px-3">
        <Link
          href="/"
          className="flex items-center gap-2 rounded-md px-1 text-fg"
          aria-label="Plimsoll, overview"
        >
          <Logo className="text-accent" />
          <span className="text-[15px] font-semibold tracking-tight max-sm:sr-only">Plimsoll</span>
        </Link>
        <span aria-hidden="true" className="h-5 w-px bg-line" />
        <ClusterIndicator />
        <div className="ml-auto flex min-w-0 items-center gap-1 sm:gap-2">
          <button
            type="button"
            onClick={openPalette}
            aria-keyshortcuts="Control+K Meta+K /"
            className="inline-flex h-7 items-center gap-2 rounded-md border border-line bg-surface-muted px-2 text-xs text-fg-muted hover:text-fg"
          >
            <span aria-hidden="true">⌕</span>
            <span className="max-md:sr-only">Search</span>
            <kbd className="font-mono text-[11px] text-fg-subtle max-lg:hidden">Ctrl K</kbd>
          </button>
          {/* On a phone the zone switch lives in the account menu: the header has no room for it. */}
          <TimeZoneSwitch className="max-sm:hidden" />
          <ThemeSwitcher />
          <UserMenu />
        </div>
      </header>
      <Suspense fallback={null}>
        <CommandPalette open={paletteOpen} onOpenChange={setPaletteOpen} />
      </Suspense>
      <ShortcutsOverlay open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
      <div className="flex">
        <aside className="sticky top-12 flex h-[calc(100dvh-3rem)] w-12 shrink-0 flex-col border-r border-line bg-surface md:w-52">
          <div className="min-h-0 flex-1 overflow-y-auto">
            <SidebarNav />
          </div>
          <SidebarFooter />
        </aside>
        <main
          key={zone}
          id="main"
          tabIndex={-1}
          className="min-w-0 flex-1 px-3 py-4 focus:outline-none sm:px-6 sm:py-5"
        >
          {children}
        </main>
      </div>
    </div>
  );
}

function SidebarFooter() {
  const health = useHealth();
  return (
    <div className="border-t border-line px-3 py-2 text-[11px] leading-4 text-fg-muted max-md:hidden">
      <p>
        Press <kbd className="font-mono text-fg">g</kbd> then a letter to jump,{' '}
        <kbd className="font-mono text-fg">/</kbd> to search,{' '}
        <kbd className="font-mono text-fg">?</kbd> for all shortcuts.
      </p>
      {health.data && (
        <p className="mt-0.5 font-mono">
          v{health.data.version} · {DATABASE_LABELS[health.data.database]}
        </p>
      )}
    </div>
  );
}

/** What shows while the session is checked: the frame's outline, so nothing jumps after. */
function ShellPlaceholder() {
  return (
    <div className="min-h-dvh" role="status" aria-live="polite">
      <span className="sr-only">Checking your session…</span>
      <div
        aria-hidden="true"
        className="flex h-12 items-center gap-2 border-b border-line bg-surface px-4"
      >
        <Logo className="text-accent" />
        <span className="text-[15px] font-semibold tracking-tight text-fg">Plimsoll</span>
      </div>
      <div aria-hidden="true" className="flex">
        <div className="h-[calc(100dvh-3rem)] w-12 border-r border-line bg-surface md:w-52" />
      </div>
    </div>
  );
}
