import type { ReactNode } from 'react';

/** A labelled figure in a summary `<dl>`: small label above, monospaced value. */
export function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] text-fg-subtle">{label}</dt>
      <dd className="mt-0.5 font-mono text-sm tabular-nums text-fg">{children}</dd>
    </div>
  );
}
