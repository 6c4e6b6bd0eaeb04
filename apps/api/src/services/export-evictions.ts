import {
  EVICTION_CSV_COLUMNS,
  EVICTION_EXPORT_MAX_ROWS,
  type Eviction,
  type EvictionFilterQuery,
} from '@plimsoll/shared/schemas';

import type { EvictionCursor } from '../repositories/eviction-repository.js';
import { toEvictionFilter, toEvictionWire, type EvictionQueryInput } from './eviction-query.js';

const PAGE = 5_000;

/** An export in progress: whether the cap cuts it (known before the first byte, for the header) and its rows. */
export interface EvictionExport {
  truncated: boolean;
  from: Date;
  to: Date;
  /** Pages of evictions, newest first, read from the database one page at a time as the response is written. */
  pages: AsyncIterable<Eviction[]>;
}

/**
 * Every eviction matching the filters, newest first, up to {@link EVICTION_EXPORT_MAX_ROWS}, as pages read while
 * the response streams: an export never holds more than one page in memory. `truncated` is decided by a count
 * when the export starts (the range ends at `to`, so rows arriving later do not change it).
 */
export async function openEvictionExport(
  input: EvictionQueryInput<EvictionFilterQuery> & { maxRows?: number },
): Promise<EvictionExport> {
  const max = input.maxRows ?? EVICTION_EXPORT_MAX_ROWS;
  const filter = toEvictionFilter(input.cluster, input.query, input.scope, input.now);
  const total = await input.repo.countEvictions(filter);
  async function* pages(): AsyncGenerator<Eviction[]> {
    let sent = 0;
    let cursor: EvictionCursor | null = null;
    while (sent < max) {
      const want = Math.min(PAGE, max - sent);
      const rows = await input.repo.findEvictions(filter, { limit: want, cursor });
      if (rows.length > 0) yield rows.map(toEvictionWire);
      sent += rows.length;
      const last = rows[rows.length - 1];
      if (rows.length < want || !last) return;
      cursor = { evictedAt: new Date(last.evictedAt), id: last.id };
    }
  }
  return { truncated: total > max, from: filter.from, to: filter.to, pages: pages() };
}

/**
 * A cell a spreadsheet will not run as a formula (OWASP "CSV Injection"): text starting with `=`, `+`, `-`, `@`,
 * tab or CR gets a leading `'`. Pod names, owners and messages come from tenants, and an SRE opens the export.
 */
export function neutraliseCsvCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(value: unknown): string {
  const text = neutraliseCsvCell(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `kind:name usage/request` per offender, joined by `; ` (request `-` when the kubelet printed none). */
export function formatOffenders(e: Eviction): string {
  return e.offenders.map((o) => `${o.kind}:${o.name} ${o.usage}/${o.request ?? '-'}`).join('; ');
}

/** One RFC 4180 CSV line (CRLF-terminated) of an eviction in {@link EVICTION_CSV_COLUMNS} order. */
function toCsvLine(e: Eviction): string {
  return `${EVICTION_CSV_COLUMNS.map((c) => csvField(c === 'offenders' ? formatOffenders(e) : e[c])).join(',')}\r\n`;
}

/** RFC 4180 CSV (CRLF line ends, header row) of evictions, one chunk per page. */
export async function* toEvictionCsvChunks(
  pages: AsyncIterable<Eviction[]>,
): AsyncGenerator<string> {
  yield `${EVICTION_CSV_COLUMNS.join(',')}\r\n`;
  for await (const page of pages) yield page.map(toCsvLine).join('');
}

/** A JSON array of evictions, one chunk per page. */
export async function* toEvictionJsonChunks(
  pages: AsyncIterable<Eviction[]>,
): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const page of pages) {
    const body = page.map((e) => JSON.stringify(e)).join(',');
    yield first ? body : `,${body}`;
    first = false;
  }
  yield ']';
}
