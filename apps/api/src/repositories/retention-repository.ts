import type { PrismaClient } from '../generated/prisma/client.js';

/**
 * What expires in each history table, as a condition on the row `t` given the cutoff `$2`. Open episodes never
 * expire; the latest quota sample, autoscaler status and leader of each object stay, because a new writer diffs
 * against them; a node's current row goes only once the node has been deleted for the whole retention period.
 * The audit trails (quota requests, node actions) are records, not history, and are kept.
 */
const EXPIRY: Readonly<Record<string, string>> = {
  node_condition_transitions: 't.last_transition_time < $2',
  node_spec_changes: 't.observed_at < $2',
  lease_staleness_episodes: 't.ended_at < $2',
  node_problem_episodes: 't.ended_at < $2',
  leader_transitions: `t.observed_at < $2 AND EXISTS (SELECT 1 FROM leader_transitions n
    WHERE n.cluster = t.cluster AND n.namespace = t.namespace AND n.name = t.name
      AND (n.observed_at > t.observed_at OR (n.observed_at = t.observed_at AND n.id > t.id)))`,
  evictions: 't.evicted_at < $2',
  kube_events: 't.last_seen < $2',
  quota_samples: `t.observed_at < $2 AND EXISTS (SELECT 1 FROM quota_samples n
    WHERE n.cluster = t.cluster AND n.namespace = t.namespace AND n.name = t.name
      AND (n.observed_at > t.observed_at OR (n.observed_at = t.observed_at AND n.id > t.id)))`,
  autoscaler_status_samples: `t.observed_at < $2 AND EXISTS (SELECT 1 FROM autoscaler_status_samples n
    WHERE n.cluster = t.cluster AND (n.observed_at > t.observed_at OR (n.observed_at = t.observed_at AND n.id > t.id)))`,
  pressure_samples: 't.at < $2',
  current_nodes: 't.deleted_at < $2',
  // A running drain writes a heartbeat every few seconds, so one last heard of before the cutoff ended long ago.
  node_drains: 'COALESCE(t.finished_at, t.heartbeat_at) < $2',
};

/** The history tables retention deletes from. */
export const RETENTION_TABLES = Object.keys(EXPIRY);

/** The averaged columns of pressure_samples. */
const PRESSURE_COLUMNS = [
  'memory_available_bytes',
  'memory_working_set_bytes',
  'nodefs_available_bytes',
  'nodefs_capacity_bytes',
  'nodefs_inodes_free',
  'nodefs_inodes',
  'imagefs_available_bytes',
  'imagefs_capacity_bytes',
  'imagefs_inodes_free',
  'pid_available',
  'pid_max',
  'containerfs_available_bytes',
  'containerfs_capacity_bytes',
  'psi_cpu_some_avg10_centi',
  'psi_memory_some_avg10_centi',
  'psi_memory_full_avg10_centi',
  'psi_io_some_avg10_centi',
  'swap_usage_bytes',
  'swap_available_bytes',
];

/** The downsampled resolution of pressure samples. */
export const DOWNSAMPLED_RESOLUTION_SECONDS = 300;

/** Retention's SQL: small statements, each touching a bounded number of rows. */
export interface RetentionRepository {
  /** Deletes at most `limit` expired rows of `table` for `cluster`; returns how many it deleted. */
  deleteExpiredBatch(cluster: string, table: string, cutoff: Date, limit: number): Promise<number>;
  /** The time of the oldest raw pressure sample before `before`, or null. */
  findOldestRawPressureSample(cluster: string, before: Date): Promise<Date | null>;
  /**
   * Folds the raw samples of [from, to) into one averaged row per node and 5-minute bucket, and deletes them, in one
   * transaction. An existing downsampled row wins (ON CONFLICT DO NOTHING), so a repeated run changes nothing.
   * Returns the raw rows folded.
   */
  downsamplePressureWindow(cluster: string, from: Date, to: Date): Promise<number>;
}

/** Retention through raw SQL on the Prisma client. */
export function createRetentionRepository(prisma: PrismaClient): RetentionRepository {
  return {
    async deleteExpiredBatch(cluster, table, cutoff, limit) {
      const condition = EXPIRY[table];
      if (!condition) throw new Error(`retention: unknown table ${table}`);
      // ctid batches: each statement locks only the rows it deletes, and only `limit` of them.
      return prisma.$executeRawUnsafe(
        `DELETE FROM ${table} WHERE ctid IN (
           SELECT t.ctid FROM ${table} t WHERE t.cluster = $1 AND ${condition} LIMIT ${Math.max(1, Math.floor(limit))})`,
        cluster,
        cutoff,
      );
    },

    async findOldestRawPressureSample(cluster, before) {
      const rows = await prisma.$queryRawUnsafe<Array<{ at: Date | null }>>(
        `SELECT min(at) AS at FROM pressure_samples WHERE cluster = $1 AND resolution_seconds = 0 AND at < $2`,
        cluster,
        before,
      );
      const at = rows[0]?.at;
      return at ? new Date(at) : null;
    },

    async downsamplePressureWindow(cluster, from, to) {
      const avg = PRESSURE_COLUMNS.map((c) => `round(avg(${c}))::bigint`).join(', ');
      const [, deleted] = await prisma.$transaction([
        prisma.$executeRawUnsafe(
          `INSERT INTO pressure_samples (cluster, node, at, resolution_seconds, ${PRESSURE_COLUMNS.join(', ')})
           SELECT cluster, node,
             to_timestamp(floor(extract(epoch FROM at) / ${DOWNSAMPLED_RESOLUTION_SECONDS}) * ${DOWNSAMPLED_RESOLUTION_SECONDS}) AS bucket,
             ${DOWNSAMPLED_RESOLUTION_SECONDS}, ${avg}
           FROM pressure_samples
           WHERE cluster = $1 AND resolution_seconds = 0 AND at >= $2 AND at < $3
           GROUP BY cluster, node, bucket
           ON CONFLICT (cluster, node, resolution_seconds, at) DO NOTHING`,
          cluster,
          from,
          to,
        ),
        prisma.$executeRawUnsafe(
          `DELETE FROM pressure_samples WHERE cluster = $1 AND resolution_seconds = 0 AND at >= $2 AND at < $3`,
          cluster,
          from,
          to,
        ),
      ]);
      return deleted;
    },
  };
}
