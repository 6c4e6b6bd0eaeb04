import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { createQuotaRequestRepository } from '../../src/repositories/quota-request-repository.js';
import { sweepInterruptedQuotaRequests } from '../../src/services/sweep-interrupted-quota-requests.js';
import { createTestDatabase } from '../helper.js';

describe('quota requests interrupted mid-apply', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  beforeAll(async () => {
    store = await createTestDatabase();
    db = await store.open();
    await applyMigrations(db.adapterFactory);
  });
  afterAll(async () => {
    await db.close();
    await store.drop();
  });

  const insert = (status: string, updatedAt: Date) =>
    db.prisma.quotaRequest.create({
      data: {
        cluster: 'sim',
        namespace: 'acme-prod',
        tenant: 'acme',
        quotaName: 'compute',
        requestedHard: { pods: '200' },
        currentHard: { pods: '100' },
        reason: 'launch',
        requestedBy: 'acme-admin',
        status,
        updatedAt,
      },
    });

  it('marks only stale applying requests failed, with the reason in the audit trail', async () => {
    const now = new Date();
    const stale = await insert('applying', new Date(now.getTime() - 10 * 60_000));
    const live = await insert('applying', new Date(now.getTime() - 10_000));
    const pending = await insert('pending', new Date(now.getTime() - 60 * 60_000));

    const marked = await sweepInterruptedQuotaRequests(
      createQuotaRequestRepository(db.prisma),
      now,
    );

    expect(marked).toEqual([stale.id]);
    const rows = await db.prisma.quotaRequest.findMany({ select: { id: true, status: true } });
    const statusOf = (id: bigint) => rows.find((r) => r.id === id)?.status;
    expect([statusOf(stale.id), statusOf(live.id), statusOf(pending.id)]).toEqual([
      'failed',
      'applying',
      'pending',
    ]);
    const audit = await db.prisma.quotaRequestAuditEvent.findMany({
      where: { requestId: stale.id },
    });
    expect(audit).toMatchObject([{ actor: 'plimsoll', action: 'apply-interrupted' }]);
    expect(
      await sweepInterruptedQuotaRequests(createQuotaRequestRepository(db.prisma), now),
    ).toEqual([]);
  });
});
