import { createHash } from 'node:crypto';

import { buildApp } from './app.js';
import { startClusterManager } from './collector/cluster-manager.js';
import { loadEnv } from './config/env.js';
import { openDatabase } from './db/client.js';
import { applyMigrationsWithRetry } from './db/migrate.js';
import { createHistoryRepository } from './repositories/history-repository.js';
import { createQuotaRequestRepository } from './repositories/quota-request-repository.js';
import { createUserRepository } from './repositories/user-repository.js';
import { sweepInterruptedQuotaRequests } from './services/sweep-interrupted-quota-requests.js';
import { ensureDemoUsers } from './users/demo-users.js';

// Entry point: configuration, database and migrations, then listen; close everything on SIGINT/SIGTERM.
const env = loadEnv();
const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.PLIMSOLL_DATA_DIR });
// Migrations first: building the app reads the database (e.g. the embed signing key on a fresh install).
const applied = await applyMigrationsWithRetry(db.adapterFactory, {
  onRetry: (_err, attempt) =>
    process.stderr.write(`Another process is migrating the database; retry ${attempt}…\n`),
});
const app = await buildApp({
  env,
  db,
  proxyWeb: true,
  ...(env.PLIMSOLL_SECRET
    ? { secret: createHash('sha256').update(env.PLIMSOLL_SECRET).digest() }
    : {}),
});

app.log.info(
  { database: db.kind, applied },
  applied.length ? 'applied migrations' : 'database schema is current',
);

const wantDemo =
  env.PLIMSOLL_DEMO_USERS === 'true' ||
  (env.PLIMSOLL_DEMO_USERS === 'auto' && db.kind === 'pglite');
if (wantDemo) {
  const created = await ensureDemoUsers(
    createUserRepository(db.prisma),
    env.PLIMSOLL_DEMO_PASSWORD,
  );
  if (created) {
    // Printed once, on the start that created them; later starts find the users and print nothing.
    const lines = created.map(
      (u) => `    ${u.username.padEnd(12)} ${u.password.padEnd(16)} (${u.role})`,
    );
    process.stdout.write(`\n  Demo users created — sign in with:\n${lines.join('\n')}\n\n`);
  }
}

const interrupted = await sweepInterruptedQuotaRequests(
  createQuotaRequestRepository(db.prisma),
  new Date(),
);
if (interrupted.length)
  app.log.warn(
    { ids: interrupted.map(String) },
    'quota requests interrupted mid-apply marked failed',
  );

const clusters = await startClusterManager({
  env,
  history: createHistoryRepository(db.prisma),
  registry: app.metrics,
  log: app.log.child({ component: 'collector' }),
});
// Routes read the manager at request time; it exists from here on (before listen).
app.clusterManager = clusters;

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  await app.close();
  await clusters.stop();
  await db.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: env.PORT, host: env.HOST });
process.stdout.write(`  Plimsoll is running at http://localhost:${env.PORT}\n`);
