import {
  AUTOSCALER_TIMELINE_KINDS,
  type AutoscalerStatusWire,
  type AutoscalerTimelineEntry,
  type AutoscalerTimelineKind,
  type AutoscalerTimelineQuery,
  type GetAutoscalerTimelineResponse,
} from '@plimsoll/shared/schemas';

import { AppError } from '../errors/app-error.js';
import {
  createAutoscalerRepository,
  type AutoscalerEventRow,
  type AutoscalerSampleRow,
} from '../repositories/autoscaler-repository.js';
import {
  AUTOSCALER_EVENT_REASONS,
  parseFailedScaleUpGroup,
  parseNotTriggerScaleUpReasons,
  parseScaledUpGroupMessage,
  parseTriggeredScaleUpMessage,
} from './autoscaler-event-messages.js';
import { resolveAutoscalerRange } from './get-autoscaler-history.js';
import { getClusterCollector } from './get-cluster.js';
import type { ServiceContext } from './service-context.js';

/** Status samples compared for changes; a real autoscaler writes one every scan (10 s): 6 h ≈ 2,200. */
const MAX_STATUS_SAMPLES = 5000;
/** A "setting group size" attempt this close to its outcome is shown as the outcome only. */
const ATTEMPT_WINDOW_MS = 120_000;

function base(
  e: AutoscalerEventRow,
): Omit<AutoscalerTimelineEntry, 'kind' | 'group' | 'from' | 'to' | 'max' | 'reasons'> {
  return {
    at: e.lastSeen.toISOString(),
    firstAt: e.firstSeen.toISOString(),
    source: 'event',
    reason: e.reason ?? '',
    message: e.message ?? '',
    object:
      e.involvedKind && e.involvedName
        ? { kind: e.involvedKind, namespace: e.involvedNamespace, name: e.involvedName }
        : null,
    count: e.count,
  };
}

const none = { group: null, from: null, to: null, max: null, reasons: [] };

/** Timeline entries from the autoscaler's Events. */
export function eventsToTimeline(events: AutoscalerEventRow[]): AutoscalerTimelineEntry[] {
  const out: AutoscalerTimelineEntry[] = [];
  const attempts: Array<{
    e: AutoscalerEventRow;
    r: NonNullable<ReturnType<typeof parseScaledUpGroupMessage>>;
  }> = [];
  const outcomes: Array<{ group: string; from?: number; to?: number; at: number }> = [];
  for (const e of events) {
    const message = e.message ?? '';
    switch (e.reason) {
      case 'ScaledUpGroup': {
        const r = parseScaledUpGroupMessage(message);
        if (r?.phase === 'setting') {
          attempts.push({ e, r });
          break;
        }
        if (r) outcomes.push({ group: r.group, from: r.from, to: r.to, at: e.lastSeen.getTime() });
        out.push({
          ...base(e),
          kind: 'scale-up',
          group: r?.group ?? null,
          from: r?.from ?? null,
          to: r?.to ?? null,
          max: r?.max ?? null,
          reasons: [],
        });
        break;
      }
      case 'FailedToScaleUpGroup': {
        const group = parseFailedScaleUpGroup(message);
        if (group) outcomes.push({ group, at: e.lastSeen.getTime() });
        out.push({ ...base(e), ...none, kind: 'scale-up-failed', group });
        break;
      }
      case 'TriggeredScaleUp': {
        const [first] = parseTriggeredScaleUpMessage(message);
        out.push({
          ...base(e),
          kind: 'pod-triggered',
          group: first?.group ?? null,
          from: first?.from ?? null,
          to: first?.to ?? null,
          max: first?.max ?? null,
          reasons: [],
        });
        break;
      }
      case 'NotTriggerScaleUp':
        out.push({
          ...base(e),
          ...none,
          kind: 'not-triggered',
          reasons: parseNotTriggerScaleUpReasons(message),
        });
        break;
      case 'ScaleDown':
        // Per-pod "deleting pod for node scale down" Events repeat the node's; the node and status ones suffice.
        if (e.involvedKind === 'Pod') break;
        out.push({ ...base(e), ...none, kind: 'scale-down' });
        break;
      case 'ScaleDownEmpty':
        out.push({ ...base(e), ...none, kind: 'scale-down' });
        break;
      case 'ScaleDownFailed':
        out.push({ ...base(e), ...none, kind: 'scale-down-failed' });
        break;
      default:
        break;
    }
  }
  for (const { e, r } of attempts) {
    const t = e.lastSeen.getTime();
    const resolved = outcomes.some(
      (o) =>
        o.group === r.group &&
        (o.from === undefined || (o.from === r.from && o.to === r.to)) &&
        Math.abs(o.at - t) <= ATTEMPT_WINDOW_MS,
    );
    if (resolved) continue;
    out.push({
      ...base(e),
      kind: 'scale-up',
      group: r.group,
      from: r.from,
      to: r.to,
      max: r.max,
      reasons: [],
    });
  }
  return out;
}

/** Timeline entries from changes between consecutive status samples: target sizes and backoff. */
export function statusChangesToTimeline(samples: AutoscalerSampleRow[]): AutoscalerTimelineEntry[] {
  const out: AutoscalerTimelineEntry[] = [];
  let prev: AutoscalerStatusWire | null = null;
  for (const row of samples) {
    // An unreadable stored sample is skipped: the next readable one is compared with the last readable one.
    const s = row.status;
    if (s === null) continue;
    const at = row.observedAt.toISOString();
    if (prev) {
      const before = new Map(prev.nodeGroups.map((g) => [g.name, g]));
      for (const g of s.nodeGroups) {
        const p = before.get(g.name);
        if (!p) continue;
        const from = p.health.cloudProviderTarget;
        const to = g.health.cloudProviderTarget;
        if (from !== to) {
          out.push({
            at,
            firstAt: at,
            kind: to > from ? 'scale-up' : 'scale-down',
            source: 'status',
            reason: 'TargetSizeChanged',
            group: g.name,
            from,
            to,
            max: g.health.maxSize,
            message: `Status: target size of ${g.name} changed from ${from} to ${to} (min ${g.health.minSize}, max ${g.health.maxSize}).`,
            object: null,
            count: 1,
            reasons: [],
          });
        }
        if (g.scaleUp.status === 'Backoff' && p.scaleUp.status !== 'Backoff') {
          const b = g.scaleUp.backoff;
          out.push({
            at,
            firstAt: at,
            kind: 'scale-up-failed',
            source: 'status',
            reason: 'Backoff',
            group: g.name,
            from: null,
            to: null,
            max: g.health.maxSize,
            message: `Status: ${g.name} went into scale-up backoff${b ? `: ${b.errorCode}: ${b.errorMessage}` : ''}.`,
            object: null,
            count: 1,
            reasons: [],
          });
        }
      }
    }
    prev = s;
  }
  return out;
}

/** The autoscaler's scale-ups and scale-downs in a range, from its Events and from status changes, newest first. */
export async function getAutoscalerTimeline(
  ctx: ServiceContext,
  cluster: string,
  q: AutoscalerTimelineQuery,
): Promise<GetAutoscalerTimelineResponse> {
  getClusterCollector(ctx, cluster);
  const now = new Date();
  const { from, to } = resolveAutoscalerRange(q, now);
  let kinds: Set<AutoscalerTimelineKind> | null = null;
  if (q.kinds) {
    const asked = q.kinds
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    const unknown = asked.filter(
      (k) => !(AUTOSCALER_TIMELINE_KINDS as readonly string[]).includes(k),
    );
    if (unknown.length > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Unknown kinds: ${unknown.join(', ')}. Known: ${AUTOSCALER_TIMELINE_KINDS.join(', ')}.`,
      );
    }
    kinds = new Set(asked as AutoscalerTimelineKind[]);
  }
  const until = to ?? new Date(8.64e15);
  const repo = createAutoscalerRepository(ctx.prisma);
  const [events, samples] = await Promise.all([
    repo.findEventsByReason(cluster, AUTOSCALER_EVENT_REASONS, from, until, q.limit + 1),
    repo.findSamples(cluster, from, until, MAX_STATUS_SAMPLES),
  ]);
  const entries = [
    ...eventsToTimeline(events.slice(0, q.limit)),
    ...statusChangesToTimeline([...(samples.before ? [samples.before] : []), ...samples.rows]),
  ]
    .filter((e) => kinds === null || kinds.has(e.kind))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return {
    cluster,
    from: from.toISOString(),
    to: (to ?? now).toISOString(),
    entries: entries.slice(0, q.limit),
    truncated: events.length > q.limit || entries.length > q.limit,
  };
}
