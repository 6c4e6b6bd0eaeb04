import type { TenantScope } from '../../plugins/auth.js';
import {
  AutoscalerEmbedParamsSchema,
  ClusterHeatmapEmbedParamsSchema,
  EvictionTimelineEmbedParamsSchema,
  NodePressureEmbedParamsSchema,
  TenantQuotasEmbedParamsSchema,
  type EmbedPanelData,
} from '@plimsoll/shared/schemas';

import type { TenantViewConfig } from '../../config/quota-requests.js';
import { AppError } from '../../errors/app-error.js';
import type { EmbedLinkRecord } from '../../repositories/embed-link-repository.js';
import { createEvictionRepository } from '../../repositories/eviction-repository.js';
import { createNodeHistoryRepository } from '../../repositories/node-history-repository.js';
import { getAutoscalerStatus } from '../get-autoscaler-status.js';
import { getClusterCollector } from '../get-cluster.js';
import { getClusterOverview } from '../get-cluster-overview.js';
import { getEvictionTimeline } from '../get-eviction-timeline.js';
import { getNodeConditions } from '../get-node-conditions.js';
import { getNodeDetail } from '../get-node-detail.js';
import { listEvictions } from '../list-evictions.js';
import { listQuotas } from '../list-quotas.js';
import type { ServiceContext } from '../service-context.js';

/** Marks one eviction-timeline panel draws at most (the newest). */
export const EMBED_TIMELINE_MAX_MARKS = 2000;
const RECENT_EVICTIONS = 8;
const TRANSITIONS_SHOWN = 20;
const DAY_MS = 86_400_000;

/** What a link may see: its tenant only, or (SRE links without a tenant) the whole cluster. */
export const scopeOfLink = (link: Pick<EmbedLinkRecord, 'tenant'>): TenantScope =>
  link.tenant === null ? { kind: 'all' } : { kind: 'tenants', tenants: [link.tenant] };

function parseParams<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  link: EmbedLinkRecord,
): T {
  const parsed = schema.safeParse(link.params);
  if (!parsed.success)
    throw new AppError(
      'EMBED_TOKEN_INVALID',
      'This embed link has filters this version cannot read. Ask for a new link.',
    );
  return parsed.data;
}

/**
 * The data of a link's panel, through the same services as the views, with the link's scope as the caller's:
 * a tenant link sees that tenant's namespaces and nothing else, whatever the filters say.
 */
export async function getEmbedPanelData(
  ctx: ServiceContext,
  link: EmbedLinkRecord,
  deps: { tenantViewConfig: TenantViewConfig; nodeEventNamespaces: readonly string[]; now: Date },
): Promise<EmbedPanelData> {
  const { now } = deps;
  const scope = scopeOfLink(link);
  const collector = getClusterCollector(ctx, link.cluster);
  const base = {
    cluster: link.cluster,
    generatedAt: now.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    label: link.label,
  };

  switch (link.panel) {
    case 'node-pressure': {
      const { node } = parseParams(NodePressureEmbedParamsSchema, link);
      const repo = createNodeHistoryRepository(ctx.prisma);
      const empty = {
        panel: 'node-pressure' as const,
        ...base,
        node,
        found: false,
        ready: null,
        unschedulable: false,
        conditions: [],
        signals: [],
        thresholds: [],
        thresholdSource: null,
        worstHeadroom: null,
        worstSignal: null,
        transitions: [],
      };
      if (!collector.cache.nodes.has(node)) return empty;
      const [detail, history] = await Promise.all([
        getNodeDetail({
          collector,
          repo,
          scope,
          node,
          eventNamespaces: deps.nodeEventNamespaces,
          now,
        }),
        getNodeConditions({
          collector,
          repo,
          scope,
          node,
          now,
          from: new Date(now.getTime() - DAY_MS).toISOString(),
          to: now.toISOString(),
        }),
      ]);
      const s = detail.summary;
      return {
        ...empty,
        found: true,
        ready: s.ready,
        unschedulable: s.unschedulable,
        conditions: detail.conditions,
        signals: [s.memory, s.disk, s.pid].filter((x) => x !== null),
        thresholds: detail.thresholds,
        thresholdSource: detail.thresholdSource,
        worstHeadroom: s.worstHeadroom,
        worstSignal: s.worstSignal,
        transitions: history.transitions
          .slice(-TRANSITIONS_SHOWN)
          .reverse()
          .map((t) => ({ type: t.type, status: t.status, reason: t.reason, at: t.at })),
      };
    }
    case 'cluster-heatmap': {
      parseParams(ClusterHeatmapEmbedParamsSchema, link);
      const overview = await getClusterOverview({
        collector,
        repo: createNodeHistoryRepository(ctx.prisma),
        scope,
        now,
      });
      const c = overview.counts;
      return {
        panel: 'cluster-heatmap',
        ...base,
        counts: {
          total: c.total,
          ready: c.ready,
          notReady: c.notReady,
          unknown: c.unknown,
          memoryPressure: c.memoryPressure,
          diskPressure: c.diskPressure,
          pidPressure: c.pidPressure,
        },
        cells: overview.heatmap,
      };
    }
    case 'eviction-timeline': {
      const filter = parseParams(EvictionTimelineEmbedParamsSchema, link);
      const repo = createEvictionRepository(ctx.prisma);
      const range = {
        from: new Date(now.getTime() - filter.rangeHours * 3_600_000).toISOString(),
        to: now.toISOString(),
        ...(filter.node ? { node: filter.node } : {}),
        ...(filter.namespace ? { namespace: filter.namespace } : {}),
        ...(filter.tenant ? { tenant: filter.tenant } : {}),
        ...(filter.resource ? { resource: filter.resource } : {}),
      };
      const [timeline, recent] = await Promise.all([
        getEvictionTimeline({
          repo,
          cluster: link.cluster,
          query: { ...range, groupBy: filter.groupBy, limit: EMBED_TIMELINE_MAX_MARKS },
          scope,
          now,
        }),
        listEvictions({
          repo,
          cluster: link.cluster,
          query: { ...range, limit: RECENT_EVICTIONS },
          scope,
          now,
        }),
      ]);
      return {
        panel: 'eviction-timeline',
        ...base,
        filter,
        tenant: link.tenant,
        timeline,
        total: recent.total ?? timeline.marks.id.length,
        recent: recent.items.map((e) => ({
          namespace: e.namespace,
          pod: e.pod,
          node: e.node,
          resource: e.resource,
          qosClass: e.qosClass,
          evictedAt: e.evictedAt,
        })),
      };
    }
    case 'tenant-quotas': {
      const { tenant } = parseParams(TenantQuotasEmbedParamsSchema, link);
      const quotas = listQuotas(
        { cluster: link.cluster, collector, config: deps.tenantViewConfig, now },
        // The link's own tenant, even if an (SRE's) link had no tenant recorded.
        { kind: 'tenants', tenants: [link.tenant ?? tenant] },
        { tenant },
      );
      return {
        panel: 'tenant-quotas',
        ...base,
        tenant,
        warningRatio: deps.tenantViewConfig.warningRatio,
        quotas,
      };
    }
    case 'autoscaler': {
      parseParams(AutoscalerEmbedParamsSchema, link);
      const res = await getAutoscalerStatus(ctx, link.cluster);
      const st = res.status;
      return {
        panel: 'autoscaler',
        ...base,
        source: res.source,
        observedAt: res.observedAt,
        error: res.error,
        health: st?.clusterWide.health ?? null,
        scaleUp: st?.clusterWide.scaleUp.status ?? null,
        scaleDown: st?.clusterWide.scaleDown.status ?? null,
        nodeGroups: (st?.nodeGroups ?? []).map((g) => ({
          name: g.name,
          health: g.health.status,
          ready: g.health.ready,
          registered: g.health.registered,
          target: g.health.cloudProviderTarget ?? null,
          minSize: g.health.minSize ?? null,
          maxSize: g.health.maxSize ?? null,
          scaleUp: g.scaleUp.status,
          scaleDown: g.scaleDown.status,
          backoff: g.scaleUp.backoff
            ? `${g.scaleUp.backoff.errorCode}: ${g.scaleUp.backoff.errorMessage}`
            : null,
        })),
      };
    }
    default:
      throw new AppError(
        'EMBED_TOKEN_INVALID',
        `This embed link is for an unknown panel (${link.panel}).`,
      );
  }
}
