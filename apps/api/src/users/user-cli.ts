// `npm run user -- add <username> --role sre|tenant-admin|viewer [--tenant t]… [--name "Display Name"]`
// `npm run user -- list` · `npm run user -- remove <username>`
// Manages local users in the configured database (DATABASE_URL, else the embedded PGlite in PLIMSOLL_DATA_DIR).
// The password is read from PLIMSOLL_USER_PASSWORD or, when unset, generated and printed once.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

import { RoleSchema } from '@plimsoll/shared/schemas';

import { hashPassword } from '../auth/password.js';
import { loadEnv } from '../config/env.js';
import { openDatabase } from '../db/client.js';
import { applyMigrations } from '../db/migrate.js';
import { createUserRepository } from '../repositories/user-repository.js';

const USAGE = `usage:
  npm run user -- add <username> --role sre|tenant-admin|viewer [--tenant <tenant>]... [--name "<display name>"]
  npm run user -- list
  npm run user -- remove <username>
The new user's password comes from PLIMSOLL_USER_PASSWORD, or is generated and printed once.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    tenant: { type: 'string', multiple: true },
    name: { type: 'string' },
  },
});
const [command, username] = positionals;

const env = loadEnv();
const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.PLIMSOLL_DATA_DIR });
try {
  await applyMigrations(db.adapterFactory);
  const users = createUserRepository(db.prisma);
  if (command === 'list') {
    const all = await users.listUsers();
    if (all.length === 0) process.stdout.write('No users.\n');
    for (const u of all) {
      const tenants = u.tenants.length ? ` tenants=${u.tenants.join(',')}` : '';
      process.stdout.write(`${u.username.padEnd(24)} ${u.role.padEnd(13)}${tenants}\n`);
    }
  } else if (command === 'add') {
    if (!username) fail('add needs a username');
    const role = RoleSchema.safeParse(values.role);
    if (!role.success) fail(`--role must be one of ${RoleSchema.options.join(', ')}`);
    const tenants = values.tenant ?? [];
    if (role.data === 'tenant-admin' && tenants.length === 0)
      fail('a tenant-admin needs at least one --tenant');
    if (role.data !== 'tenant-admin' && tenants.length > 0)
      fail('--tenant only applies to tenant-admin users');
    if (await users.findUserByUsername(username)) fail(`user ${username} already exists`);
    const given = process.env.PLIMSOLL_USER_PASSWORD;
    const password = given ?? randomBytes(12).toString('base64url');
    await users.createUser({
      username,
      displayName: values.name ?? null,
      passwordHash: await hashPassword(password),
      role: role.data,
      tenants,
    });
    process.stdout.write(
      `Added ${username} (${role.data}).${given ? '' : ` Password: ${password}`}\n`,
    );
  } else if (command === 'remove') {
    if (!username) fail('remove needs a username');
    if (!(await users.deleteUser(username))) fail(`no user ${username}`);
    process.stdout.write(`Removed ${username} and their sessions.\n`);
  } else {
    fail(command ? `unknown command ${command}` : 'no command');
  }
} finally {
  await db.close();
}
