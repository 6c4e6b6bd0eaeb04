import type { PrismaClient } from '../generated/prisma/client.js';

/** One audit entry of an SRE action on a node. */
export interface NodeActionAuditEntry {
  cluster: string;
  node: string;
  action:
    | 'cordon'
    | 'uncordon'
    | 'drain-start'
    | 'evict'
    | 'drain-done'
    | 'drain-failed'
    | 'drain-cancelled'
    | 'drain-interrupted';
  actor: string;
  drainId?: string;
  outcome: 'ok' | 'refused' | 'failed';
  message?: string;
  details?: Record<string, unknown>;
}

/** node_action_audit_events: appended to, never updated. */
export function createNodeActionAuditRepository(prisma: PrismaClient) {
  return {
    async append(entry: NodeActionAuditEntry): Promise<void> {
      await prisma.nodeActionAuditEvent.create({
        data: {
          cluster: entry.cluster,
          node: entry.node,
          action: entry.action,
          actor: entry.actor,
          drainId: entry.drainId ?? null,
          outcome: entry.outcome,
          message: entry.message ?? '',
          ...(entry.details ? { details: entry.details as object } : {}),
        },
      });
    },
    async findForNode(cluster: string, node: string, limit = 100) {
      return prisma.nodeActionAuditEvent.findMany({
        where: { cluster, node },
        orderBy: { id: 'desc' },
        take: limit,
        select: {
          action: true,
          actor: true,
          drainId: true,
          outcome: true,
          message: true,
          details: true,
          createdAt: true,
        },
      });
    },
  };
}
export type NodeActionAuditRepository = ReturnType<typeof createNodeActionAuditRepository>;
