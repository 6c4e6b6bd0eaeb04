import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { EventSnapshot } from '../k8s/to-event-snapshot.js';
import { createRetentionRepository, type RetentionRepository } from './retention-repository.js';

/** A node's lease staleness episode; written open (endedAt null) and closed later under the same key. */
export interface LeaseEpisodeRow {
  cluster: string;
  node: string;
  startedAt: Date;
  endedAt: Date | null;
  lastRenewBefore: Date | null;
  longestGapSeconds: number;
  reconstructed: boolean;
}

/** A node-problem-detector permanent problem; written open and closed later under the same key. */
export interface NodeProblemEpisodeRow {
  cluster: string;
  node: string;
  conditionType: string;
  reason: string;
  message: string | null;
  severity: string;
  startedAt: Date;
  endedAt: Date | null;
}

/** A kept Event; rows for the same uid merge (highest count, earliest first, latest last seen). */
export interface KubeEventRow extends EventSnapshot {
  cluster: string;
  observedAt: Date;
}

/** The current state of a node (upserted; `deletedAt` set when the node is gone). */
export interface CurrentNodeRow {
  cluster: string;
  name: string;
  uid: string;
  resourceVersion: string;
  labels: Record<string, string>;
  taints: unknown[];
  conditions: unknown[];
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  nodeInfo: Record<string, string>;
  unschedulable: boolean;
  createdAt: Date | null;
  deletedAt: Date | null;
  observedAt: Date;
}

/** A namespace's tenant (upserted; tenant null removes the row). */
export interface TenantNamespaceRow {
  cluster: string;
  namespace: string;
  tenant: string | null;
  observedAt: Date;
}

/** Every kind of row the collector writes, by table. */
export interface HistoryRows {
  conditionTransitions: Prisma.NodeConditionTransitionCreateManyInput;
  nodeSpecChanges: Prisma.NodeSpecChangeCreateManyInput;
  currentNodes: CurrentNodeRow;
  leaseEpisodes: LeaseEpisodeRow;
  leaderTransitions: Prisma.LeaderTransitionCreateManyInput;
  nodeProblemEpisodes: NodeProblemEpisodeRow;
  evictions: Prisma.EvictionCreateManyInput;
  kubeEvents: KubeEventRow;
  quotaSamples: Prisma.QuotaSampleCreateManyInput;
  autoscalerStatus: Prisma.AutoscalerStatusSampleCreateManyInput;
  tenantNamespaces: TenantNamespaceRow;
  pressureSamples: Prisma.PressureSampleCreateManyInput;
}

export type HistoryTable = keyof HistoryRows;

/** A batch of rows to write together. */
export type HistoryBatch = { [K in HistoryTable]?: HistoryRows[K][] };

/** The latest stored state the collector diffs against when it becomes the writer. */
export interface StoredClusterState {
  nodes: CurrentNodeRow[];
  openLeaseEpisodes: LeaseEpisodeRow[];
  openNodeProblems: NodeProblemEpisodeRow[];
  latestQuotas: Array<{ namespace: string; name: string; hard: unknown; used: unknown }>;
  latestAutoscalerHash: string | null;
  leaders: Array<{ namespace: string; name: string; holder: string }>;
  tenants: Array<{ namespace: string; tenant: string }>;
}

/** The collector's writes, the reads a new writer starts from, and retention. The only SQL of the collector. */
export interface HistoryRepository extends RetentionRepository {
  writeBatch(batch: HistoryBatch): Promise<void>;
  loadClusterState(cluster: string): Promise<StoredClusterState>;
  upsertCluster(name: string, source: string): Promise<void>;
}

/** Keeps the last row per key: one statement may not upsert the same row twice. */
function lastByKey<T>(rows: T[], key: (r: T) => string, merge?: (a: T, b: T) => T): T[] {
  const m = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    const prev = m.get(k);
    m.set(k, prev && merge ? merge(prev, r) : r);
  }
  return [...m.values()];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const maxDate = (a: Date, b: Date) => (a > b ? a : b);
const minDate = (a: Date, b: Date) => (a < b ? a : b);

/**
 * Writes through Prisma: append-only tables with createMany({ skipDuplicates }) on their idempotency keys, upserts
 * with one `INSERT … SELECT FROM jsonb_to_recordset($1) ON CONFLICT` statement per table — never row by row.
 */
export function createHistoryRepository(prisma: PrismaClient): HistoryRepository {
  return {
    ...createRetentionRepository(prisma),
    async upsertCluster(name, source) {
      await prisma.cluster.upsert({
        where: { name },
        create: { name, source },
        update: { source },
      });
    },

    async writeBatch(batch) {
      const ops: Prisma.PrismaPromise<unknown>[] = [];
      const many = <T>(rows: T[] | undefined, fn: (rows: T[]) => Prisma.PrismaPromise<unknown>) => {
        if (rows && rows.length) ops.push(fn(rows));
      };
      many(batch.conditionTransitions, (data) =>
        prisma.nodeConditionTransition.createMany({ data, skipDuplicates: true }),
      );
      many(batch.nodeSpecChanges, (data) =>
        prisma.nodeSpecChange.createMany({ data, skipDuplicates: true }),
      );
      many(batch.leaderTransitions, (data) =>
        prisma.leaderTransition.createMany({ data, skipDuplicates: true }),
      );
      many(batch.evictions, (data) => prisma.eviction.createMany({ data, skipDuplicates: true }));
      many(batch.quotaSamples, (data) =>
        prisma.quotaSample.createMany({ data, skipDuplicates: true }),
      );
      many(batch.autoscalerStatus, (data) =>
        prisma.autoscalerStatusSample.createMany({ data, skipDuplicates: true }),
      );
      many(batch.pressureSamples, (data) =>
        prisma.pressureSample.createMany({ data, skipDuplicates: true }),
      );

      many(batch.leaseEpisodes, (rows) => {
        const merged = lastByKey(
          rows,
          (r) => `${r.cluster}\0${r.node}\0${r.startedAt.toISOString()}`,
          (a, b) => ({
            ...b,
            endedAt: b.endedAt ?? a.endedAt,
            longestGapSeconds: Math.max(a.longestGapSeconds, b.longestGapSeconds),
            reconstructed: a.reconstructed && b.reconstructed,
          }),
        );
        const json = JSON.stringify(
          merged.map((r) => ({
            ...r,
            startedAt: iso(r.startedAt),
            endedAt: iso(r.endedAt),
            lastRenewBefore: iso(r.lastRenewBefore),
          })),
        );
        return prisma.$executeRawUnsafe(
          `INSERT INTO lease_staleness_episodes (cluster, node, started_at, ended_at, last_renew_before, longest_gap_seconds, reconstructed)
           SELECT cluster, node, "startedAt", "endedAt", "lastRenewBefore", "longestGapSeconds", reconstructed
           FROM jsonb_to_recordset($1::jsonb) AS x(cluster text, node text, "startedAt" timestamptz, "endedAt" timestamptz,
             "lastRenewBefore" timestamptz, "longestGapSeconds" float8, reconstructed boolean)
           ON CONFLICT (cluster, node, started_at) DO UPDATE SET
             ended_at = COALESCE(EXCLUDED.ended_at, lease_staleness_episodes.ended_at),
             longest_gap_seconds = GREATEST(EXCLUDED.longest_gap_seconds, lease_staleness_episodes.longest_gap_seconds),
             last_renew_before = COALESCE(lease_staleness_episodes.last_renew_before, EXCLUDED.last_renew_before)`,
          json,
        );
      });

      many(batch.nodeProblemEpisodes, (rows) => {
        const merged = lastByKey(
          rows,
          (r) => `${r.cluster}\0${r.node}\0${r.conditionType}\0${r.startedAt.toISOString()}`,
          (a, b) => ({ ...b, endedAt: b.endedAt ?? a.endedAt }),
        );
        const json = JSON.stringify(
          merged.map((r) => ({ ...r, startedAt: iso(r.startedAt), endedAt: iso(r.endedAt) })),
        );
        return prisma.$executeRawUnsafe(
          `INSERT INTO node_problem_episodes (cluster, node, condition_type, reason, message, severity, started_at, ended_at)
           SELECT cluster, node, "conditionType", reason, message, severity, "startedAt", "endedAt"
           FROM jsonb_to_recordset($1::jsonb) AS x(cluster text, node text, "conditionType" text, reason text, message text,
             severity text, "startedAt" timestamptz, "endedAt" timestamptz)
           ON CONFLICT (cluster, node, condition_type, started_at) DO UPDATE SET
             ended_at = COALESCE(EXCLUDED.ended_at, node_problem_episodes.ended_at)`,
          json,
        );
      });

      many(batch.kubeEvents, (rows) => {
        const merged = lastByKey(
          rows,
          (r) => `${r.cluster}\0${r.uid}`,
          (a, b) => ({
            ...b,
            count: Math.max(a.count, b.count),
            firstSeen: minDate(a.firstSeen, b.firstSeen),
            lastSeen: maxDate(a.lastSeen, b.lastSeen),
          }),
        );
        const json = JSON.stringify(
          merged.map((r) => ({
            ...r,
            firstSeen: iso(r.firstSeen),
            lastSeen: iso(r.lastSeen),
            observedAt: iso(r.observedAt),
          })),
        );
        return prisma.$executeRawUnsafe(
          `INSERT INTO kube_events (cluster, uid, namespace, name, type, reason, message, involved_kind, involved_name,
             involved_namespace, source_component, source_host, count, first_seen, last_seen, observed_at)
           SELECT cluster, uid, namespace, name, type, reason, message, "involvedKind", "involvedName", "involvedNamespace",
             "sourceComponent", "sourceHost", count, "firstSeen", "lastSeen", "observedAt"
           FROM jsonb_to_recordset($1::jsonb) AS x(cluster text, uid text, namespace text, name text, type text, reason text,
             message text, "involvedKind" text, "involvedName" text, "involvedNamespace" text, "sourceComponent" text,
             "sourceHost" text, count int, "firstSeen" timestamptz, "lastSeen" timestamptz, "observedAt" timestamptz)
           ON CONFLICT (cluster, uid) DO UPDATE SET
             count = GREATEST(kube_events.count, EXCLUDED.count),
             first_seen = LEAST(kube_events.first_seen, EXCLUDED.first_seen),
             last_seen = GREATEST(kube_events.last_seen, EXCLUDED.last_seen),
             message = EXCLUDED.message
           WHERE EXCLUDED.count > kube_events.count OR EXCLUDED.last_seen > kube_events.last_seen`,
          json,
        );
      });

      many(batch.currentNodes, (rows) => {
        const merged = lastByKey(rows, (r) => `${r.cluster}\0${r.name}`);
        const json = JSON.stringify(
          merged.map((r) => ({
            ...r,
            createdAt: iso(r.createdAt),
            deletedAt: iso(r.deletedAt),
            observedAt: iso(r.observedAt),
          })),
        );
        return prisma.$executeRawUnsafe(
          `INSERT INTO current_nodes (cluster, name, uid, resource_version, labels, taints, conditions, capacity, allocatable,
             node_info, unschedulable, created_at, deleted_at, observed_at)
           SELECT cluster, name, uid, "resourceVersion", labels, taints, conditions, capacity, allocatable, "nodeInfo",
             unschedulable, "createdAt", "deletedAt", "observedAt"
           FROM jsonb_to_recordset($1::jsonb) AS x(cluster text, name text, uid text, "resourceVersion" text, labels jsonb,
             taints jsonb, conditions jsonb, capacity jsonb, allocatable jsonb, "nodeInfo" jsonb, unschedulable boolean,
             "createdAt" timestamptz, "deletedAt" timestamptz, "observedAt" timestamptz)
           ON CONFLICT (cluster, name) DO UPDATE SET
             uid = EXCLUDED.uid, resource_version = EXCLUDED.resource_version, labels = EXCLUDED.labels,
             taints = EXCLUDED.taints, conditions = EXCLUDED.conditions, capacity = EXCLUDED.capacity,
             allocatable = EXCLUDED.allocatable, node_info = EXCLUDED.node_info, unschedulable = EXCLUDED.unschedulable,
             created_at = EXCLUDED.created_at, deleted_at = EXCLUDED.deleted_at, observed_at = EXCLUDED.observed_at`,
          json,
        );
      });

      many(batch.tenantNamespaces, (rows) => {
        const merged = lastByKey(rows, (r) => `${r.cluster}\0${r.namespace}`);
        const keep = merged.filter((r) => r.tenant !== null);
        const drop = merged.filter((r) => r.tenant === null);
        const json = JSON.stringify(keep.map((r) => ({ ...r, observedAt: iso(r.observedAt) })));
        const dropJson = JSON.stringify(
          drop.map((r) => ({ cluster: r.cluster, namespace: r.namespace })),
        );
        return prisma.$executeRawUnsafe(
          `WITH gone AS (
             DELETE FROM tenant_namespaces t USING jsonb_to_recordset($2::jsonb) AS d(cluster text, namespace text)
             WHERE t.cluster = d.cluster AND t.namespace = d.namespace RETURNING 1)
           INSERT INTO tenant_namespaces (cluster, namespace, tenant, observed_at)
           SELECT cluster, namespace, tenant, "observedAt"
           FROM jsonb_to_recordset($1::jsonb) AS x(cluster text, namespace text, tenant text, "observedAt" timestamptz)
           ON CONFLICT (cluster, namespace) DO UPDATE SET tenant = EXCLUDED.tenant, observed_at = EXCLUDED.observed_at`,
          json,
          dropJson,
        );
      });

      if (ops.length) await prisma.$transaction(ops);
    },

    async loadClusterState(cluster) {
      const [nodes, openLease, openProblems, quotas, autoscaler, leaders, tenants] =
        await Promise.all([
          prisma.currentNode.findMany({ where: { cluster } }),
          prisma.leaseStalenessEpisode.findMany({ where: { cluster, endedAt: null } }),
          prisma.nodeProblemEpisode.findMany({ where: { cluster, endedAt: null } }),
          prisma.$queryRawUnsafe<
            Array<{ namespace: string; name: string; hard: unknown; used: unknown }>
          >(
            `SELECT DISTINCT ON (namespace, name) namespace, name, hard, used FROM quota_samples
           WHERE cluster = $1 ORDER BY namespace, name, observed_at DESC, id DESC`,
            cluster,
          ),
          prisma.autoscalerStatusSample.findFirst({
            where: { cluster },
            orderBy: [{ observedAt: 'desc' }, { id: 'desc' }],
          }),
          prisma.$queryRawUnsafe<Array<{ namespace: string; name: string; holder: string }>>(
            `SELECT DISTINCT ON (namespace, name) namespace, name, holder FROM leader_transitions
           WHERE cluster = $1 ORDER BY namespace, name, observed_at DESC, id DESC`,
            cluster,
          ),
          prisma.tenantNamespace.findMany({ where: { cluster } }),
        ]);
      return {
        nodes: nodes.map((n) => ({
          cluster: n.cluster,
          name: n.name,
          uid: n.uid,
          resourceVersion: n.resourceVersion,
          labels: n.labels as Record<string, string>,
          taints: n.taints as unknown[],
          conditions: n.conditions as unknown[],
          capacity: n.capacity as Record<string, string>,
          allocatable: n.allocatable as Record<string, string>,
          nodeInfo: n.nodeInfo as Record<string, string>,
          unschedulable: n.unschedulable,
          createdAt: n.createdAt,
          deletedAt: n.deletedAt,
          observedAt: n.observedAt,
        })),
        openLeaseEpisodes: openLease.map((e) => ({
          cluster: e.cluster,
          node: e.node,
          startedAt: e.startedAt,
          endedAt: e.endedAt,
          lastRenewBefore: e.lastRenewBefore,
          longestGapSeconds: e.longestGapSeconds,
          reconstructed: e.reconstructed,
        })),
        openNodeProblems: openProblems.map((e) => ({
          cluster: e.cluster,
          node: e.node,
          conditionType: e.conditionType,
          reason: e.reason,
          message: e.message,
          severity: e.severity,
          startedAt: e.startedAt,
          endedAt: e.endedAt,
        })),
        latestQuotas: quotas,
        latestAutoscalerHash: autoscaler?.contentHash ?? null,
        leaders,
        tenants: tenants.map((t) => ({ namespace: t.namespace, tenant: t.tenant })),
      };
    },
  };
}
