// For users who have the native Prisma CLI (`prisma migrate status`, `prisma studio` …). Plimsoll itself applies
// migrations with the WebAssembly schema engine (apps/api/src/db/migrate.ts), which needs no download.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // Prisma 7 does not read .env, and env() throws when unset: only pass a URL when there is one.
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
