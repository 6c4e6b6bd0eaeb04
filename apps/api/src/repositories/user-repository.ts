import type { Role } from '@plimsoll/shared/schemas';

import type { PrismaClient } from '../generated/prisma/client.js';

export interface UserRecord {
  id: bigint;
  username: string;
  displayName: string | null;
  passwordHash: string | null;
  role: Role;
  tenants: string[];
}

const toUser = (row: {
  id: bigint;
  username: string;
  displayName: string | null;
  passwordHash: string | null;
  role: string;
  tenants: string[];
}): UserRecord => ({ ...row, role: row.role as Role });

/** Local users and their sessions: the only code that reads or writes `users` and `sessions`. */
export function createUserRepository(prisma: PrismaClient) {
  return {
    async findUserByUsername(username: string): Promise<UserRecord | null> {
      const row = await prisma.user.findUnique({ where: { username } });
      return row ? toUser(row) : null;
    },
    async listUsers(): Promise<UserRecord[]> {
      return (await prisma.user.findMany({ orderBy: { username: 'asc' } })).map(toUser);
    },
    async countUsers(): Promise<number> {
      return prisma.user.count();
    },
    async createUser(input: {
      username: string;
      displayName?: string | null;
      passwordHash: string;
      role: Role;
      tenants: string[];
    }): Promise<UserRecord> {
      return toUser(
        await prisma.user.create({ data: { ...input, displayName: input.displayName ?? null } }),
      );
    },
    async deleteUser(username: string): Promise<boolean> {
      const { count } = await prisma.user.deleteMany({ where: { username } });
      return count > 0;
    },
    async createSession(input: {
      id: string;
      userId: bigint;
      csrfToken: string;
      expiresAt: Date;
      userAgent: string | null;
      ip: string | null;
    }): Promise<void> {
      await prisma.session.create({ data: input });
    },
    async findSession(id: string, now: Date) {
      const row = await prisma.session.findUnique({ where: { id }, include: { user: true } });
      if (!row || row.expiresAt <= now) return null;
      return {
        id: row.id,
        csrfToken: row.csrfToken,
        expiresAt: row.expiresAt,
        user: toUser(row.user),
      };
    },
    async deleteSession(id: string): Promise<void> {
      await prisma.session.deleteMany({ where: { id } });
    },
    async deleteExpiredSessions(now: Date): Promise<number> {
      return (await prisma.session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
