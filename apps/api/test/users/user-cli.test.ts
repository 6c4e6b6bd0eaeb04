import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'plimsoll-user-cli-'));
const env = { ...process.env, PLIMSOLL_DATA_DIR: dir, DATABASE_URL: '' };
delete (env as Record<string, string | undefined>).DATABASE_URL;

const user = (...args: string[]) =>
  run('npx', ['tsx', 'src/users/user-cli.ts', ...args], {
    env,
    cwd: join(import.meta.dirname, '../..'),
  });

describe('npm run user', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a tenant admin with a generated password, lists and removes them', async () => {
    const added = await user('add', 'bob', '--role', 'tenant-admin', '--tenant', 'acme');
    expect(added.stdout).toMatch(/^Added bob \(tenant-admin\)\. Password: \S{12,}/);
    expect((await user('list')).stdout).toMatch(/bob\s+tenant-admin\s+tenants=acme/);
    expect((await user('remove', 'bob')).stdout).toContain('Removed bob');
    expect((await user('list')).stdout).toContain('No users.');
  });

  it('refuses a role that does not exist and says which exist', async () => {
    await expect(user('add', 'eve', '--role', 'boss')).rejects.toMatchObject({
      stderr: expect.stringContaining('--role must be one of sre, tenant-admin, viewer'),
    });
  });
});
