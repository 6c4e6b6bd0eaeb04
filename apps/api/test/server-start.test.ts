import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'plimsoll-server-start-'));
const PORT = 3471;

/** Starts the real entry point (src/server.ts) on the embedded database, as `npm start` does. */
function startServer(): { child: ChildProcess; output: () => string } {
  let out = '';
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    PLIMSOLL_DATA_DIR: dataDir,
    PLIMSOLL_WEB_URL: '',
    PLIMSOLL_LOG_LEVEL: 'warn',
    PLIMSOLL_DEMO_PASSWORD: 'fresh-start-password',
  };
  delete env.DATABASE_URL;
  delete env.PLIMSOLL_EMBED_KEYS;
  delete env.PLIMSOLL_SECRET;
  // node itself (not npx) receives the SIGTERM, as in a container.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env,
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

async function waitForHealth(output: () => string): Promise<{ status: string; database: string }> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/api/v1/health`);
      if (res.ok) return (await res.json()) as { status: string; database: string };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server did not answer /api/v1/health:\n${output()}`);
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('the server on a fresh machine', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates an empty data dir, creates the demo users once, and keeps them across a restart', async () => {
    const first = startServer();
    expect(await waitForHealth(first.output)).toMatchObject({ database: 'pglite' });
    expect(first.output()).toContain('Demo users created');
    const login = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sre', password: 'fresh-start-password' }),
    });
    expect(login.status).toBe(200);
    expect(await stop(first.child)).toBe(0);

    const second = startServer();
    await waitForHealth(second.output);
    expect(second.output()).not.toContain('Demo users created');
    const again = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sre', password: 'fresh-start-password' }),
    });
    expect(again.status).toBe(200);
    expect(await stop(second.child)).toBe(0);
  }, 240_000);
});
