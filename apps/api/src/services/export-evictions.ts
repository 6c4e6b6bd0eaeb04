import {
  EVICTION_CSV_COLUMNS,
  EVICTION_EXPORT_MAX_ROWS,
  type Eviction,
  type EvictionFilterQuery,
} from '@plimsoll/shared/schemas';

import type { TenantScope } from '@plimsoll/shared';
import type { EvictionCursor, EvictionRepository } from '../repositories/eviction-repository.js';
import { toEvictionFilter, toEvictionWire } from './eviction-query.js';

const PAGE = 5_000;

/** Every eviction matching the filters, newest first, up to {@link EVICTION_EXPORT_MAX_ROWS}. */
export async function exportEvictions(input: {
  repo: EvictionRepository;
  cluster: string;
  query: EvictionFilterQuery;
  scope: TenantScope;
  now: Date;
  maxRows?: number;
}): Promise<{ items: Eviction[]; truncated: boolean; from: Date; to: Date }> {
  const max = input.maxRows ?? EVICTION_EXPORT_MAX_ROWS;
  const filter = toEvictionFilter(input.cluster, input.query, input.scope, input.now);
  const items: Eviction[] = [];
  let cursor: EvictionCursor | null = null;
  for (;;) {
    const want = Math.min(PAGE, max + 1 - items.length);
    const rows = await input.repo.findEvictions(filter, { limit: want, cursor });
    for (const r of rows) items.push(toEvictionWire(r));
    const last = rows[rows.length - 1];
    if (rows.length < want || !last || items.length > max) break;
    cursor = { evictedAt: new Date(last.evictedAt), id: last.id };
  }
  const truncated = items.length > max;
  return {
    items: truncated ? items.slice(0, max) : items,
    truncated,
    from: filter.from,
    to: filter.to,
  };
}

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `kind:name usage/request` per offender, joined by `; ` (request `-` when the kubelet printed none). */
export function formatOffenders(e: Eviction): string {
  return e.offenders.map((o) => `${o.kind}:${o.name} ${o.usage}/${o.request ?? '-'}`).join('; ');
}

/** RFC 4180 CSV (CRLF line ends, header row) of evictions in {@link EVICTION_CSV_COLUMNS} order. */
export function toEvictionCsv(items: readonly Eviction[]): string {
  const lines = [EVICTION_CSV_COLUMNS.join(',')];
  for (const e of items) {
    lines.push(
      EVICTION_CSV_COLUMNS.map((c) => csvField(c === 'offenders' ? formatOffenders(e) : e[c])).join(
        ',',
      ),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
