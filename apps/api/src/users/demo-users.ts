import { randomBytes } from 'node:crypto';

import type { Role } from '@plimsoll/shared/schemas';

import { hashPassword } from '../auth/password.js';
import type { UserRepository } from '../repositories/user-repository.js';

/** The demo users the embedded default creates on first start. */
export const DEMO_USERS: ReadonlyArray<{
  username: string;
  displayName: string;
  role: Role;
  tenants: string[];
}> = [
  { username: 'sre', displayName: 'Demo SRE', role: 'sre', tenants: [] },
  {
    username: 'acme-admin',
    displayName: 'Demo tenant admin (acme)',
    role: 'tenant-admin',
    tenants: ['acme'],
  },
  { username: 'viewer', displayName: 'Demo viewer', role: 'viewer', tenants: [] },
];

/**
 * Creates the demo users when the database has no user at all; returns their credentials (to print once), or
 * null when users already exist.
 */
export async function ensureDemoUsers(
  users: UserRepository,
  password?: string,
): Promise<Array<{ username: string; role: Role; password: string }> | null> {
  if ((await users.countUsers()) > 0) return null;
  const created = [];
  for (const u of DEMO_USERS) {
    const pw = password ?? randomBytes(9).toString('base64url');
    await users.createUser({ ...u, passwordHash: await hashPassword(pw) });
    created.push({ username: u.username, role: u.role, password: pw });
  }
  return created;
}
