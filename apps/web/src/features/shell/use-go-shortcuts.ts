'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

import { NAV_ITEMS } from './nav-items';

/** How long after `g` the second key still counts, as in GitHub's and Gmail's `g` shortcuts. */
const SEQUENCE_TIMEOUT_MS = 1500;

/** Whether a key press goes into a field (shortcuts must then leave it alone). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/** `g` then a letter jumps to a view (see `shortcut` in NAV_ITEMS). Ignored while typing. */
export function useGoShortcuts(): void {
  const router = useRouter();
  useEffect(() => {
    let pressedGAt = 0;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      const key = event.key.toLowerCase();
      if (pressedGAt && Date.now() - pressedGAt < SEQUENCE_TIMEOUT_MS) {
        pressedGAt = 0;
        const item = NAV_ITEMS.find((candidate) => candidate.shortcut === key);
        if (item) {
          event.preventDefault();
          router.push(item.href);
        }
        return;
      }
      pressedGAt = key === 'g' ? Date.now() : 0;
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [router]);
}
