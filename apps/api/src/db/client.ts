import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

import { PrismaClient } from '../generated/prisma/client.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** A connected database: the Prisma client plus what migrations and shutdown need. */
export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** The driver adapter factory, for the schema engine (migrations). */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

/**
 * Opens Postgres when `databaseUrl` is set, else the embedded PGlite in `dataDir`.
 * Both run the same generated client and the same migrations.
 */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
}): Promise<Database> {
  if (opts.databaseUrl) {
    const adapterFactory = new PrismaPg({ connectionString: opts.databaseUrl, max: 10 });
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return {
      kind: 'postgres',
      prisma,
      adapterFactory,
      close: () => prisma.$disconnect(),
    };
  }
  // 'memory://' keeps the database in memory (tests); anything else is a directory on disk.
  const dir = opts.dataDir.startsWith('memory://') ? opts.dataDir : resolve(opts.dataDir);
  if (dir === resolve(opts.dataDir)) mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir);
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind: 'pglite',
    prisma,
    adapterFactory,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
