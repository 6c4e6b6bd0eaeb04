import type { EvictionGroupBy } from '@plimsoll/shared/schemas';

import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import { rollupBucketSql, rollupCountSql } from './eviction-rollup-sql.js';

/**
 * Reads of the `evictions` table (the collector writes it) and of the node history an eviction's detail needs.
 * Raw SQL throughout: keyset pages, time buckets and DISTINCT ON are plain Postgres and run the same on PGlite.
 */

/** Filters every eviction read takes; arrays match any of their values, empty or absent arrays match all. */
export interface EvictionFilter {
  cluster: string;
  from: Date;
  to: Date;
  /** Exact node names. */
  nodes?: readonly string[];
  /** Parts of node names, case-insensitive: a node matches when its name contains any of them. */
  nodeParts?: readonly string[];
  namespaces?: readonly string[];
  tenants?: readonly string[];
  resources?: readonly string[];
  qos?: readonly string[];
  /** Part of the pod, namespace or owner name, case-insensitive (the command palette's search). */
  text?: string;
  /** `{ kind: null }` matches the name under any kind. */
  owners?: ReadonlyArray<{ kind: string | null; name: string }>;
  /**
   * Tenant isolation: null sees every namespace; a list sees only namespaces that tenant_namespaces currently
   * assigns to one of these tenants (an empty list sees nothing).
   */
  scopeTenants: readonly string[] | null;
}

/** An eviction row as the views use it (no node_pressure blob). */
export interface EvictionRecord {
  id: bigint;
  cluster: string;
  namespace: string;
  pod: string;
  podUid: string;
  node: string | null;
  tenant: string | null;
  ownerKind: string | null;
  ownerName: string | null;
  qosClass: string | null;
  priority: number | null;
  resource: string | null;
  threshold: string | null;
  available: string | null;
  offenders: unknown;
  message: string;
  evictedAt: Date;
  observedAt: Date;
  reconstructed: boolean;
}

/** One workload's evictions in a range (countEvictionsByWorkload). */
export interface WorkloadCountRecord {
  namespace: string;
  kind: string;
  name: string;
  tenant: string | null;
  n: number;
  pods: number;
  nodes: number;
  lastEvictedAt: Date;
}

/** A keyset position: rows strictly older than (evictedAt, id) come next. */
export interface EvictionCursor {
  evictedAt: Date;
  id: bigint;
}

export interface PressureSampleRecord {
  at: Date;
  resolutionSeconds: number;
  memoryAvailableBytes: bigint | null;
  nodefsAvailableBytes: bigint | null;
  nodefsInodesFree: bigint | null;
  pidAvailable: bigint | null;
}

export interface ConditionRecord {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
  lastTransitionTime: Date;
}

const COLUMNS = Prisma.sql`e.id, e.cluster, e.namespace, e.pod, e.pod_uid AS "podUid", e.node, e.tenant,
  e.owner_kind AS "ownerKind", e.owner_name AS "ownerName", e.qos_class AS "qosClass", e.priority, e.resource,
  e.threshold, e.available, e.offenders, e.message, e.evicted_at AS "evictedAt", e.observed_at AS "observedAt",
  e.reconstructed`;

/** The SQL value a group-by field takes; a missing value is `(none)`. */
export function groupExpression(groupBy: EvictionGroupBy): Prisma.Sql {
  switch (groupBy) {
    case 'node':
      return Prisma.sql`coalesce(e.node, '(none)')`;
    case 'namespace':
      return Prisma.sql`e.namespace`;
    case 'tenant':
      return Prisma.sql`coalesce(e.tenant, '(none)')`;
    case 'owner':
      return Prisma.sql`coalesce(e.owner_kind || '/' || e.owner_name, e.owner_name, '(none)')`;
    case 'resource':
      return Prisma.sql`coalesce(e.resource, '(none)')`;
    case 'qos':
      return Prisma.sql`coalesce(e.qos_class, '(none)')`;
  }
}

function anyOf(column: Prisma.Sql, values: readonly string[] | undefined): Prisma.Sql | null {
  if (!values || values.length === 0) return null;
  return Prisma.sql`${column} IN (${Prisma.join(values)})`;
}

/** The WHERE clause of a filter (without the keyword). */
export function filterSql(f: EvictionFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [
    Prisma.sql`e.cluster = ${f.cluster}`,
    Prisma.sql`e.evicted_at >= ${f.from}`,
    Prisma.sql`e.evicted_at < ${f.to}`,
  ];
  for (const p of [
    anyOf(Prisma.sql`e.node`, f.nodes),
    anyOf(Prisma.sql`e.namespace`, f.namespaces),
    anyOf(Prisma.sql`e.tenant`, f.tenants),
    anyOf(Prisma.sql`e.resource`, f.resources),
    anyOf(Prisma.sql`e.qos_class`, f.qos),
  ]) {
    if (p) parts.push(p);
  }
  if (f.nodeParts && f.nodeParts.length > 0) {
    // position() rather than LIKE: no wildcard characters to escape in what the user typed.
    const ors = f.nodeParts.map(
      (p) => Prisma.sql`position(${p.toLowerCase()} in lower(e.node)) > 0`,
    );
    parts.push(Prisma.sql`(${Prisma.join(ors, ' OR ')})`);
  }
  if (f.text) {
    const t = f.text.toLowerCase();
    parts.push(
      Prisma.sql`(position(${t} in lower(e.pod)) > 0 OR position(${t} in lower(e.namespace)) > 0 OR position(${t} in lower(coalesce(e.owner_name, ''))) > 0)`,
    );
  }
  if (f.owners && f.owners.length > 0) {
    const ors = f.owners.map((o) =>
      o.kind === null
        ? Prisma.sql`e.owner_name = ${o.name}`
        : Prisma.sql`(e.owner_kind = ${o.kind} AND e.owner_name = ${o.name})`,
    );
    parts.push(Prisma.sql`(${Prisma.join(ors, ' OR ')})`);
  }
  if (f.scopeTenants !== null) {
    if (f.scopeTenants.length === 0) parts.push(Prisma.sql`false`);
    else
      parts.push(
        Prisma.sql`e.namespace IN (SELECT tn.namespace FROM tenant_namespaces tn
          WHERE tn.cluster = ${f.cluster} AND tn.tenant IN (${Prisma.join(f.scopeTenants)}))`,
      );
  }
  return Prisma.join(parts, ' AND ');
}

export function createEvictionRepository(prisma: PrismaClient) {
  return {
    /** One page, newest first, strictly after `cursor` when given. */
    async findEvictions(
      f: EvictionFilter,
      opts: { limit: number; cursor?: EvictionCursor | null },
    ): Promise<EvictionRecord[]> {
      const after = opts.cursor
        ? Prisma.sql`AND (e.evicted_at, e.id) < (${opts.cursor.evictedAt}, ${opts.cursor.id})`
        : Prisma.empty;
      return prisma.$queryRaw<EvictionRecord[]>`SELECT ${COLUMNS} FROM evictions e
        WHERE ${filterSql(f)} ${after}
        ORDER BY e.evicted_at DESC, e.id DESC LIMIT ${opts.limit}`;
    },

    /** How many evictions match; whole hours come from eviction_rollups where it can answer. */
    async countEvictions(f: EvictionFilter): Promise<number> {
      const sql =
        rollupCountSql(f, filterSql) ??
        Prisma.sql`SELECT count(*)::int AS n FROM evictions e WHERE ${filterSql(f)}`;
      const rows = await prisma.$queryRaw<Array<{ n: number }>>(sql);
      return rows[0]?.n ?? 0;
    },

    /**
     * Counts per (bucket index, group key); bucket index = floor(epoch seconds / bucketSeconds). Whole hours come
     * from eviction_rollups where it can answer.
     */
    async countEvictionsByBucket(
      f: EvictionFilter,
      bucketSeconds: number,
      groupBy: EvictionGroupBy | null,
    ): Promise<Array<{ bucket: number; key: string; n: number }>> {
      const key = groupBy ? groupExpression(groupBy) : Prisma.sql`''`;
      const sql =
        rollupBucketSql(f, bucketSeconds, groupBy, filterSql, groupExpression) ??
        Prisma.sql`SELECT floor(date_part('epoch', e.evicted_at) / ${bucketSeconds}) AS bucket, ${key} AS key,
          count(*)::int AS n
        FROM evictions e WHERE ${filterSql(f)}
        GROUP BY 1, 2`;
      return prisma.$queryRaw<Array<{ bucket: number; key: string; n: number }>>(sql);
    },

    /** Evictions per value of one field, most first. */
    async countEvictionsByGroup(
      f: EvictionFilter,
      groupBy: EvictionGroupBy,
    ): Promise<Array<{ key: string; n: number }>> {
      return prisma.$queryRaw`SELECT ${groupExpression(groupBy)} AS key, count(*)::int AS n
        FROM evictions e WHERE ${filterSql(f)}
        GROUP BY 1 ORDER BY 2 DESC, 1 ASC`;
    },

    /** The workloads (pod controllers) with the most evictions in the range, and how they spread. */
    async countEvictionsByWorkload(
      f: EvictionFilter,
      limit: number,
    ): Promise<WorkloadCountRecord[]> {
      return prisma.$queryRaw`SELECT e.namespace, e.owner_kind AS kind, e.owner_name AS name,
          max(e.tenant) AS tenant, count(*)::int AS n, count(DISTINCT e.pod_uid)::int AS pods,
          count(DISTINCT e.node)::int AS nodes, max(e.evicted_at) AS "lastEvictedAt"
        FROM evictions e WHERE ${filterSql(f)} AND e.owner_name IS NOT NULL AND e.owner_kind IS NOT NULL
        GROUP BY 1, 2, 3 ORDER BY n DESC, "lastEvictedAt" DESC, 1, 2, 3 LIMIT ${limit}`;
    },

    /** Evictions per (workload, starved resource) of the workloads `f.owners` names. */
    async countWorkloadEvictionsByResource(
      f: EvictionFilter,
    ): Promise<
      Array<{ namespace: string; kind: string; name: string; resource: string; n: number }>
    > {
      return prisma.$queryRaw`SELECT e.namespace, e.owner_kind AS kind, e.owner_name AS name,
          coalesce(e.resource, '(none)') AS resource, count(*)::int AS n
        FROM evictions e WHERE ${filterSql(f)} AND e.owner_name IS NOT NULL AND e.owner_kind IS NOT NULL
        GROUP BY 1, 2, 3, 4`;
    },

    /** The newest `limit` marks in the range: id, time, group key and resource only. */
    async findEvictionMarks(
      f: EvictionFilter,
      groupBy: EvictionGroupBy,
      limit: number,
    ): Promise<Array<{ id: bigint; evictedAt: Date; key: string; resource: string | null }>> {
      return prisma.$queryRaw`SELECT e.id, e.evicted_at AS "evictedAt", ${groupExpression(groupBy)} AS key, e.resource
        FROM evictions e WHERE ${filterSql(f)}
        ORDER BY e.evicted_at DESC, e.id DESC LIMIT ${limit}`;
    },

    /** Rows for episode grouping, oldest first. */
    async findEvictionsForEpisodes(f: EvictionFilter, limit: number): Promise<EvictionRecord[]> {
      return prisma.$queryRaw<
        EvictionRecord[]
      >`SELECT ${COLUMNS} FROM evictions e WHERE ${filterSql(f)}
        ORDER BY e.evicted_at ASC, e.id ASC LIMIT ${limit}`;
    },

    async findEvictionById(cluster: string, id: bigint): Promise<EvictionRecord | null> {
      const rows = await prisma.$queryRaw<EvictionRecord[]>`SELECT ${COLUMNS} FROM evictions e
        WHERE e.cluster = ${cluster} AND e.id = ${id}`;
      return rows[0] ?? null;
    },

    /** The current tenant of a namespace (tenant_namespaces), or null. */
    async findNamespaceTenant(cluster: string, namespace: string): Promise<string | null> {
      const rows = await prisma.$queryRaw<
        Array<{ tenant: string }>
      >`SELECT tenant FROM tenant_namespaces
        WHERE cluster = ${cluster} AND namespace = ${namespace}`;
      return rows[0]?.tenant ?? null;
    },

    /** The current tenants of many namespaces. */
    async findNamespaceTenants(
      cluster: string,
      namespaces: readonly string[],
    ): Promise<Map<string, string>> {
      if (namespaces.length === 0) return new Map();
      const rows = await prisma.$queryRaw<
        Array<{ namespace: string; tenant: string }>
      >`SELECT namespace, tenant
        FROM tenant_namespaces WHERE cluster = ${cluster} AND namespace IN (${Prisma.join(namespaces)})`;
      return new Map(rows.map((r) => [r.namespace, r.tenant]));
    },

    async findPressureSamples(
      cluster: string,
      node: string,
      from: Date,
      to: Date,
    ): Promise<PressureSampleRecord[]> {
      return prisma.$queryRaw<
        PressureSampleRecord[]
      >`SELECT at, resolution_seconds AS "resolutionSeconds",
          memory_available_bytes AS "memoryAvailableBytes", nodefs_available_bytes AS "nodefsAvailableBytes",
          nodefs_inodes_free AS "nodefsInodesFree", pid_available AS "pidAvailable"
        FROM pressure_samples
        WHERE cluster = ${cluster} AND node = ${node} AND at >= ${from} AND at <= ${to}
        ORDER BY at ASC`;
    },

    /** Each condition type's latest transition at or before `at`. */
    async findConditionsAt(cluster: string, node: string, at: Date): Promise<ConditionRecord[]> {
      return prisma.$queryRaw<
        ConditionRecord[]
      >`SELECT DISTINCT ON (type) type, status, reason, message,
          last_transition_time AS "lastTransitionTime"
        FROM node_condition_transitions
        WHERE cluster = ${cluster} AND node = ${node} AND last_transition_time <= ${at}
        ORDER BY type, last_transition_time DESC, id DESC`;
    },

    async findConditionTransitions(
      cluster: string,
      node: string,
      from: Date,
      to: Date,
    ): Promise<ConditionRecord[]> {
      return prisma.$queryRaw<ConditionRecord[]>`SELECT type, status, reason, message,
          last_transition_time AS "lastTransitionTime"
        FROM node_condition_transitions
        WHERE cluster = ${cluster} AND node = ${node} AND last_transition_time >= ${from} AND last_transition_time <= ${to}
        ORDER BY last_transition_time ASC, id ASC`;
    },

    /**
     * The node's taints at `at`: the latest recorded change at or before then; else the `previous` value of the
     * first change after it; else today's taints when no change was ever recorded; null for an unknown node.
     */
    async findTaintsAt(cluster: string, node: string, at: Date): Promise<unknown[] | null> {
      const before = await prisma.$queryRaw<
        Array<{ value: unknown }>
      >`SELECT value FROM node_spec_changes
        WHERE cluster = ${cluster} AND node = ${node} AND field = 'taints' AND observed_at <= ${at}
        ORDER BY observed_at DESC, id DESC LIMIT 1`;
      if (before[0]) return asArray(before[0].value);
      const after = await prisma.$queryRaw<
        Array<{ previous: unknown }>
      >`SELECT previous FROM node_spec_changes
        WHERE cluster = ${cluster} AND node = ${node} AND field = 'taints' AND observed_at > ${at}
        ORDER BY observed_at ASC, id ASC LIMIT 1`;
      if (after[0] && after[0].previous !== null) return asArray(after[0].previous);
      const current = await prisma.$queryRaw<
        Array<{ taints: unknown }>
      >`SELECT taints FROM current_nodes
        WHERE cluster = ${cluster} AND name = ${node}`;
      return current[0] ? asArray(current[0].taints) : null;
    },
  };
}

function asArray(value: unknown): unknown[] {
  if (typeof value === 'string') {
    try {
      return asArray(JSON.parse(value));
    } catch {
      return [];
    }
  }
  return Array.isArray(value) ? value : [];
}

export type EvictionRepository = ReturnType<typeof createEvictionRepository>;
