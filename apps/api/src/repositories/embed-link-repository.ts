import type { PrismaClient } from '../generated/prisma/client.js';

/** An embed link as stored (embed_links). */
export interface EmbedLinkRecord {
  id: string;
  cluster: string;
  panel: string;
  params: Record<string, unknown>;
  tenant: string | null;
  label: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  useCount: number;
  lastUsedAt: Date | null;
  keyId: string;
}

const toRecord = (row: Omit<EmbedLinkRecord, 'params'> & { params: unknown }): EmbedLinkRecord => ({
  ...row,
  params:
    row.params && typeof row.params === 'object' && !Array.isArray(row.params)
      ? (row.params as Record<string, unknown>)
      : {},
});

/** Embed links and the app's generated settings: the only code that reads or writes `embed_links` and `app_settings`. */
export function createEmbedLinkRepository(prisma: PrismaClient) {
  return {
    async createLink(
      link: Omit<
        EmbedLinkRecord,
        'createdAt' | 'revokedAt' | 'revokedBy' | 'useCount' | 'lastUsedAt'
      > & { createdAt: Date },
    ) {
      const row = await prisma.embedLink.create({
        data: {
          id: link.id,
          cluster: link.cluster,
          panel: link.panel,
          params: link.params as object,
          tenant: link.tenant,
          label: link.label,
          createdBy: link.createdBy,
          createdAt: link.createdAt,
          expiresAt: link.expiresAt,
          keyId: link.keyId,
        },
      });
      return toRecord(row);
    },

    async findLink(id: string): Promise<EmbedLinkRecord | null> {
      const row = await prisma.embedLink.findUnique({ where: { id } });
      return row ? toRecord(row) : null;
    },

    /** Newest first; `createdBy` narrows to one user's links. */
    async listLinks(filter: { createdBy?: string; limit: number }): Promise<EmbedLinkRecord[]> {
      const rows = await prisma.embedLink.findMany({
        where: filter.createdBy === undefined ? {} : { createdBy: filter.createdBy },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: filter.limit,
      });
      return rows.map(toRecord);
    },

    /** Marks a link revoked (the first revocation wins); returns the row as it is now. */
    async revokeLink(id: string, by: string, at: Date): Promise<EmbedLinkRecord | null> {
      await prisma.embedLink.updateMany({
        where: { id, revokedAt: null },
        data: { revokedAt: at, revokedBy: by },
      });
      return this.findLink(id);
    },

    /** Adds counted uses (one statement per link; a vanished link is skipped). */
    async addUses(uses: ReadonlyMap<string, { count: number; lastUsedAt: Date }>): Promise<void> {
      for (const [id, u] of uses) {
        await prisma.embedLink.updateMany({
          where: { id },
          data: { useCount: { increment: u.count }, lastUsedAt: u.lastUsedAt },
        });
      }
    },

    async findSetting(key: string): Promise<string | null> {
      const row = await prisma.appSetting.findUnique({ where: { key } });
      return row?.value ?? null;
    },

    /** Stores `value` unless the key exists; returns the stored value (another replica may have won the race). */
    async insertSettingOnce(key: string, value: string): Promise<string> {
      await prisma.appSetting.createMany({ data: [{ key, value }], skipDuplicates: true });
      const row = await prisma.appSetting.findUnique({ where: { key } });
      return row?.value ?? value;
    },
  };
}

export type EmbedLinkRepository = ReturnType<typeof createEmbedLinkRepository>;
