'use client';

import type { KeyboardEvent, ReactNode } from 'react';

import { cn } from '@/lib/cn';

export interface SegmentedChoice<T extends string> {
  value: T;
  /** What the segment shows (an icon and a word, or a word). */
  content: ReactNode;
  /** The tooltip, which also names the segment when its content is an icon. */
  title: string;
}

/**
 * A few mutually exclusive choices as a radio group: arrow keys move and select, as WAI-ARIA's radio group pattern
 * describes; only the checked segment is in the tab order. Each segment carries `data-choice` for tests and styles.
 */
export function SegmentedControl<T extends string>({
  label,
  choices,
  value,
  onChange,
  className,
  segmentClassName,
}: {
  label: string;
  choices: readonly SegmentedChoice<T>[];
  value: T;
  onChange(next: T): void;
  className?: string;
  segmentClassName?: string;
}) {
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const index = choices.findIndex((c) => c.value === value);
    const next = choices.at((index + step) % choices.length)?.value;
    if (next === undefined) return;
    onChange(next);
    event.currentTarget.querySelector<HTMLButtonElement>(`[data-choice="${next}"]`)?.focus();
  }

  return (
    <div
      role="radiogroup"
      aria-label={label}
      onKeyDown={onKeyDown}
      className={cn(
        'inline-flex items-center gap-0.5 rounded-md border border-line bg-surface-muted p-0.5',
        className,
      )}
    >
      {choices.map((choice) => {
        const checked = choice.value === value;
        return (
          <button
            key={choice.value}
            type="button"
            role="radio"
            aria-checked={checked}
            tabIndex={checked ? 0 : -1}
            data-choice={choice.value}
            title={choice.title}
            onClick={() => onChange(choice.value)}
            className={cn(
              'inline-flex h-6 items-center gap-1 rounded-[5px] px-1.5 font-medium transition-colors',
              checked
                ? 'bg-surface text-fg shadow-sm ring-1 ring-line'
                : 'text-fg-muted hover:text-fg',
              segmentClassName,
            )}
          >
            {choice.content}
          </button>
        );
      })}
    </div>
  );
}
