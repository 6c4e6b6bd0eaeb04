import type { HTMLAttributes, ReactNode } from 'react';

import { cn } from '@/lib/cn';

/** A bordered surface that groups one subject. */
export function Card({ className, ...rest }: HTMLAttributes<HTMLElement>) {
  return (
    <section
      // min-w-0: a card in a grid or flex row must not grow to its widest content (a table, a
      // canvas) and push the page wider than a phone; wide content scrolls inside the card.
      className={cn('min-w-0 rounded-lg border border-line bg-surface shadow-xs', className)}
      {...rest}
    />
  );
}

/** Props for {@link CardHeader}. */
export interface CardHeaderProps {
  title: ReactNode;
  /** One line under the title: what the numbers are, or where they come from. */
  description?: ReactNode;
  /** Controls at the right edge (filters, links). */
  actions?: ReactNode;
  /** Heading level; cards inside a page are usually h2. */
  as?: 'h2' | 'h3';
  className?: string;
}

/** Title row of a {@link Card}. */
export function CardHeader({ title, description, actions, as = 'h2', className }: CardHeaderProps) {
  const Heading = as;
  return (
    <header
      className={cn(
        'flex flex-wrap items-start justify-between gap-x-3 gap-y-2 border-b border-line px-4 py-2.5',
        className,
      )}
    >
      <div className="min-w-0">
        <Heading className="text-[13px] font-semibold text-fg">{title}</Heading>
        {description && <p className="mt-0.5 text-xs text-fg-muted">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </header>
  );
}

/** Body of a {@link Card}; `flush` drops the padding for tables that run edge to edge. */
export function CardBody({
  className,
  flush = false,
  ...rest
}: HTMLAttributes<HTMLDivElement> & { flush?: boolean }) {
  // A flush body holds a table: on a narrow screen it scrolls sideways inside the card.
  return <div className={cn(flush ? 'overflow-x-auto' : 'px-4 py-3', className)} {...rest} />;
}
