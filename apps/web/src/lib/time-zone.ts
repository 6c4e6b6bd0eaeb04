import { useCallback, useSyncExternalStore } from 'react';

/** Which clock every date on the page is shown in. */
export type TimeZoneChoice = 'local' | 'utc';

export const TIME_ZONE_STORAGE_KEY = 'plimsoll.timeZone';

const listeners = new Set<() => void>();
// What this tab shows; read from storage once, then kept in step by setTimeZone and other tabs.
let current: TimeZoneChoice | null = null;

function readStored(): TimeZoneChoice {
  try {
    return window.localStorage.getItem(TIME_ZONE_STORAGE_KEY) === 'utc' ? 'utc' : 'local';
  } catch {
    return 'local';
  }
}

/** The zone dates are formatted in (`local` on the server, which cannot know the choice). */
export function getTimeZone(): TimeZoneChoice {
  if (typeof window === 'undefined') return 'local';
  current ??= readStored();
  return current;
}

/** Chooses the zone, persists it and re-renders every subscriber. */
export function setTimeZone(next: TimeZoneChoice): void {
  current = next;
  try {
    window.localStorage.setItem(TIME_ZONE_STORAGE_KEY, next);
  } catch {
    // Storage can be disabled; the choice then lasts for this page only.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key !== TIME_ZONE_STORAGE_KEY) return;
    current = readStored();
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

const getServerSnapshot = (): TimeZoneChoice => 'local';

/** The chosen zone and its setter; a component that formats dates re-renders when it changes. */
export function useTimeZone(): [TimeZoneChoice, (next: TimeZoneChoice) => void] {
  const zone = useSyncExternalStore(subscribe, getTimeZone, getServerSnapshot);
  return [zone, useCallback((next: TimeZoneChoice) => setTimeZone(next), [])];
}
