import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import type * as SchemaEngineBg from '@prisma/schema-engine-wasm/schema_engine_bg';

/** prisma/migrations at the repository root (also where the Docker image puts it). */
export const MIGRATIONS_DIR = fileURLToPath(
  new URL('../../../../prisma/migrations', import.meta.url),
);
export const SCHEMA_PATH = fileURLToPath(
  new URL('../../../../prisma/schema.prisma', import.meta.url),
);

const NO_FILTER = { externalTables: [], externalEnums: [] };

/**
 * Loads Prisma's WebAssembly schema engine over a driver adapter. The native engine cannot be downloaded here
 * (../shared/TOOLCHAIN.md), and the wasm one records migrations in `_prisma_migrations` exactly as the CLI does.
 */
export async function loadSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void = () => {},
): Promise<SchemaEngine> {
  const bg = await (wasmBindings ??= instantiateSchemaEngineWasm());
  return bg.SchemaEngine.new(
    { datamodels: undefined },
    log,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}

// @types/node 20 does not declare the WebAssembly global; this is the one call we need.
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(
        bytes: Uint8Array,
        imports: object,
      ): Promise<{ instance: { exports: Record<string, unknown> } }>;
    };
  }
).WebAssembly;

type SchemaEngineBindings = typeof SchemaEngineBg;
let wasmBindings: Promise<SchemaEngineBindings> | undefined;

// The package is built for bundlers (`import * as wasm from './x.wasm'`), so Node instantiates it by hand — once
// per process: the bindings cache views of the first instance's memory.
async function instantiateSchemaEngineWasm(): Promise<SchemaEngineBindings> {
  const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmUrl = new URL(
    'schema_engine_bg.wasm',
    import.meta.resolve('@prisma/schema-engine-wasm'),
  );
  const { instance } = await wasm.instantiate(await readFile(wasmUrl), {
    './schema_engine_bg.js': bg,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg;
}

/** Reads prisma/migrations the way the Prisma CLI hands it to the engine. */
export async function readMigrationsList(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  let entries: string[] = [];
  try {
    entries = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const lockPath = join(dir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      entries.map(async (name) => {
        const file = join(dir, name, 'migration.sql');
        const content = await readFile(file, 'utf8')
          .then((value) => ({ tag: 'ok' as const, value }))
          .catch((err: Error) => ({ tag: 'error' as const, value: err.message }));
        return { path: name, migrationFile: { path: 'migration.sql', content } };
      }),
    ),
  };
}

/** Applies every migration not yet recorded in `_prisma_migrations`; returns the names applied. */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  dir = MIGRATIONS_DIR,
): Promise<string[]> {
  const engine = await loadSchemaEngine(adapterFactory);
  try {
    const out = await engine.applyMigrations({
      migrationsList: await readMigrationsList(dir),
      filters: NO_FILTER,
    });
    return out.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * Applies migrations, retrying while another replica holds Prisma's migration advisory lock (replicas of a
 * rolling upgrade start together; only one may migrate, the others then find nothing left to apply).
 */
export async function applyMigrationsWithRetry(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  opts: {
    attempts?: number;
    delayMs?: number;
    onRetry?: (err: unknown, attempt: number) => void;
  } = {},
): Promise<string[]> {
  const attempts = opts.attempts ?? 10;
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyMigrations(adapterFactory);
    } catch (err) {
      if (
        attempt >= attempts ||
        !/advisory lock|timed out|timeout/i.test(String((err as Error)?.message ?? err))
      ) {
        throw err;
      }
      opts.onRetry?.(err, attempt);
      await new Promise((r) => setTimeout(r, (opts.delayMs ?? 2000) * attempt));
    }
  }
}

/**
 * The SQL that takes a database from the migrations in `dir` to `schema.prisma`; empty when they agree.
 * `adapterFactory` must be a scratch database: the engine replays the migrations into it as its shadow.
 */
export async function diffMigrationsToSchema(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  dir = MIGRATIONS_DIR,
  schemaPath = SCHEMA_PATH,
): Promise<string> {
  const engine = await loadSchemaEngine(adapterFactory);
  try {
    const migrations = await readMigrationsList(dir);
    const schema = { files: [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }] };
    const from =
      migrations.migrationDirectories.length === 0
        ? ({ tag: 'empty' } as const)
        : ({ tag: 'migrations', ...migrations } as const);
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', ...schema },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    const script = result.stdout ?? '';
    return script.includes('-- This is an empty migration.') ? '' : script;
  } finally {
    engine.free();
  }
}
