import { boundParsedNumbers } from '@plimsoll/shared';
import { AutoscalerStatusSchema, type AutoscalerStatusWire } from '@plimsoll/shared/schemas';

import type { PrismaClient } from '../generated/prisma/client.js';

/**
 * A parsed or stored autoscaler status as the API may send it: numbers bounded (`boundParsedNumbers`, each change
 * in `notes`) and the shape checked against the wire schema. `status` is null, with `error` saying why, when the
 * value is not a status at all (a sample stored by an older parser, or a hand-edited row): a bad sample is left
 * out of a view, it never fails the view.
 */
export function boundAutoscalerStatus(value: unknown): {
  status: AutoscalerStatusWire | null;
  error: string | null;
} {
  const { value: bounded, notes } = boundParsedNumbers(value);
  const parsed = AutoscalerStatusSchema.safeParse(bounded);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      status: null,
      error: `not a readable status (${issue ? `${issue.path.join('.') || 'status'}: ${issue.message}` : 'invalid'})`,
    };
  }
  return { status: { ...parsed.data, notes: [...parsed.data.notes, ...notes] }, error: null };
}

/** A stored autoscaler status sample; `status` null (and `error` set) when the stored JSON is not readable. */
export interface AutoscalerSampleRow {
  id: bigint;
  status: AutoscalerStatusWire | null;
  error: string | null;
  raw: string;
  observedAt: Date;
}

function toSampleRow(row: {
  id: bigint;
  status: unknown;
  raw: string;
  observedAt: Date;
}): AutoscalerSampleRow {
  return { ...row, ...boundAutoscalerStatus(row.status) };
}

/** A stored Event as the autoscaler views need it. */
export interface AutoscalerEventRow {
  uid: string;
  namespace: string;
  type: string | null;
  reason: string | null;
  message: string | null;
  involvedKind: string | null;
  involvedName: string | null;
  involvedNamespace: string | null;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
}

const EVENT_COLUMNS = {
  uid: true,
  namespace: true,
  type: true,
  reason: true,
  message: true,
  involvedKind: true,
  involvedName: true,
  involvedNamespace: true,
  count: true,
  firstSeen: true,
  lastSeen: true,
} as const;

/** Reads of `autoscaler_status_samples` and of the autoscaler's rows in `kube_events`. */
export function createAutoscalerRepository(prisma: PrismaClient) {
  return {
    async findLatestSample(cluster: string): Promise<AutoscalerSampleRow | null> {
      const row = await prisma.autoscalerStatusSample.findFirst({
        where: { cluster },
        orderBy: [{ observedAt: 'desc' }, { id: 'desc' }],
        select: { id: true, status: true, raw: true, observedAt: true },
      });
      return row ? toSampleRow(row) : null;
    },

    /** Samples in [from, to] oldest first, plus the last one before `from`; at most `limit` + 1 rows. */
    async findSamples(
      cluster: string,
      from: Date,
      to: Date,
      limit: number,
    ): Promise<{ before: AutoscalerSampleRow | null; rows: AutoscalerSampleRow[]; total: number }> {
      const select = { id: true, status: true, raw: true, observedAt: true } as const;
      const where = { cluster, observedAt: { gte: from, lte: to } };
      const [before, total] = await Promise.all([
        prisma.autoscalerStatusSample.findFirst({
          where: { cluster, observedAt: { lt: from } },
          orderBy: [{ observedAt: 'desc' }, { id: 'desc' }],
          select,
        }),
        prisma.autoscalerStatusSample.count({ where }),
      ]);
      if (total <= limit) {
        const rows = await prisma.autoscalerStatusSample.findMany({
          where,
          orderBy: [{ observedAt: 'asc' }, { id: 'asc' }],
          select,
        });
        return { before: before ? toSampleRow(before) : null, rows: rows.map(toSampleRow), total };
      }
      // Too many to send: read only the ids and times, keep an even spread, then load those rows.
      const ids = await prisma.autoscalerStatusSample.findMany({
        where,
        orderBy: [{ observedAt: 'asc' }, { id: 'asc' }],
        select: { id: true },
      });
      const step = ids.length / limit;
      const keep = new Set<bigint>();
      for (let i = 0; i < limit; i++) keep.add((ids[Math.floor(i * step)] as { id: bigint }).id);
      keep.add((ids[ids.length - 1] as { id: bigint }).id);
      const rows = await prisma.autoscalerStatusSample.findMany({
        where: { id: { in: [...keep] } },
        orderBy: [{ observedAt: 'asc' }, { id: 'asc' }],
        select,
      });
      return { before: before ? toSampleRow(before) : null, rows: rows.map(toSampleRow), total };
    },

    /** Events with one of `reasons` last seen in [from, to], newest first. */
    async findEventsByReason(
      cluster: string,
      reasons: readonly string[],
      from: Date,
      to: Date,
      limit: number,
    ): Promise<AutoscalerEventRow[]> {
      return prisma.kubeEvent.findMany({
        where: { cluster, reason: { in: [...reasons] }, lastSeen: { gte: from, lte: to } },
        orderBy: [{ lastSeen: 'desc' }, { id: 'desc' }],
        take: limit,
        select: EVENT_COLUMNS,
      });
    },

    /** The latest Events with one of `reasons` about each of the given pods (namespace/name). */
    async findPodEvents(
      cluster: string,
      pods: ReadonlyArray<{ namespace: string; name: string }>,
      reasons: readonly string[],
    ): Promise<AutoscalerEventRow[]> {
      if (pods.length === 0) return [];
      const rows: AutoscalerEventRow[] = [];
      // Chunked: a cluster can have thousands of pending pods in a burst.
      for (let i = 0; i < pods.length; i += 500) {
        const chunk = pods.slice(i, i + 500);
        rows.push(
          ...(await prisma.kubeEvent.findMany({
            where: {
              cluster,
              involvedKind: 'Pod',
              reason: { in: [...reasons] },
              OR: chunk.map((p) => ({ involvedNamespace: p.namespace, involvedName: p.name })),
            },
            orderBy: [{ lastSeen: 'desc' }, { id: 'desc' }],
            select: EVENT_COLUMNS,
          })),
        );
      }
      return rows;
    },
  };
}

/** The autoscaler repository's type. */
export type AutoscalerRepository = ReturnType<typeof createAutoscalerRepository>;
