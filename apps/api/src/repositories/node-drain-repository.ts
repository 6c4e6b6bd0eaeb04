import type { DrainJob } from '@plimsoll/shared/schemas';

import { Prisma, type PrismaClient } from '../generated/prisma/client.js';

/** A drain as stored, with the running replica's latest write. */
export interface StoredDrain {
  job: DrainJob;
  heartbeatAt: Date;
}

type Row = Awaited<ReturnType<PrismaClient['nodeDrain']['findUniqueOrThrow']>>;

function toStored(r: Row): StoredDrain {
  return {
    job: {
      id: r.id,
      cluster: r.cluster,
      node: r.node,
      actor: r.actor,
      options: r.options as DrainJob['options'],
      state: r.state as DrainJob['state'],
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      message: r.message,
      pods: r.pods as DrainJob['pods'],
    },
    heartbeatAt: r.heartbeatAt,
  };
}

/**
 * node_drains: each drain's progress, written by the replica that runs it and read by any replica. Writes of
 * progress only land while the drain is `running`, so a replica that was declared gone cannot revive its drain.
 */
export function createNodeDrainRepository(prisma: PrismaClient) {
  const isCancelRequested = async (id: string): Promise<boolean> => {
    const r = await prisma.nodeDrain.findUnique({
      where: { id },
      select: { cancelRequested: true },
    });
    return r?.cancelRequested ?? false;
  };
  return {
    /** False when another drain of the node is running (the partial unique index of node_drains says so). */
    async create(job: DrainJob, at: Date): Promise<boolean> {
      try {
        await prisma.nodeDrain.create({
          data: {
            id: job.id,
            cluster: job.cluster,
            node: job.node,
            actor: job.actor,
            options: job.options,
            state: job.state,
            message: job.message,
            pods: job.pods,
            startedAt: new Date(job.startedAt),
            finishedAt: job.finishedAt ? new Date(job.finishedAt) : null,
            heartbeatAt: at,
          },
        });
        return true;
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
          return false;
        throw err;
      }
    },
    async find(cluster: string, id: string): Promise<StoredDrain | null> {
      const r = await prisma.nodeDrain.findFirst({ where: { id, cluster } });
      return r ? toStored(r) : null;
    },
    async findRunningForNode(cluster: string, node: string): Promise<StoredDrain[]> {
      const rows = await prisma.nodeDrain.findMany({
        where: { cluster, node, state: 'running' },
        orderBy: { startedAt: 'desc' },
      });
      return rows.map(toStored);
    },
    async findLatestForNode(cluster: string, node: string, limit: number): Promise<StoredDrain[]> {
      const rows = await prisma.nodeDrain.findMany({
        where: { cluster, node },
        orderBy: { startedAt: 'desc' },
        take: limit,
      });
      return rows.map(toStored);
    },
    /**
     * The running replica's write of its progress (and heartbeat). Answers whether a cancel was requested, or
     * null when the drain is no longer running (another replica declared it interrupted): then it must stop.
     */
    async saveProgress(job: DrainJob, at: Date): Promise<{ cancelRequested: boolean } | null> {
      const { count } = await prisma.nodeDrain.updateMany({
        where: { id: job.id, state: 'running' },
        data: {
          state: job.state,
          message: job.message,
          pods: job.pods,
          finishedAt: job.finishedAt ? new Date(job.finishedAt) : null,
          heartbeatAt: at,
        },
      });
      if (count === 0) return null;
      return { cancelRequested: await isCancelRequested(job.id) };
    },
    isCancelRequested,
    /** Asks the running replica to stop; false when the drain is not running. */
    async requestCancel(cluster: string, id: string): Promise<boolean> {
      const { count } = await prisma.nodeDrain.updateMany({
        where: { id, cluster, state: 'running' },
        data: { cancelRequested: true },
      });
      return count > 0;
    },
    /** Marks a running drain whose replica wrote nothing since `staleBefore` interrupted; false if it had. */
    async markInterrupted(
      id: string,
      staleBefore: Date,
      message: string,
      at: Date,
    ): Promise<boolean> {
      const { count } = await prisma.nodeDrain.updateMany({
        where: { id, state: 'running', heartbeatAt: { lt: staleBefore } },
        data: { state: 'interrupted', message, finishedAt: at },
      });
      return count > 0;
    },
  };
}
export type NodeDrainRepository = ReturnType<typeof createNodeDrainRepository>;
