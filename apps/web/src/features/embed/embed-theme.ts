'use client';

import { useLayoutEffect } from 'react';

import {
  applyThemePreference,
  watchSystemTheme,
  type ThemePreference,
} from '@/features/theme/theme';

/** `?theme=` of a framed panel: the host page decides; `auto` follows the viewer's system setting. */
export type EmbedTheme = 'light' | 'dark' | 'auto';

export function toEmbedTheme(value: string | null): EmbedTheme {
  return value === 'light' || value === 'dark' ? value : 'auto';
}

/**
 * Runs before first paint inside the frame (rendered inline by the page): the host's `?theme=` wins over the
 * stored preference the root layout's script applied, so a dark Grafana does not flash a white panel.
 */
export const EMBED_THEME_SCRIPT = `(function(){try{var t=new URLSearchParams(location.search).get('theme');var d=t==='dark'||(t!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);var r=document.documentElement;r.classList.toggle('dark',d);r.style.colorScheme=d?'dark':'light'}catch(e){}})();`;

/** Keeps <html> on the host's theme after hydration (the app-wide ThemeSync applies the stored one first). */
export function useEmbedTheme(theme: EmbedTheme): void {
  useLayoutEffect(() => {
    const pref: ThemePreference = theme === 'auto' ? 'system' : theme;
    applyThemePreference(pref);
    // Re-apply after ThemeSync's own listener, which would otherwise follow the system for a fixed theme.
    return watchSystemTheme(() => applyThemePreference(pref));
  }, [theme]);
}
