import type { TenantScope } from '@plimsoll/shared';
import type {
  ListNodesQuerySchema,
  ListNodesResponse,
  NodeConditionFilter,
  NodeSortKey,
  NodeSummary,
} from '@plimsoll/shared/schemas';
import type { z } from 'zod';

import type { ClusterCollector } from '../collector/collector.js';
import { AppError } from '../errors/app-error.js';
import type { NodeHistoryRepository } from '../repositories/node-history-repository.js';
import { getScopedNodeRows } from './build-node-summaries.js';

type ListNodesQuery = z.output<typeof ListNodesQuerySchema>;

const READY_ORDER: Record<NodeSummary['ready'], number> = { False: 0, Unknown: 1, True: 2 };

/** The sort value of a row; null sorts last in either direction. */
function sortValue(row: NodeSummary, key: NodeSortKey): string | number | null {
  switch (key) {
    case 'name':
      return row.name;
    case 'ready':
      return READY_ORDER[row.ready];
    case 'headroom':
      return row.worstHeadroom;
    case 'memory':
      return row.memory?.ratio ?? null;
    case 'disk':
      return row.disk?.ratio ?? null;
    case 'pid':
      return row.pid?.ratio ?? null;
    case 'cpuRequested':
      return row.cpu.allocatableMilli > 0 ? row.cpu.requestedMilli / row.cpu.allocatableMilli : null;
    case 'memoryRequested':
      return row.memoryAlloc.allocatableBytes > 0 ? row.memoryAlloc.requestedBytes / row.memoryAlloc.allocatableBytes : null;
    case 'pods':
      return row.pods.count;
    case 'kubelet':
      return row.kubeletVersion;
    case 'pool':
      return row.pool;
    case 'tenant':
      return row.tenant;
    case 'heartbeat':
      return row.heartbeatAgeSeconds;
    case 'age':
      return row.createdAt;
  }
}

type Key = string | number | null;

function compareKeys(a: Key, b: Key, dir: 1 | -1): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return (a - b) * dir;
  return (String(a) < String(b) ? -1 : 1) * dir;
}

/** Total order: the sort key, then the node name (ascending), so a cursor names one position. */
function compareRows(a: { k: Key; name: string }, b: { k: Key; name: string }, dir: 1 | -1): number {
  return compareKeys(a.k, b.k, dir) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function matchesCondition(row: NodeSummary, f: NodeConditionFilter): boolean {
  switch (f) {
    case 'ready':
      return row.ready === 'True';
    case 'not-ready':
      return row.ready === 'False';
    case 'unknown':
      return row.ready === 'Unknown';
    case 'memory-pressure':
      return row.badConditions.includes('MemoryPressure');
    case 'disk-pressure':
      return row.badConditions.includes('DiskPressure');
    case 'pid-pressure':
      return row.badConditions.includes('PIDPressure');
    case 'any-pressure':
      return row.badConditions.some((c) => c.endsWith('Pressure'));
    case 'problem':
      return row.problems.length > 0;
    case 'unschedulable':
      return row.unschedulable;
    case 'stale':
      return row.leaseState !== 'fresh';
  }
}

function matchesText(row: NodeSummary, q: string): boolean {
  const hay = [
    row.name,
    row.pool,
    row.tenant,
    row.kubeletVersion,
    row.containerRuntimeVersion,
    row.kernelVersion,
    row.osImage,
    ...row.badConditions,
    ...row.problems.map((p) => p.type),
    ...row.taints.map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`),
  ];
  return hay.some((h) => h !== null && h.toLowerCase().includes(q));
}

interface Cursor {
  k: Key;
  n: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.n !== 'string' || !(c.k === null || typeof c.k === 'string' || typeof c.k === 'number')) throw new Error('shape');
    return c;
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API issued; start again without it.');
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
  const q = query.q?.trim().toLowerCase();
  const conditions = query.condition ?? [];
  const filtered = rows.filter(
    (r) =>
      (!q || matchesText(r, q)) &&
      (conditions.length === 0 || conditions.some((c) => matchesCondition(r, c))) &&
      (!query.pool || r.pool === query.pool) &&
      (!query.tenant || r.tenant === query.tenant) &&
      (!query.skew || (query.skew === 'skewed' ? r.kubeletSkew > 0 : r.kubeletSkew === 0)),
  );
  const dir = query.order === 'desc' ? -1 : 1;
  const keyed = filtered.map((row) => ({ row, k: sortValue(row, query.sort), name: row.name }));
  keyed.sort((a, b) => compareRows(a, b, dir));
  let start = 0;
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    const at = { k: c.k, name: c.n };
    // The first row after the cursor's position, even if that row itself has changed or gone since.
    let lo = 0;
    let hi = keyed.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRows(keyed[mid] as (typeof keyed)[number], at, dir) <= 0) lo = mid + 1;
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
