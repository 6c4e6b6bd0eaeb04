import type {
  AutoscalerHistorySample,
  AutoscalerStatusWire,
  AutoscalerRangeQuery,
  GetAutoscalerHistoryResponse,
} from '@plimsoll/shared/schemas';

import { AppError } from '../errors/app-error.js';
import {
  createAutoscalerRepository,
  type AutoscalerSampleRow,
} from '../repositories/autoscaler-repository.js';
import { getClusterCollector } from './get-cluster.js';
import type { ServiceContext } from './service-context.js';

/** Default range of the history and timeline: the last six hours. */
export const AUTOSCALER_DEFAULT_RANGE_MS = 6 * 3600_000;
/** At most this many samples go to a chart; more are thinned evenly. */
const MAX_SAMPLES = 720;

/** The requested range with defaults; `to` stays open (null) unless given. */
export function resolveAutoscalerRange(
  q: AutoscalerRangeQuery,
  now = new Date(),
): { from: Date; to: Date | null } {
  const to = q.to ? new Date(q.to) : null;
  const from = q.from
    ? new Date(q.from)
    : new Date((to ?? now).getTime() - AUTOSCALER_DEFAULT_RANGE_MS);
  if (to && from > to) throw new AppError('VALIDATION_FAILED', '`from` is after `to`.');
  return { from, to };
}

/** One stored sample (readable: `status` set), summarised for charts. */
export function toHistorySample(
  row: AutoscalerSampleRow & { status: AutoscalerStatusWire },
): AutoscalerHistorySample {
  const s = row.status;
  const cw = s.clusterWide;
  return {
    observedAt: row.observedAt.toISOString(),
    format: s.format,
    truncated: s.truncated,
    health: cw.health.status,
    ready: cw.health.ready,
    unready: cw.health.unready,
    notStarted: cw.health.notStarted,
    registered: cw.health.registered,
    longUnregistered: cw.health.longUnregistered,
    scaleUp: cw.scaleUp.status,
    scaleDown: cw.scaleDown.status,
    candidates: cw.scaleDown.candidates ?? 0,
    groups: s.nodeGroups.map((g) => ({
      name: g.name,
      target: g.health.cloudProviderTarget,
      minSize: g.health.minSize,
      maxSize: g.health.maxSize,
      ready: g.health.ready,
      registered: g.health.registered,
      notStarted: g.health.notStarted,
      health: g.health.status,
      scaleUp: g.scaleUp.status,
      scaleDown: g.scaleDown.status,
      backoffError: g.scaleUp.backoff
        ? `${g.scaleUp.backoff.errorCode}: ${g.scaleUp.backoff.errorMessage}`
        : null,
    })),
  };
}

/** Stored status samples in a range (with the one in force at its start), thinned for charts. */
export async function getAutoscalerHistory(
  ctx: ServiceContext,
  cluster: string,
  q: AutoscalerRangeQuery,
): Promise<GetAutoscalerHistoryResponse> {
  getClusterCollector(ctx, cluster);
  const now = new Date();
  const { from, to } = resolveAutoscalerRange(q, now);
  const until = to ?? new Date(8.64e15);
  const repo = createAutoscalerRepository(ctx.prisma);
  const { before, rows, total } = await repo.findSamples(cluster, from, until, MAX_SAMPLES);
  const notes: string[] = [];
  const samples: AutoscalerHistorySample[] = [];
  for (const row of [...(before ? [before] : []), ...rows]) {
    const at = row.observedAt.toISOString();
    if (row.status === null) {
      notes.push(`Sample of ${at} left out: ${row.error ?? 'not readable'}.`);
      continue;
    }
    for (const n of row.status.notes ?? []) notes.push(`Sample of ${at}: ${n}.`);
    samples.push(toHistorySample({ ...row, status: row.status }));
  }
  return {
    cluster,
    from: from.toISOString(),
    to: (to ?? now).toISOString(),
    samples,
    thinned: total > rows.length,
    ...(notes.length > 0 ? { notes } : {}),
  };
}
