import type { PrismaClient } from '../generated/prisma/client.js';
import { boundAutoscalerStatus } from './autoscaler-repository.js';

/** The latest kubelet Summary reading of a node (pressure_samples, raw resolution). */
export interface LatestPressure {
  node: string;
  at: Date;
  memoryAvailableBytes: number | null;
  memoryWorkingSetBytes: number | null;
  nodefsAvailableBytes: number | null;
  nodefsCapacityBytes: number | null;
  nodefsInodesFree: number | null;
  nodefsInodes: number | null;
  imagefsAvailableBytes: number | null;
  imagefsCapacityBytes: number | null;
  imagefsInodesFree: number | null;
  pidAvailable: number | null;
  pidMax: number | null;
}

/** One bucket of a node's PSI and swap history. */
export interface PressureHistoryRow {
  at: Date;
  psiCpuSomeAvg10: number | null;
  psiMemorySomeAvg10: number | null;
  psiMemoryFullAvg10: number | null;
  psiIoSomeAvg10: number | null;
  swapUsageBytes: number | null;
  swapAvailableBytes: number | null;
  /** Averages of the eviction signals' inputs, for headroom over time. */
  memoryAvailableBytes: number | null;
  nodefsAvailableBytes: number | null;
  nodefsCapacityBytes: number | null;
  pidAvailable: number | null;
  pidMax: number | null;
}

export interface ConditionTransitionRow {
  node: string;
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
  at: Date;
  reconstructed: boolean;
}

export interface LeaseEpisodeRecord {
  node: string;
  startedAt: Date;
  endedAt: Date | null;
  lastRenewBefore: Date | null;
  longestGapSeconds: number;
  reconstructed: boolean;
}

export interface EvictionRecord {
  namespace: string;
  pod: string;
  node: string | null;
  resource: string | null;
  qosClass: string | null;
  evictedAt: Date;
}

export interface NodeEventRecord {
  type: string | null;
  reason: string | null;
  message: string | null;
  sourceComponent: string | null;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
}

export interface LeaderTransitionRecord {
  namespace: string;
  name: string;
  holder: string;
  previousHolder: string | null;
  observedAt: Date;
}

const num = (v: bigint | number | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

/**
 * Reads of node history for the node views (issue 6): condition transitions, the latest pressure readings, lease
 * staleness episodes, NPD problem episodes, node events, evictions, leader transitions and autoscaler status.
 */
export function createNodeHistoryRepository(prisma: PrismaClient) {
  const repo = {
    /** The latest raw reading per node in the last `withinMinutes` before the newest reading of the cluster. */
    async findLatestPressure(cluster: string, withinMinutes = 30): Promise<LatestPressure[]> {
      const rows = await prisma.$queryRawUnsafe<
        Array<{
          node: string;
          at: Date;
          memory_available_bytes: bigint | null;
          memory_working_set_bytes: bigint | null;
          nodefs_available_bytes: bigint | null;
          nodefs_capacity_bytes: bigint | null;
          nodefs_inodes_free: bigint | null;
          nodefs_inodes: bigint | null;
          imagefs_available_bytes: bigint | null;
          imagefs_capacity_bytes: bigint | null;
          imagefs_inodes_free: bigint | null;
          pid_available: bigint | null;
          pid_max: bigint | null;
        }>
      >(
        `SELECT DISTINCT ON (node) node, at, memory_available_bytes, memory_working_set_bytes, nodefs_available_bytes,
                nodefs_capacity_bytes, nodefs_inodes_free, nodefs_inodes, imagefs_available_bytes, imagefs_capacity_bytes,
                imagefs_inodes_free, pid_available, pid_max
           FROM pressure_samples
          WHERE cluster = $1 AND resolution_seconds = 0
            AND at >= (SELECT max(at) FROM pressure_samples WHERE cluster = $1) - make_interval(mins => $2::int)
          ORDER BY node, at DESC`,
        cluster,
        withinMinutes,
      );
      return rows.map((r) => ({
        node: r.node,
        at: r.at,
        memoryAvailableBytes: num(r.memory_available_bytes),
        memoryWorkingSetBytes: num(r.memory_working_set_bytes),
        nodefsAvailableBytes: num(r.nodefs_available_bytes),
        nodefsCapacityBytes: num(r.nodefs_capacity_bytes),
        nodefsInodesFree: num(r.nodefs_inodes_free),
        nodefsInodes: num(r.nodefs_inodes),
        imagefsAvailableBytes: num(r.imagefs_available_bytes),
        imagefsCapacityBytes: num(r.imagefs_capacity_bytes),
        imagefsInodesFree: num(r.imagefs_inodes_free),
        pidAvailable: num(r.pid_available),
        pidMax: num(r.pid_max),
      }));
    },

    /** One node's latest reading (any age). */
    async findNodeLatestPressure(cluster: string, node: string): Promise<LatestPressure | null> {
      const r = await prisma.pressureSample.findFirst({
        where: { cluster, node, resolutionSeconds: 0 },
        orderBy: { at: 'desc' },
      });
      if (!r) return null;
      return {
        node: r.node,
        at: r.at,
        memoryAvailableBytes: num(r.memoryAvailableBytes),
        memoryWorkingSetBytes: num(r.memoryWorkingSetBytes),
        nodefsAvailableBytes: num(r.nodefsAvailableBytes),
        nodefsCapacityBytes: num(r.nodefsCapacityBytes),
        nodefsInodesFree: num(r.nodefsInodesFree),
        nodefsInodes: num(r.nodefsInodes),
        imagefsAvailableBytes: num(r.imagefsAvailableBytes),
        imagefsCapacityBytes: num(r.imagefsCapacityBytes),
        imagefsInodesFree: num(r.imagefsInodesFree),
        pidAvailable: num(r.pidAvailable),
        pidMax: num(r.pidMax),
      };
    },

    /**
     * A node's PSI and swap readings in [from, to], raw and 5-minute rows alike, averaged per `bucketSeconds`
     * bucket (date_bin from `from`), oldest first. PSI comes back in percent (stored as hundredths).
     */
    async findPressureHistory(
      cluster: string,
      node: string,
      from: Date,
      to: Date,
      bucketSeconds: number,
    ): Promise<PressureHistoryRow[]> {
      return (
        (await repo.findPressureHistoryOfNodes(cluster, [node], from, to, bucketSeconds)).get(
          node,
        ) ?? []
      );
    },

    /** {@link findPressureHistory} of several nodes in one query, by node (nodes without readings are absent). */
    async findPressureHistoryOfNodes(
      cluster: string,
      nodes: readonly string[],
      from: Date,
      to: Date,
      bucketSeconds: number,
    ): Promise<Map<string, PressureHistoryRow[]>> {
      const byNode = new Map<string, PressureHistoryRow[]>();
      if (nodes.length === 0) return byNode;
      const nodeParams = nodes.map((_, i) => `$${i + 5}`).join(', ');
      const rows = await prisma.$queryRawUnsafe<
        Array<{
          node: string;
          at: Date;
          psi_cpu: number | null;
          psi_memory: number | null;
          psi_memory_full: number | null;
          psi_io: number | null;
          swap_usage: number | null;
          swap_available: number | null;
          memory_available: number | null;
          nodefs_available: number | null;
          nodefs_capacity: number | null;
          pid_available: number | null;
          pid_max: number | null;
        }>
      >(
        `SELECT node, date_bin(make_interval(secs => $4::int), at, $2::timestamptz) AS at,
                avg(psi_cpu_some_avg10_centi)::float8 / 100 AS psi_cpu,
                avg(psi_memory_some_avg10_centi)::float8 / 100 AS psi_memory,
                avg(psi_memory_full_avg10_centi)::float8 / 100 AS psi_memory_full,
                avg(psi_io_some_avg10_centi)::float8 / 100 AS psi_io,
                avg(swap_usage_bytes)::float8 AS swap_usage,
                avg(swap_available_bytes)::float8 AS swap_available,
                avg(memory_available_bytes)::float8 AS memory_available,
                avg(nodefs_available_bytes)::float8 AS nodefs_available,
                avg(nodefs_capacity_bytes)::float8 AS nodefs_capacity,
                avg(pid_available)::float8 AS pid_available,
                avg(pid_max)::float8 AS pid_max
           FROM pressure_samples
          WHERE cluster = $1 AND node IN (${nodeParams})
            AND at >= $2::timestamptz AND at <= $3::timestamptz
          GROUP BY 1, 2
          ORDER BY 1, 2`,
        cluster,
        from,
        to,
        bucketSeconds,
        ...nodes,
      );
      const round = (v: number | null, places: number) =>
        v === null ? null : Math.round(v * 10 ** places) / 10 ** places;
      for (const r of rows) {
        let list = byNode.get(r.node);
        if (!list) byNode.set(r.node, (list = []));
        list.push({
          at: r.at,
          psiCpuSomeAvg10: round(r.psi_cpu, 2),
          psiMemorySomeAvg10: round(r.psi_memory, 2),
          psiMemoryFullAvg10: round(r.psi_memory_full, 2),
          psiIoSomeAvg10: round(r.psi_io, 2),
          swapUsageBytes: round(r.swap_usage, 0),
          swapAvailableBytes: round(r.swap_available, 0),
          memoryAvailableBytes: round(r.memory_available, 0),
          nodefsAvailableBytes: round(r.nodefs_available, 0),
          nodefsCapacityBytes: round(r.nodefs_capacity, 0),
          pidAvailable: round(r.pid_available, 0),
          pidMax: round(r.pid_max, 0),
        });
      }
      return byNode;
    },

    /**
     * A node's condition transitions in [from, to] (newest `limit`, returned oldest first), plus the last transition
     * of each type before `from`, which gives the status at the start of the range.
     */
    async findConditionHistory(
      cluster: string,
      node: string,
      from: Date,
      to: Date,
      limit: number,
    ): Promise<{
      before: ConditionTransitionRow[];
      within: ConditionTransitionRow[];
      truncated: boolean;
    }> {
      const select = {
        type: true,
        status: true,
        reason: true,
        message: true,
        lastTransitionTime: true,
        reconstructed: true,
      } as const;
      const [beforeRows, withinRows] = await Promise.all([
        prisma.$queryRawUnsafe<
          Array<{
            type: string;
            status: string;
            reason: string | null;
            message: string | null;
            at: Date;
            reconstructed: boolean;
          }>
        >(
          `SELECT DISTINCT ON (type) type, status, reason, message, last_transition_time AS at, reconstructed
             FROM node_condition_transitions
            WHERE cluster = $1 AND node = $2 AND last_transition_time < $3
            ORDER BY type, last_transition_time DESC`,
          cluster,
          node,
          from,
        ),
        prisma.nodeConditionTransition.findMany({
          where: { cluster, node, lastTransitionTime: { gte: from, lte: to } },
          orderBy: { lastTransitionTime: 'desc' },
          take: limit + 1,
          select,
        }),
      ]);
      const truncated = withinRows.length > limit;
      const within = withinRows
        .slice(0, limit)
        .reverse()
        .map((r) => ({
          node,
          type: r.type,
          status: r.status,
          reason: r.reason,
          message: r.message,
          at: r.lastTransitionTime,
          reconstructed: r.reconstructed,
        }));
      return { before: beforeRows.map((r) => ({ node, ...r })), within, truncated };
    },

    /** The cluster's newest condition transitions (optionally only of these nodes). */
    async findRecentTransitions(
      cluster: string,
      limit: number,
      nodes?: string[],
    ): Promise<ConditionTransitionRow[]> {
      // Reconstructed rows (rebuilt on relist) were not seen happening: "recent" would be misleading.
      const rows = await prisma.nodeConditionTransition.findMany({
        where: { cluster, reconstructed: false, ...(nodes ? { node: { in: nodes } } : {}) },
        orderBy: { lastTransitionTime: 'desc' },
        take: limit,
      });
      return rows.map((r) => ({
        node: r.node,
        type: r.type,
        status: r.status,
        reason: r.reason,
        message: r.message,
        at: r.lastTransitionTime,
        reconstructed: r.reconstructed,
      }));
    },

    /** The newest evictions (optionally only in these namespaces). */
    async findRecentEvictions(
      cluster: string,
      limit: number,
      namespaces?: string[],
    ): Promise<EvictionRecord[]> {
      return prisma.eviction.findMany({
        where: { cluster, ...(namespaces ? { namespace: { in: namespaces } } : {}) },
        orderBy: { evictedAt: 'desc' },
        take: limit,
        select: {
          namespace: true,
          pod: true,
          node: true,
          resource: true,
          qosClass: true,
          evictedAt: true,
        },
      });
    },

    async findLeaseEpisodes(
      cluster: string,
      opts: { node?: string; nodes?: string[]; since: Date; limit: number },
    ): Promise<LeaseEpisodeRecord[]> {
      return prisma.leaseStalenessEpisode.findMany({
        where: {
          cluster,
          ...(opts.node ? { node: opts.node } : {}),
          ...(opts.nodes ? { node: { in: opts.nodes } } : {}),
          OR: [{ startedAt: { gte: opts.since } }, { endedAt: null }],
        },
        orderBy: { startedAt: 'desc' },
        take: opts.limit,
        select: {
          node: true,
          startedAt: true,
          endedAt: true,
          lastRenewBefore: true,
          longestGapSeconds: true,
          reconstructed: true,
        },
      });
    },

    async findProblemEpisodes(cluster: string, node: string, limit: number) {
      return prisma.nodeProblemEpisode.findMany({
        where: { cluster, node },
        orderBy: { startedAt: 'desc' },
        take: limit,
        select: {
          conditionType: true,
          reason: true,
          message: true,
          severity: true,
          startedAt: true,
          endedAt: true,
        },
      });
    },

    /** Events about a node recorded in one of `namespaces` (PLIMSOLL_NODE_EVENT_NAMESPACES), newest first. */
    async findNodeEvents(
      cluster: string,
      node: string,
      namespaces: readonly string[],
      limit: number,
    ): Promise<NodeEventRecord[]> {
      return prisma.kubeEvent.findMany({
        where: {
          cluster,
          involvedKind: 'Node',
          involvedName: node,
          namespace: { in: [...namespaces] },
        },
        orderBy: { lastSeen: 'desc' },
        take: limit,
        select: {
          type: true,
          reason: true,
          message: true,
          sourceComponent: true,
          count: true,
          firstSeen: true,
          lastSeen: true,
        },
      });
    },

    /** The newest holder change of each leader-election lease. */
    async findLastLeaderTransitions(cluster: string): Promise<LeaderTransitionRecord[]> {
      return prisma.$queryRawUnsafe<LeaderTransitionRecord[]>(
        `SELECT DISTINCT ON (namespace, name) namespace, name, holder, previous_holder AS "previousHolder", observed_at AS "observedAt"
           FROM leader_transitions WHERE cluster = $1
          ORDER BY namespace, name, observed_at DESC`,
        cluster,
      );
    },

    /** The newest stored status, numbers bounded; null status when the stored JSON is not readable. */
    async findLatestAutoscalerStatus(
      cluster: string,
    ): Promise<{ status: unknown; observedAt: Date } | null> {
      const row = await prisma.autoscalerStatusSample.findFirst({
        where: { cluster },
        orderBy: { observedAt: 'desc' },
        select: { status: true, observedAt: true },
      });
      return row
        ? { status: boundAutoscalerStatus(row.status).status, observedAt: row.observedAt }
        : null;
    },
  };
  return repo;
}

export type NodeHistoryRepository = ReturnType<typeof createNodeHistoryRepository>;
