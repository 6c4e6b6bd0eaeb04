'use client';

import { useEffect, useState } from 'react';

import { FILTER_KEYS, type FilterKey } from '../use-eviction-search';

const LABELS: Record<FilterKey, string> = {
  node: 'Node',
  namespace: 'Namespace',
  tenant: 'Tenant',
  owner: 'Owner',
  resource: 'Resource',
  qos: 'QoS',
};

const PLACEHOLDERS: Record<FilterKey, string> = {
  node: 'part of a name',
  namespace: 'any',
  tenant: 'any',
  owner: 'Kind/name',
  resource: 'any',
  qos: 'any',
};

const CHOICES: Partial<Record<FilterKey, string[]>> = {
  resource: ['memory', 'ephemeral-storage', 'pids', 'inodes'],
  qos: ['BestEffort', 'Burstable', 'Guaranteed'],
};

const FIELD =
  'h-7 rounded-md border border-line-strong bg-surface px-2 text-xs text-fg placeholder:text-fg-subtle focus:outline-none focus-visible:ring-2 focus-visible:ring-accent';

/** A text filter that writes to the URL when the user pauses typing or presses Enter. */
function TextFilter({
  k,
  value,
  onChange,
}: {
  k: FilterKey;
  value: string;
  onChange: (v: string | null) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const id = setTimeout(() => onChange(text.trim() || null), 400);
    return () => clearTimeout(id);
  }, [text, value, onChange]);
  return (
    <input
      id={`eviction-filter-${k}`}
      className={`${FIELD} w-32`}
      value={text}
      placeholder={PLACEHOLDERS[k]}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onChange(text.trim() || null);
      }}
    />
  );
}

/** Props for {@link EvictionFilters}. */
export interface EvictionFiltersProps {
  filters: Partial<Record<FilterKey, string>>;
  onChange: (key: FilterKey, value: string | null) => void;
  onClear: () => void;
}

/** Exact-match filters (comma-separated alternatives), kept in the URL. */
export function EvictionFilters({ filters, onChange, onClear }: EvictionFiltersProps) {
  const active = FILTER_KEYS.some((k) => filters[k]);
  return (
    <div role="group" aria-label="Filters" className="flex flex-wrap items-end gap-2">
      {FILTER_KEYS.map((k) => (
        <label
          key={k}
          className="flex flex-col gap-0.5 text-[11px] text-fg-subtle"
          htmlFor={`eviction-filter-${k}`}
        >
          {LABELS[k]}
          {CHOICES[k] ? (
            <select
              id={`eviction-filter-${k}`}
              className={`${FIELD} w-36`}
              value={filters[k] ?? ''}
              onChange={(e) => onChange(k, e.target.value || null)}
            >
              <option value="">any</option>
              {(CHOICES[k] as string[]).map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          ) : (
            <TextFilter k={k} value={filters[k] ?? ''} onChange={(v) => onChange(k, v)} />
          )}
        </label>
      ))}
      {active && (
        <button
          type="button"
          onClick={onClear}
          className="h-7 px-2 text-xs text-accent hover:underline"
        >
          Clear filters
        </button>
      )}
    </div>
  );
}
