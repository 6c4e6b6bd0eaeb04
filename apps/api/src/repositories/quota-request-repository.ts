import type {
  QuotaRequest,
  QuotaRequestAuditEvent,
  QuotaRequestDetail,
  QuotaRequestStatus,
} from '@plimsoll/shared/schemas';

import { Prisma, type PrismaClient } from '../generated/prisma/client.js';

/** Audit actions a request's trail may hold. */
export type QuotaRequestAction =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'applied'
  | 'apply-failed'
  | 'apply-interrupted'
  | 'auto-approval-declined';

/** An entry to append to a request's audit trail. */
export interface AuditEntry {
  actor: string;
  action: QuotaRequestAction;
  details?: Record<string, unknown>;
}

type Row = {
  id: bigint;
  cluster: string;
  namespace: string;
  tenant: string;
  quotaName: string;
  requestedHard: unknown;
  currentHard: unknown;
  reason: string;
  status: string;
  requestedBy: string;
  idempotencyKey: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  appliedHard: unknown;
  createdAt: Date;
  updatedAt: Date;
};

const asRecord = (v: unknown): Record<string, string> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};

function toRequest(row: Row): QuotaRequest {
  return {
    id: row.id.toString(),
    cluster: row.cluster,
    namespace: row.namespace,
    tenant: row.tenant,
    quotaName: row.quotaName,
    requestedHard: asRecord(row.requestedHard),
    currentHard: asRecord(row.currentHard),
    reason: row.reason,
    status: row.status as QuotaRequestStatus,
    requestedBy: row.requestedBy,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionComment: row.decisionComment,
    appliedHard:
      row.appliedHard === null || row.appliedHard === undefined ? null : asRecord(row.appliedHard),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toAudit(row: {
  id: bigint;
  actor: string;
  action: string;
  details: unknown;
  at: Date;
}): QuotaRequestAuditEvent {
  return {
    id: row.id.toString(),
    actor: row.actor,
    action: row.action,
    details:
      row.details !== null && typeof row.details === 'object'
        ? (row.details as Record<string, unknown>)
        : {},
    at: row.at.toISOString(),
  };
}

const json = (v: Record<string, unknown>) => v as Prisma.InputJsonValue;

/** Filters of {@link QuotaRequestRepository.list}; `tenants` is the caller's scope (null: every tenant). */
export interface ListQuotaRequestsFilter {
  cluster: string;
  tenants: readonly string[] | null;
  status?: QuotaRequestStatus;
  tenant?: string;
  namespace?: string;
  limit: number;
}

/**
 * Quota requests, their audit trail and who has seen their decisions: the only code that reads or writes
 * `quota_requests`, `quota_request_audit_events` and `quota_request_views`. Audit rows are only ever inserted. Every state change is a conditional UPDATE
 * (`WHERE status IN (…)`) in a transaction with its audit row, so two concurrent decisions cannot both win.
 */
export function createQuotaRequestRepository(prisma: PrismaClient) {
  async function findById(id: bigint): Promise<QuotaRequestDetail | null> {
    const row = await prisma.quotaRequest.findUnique({
      where: { id },
      include: { audit: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } },
    });
    if (!row) return null;
    return { ...toRequest(row), audit: row.audit.map(toAudit) };
  }

  return {
    findById,

    /** The request a user already created with this idempotency key, if any. */
    async findByIdempotencyKey(
      requestedBy: string,
      key: string,
    ): Promise<QuotaRequestDetail | null> {
      const row = await prisma.quotaRequest.findUnique({
        where: { requestedBy_idempotencyKey: { requestedBy, idempotencyKey: key } },
        select: { id: true },
      });
      return row ? findById(row.id) : null;
    },

    /**
     * Inserts a pending request and its `requested` audit entry. Returns `{ duplicate: true }` (and the
     * existing request) when the user already used `idempotencyKey`, including under a concurrent retry.
     */
    async create(input: {
      cluster: string;
      namespace: string;
      tenant: string;
      quotaName: string;
      requestedHard: Record<string, string>;
      currentHard: Record<string, string>;
      reason: string;
      requestedBy: string;
      idempotencyKey: string | null;
      auditDetails: Record<string, unknown>;
    }): Promise<{ request: QuotaRequestDetail; duplicate: boolean }> {
      try {
        const created = await prisma.quotaRequest.create({
          data: {
            cluster: input.cluster,
            namespace: input.namespace,
            tenant: input.tenant,
            quotaName: input.quotaName,
            requestedHard: input.requestedHard,
            currentHard: input.currentHard,
            reason: input.reason,
            requestedBy: input.requestedBy,
            idempotencyKey: input.idempotencyKey,
            audit: {
              create: {
                actor: input.requestedBy,
                action: 'requested',
                details: json(input.auditDetails),
              },
            },
          },
          select: { id: true },
        });
        const request = await findById(created.id);
        if (!request) throw new Error('quota request vanished after insert');
        return { request, duplicate: false };
      } catch (err) {
        if (
          input.idempotencyKey !== null &&
          err instanceof Prisma.PrismaClientKnownRequestError &&
          err.code === 'P2002'
        ) {
          const row = await prisma.quotaRequest.findUnique({
            where: {
              requestedBy_idempotencyKey: {
                requestedBy: input.requestedBy,
                idempotencyKey: input.idempotencyKey,
              },
            },
            select: { id: true },
          });
          const request = row ? await findById(row.id) : null;
          if (request) return { request, duplicate: true };
        }
        throw err;
      }
    },

    async list(filter: ListQuotaRequestsFilter): Promise<QuotaRequest[]> {
      const rows = await prisma.quotaRequest.findMany({
        where: {
          cluster: filter.cluster,
          ...(filter.tenants !== null ? { tenant: { in: [...filter.tenants] } } : {}),
          ...(filter.tenant !== undefined ? { AND: [{ tenant: filter.tenant }] } : {}),
          ...(filter.namespace !== undefined ? { namespace: filter.namespace } : {}),
          ...(filter.status !== undefined ? { status: filter.status } : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: filter.limit,
      });
      return rows.map(toRequest);
    },

    /**
     * Moves a request from one of `from` to `to` and appends the audit entry, atomically. Returns false (and
     * writes nothing) when the request was not in one of `from` — someone else decided first.
     */
    async transition(
      id: bigint,
      from: readonly QuotaRequestStatus[],
      to: QuotaRequestStatus,
      data: {
        decidedBy?: string;
        decidedAt?: Date;
        decisionComment?: string | null;
        appliedHard?: Record<string, string>;
      },
      audit: AuditEntry[],
    ): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.quotaRequest.updateMany({
          where: { id, status: { in: [...from] } },
          data: {
            status: to,
            ...(data.decidedBy !== undefined ? { decidedBy: data.decidedBy } : {}),
            ...(data.decidedAt !== undefined ? { decidedAt: data.decidedAt } : {}),
            ...(data.decisionComment !== undefined
              ? { decisionComment: data.decisionComment }
              : {}),
            ...(data.appliedHard !== undefined ? { appliedHard: data.appliedHard } : {}),
          },
        });
        if (count === 0) return false;
        for (const a of audit) {
          await tx.quotaRequestAuditEvent.create({
            data: {
              requestId: id,
              actor: a.actor,
              action: a.action,
              details: json(a.details ?? {}),
            },
          });
        }
        return true;
      });
    },

    /** Requests still `applying` whose last change is older than `before` (their process died mid-apply). */
    async findStaleApplying(before: Date): Promise<bigint[]> {
      const rows = await prisma.quotaRequest.findMany({
        where: { status: 'applying', updatedAt: { lt: before } },
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },

    /** Appends to the audit trail without a state change (e.g. an auto-approval rule that did not match). */
    /**
     * Ids of decided requests (newest decision first) whose decision `viewer` has not seen since it was made and did
     * not make: of the tenants given (null: all), and only those the viewer filed when `ownOnly`.
     */
    async findUnseenDecisions(viewer: {
      cluster: string;
      username: string;
      tenants: readonly string[] | null;
      ownOnly: boolean;
      limit: number;
    }): Promise<string[]> {
      const tenants =
        viewer.tenants === null
          ? Prisma.empty
          : viewer.tenants.length === 0
            ? Prisma.sql`AND false`
            : Prisma.sql`AND r.tenant IN (${Prisma.join(viewer.tenants)})`;
      const own = viewer.ownOnly
        ? Prisma.sql`AND r.requested_by = ${viewer.username}`
        : Prisma.empty;
      const rows = await prisma.$queryRaw<Array<{ id: bigint }>>`SELECT r.id FROM quota_requests r
        WHERE r.cluster = ${viewer.cluster} AND r.status IN ('approved', 'rejected', 'failed')
          AND r.decided_at IS NOT NULL AND coalesce(r.decided_by, '') <> ${viewer.username}
          ${tenants} ${own}
          AND NOT EXISTS (SELECT 1 FROM quota_request_views v
            WHERE v.request_id = r.id AND v.username = ${viewer.username} AND v.seen_at >= r.decided_at)
        ORDER BY r.decided_at DESC, r.id DESC LIMIT ${viewer.limit}`;
      return rows.map((r) => r.id.toString());
    },

    /** Records that `username` saw these requests as they are at `at` (a later decision is unseen again). */
    async markSeen(username: string, ids: readonly bigint[], at: Date): Promise<void> {
      if (ids.length === 0) return;
      const values = ids.map((id) => Prisma.sql`(${username}, ${id}, ${at})`);
      await prisma.$executeRaw`INSERT INTO quota_request_views (username, request_id, seen_at)
        VALUES ${Prisma.join(values)}
        ON CONFLICT (username, request_id) DO UPDATE SET seen_at = excluded.seen_at`;
    },

    async appendAudit(id: bigint, entry: AuditEntry): Promise<void> {
      await prisma.quotaRequestAuditEvent.create({
        data: {
          requestId: id,
          actor: entry.actor,
          action: entry.action,
          details: json(entry.details ?? {}),
        },
      });
    },
  };
}

export type QuotaRequestRepository = ReturnType<typeof createQuotaRequestRepository>;
