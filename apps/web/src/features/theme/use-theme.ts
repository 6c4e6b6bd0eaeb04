'use client';

import { useCallback, useLayoutEffect, useSyncExternalStore } from 'react';

import {
  THEME_STORAGE_KEY,
  applyThemePreference,
  readThemePreference,
  watchSystemTheme,
  type ThemePreference,
} from './theme';

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changed the preference: follow it here too.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_STORAGE_KEY) return;
    applyThemePreference(readThemePreference());
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

// The server cannot know the preference; hydration renders `system` and then React re-renders
// with the stored value, so the markup never mismatches.
const getServerSnapshot = (): ThemePreference => 'system';

/** The current theme preference and a setter that applies and persists it. */
export function useThemePreference(): [ThemePreference, (next: ThemePreference) => void] {
  const preference = useSyncExternalStore(subscribe, readThemePreference, getServerSnapshot);
  const setPreference = useCallback((next: ThemePreference) => {
    try {
      window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Storage can be disabled (private mode, policy); the choice then lasts for this page only.
    }
    applyThemePreference(next);
    notify();
  }, []);
  return [preference, setPreference];
}

/**
 * Keeps <html> in step with the preference after hydration: re-applies it once (React's dev
 * Strict Mode remount resets attributes the inline script set) and follows the operating system
 * while the preference is `system`. Render once, near the root.
 */
export function ThemeSync(): null {
  const [preference] = useThemePreference();
  useLayoutEffect(() => {
    applyThemePreference(preference);
    if (preference !== 'system') return undefined;
    return watchSystemTheme(() => applyThemePreference('system'));
  }, [preference]);
  return null;
}
