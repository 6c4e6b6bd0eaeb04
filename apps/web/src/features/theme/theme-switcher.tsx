'use client';

import type { ReactNode } from 'react';

import { SegmentedControl } from '@/components/segmented-control';

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

/** Light / Dark / System. The choice persists in localStorage. */
export function ThemeSwitcher({ className }: { className?: string }) {
  const [preference, setPreference] = useThemePreference();
  return (
    <SegmentedControl
      label="Theme"
      choices={THEME_PREFERENCES.map((value) => ({
        value,
        title: `${LABELS[value]} theme`,
        content: (
          <>
            {ICONS[value]}
            <span className="max-lg:sr-only">{LABELS[value]}</span>
          </>
        ),
      }))}
      value={preference}
      onChange={setPreference}
      className={className}
      segmentClassName="text-xs"
    />
  );
}
