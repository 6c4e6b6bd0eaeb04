// `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_URL, else the embedded
// PGlite in PLIMSOLL_DATA_DIR) and says which ran. The API does the same at every start.
import { loadEnv } from '../config/env.js';
import { openDatabase } from './client.js';
import { applyMigrationsWithRetry } from './migrate.js';

const env = loadEnv();
const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.PLIMSOLL_DATA_DIR });
try {
  const applied = await applyMigrationsWithRetry(db.adapterFactory, {
    onRetry: (_err, attempt) =>
      process.stderr.write(`Another process is migrating; retry ${attempt}…\n`),
  });
  process.stdout.write(
    applied.length
      ? `Applied to ${db.kind}: ${applied.join(', ')}\n`
      : `The ${db.kind} database is up to date.\n`,
  );
} finally {
  await db.close();
}
