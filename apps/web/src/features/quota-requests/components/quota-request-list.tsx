'use client';

import type { QuotaRequest } from '@plimsoll/shared/schemas';

import { Badge } from '@/components/badge';
import { cn } from '@/lib/cn';

import { requestedChanges, STATUS_TONES } from './request-format';
import { formatRelative } from '@/lib/format';

/** Requests as a dense list; selecting one shows its audit trail. */
export function QuotaRequestList({
  requests,
  selectedId,
  onSelect,
  label,
  unseen,
}: {
  requests: QuotaRequest[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  label: string;
  /** Ids whose decision the user has not seen: marked "New". */
  unseen?: readonly string[];
}) {
  return (
    <ul aria-label={label} className="divide-y divide-line">
      {requests.map((r) => (
        <li key={r.id}>
          <button
            type="button"
            onClick={() => onSelect(r.id)}
            aria-current={selectedId === r.id ? 'true' : undefined}
            className={cn(
              'grid w-full grid-cols-[3.5rem_minmax(0,1fr)_auto] items-start gap-x-3 px-4 py-2 text-left text-xs hover:bg-surface-muted',
              selectedId === r.id && 'shadow-[inset_3px_0_0_var(--accent)]',
            )}
          >
            <span className="font-mono text-fg-muted">#{r.id}</span>
            <span className="min-w-0">
              <span className="block truncate font-mono text-fg">
                {r.namespace}/{r.quotaName}
              </span>
              <span className="block truncate text-fg-muted">
                {requestedChanges(r)
                  .map((c) => {
                    // A decided request shows what was applied; an SRE may have changed the ask.
                    const applied = r.appliedHard?.[c.resource];
                    return applied !== undefined && applied !== c.to
                      ? `${c.resource} ${c.from ?? '—'} → ${applied} (asked ${c.to})`
                      : `${c.resource} ${c.from ?? '—'} → ${applied ?? c.to}`;
                  })
                  .join(', ')}
              </span>
              <span className="block truncate text-fg-muted">
                {r.requestedBy} · {formatRelative(r.createdAt)}
              </span>
            </span>
            <span className="flex flex-col items-end gap-1">
              <Badge tone={STATUS_TONES[r.status]} dot>
                {r.status}
              </Badge>
              {unseen?.includes(r.id) && (
                <Badge tone="accent" aria-label="New decision, not seen yet">
                  New
                </Badge>
              )}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
