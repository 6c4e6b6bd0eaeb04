import type { EvictionGroupBy } from '@plimsoll/shared/schemas';

import { Prisma } from '../generated/prisma/client.js';
import type { EvictionFilter } from './eviction-repository.js';

/**
 * Counts over `eviction_rollups` (evictions per UTC hour along one dimension, kept by triggers on `evictions`; see
 * its migration): a year's total or histogram reads the rollup rows of the whole hours in the range and only the
 * partial hours at its two ends from `evictions` itself. A query the rollups cannot answer exactly — an owner filter
 * or grouping, filters on two dimensions, buckets that are not whole hours — returns null and reads `evictions`.
 */

type Dimension = 'all' | 'node' | 'namespace' | 'tenant' | 'resource' | 'qos';

const HOUR_MS = 3_600_000;

/** The rollup's key for a missing value (groupExpression's `(none)`). */
const NONE = '(none)';

/** The one dimension a filter and grouping touch ('all' for none), or null when it takes more than one. */
export function rollupDimension(
  f: EvictionFilter,
  groupBy: EvictionGroupBy | null,
): Dimension | null {
  if (groupBy === 'owner' || (f.owners && f.owners.length > 0)) return null;
  const dims = new Set<Dimension>();
  if (groupBy) dims.add(groupBy);
  if (f.nodes?.length) dims.add('node');
  if (f.namespaces?.length) dims.add('namespace');
  if (f.scopeTenants !== null) dims.add('namespace');
  if (f.tenants?.length) dims.add('tenant');
  if (f.resources?.length) dims.add('resource');
  if (f.qos?.length) dims.add('qos');
  if (dims.size > 1) return null;
  return [...dims][0] ?? 'all';
}

/** The whole UTC hours inside [from, to), or null when there are none. */
export function wholeHours(f: EvictionFilter): { from: Date; to: Date } | null {
  const from = Math.ceil(f.from.getTime() / HOUR_MS) * HOUR_MS;
  const to = Math.floor(f.to.getTime() / HOUR_MS) * HOUR_MS;
  return from < to ? { from: new Date(from), to: new Date(to) } : null;
}

function valuesOf(f: EvictionFilter, d: Dimension): readonly string[] | undefined {
  switch (d) {
    case 'node':
      return f.nodes;
    case 'namespace':
      return f.namespaces;
    case 'tenant':
      return f.tenants;
    case 'resource':
      return f.resources;
    case 'qos':
      return f.qos;
    case 'all':
      return undefined;
  }
}

/** The WHERE clause over `eviction_rollups r` for the whole hours `h` (same rows as filterSql over them). */
function rollupWhere(f: EvictionFilter, d: Dimension, h: { from: Date; to: Date }): Prisma.Sql {
  const parts = [
    Prisma.sql`r.cluster = ${f.cluster}`,
    Prisma.sql`r.dimension = ${d}`,
    Prisma.sql`r.hour >= ${h.from}`,
    Prisma.sql`r.hour < ${h.to}`,
  ];
  const values = valuesOf(f, d);
  // `IN` on the raw column never matches a missing value, which the rollup keys as (none).
  if (values?.length)
    parts.push(Prisma.sql`r.key IN (${Prisma.join(values)}) AND r.key <> ${NONE}`);
  if (d === 'namespace' && f.scopeTenants !== null) {
    if (f.scopeTenants.length === 0) parts.push(Prisma.sql`false`);
    else
      parts.push(
        Prisma.sql`r.key IN (SELECT tn.namespace FROM tenant_namespaces tn
          WHERE tn.cluster = ${f.cluster} AND tn.tenant IN (${Prisma.join(f.scopeTenants)}))`,
      );
  }
  return Prisma.join(parts, ' AND ');
}

/** The partial hours at the two ends of the range, as filters over `evictions`. */
function edges(f: EvictionFilter, h: { from: Date; to: Date }): EvictionFilter[] {
  const out: EvictionFilter[] = [];
  if (f.from < h.from) out.push({ ...f, to: h.from });
  if (h.to < f.to) out.push({ ...f, from: h.to });
  return out;
}

/** `SELECT count(*)` of a filter from the rollups plus the edges, or null when the rollups cannot answer. */
export function rollupCountSql(
  f: EvictionFilter,
  filterSql: (f: EvictionFilter) => Prisma.Sql,
): Prisma.Sql | null {
  const d = rollupDimension(f, null);
  const h = wholeHours(f);
  if (!d || !h) return null;
  const raw = edges(f, h).map(
    (e) => Prisma.sql` + (SELECT count(*) FROM evictions e WHERE ${filterSql(e)})`,
  );
  return Prisma.sql`SELECT ((SELECT coalesce(sum(r.n), 0) FROM eviction_rollups r WHERE ${rollupWhere(f, d, h)})
    ${raw.length ? Prisma.join(raw, '') : Prisma.empty})::int AS n`;
}

/** Counts per (bucket, key) from the rollups plus the edges, or null when the rollups cannot answer. */
export function rollupBucketSql(
  f: EvictionFilter,
  bucketSeconds: number,
  groupBy: EvictionGroupBy | null,
  filterSql: (f: EvictionFilter) => Prisma.Sql,
  groupExpression: (g: EvictionGroupBy) => Prisma.Sql,
): Prisma.Sql | null {
  const d = rollupDimension(f, groupBy);
  const h = wholeHours(f);
  if (!d || !h || bucketSeconds % 3600 !== 0) return null;
  const rawKey = groupBy ? groupExpression(groupBy) : Prisma.sql`''`;
  const raw = edges(f, h).map(
    (
      e,
    ) => Prisma.sql` UNION ALL SELECT floor(date_part('epoch', e.evicted_at) / ${bucketSeconds}), ${rawKey}, 1
      FROM evictions e WHERE ${filterSql(e)}`,
  );
  return Prisma.sql`SELECT x.bucket, x.key, sum(x.n)::int AS n FROM (
      SELECT floor(date_part('epoch', r.hour) / ${bucketSeconds}) AS bucket,
        ${groupBy ? Prisma.sql`r.key` : Prisma.sql`''`} AS key, r.n
      FROM eviction_rollups r WHERE ${rollupWhere(f, d, h)}
      ${raw.length ? Prisma.join(raw, '') : Prisma.empty}
    ) x GROUP BY 1, 2 HAVING sum(x.n) > 0`;
}
