import type { NodeConditionFilter, NodeSortKey, NodeSummary } from '../schemas/node.js';

// ---- The semantics of ListNodesQuery, shared so the API's filters and the web table's instant filters agree. ----

const READY_ORDER: Record<NodeSummary['ready'], number> = { False: 0, Unknown: 1, True: 2 };

/** The sort value of a row; null sorts last in either direction. */
export function nodeSortValue(row: NodeSummary, key: NodeSortKey): string | number | null {
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
      return row.cpu.allocatableMilli > 0
        ? row.cpu.requestedMilli / row.cpu.allocatableMilli
        : null;
    case 'memoryRequested':
      return row.memoryAlloc.allocatableBytes > 0
        ? row.memoryAlloc.requestedBytes / row.memoryAlloc.allocatableBytes
        : null;
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

/** A row's sort value; null sorts last in either direction. */
export type NodeSortValue = string | number | null;
type Key = NodeSortValue;

function compareKeys(a: Key, b: Key, dir: 1 | -1): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return (a - b) * dir;
  return (String(a) < String(b) ? -1 : 1) * dir;
}

/** Total order: the sort key, then the node name (ascending), so a cursor names one position. */
export function compareNodeRows(
  a: { k: Key; name: string },
  b: { k: Key; name: string },
  dir: 1 | -1,
): number {
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

/** The rows matching a ListNodesQuery's filters (text, condition, pool, tenant, skew). */
export function filterNodeRows(
  rows: readonly NodeSummary[],
  query: {
    q?: string | undefined;
    condition?: readonly NodeConditionFilter[] | undefined;
    pool?: string | undefined;
    tenant?: string | undefined;
    skew?: 'skewed' | 'current' | undefined;
  },
): NodeSummary[] {
  const q = query.q?.trim().toLowerCase();
  const conditions = query.condition ?? [];
  return rows.filter(
    (r) =>
      (!q || matchesText(r, q)) &&
      (conditions.length === 0 || conditions.some((c) => matchesCondition(r, c))) &&
      (!query.pool || r.pool === query.pool) &&
      (!query.tenant || r.tenant === query.tenant) &&
      (!query.skew || (query.skew === 'skewed' ? r.kubeletSkew > 0 : r.kubeletSkew === 0)),
  );
}

/** Filters, then sorts by `sort` (`order`), ties by name. */
export function applyNodeListQuery(
  rows: readonly NodeSummary[],
  query: Parameters<typeof filterNodeRows>[1] & { sort: NodeSortKey; order: 'asc' | 'desc' },
): NodeSummary[] {
  const dir = query.order === 'desc' ? -1 : 1;
  return filterNodeRows(rows, query)
    .map((row) => ({ row, k: nodeSortValue(row, query.sort), name: row.name }))
    .sort((a, b) => compareNodeRows(a, b, dir))
    .map((x) => x.row);
}
