'use client';

import { useEffect, useId, useRef, useState } from 'react';

import { Badge } from '@/components/badge';
import { Button } from '@/components/button';

import { ROLE_LABELS, ROLE_SUMMARIES } from '../auth/role-label';
import { useLogout } from '../auth/queries';
import { useCurrentSession } from '../auth/session-context';
import { TimeZoneSwitch } from './time-zone-switch';

function initialsOf(name: string): string {
  const parts = name.split(/[\s._-]+/).filter(Boolean);
  const letters =
    parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts[1]?.[0] ?? ''}` : name.slice(0, 2);
  return letters.toUpperCase();
}

/**
 * Who is signed in, their role, and Sign out. A disclosure rather than an ARIA menu: it holds
 * text as well as an action, and Tab moves through it naturally. Escape or a click outside closes
 * it and hands focus back to the button.
 */
export function UserMenu() {
  const { user } = useCurrentSession();
  const logout = useLogout();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const name = user.displayName ?? user.username;

  useEffect(() => {
    if (!open) return undefined;
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    }
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="flex h-8 items-center gap-2 rounded-md px-1.5 text-left hover:bg-surface-hover"
      >
        <span
          aria-hidden="true"
          className="flex size-6 items-center justify-center rounded-full bg-accent-soft text-[10px] font-semibold text-accent"
        >
          {initialsOf(name)}
        </span>
        {/* The visible name and role are the button's name, after a prefix for screen readers. */}
        <span className="sr-only">Account: </span>
        <span className="leading-tight max-sm:hidden">
          <span className="block text-xs font-medium text-fg">{name}</span>
          <span className="block text-[11px] text-fg-muted" data-testid="user-role">
            {ROLE_LABELS[user.role]}
          </span>
        </span>
        <svg
          viewBox="0 0 16 16"
          aria-hidden="true"
          className="size-3 text-fg-subtle"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
        >
          <path d="m4 6 4 4 4-4" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      {open && (
        <div
          id={panelId}
          className="absolute right-0 z-40 mt-1 w-72 rounded-lg border border-line bg-surface p-3 shadow-lg"
        >
          <p className="text-[13px] font-medium text-fg">{name}</p>
          <p className="font-mono text-xs text-fg-muted">
            {user.username}
            {user.source === 'proxy' && ' · via single sign-on'}
          </p>
          <div className="mt-3 flex items-center gap-2">
            <Badge tone="accent">{ROLE_LABELS[user.role]}</Badge>
          </div>
          <p className="mt-1.5 text-xs text-fg-muted">{ROLE_SUMMARIES[user.role]}</p>
          {user.tenants.length > 0 && (
            <div className="mt-3">
              <p className="text-[11px] font-medium tracking-wide text-fg-subtle uppercase">
                Tenants
              </p>
              <ul className="mt-1 flex flex-wrap gap-1" aria-label="Your tenants">
                {user.tenants.map((tenant) => (
                  <li key={tenant}>
                    <Badge className="font-mono">{tenant}</Badge>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div className="mt-3 flex items-center justify-between gap-2 border-t border-line pt-3 sm:hidden">
            <span className="text-xs text-fg-muted">Times</span>
            <TimeZoneSwitch />
          </div>
          <div className="mt-3 border-t border-line pt-3">
            {logout.isError && (
              <p role="alert" className="mb-2 text-xs text-danger">
                Sign-out failed: {logout.error.message}
              </p>
            )}
            {user.source === 'proxy' ? (
              <p className="text-xs text-fg-muted">
                You are signed in through your organisation&apos;s single sign-on; sign out there.
              </p>
            ) : (
              <Button className="w-full" loading={logout.isPending} onClick={() => logout.mutate()}>
                Sign out
              </Button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
