import type { TenantScope } from '@plimsoll/shared';
import {
  compareNodeRows,
  filterNodeRows,
  nodeSortValue,
  type ListNodesQuerySchema,
  type ListNodesResponse,
  type NodeSortValue,
  type NodeRowDelta,
  type NodeSummary,
} from '@plimsoll/shared/schemas';
import type { z } from 'zod';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import { AppError } from '../errors/app-error.js';
import type { NodeHistoryRepository } from '../repositories/node-history-repository.js';
import { getScopedNodeRows } from './build-node-summaries.js';

type ListNodesQuery = z.output<typeof ListNodesQuerySchema>;

interface Cursor {
  k: NodeSortValue;
  n: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (
      typeof c.n !== 'string' ||
      !(c.k === null || typeof c.k === 'string' || typeof c.k === 'number')
    )
      throw new Error('shape');
    return c;
  } catch {
    throw new AppError(
      'VALIDATION_FAILED',
      'The cursor is not one this API issued; start again without it.',
    );
  }
}

/** Applies the filters, sort and cursor of `GET /nodes` to the caller's rows. */
export async function listNodes(opts: {
  collector: ClusterCollector;
  repo: NodeHistoryRepository;
  scope: TenantScope;
  query: ListNodesQuery;
}): Promise<ListNodesResponse> {
  const { query } = opts;
  const { rows, builtAt } = await getScopedNodeRows(opts.collector, opts.repo, opts.scope);
  const pools = new Set<string>();
  const tenants = new Set<string>();
  const versions = new Set<string>();
  for (const r of rows) {
    if (r.pool) pools.add(r.pool);
    if (r.tenant) tenants.add(r.tenant);
    if (r.kubeletVersion) versions.add(r.kubeletVersion);
  }
  const filtered = filterNodeRows(rows, query);
  const dir = query.order === 'desc' ? -1 : 1;
  const keyed = filtered.map((row) => ({ row, k: nodeSortValue(row, query.sort), name: row.name }));
  keyed.sort((a, b) => compareNodeRows(a, b, dir));
  let start = 0;
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    const at = { k: c.k, name: c.n };
    // The first row after the cursor's position, even if that row itself has changed or gone since.
    let lo = 0;
    let hi = keyed.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareNodeRows(keyed[mid] as (typeof keyed)[number], at, dir) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const page = keyed.slice(start, start + query.limit);
  const last = page[page.length - 1];
  const more = start + query.limit < keyed.length;
  return {
    cluster: opts.collector.name,
    items: page.map((p) => p.row),
    total: filtered.length,
    nextCursor: more && last ? encodeCursor({ k: last.k, n: last.name }) : null,
    facets: {
      pools: [...pools].sort(),
      tenants: [...tenants].sort(),
      kubeletVersions: [...versions].sort(),
    },
    generatedAt: builtAt.toISOString(),
  };
}

const rowJson = new WeakMap<NodeSummary, string>();

/**
 * `GET /nodes`' body as JSON text. Rows are shared by every request within the row cache's lifetime (getNodeRows),
 * so each row is stringified once and its text reused by every page and every caller that sees it. The route uses
 * this instead of the zod serializer: validating 5,000 rows on every request was most of a full list's time, and the
 * rows are built here from typed snapshots (list-nodes.test in test/routes checks them against the schema).
 */
export function serializeListNodesResponse(response: ListNodesResponse): string {
  const { items, ...rest } = response;
  return `${JSON.stringify(rest).slice(0, -1)},"items":[${rowsJson(items)}]}`;
}

/** The live stream's `event: nodes` data, from the same cached row texts. */
export function serializeNodeRowDelta(delta: NodeRowDelta): string {
  const { upserts, ...rest } = delta;
  return `${JSON.stringify(rest).slice(0, -1)},"upserts":[${rowsJson(upserts)}]}`;
}

function rowsJson(rows: readonly NodeSummary[]): string {
  return rows
    .map((row) => {
      let text = rowJson.get(row);
      if (text === undefined) {
        text = JSON.stringify(row);
        rowJson.set(row, text);
      }
      return text;
    })
    .join(',');
}
