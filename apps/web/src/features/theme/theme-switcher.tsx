'use client';

import type { KeyboardEvent, ReactNode } from 'react';

import { cn } from '@/lib/cn';

import { THEME_PREFERENCES, type ThemePreference } from './theme';
import { useThemePreference } from './use-theme';

const LABELS: Record<ThemePreference, string> = { light: 'Light', dark: 'Dark', system: 'System' };

const ICONS: Record<ThemePreference, ReactNode> = {
  light: (
    <svg
      viewBox="0 0 16 16"
      aria-hidden="true"
      className="size-3.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
    >
      <circle cx="8" cy="8" r="3" />
      <path
        d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1"
        strokeLinecap="round"
      />
    </svg>
  ),
  dark: (
    <svg
      viewBox="0 0 16 16"
      aria-hidden="true"
      className="size-3.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
    >
      <path d="M13.5 9.5A5.5 5.5 0 0 1 6.5 2.5a5.5 5.5 0 1 0 7 7Z" strokeLinejoin="round" />
    </svg>
  ),
  system: (
    <svg
      viewBox="0 0 16 16"
      aria-hidden="true"
      className="size-3.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
    >
      <rect x="2" y="3" width="12" height="8" rx="1" />
      <path d="M6 14h4M8 11v3" strokeLinecap="round" />
    </svg>
  ),
};

/**
 * Light / Dark / System as a radio group (arrow keys move and select, as WAI-ARIA's radio group
 * pattern describes). The choice persists in localStorage.
 */
export function ThemeSwitcher({ className }: { className?: string }) {
  const [preference, setPreference] = useThemePreference();

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const index = THEME_PREFERENCES.indexOf(preference);
    const next = THEME_PREFERENCES.at((index + step) % THEME_PREFERENCES.length) ?? 'system';
    setPreference(next);
    event.currentTarget.querySelector<HTMLButtonElement>(`[data-theme-choice="${next}"]`)?.focus();
  }

  return (
    <div
      role="radiogroup"
      aria-label="Theme"
      onKeyDown={onKeyDown}
      className={cn(
        'inline-flex items-center gap-0.5 rounded-md border border-line bg-surface-muted p-0.5',
        className,
      )}
    >
      {THEME_PREFERENCES.map((choice) => {
        const checked = choice === preference;
        return (
          <button
            key={choice}
            type="button"
            role="radio"
            aria-checked={checked}
            tabIndex={checked ? 0 : -1}
            data-theme-choice={choice}
            title={`${LABELS[choice]} theme`}
            onClick={() => setPreference(choice)}
            className={cn(
              'inline-flex h-6 items-center gap-1 rounded-[5px] px-1.5 text-xs font-medium transition-colors',
              checked
                ? 'bg-surface text-fg shadow-sm ring-1 ring-line'
                : 'text-fg-muted hover:text-fg',
            )}
          >
            {ICONS[choice]}
            <span className="max-lg:sr-only">{LABELS[choice]}</span>
          </button>
        );
      })}
    </div>
  );
}
