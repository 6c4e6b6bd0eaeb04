'use client';

import { useCallback, useSyncExternalStore } from 'react';

import { CLUSTER_STORAGE_KEY } from './cluster-choice';

// Same-tab writes don't fire `storage`, so the setter notifies subscribers itself.
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

function readRemembered(): string | null {
  try {
    return window.localStorage.getItem(CLUSTER_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The cluster last chosen in the header switcher (null on the server and before any choice), and its setter. */
export function useRememberedCluster() {
  const remembered = useSyncExternalStore(subscribe, readRemembered, () => null);
  const remember = useCallback((name: string) => {
    try {
      window.localStorage.setItem(CLUSTER_STORAGE_KEY, name);
    } catch {
      // Private mode or a full quota: the URL still carries the choice.
    }
    for (const listener of listeners) listener();
  }, []);
  return { remembered, remember };
}
