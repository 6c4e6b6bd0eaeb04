import { cn } from '@/lib/cn';

/**
 * The Plimsoll mark: a load line (a ring crossed by a bar), the line a ship may be loaded to and
 * no further — what the product watches for on nodes.
 */
export function Logo({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" className={cn('size-5', className)} fill="none">
      <circle cx="10" cy="10" r="6.25" stroke="currentColor" strokeWidth="1.75" />
      <path d="M1.5 10h17" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
    </svg>
  );
}
