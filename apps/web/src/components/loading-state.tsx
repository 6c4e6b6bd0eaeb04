import { cn } from '@/lib/cn';

/** Props for {@link LoadingState}. */
export interface LoadingStateProps {
  /** What is loading, for screen readers ("nodes", "cluster health"). */
  label: string;
  /** Skeleton rows to draw; match roughly what will arrive so the layout does not jump. */
  rows?: number;
  className?: string;
}

/**
 * Skeleton rows in the shape of a list. Announced politely once, not on every row.
 * The pulse stops for users who ask for reduced motion (globals.css).
 */
export function LoadingState({ label, rows = 4, className }: LoadingStateProps) {
  return (
    <div role="status" aria-live="polite" className={cn('space-y-2.5 py-1', className)}>
      <span className="sr-only">Loading {label}…</span>
      {Array.from({ length: rows }, (_, row) => (
        <div key={row} aria-hidden="true" className="flex animate-pulse items-center gap-3">
          <div className="h-3 w-1/4 rounded bg-surface-hover" />
          <div className={cn('h-3 rounded bg-surface-muted', row % 2 ? 'w-2/5' : 'w-1/2')} />
          <div className="ml-auto h-3 w-12 rounded bg-surface-muted" />
        </div>
      ))}
    </div>
  );
}
