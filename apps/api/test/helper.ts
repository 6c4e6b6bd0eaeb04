import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { Registry } from 'prom-client';

import { buildApp, type AppOptions } from '../src/app.js';
import {
  startClusterManager,
  type ClusterManager,
  type ClusterManagerOptions,
} from '../src/collector/cluster-manager.js';
import { loadEnv, type Env } from '../src/config/env.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { ensureDemoUsers } from '../src/users/demo-users.js';
import { createHistoryRepository } from '../src/repositories/history-repository.js';
import { createUserRepository } from '../src/repositories/user-repository.js';

export const TEST_PASSWORD = 'correct-horse-battery';

/**
 * A fresh, migrated database for one test file: PGlite in a temp dir by default, or a new database on the
 * Postgres server named by DATABASE_URL (dropped by `drop()`).
 */
export async function createTestDatabase(): Promise<{
  open(): Promise<Database>;
  drop(): Promise<void>;
  kind: 'pglite' | 'postgres';
}> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `plimsoll_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      kind: 'postgres',
      open: () => openDatabase({ databaseUrl: url.toString(), dataDir: '' }),
      drop: async () => {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-test-'));
  return {
    kind: 'pglite',
    open: () => openDatabase({ dataDir: dir }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TestContext {
  app: FastifyInstance;
  db: Database;
  env: Env;
  close(): Promise<void>;
}

/** Builds the app on a fresh database with the demo users (password TEST_PASSWORD). */
export async function buildTestApp(
  overrides: Record<string, string> = {},
  opts: Partial<AppOptions> = {},
): Promise<TestContext> {
  const env = loadEnv({ NODE_ENV: 'test', PLIMSOLL_LOG_LEVEL: 'silent', ...overrides });
  const store = await createTestDatabase();
  const db = await store.open();
  await applyMigrations(db.adapterFactory);
  await ensureDemoUsers(createUserRepository(db.prisma), TEST_PASSWORD);
  const app = await buildApp({ env, db, ...opts });
  await app.ready();
  return {
    app,
    db,
    env,
    close: async () => {
      await app.close();
      await db.close();
      await store.drop();
    },
  };
}

/** Signs in and returns the cookie header and CSRF token to send with later requests. */
export async function signIn(app: FastifyInstance, username: string, password = TEST_PASSWORD) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200)
    throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'plimsoll_session');
  if (!cookie) throw new Error('no session cookie');
  const { csrfToken } = res.json<{ csrfToken: string }>();
  return { headers: { cookie: `plimsoll_session=${cookie.value}` }, csrfToken };
}

export function errorBody(res: LightMyRequestResponse) {
  return res.json<{ code: string; message: string; requestId: string; details?: unknown }>();
}

/**
 * The app with live collectors: starts the built-in simulated cluster (scenario and speed from `env`, e.g.
 * `{ PLIMSOLL_SIM_SCENARIO: 'memory-storm', PLIMSOLL_SIM_SPEED: '60' }`) and its collector on a fresh database,
 * so route tests see what a user would. `manager.collectors.get('sim')` gives the cache; `flush()` the writes.
 */
export async function buildClusterTestApp(
  env: Record<string, string> = {},
  managerOpts: Pick<ClusterManagerOptions, 'serviceAccountRoot'> = {},
): Promise<TestContext & { manager: ClusterManager }> {
  const parsed = loadEnv({
    NODE_ENV: 'test',
    PLIMSOLL_LOG_LEVEL: 'silent',
    PLIMSOLL_SIMULATOR: 'on',
    ...env,
  });
  const store = await createTestDatabase();
  const db = await store.open();
  await applyMigrations(db.adapterFactory);
  await ensureDemoUsers(createUserRepository(db.prisma), TEST_PASSWORD);
  const registry = new Registry();
  const quiet = { info() {}, warn() {}, error() {}, debug() {} };
  const manager = await startClusterManager({
    env: parsed,
    history: createHistoryRepository(db.prisma),
    registry,
    log: quiet,
    ...managerOpts,
  });
  const app = await buildApp({ env: parsed, db, clusterManager: manager, registry });
  await app.ready();
  return {
    app,
    db,
    env: parsed,
    manager,
    close: async () => {
      await app.close();
      await manager.stop();
      await db.close();
      await store.drop();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One request over a real socket with the request target exactly as given (`/%61pi/…`, `http://host/…`, `/./`):
 * `app.inject` parses its URL and so normalises them away. An event stream is closed once its headers arrive.
 */
export function rawRequest(
  port: number,
  opts: { method?: string; target: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.target,
        headers: {
          ...(opts.body !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body) }
            : {}),
          ...opts.headers,
        },
        agent: rawAgent,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          res.destroy();
          resolve({ status, headers: res.headers, body: '' });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(20_000, () =>
      req.destroy(new Error(`timeout: ${opts.method ?? 'GET'} ${opts.target}`)),
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const rawAgent = new Agent({ keepAlive: true, maxSockets: 4 });
