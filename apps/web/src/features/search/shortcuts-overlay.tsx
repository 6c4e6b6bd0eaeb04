'use client';

import { useEffect, useRef } from 'react';

import { NAV_ITEMS } from '../shell/nav-items';
import { isTypingTarget } from '../shell/use-go-shortcuts';

/** Opens the shortcuts overlay on `?` (Shift+/) when not typing in a field. */
export function useShortcutsKey(open: () => void): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key !== '?' || isTypingTarget(event.target)) return;
      event.preventDefault();
      open();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [open]);
}

const GENERAL: ReadonlyArray<[string, string]> = [
  ['Ctrl K · ⌘K · /', 'Search nodes, pods, namespaces, tenants, evictions'],
  ['?', 'This list'],
  ['Esc', 'Close a dialog'],
];

/** Every keyboard shortcut, in a modal dialog (native <dialog>: focus trap and Escape for free). */
export function ShortcutsOverlay({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      onClick={(e) => e.target === e.currentTarget && onClose()}
      className="m-auto w-[min(30rem,calc(100vw-1.5rem))] rounded-lg border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-black/40"
    >
      <div className="px-4 py-3">
        <h2 id="shortcuts-title" className="text-sm font-semibold">
          Keyboard shortcuts
        </h2>
        <table className="mt-2 w-full text-[13px]">
          <tbody>
            {GENERAL.map(([keys, what]) => (
              <tr key={keys} className="border-t border-line first:border-0">
                <td className="py-1 pr-3 font-mono text-xs whitespace-nowrap">{keys}</td>
                <td className="py-1 text-fg-muted">{what}</td>
              </tr>
            ))}
            {NAV_ITEMS.map((v) => (
              <tr key={v.href} className="border-t border-line">
                <td className="py-1 pr-3 font-mono text-xs whitespace-nowrap">g {v.shortcut}</td>
                <td className="py-1 text-fg-muted">Go to {v.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="mt-3 flex justify-end">
          <button
            type="button"
            onClick={onClose}
            className="h-7 rounded-md border border-line-strong px-2.5 text-xs font-medium hover:bg-surface-hover"
          >
            Close
          </button>
        </div>
      </div>
    </dialog>
  );
}
