/** What the user chose. `system` follows `prefers-color-scheme`, live. */
export type ThemePreference = 'light' | 'dark' | 'system';

/** The theme switcher's choices, in display order. */
export const THEME_PREFERENCES: readonly ThemePreference[] = ['light', 'dark', 'system'];

/** localStorage key holding the preference; absent means `system`. */
export const THEME_STORAGE_KEY = 'plimsoll-theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/**
 * Runs inline in <head> before the body is parsed, so the first paint already has the right
 * theme (no white flash for dark-mode users). It duplicates {@link applyThemePreference} because it
 * must be self-contained; keep the two in step.
 */
export const THEME_SCRIPT = `(function(){try{var p=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)});var d=p==='dark'||(p!=='light'&&window.matchMedia(${JSON.stringify(
  DARK_QUERY,
)}).matches);var r=document.documentElement;r.classList.toggle('dark',d);r.style.colorScheme=d?'dark':'light'}catch(e){}})();`;

/** Narrow a stored string to a preference; anything unknown counts as `system`. */
export function toThemePreference(value: string | null): ThemePreference {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** The preference saved in this browser. */
export function readThemePreference(): ThemePreference {
  try {
    return toThemePreference(window.localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return 'system';
  }
}

/** Whether the operating system asks for dark mode. */
export function systemPrefersDark(): boolean {
  return window.matchMedia(DARK_QUERY).matches;
}

/** Subscribe to operating-system theme changes; returns the unsubscribe function. */
export function watchSystemTheme(onChange: () => void): () => void {
  const media = window.matchMedia(DARK_QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** Set the `dark` class and `color-scheme` on <html> for a preference. */
export function applyThemePreference(preference: ThemePreference): void {
  const dark = preference === 'dark' || (preference === 'system' && systemPrefersDark());
  const root = document.documentElement;
  root.classList.toggle('dark', dark);
  root.style.colorScheme = dark ? 'dark' : 'light';
}
