import type { ReactNode } from 'react';

import { cn } from '@/lib/cn';

/** Props for {@link EmptyState}. */
export interface EmptyStateProps {
  title: ReactNode;
  /** Why it is empty and what would fill it. */
  description?: ReactNode;
  /** A next step (a link or a button). */
  action?: ReactNode;
  /** Extra detail under the description, such as a list of what the view will show. */
  children?: ReactNode;
  icon?: ReactNode;
  className?: string;
}

const DEFAULT_ICON = (
  <svg
    viewBox="0 0 24 24"
    aria-hidden="true"
    className="size-5"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.5"
  >
    <rect x="3.5" y="5" width="17" height="14" rx="2" />
    <path d="M3.5 9.5h17M8 14h8" strokeLinecap="round" />
  </svg>
);

/** Nothing to show, and an honest sentence about why. */
export function EmptyState({
  title,
  description,
  action,
  children,
  icon = DEFAULT_ICON,
  className,
}: EmptyStateProps) {
  return (
    <div className={cn('flex flex-col items-center px-6 py-10 text-center', className)}>
      <div className="mb-3 flex size-10 items-center justify-center rounded-lg border border-line bg-surface-muted text-fg-subtle">
        {icon}
      </div>
      <p className="text-sm font-semibold text-fg">{title}</p>
      {description && <p className="mt-1 max-w-md text-[13px] text-fg-muted">{description}</p>}
      {children && <div className="mt-4 w-full max-w-md text-left">{children}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}
