import type { PrismaClient } from '../generated/prisma/client.js';

/** One stored ResourceQuota sample (written by the collector when hard or used changes). */
export interface StoredQuotaSample {
  at: Date;
  hard: Record<string, string>;
  used: Record<string, string>;
}

const asRecord = (v: unknown): Record<string, string> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};

/** Read-only history the tenant views need: eviction counts and quota samples. */
export function createTenantReadRepository(prisma: PrismaClient) {
  return {
    /** Evictions per namespace since `since`, for the given namespaces only. */
    async countEvictionsByNamespace(
      cluster: string,
      namespaces: readonly string[],
      since: Date,
    ): Promise<Map<string, number>> {
      const counts = new Map<string, number>();
      if (namespaces.length === 0) return counts;
      const rows = await prisma.eviction.groupBy({
        by: ['namespace'],
        where: { cluster, namespace: { in: [...namespaces] }, evictedAt: { gte: since } },
        _count: { _all: true },
      });
      for (const r of rows) counts.set(r.namespace, r._count._all);
      return counts;
    },

    /**
     * Samples of one quota since `since`, oldest first, plus the last sample before `since` (so a chart starts
     * with the value in force at its left edge). At most `limit` rows.
     */
    async findQuotaSamples(
      cluster: string,
      namespace: string,
      name: string,
      since: Date,
      limit = 5000,
    ): Promise<StoredQuotaSample[]> {
      const [before, rows] = await Promise.all([
        prisma.quotaSample.findFirst({
          where: { cluster, namespace, name, observedAt: { lt: since } },
          orderBy: { observedAt: 'desc' },
          select: { observedAt: true, hard: true, used: true },
        }),
        prisma.quotaSample.findMany({
          where: { cluster, namespace, name, observedAt: { gte: since } },
          orderBy: [{ observedAt: 'desc' }, { id: 'desc' }],
          take: limit,
          select: { observedAt: true, hard: true, used: true },
        }),
      ]);
      const all = [...(before ? [before] : []), ...rows.reverse()];
      return all.map((r) => ({ at: r.observedAt, hard: asRecord(r.hard), used: asRecord(r.used) }));
    },
  };
}

export type TenantReadRepository = ReturnType<typeof createTenantReadRepository>;
