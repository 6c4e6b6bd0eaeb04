import { describe, expect, it } from 'vitest';

import { hashPassword } from '../../src/auth/password.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { createUserRepository } from '../../src/repositories/user-repository.js';
import { createTestDatabase } from '../helper.js';

describe('the database across restarts', () => {
  it('applies each migration once and keeps data when the process restarts', async () => {
    const store = await createTestDatabase();
    try {
      const first = await store.open();
      const applied = await applyMigrations(first.adapterFactory);
      expect(applied.length).toBeGreaterThan(0);
      await createUserRepository(first.prisma).createUser({
        username: 'kept',
        passwordHash: await hashPassword('pw-pw-pw-pw'),
        role: 'viewer',
        tenants: [],
      });
      await first.close();

      const second = await store.open();
      expect(await applyMigrations(second.adapterFactory)).toEqual([]);
      const rows = await second.prisma.$queryRaw<Array<{ migration_name: string }>>`
        SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
      expect(rows.map((r) => r.migration_name)).toEqual(applied);
      expect(await createUserRepository(second.prisma).findUserByUsername('kept')).toMatchObject({
        role: 'viewer',
      });
      await second.close();
    } finally {
      await store.drop();
    }
  });
});
