import { z } from 'zod';

import { AutoscalerHealthSchema } from './autoscaler.js';
import { HeatmapCellSchema } from './cluster.js';
import { EvictionGroupBySchema, EvictionTimelineResponseSchema } from './eviction.js';
import {
  NodeConditionSchema,
  NodeEvictionThresholdSchema,
  SignalHeadroomSchema,
  ThresholdSourceSchema,
} from './node.js';
import { QuotaSummarySchema } from './tenant.js';

// Wire contracts of embeddable panels and embed links (issue 10). A link names one panel of one cluster with its
// filters; its signed token grants read access to exactly that panel's data (GET /api/v1/embed/{panel}/data).

/** The panels another site may frame under `/embed/{panel}`. */
export const EMBED_PANELS = [
  'node-pressure',
  'cluster-heatmap',
  'eviction-timeline',
  'tenant-quotas',
  'autoscaler',
] as const;
export const EmbedPanelSchema = z.enum(EMBED_PANELS);
export type EmbedPanel = z.infer<typeof EmbedPanelSchema>;

/** What each panel shows, for pickers and docs. */
export const EMBED_PANEL_TITLES: Record<EmbedPanel, string> = {
  'node-pressure': 'Node pressure',
  'cluster-heatmap': 'Cluster headroom heatmap',
  'eviction-timeline': 'Eviction timeline',
  'tenant-quotas': 'Tenant quota usage',
  autoscaler: 'Cluster autoscaler',
};

/** Panels a tenant admin may embed (always restricted to one of their tenants); the rest are SRE-only. */
export const TENANT_EMBED_PANELS: readonly EmbedPanel[] = ['tenant-quotas', 'eviction-timeline'];

/** Longest lifetime of a link: a year. Shorter is better; links can be revoked at any time. */
export const EMBED_MAX_TTL_HOURS = 24 * 366;
export const EMBED_DEFAULT_TTL_HOURS = 24 * 30;

const name = z.string().trim().min(1).max(253);

/** `node-pressure`: one node. */
export const NodePressureEmbedParamsSchema = z
  .object({ node: name.meta({ example: 'sim-node-001' }) })
  .strict();
/** `cluster-heatmap`: every node of the cluster. */
export const ClusterHeatmapEmbedParamsSchema = z.object({}).strict();
/** `eviction-timeline`: evictions over the last `rangeHours`, filtered exactly like the Evictions view. */
export const EvictionTimelineEmbedParamsSchema = z
  .object({
    node: name.optional(),
    namespace: name.optional(),
    tenant: name.optional(),
    resource: z.string().trim().min(1).max(100).optional(),
    rangeHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 31)
      .default(24),
    groupBy: EvictionGroupBySchema.default('node'),
  })
  .strict();
/** `tenant-quotas`: one tenant's ResourceQuotas. */
export const TenantQuotasEmbedParamsSchema = z
  .object({ tenant: name.meta({ example: 'acme' }) })
  .strict();
/** `autoscaler`: cluster-autoscaler's status and node groups. */
export const AutoscalerEmbedParamsSchema = z.object({}).strict();

export type NodePressureEmbedParams = z.infer<typeof NodePressureEmbedParamsSchema>;
export type EvictionTimelineEmbedParams = z.infer<typeof EvictionTimelineEmbedParamsSchema>;
export type TenantQuotasEmbedParams = z.infer<typeof TenantQuotasEmbedParamsSchema>;

const common = {
  cluster: name.meta({ example: 'sim' }),
  label: z
    .string()
    .trim()
    .max(200)
    .default('')
    .describe('What the link is for, e.g. "Grafana on-call board"'),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(EMBED_MAX_TTL_HOURS)
    .default(EMBED_DEFAULT_TTL_HOURS)
    .describe('Lifetime of the link in hours (at most 366 days)'),
};

/** `POST /api/v1/embed-links`. */
export const CreateEmbedLinkBodySchema = z.discriminatedUnion('panel', [
  z.object({ panel: z.literal('node-pressure'), params: NodePressureEmbedParamsSchema, ...common }),
  z.object({
    panel: z.literal('cluster-heatmap'),
    params: ClusterHeatmapEmbedParamsSchema.default({}),
    ...common,
  }),
  z.object({
    panel: z.literal('eviction-timeline'),
    params: EvictionTimelineEmbedParamsSchema.default({ rangeHours: 24, groupBy: 'node' }),
    ...common,
  }),
  z.object({ panel: z.literal('tenant-quotas'), params: TenantQuotasEmbedParamsSchema, ...common }),
  z.object({
    panel: z.literal('autoscaler'),
    params: AutoscalerEmbedParamsSchema.default({}),
    ...common,
  }),
]);
export type CreateEmbedLinkBody = z.input<typeof CreateEmbedLinkBodySchema>;
export type CreateEmbedLinkInput = z.output<typeof CreateEmbedLinkBodySchema>;

/** `active` until it expires or is revoked. */
export const EmbedLinkStateSchema = z.enum(['active', 'expired', 'revoked']);
export type EmbedLinkState = z.infer<typeof EmbedLinkStateSchema>;

export const EmbedLinkSchema = z.object({
  id: z.string(),
  cluster: z.string(),
  panel: EmbedPanelSchema,
  params: z.record(z.string(), z.unknown()),
  /** The only tenant whose data the panel shows; null: the whole cluster (SRE links). */
  tenant: z.string().nullable(),
  label: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  state: EmbedLinkStateSchema,
  /** Requests the token has served (counted in batches, so up to ~10 s behind). */
  useCount: z.number().int(),
  lastUsedAt: z.string().nullable(),
  keyId: z.string(),
  /** The signed token, for copying the snippet again; null once the link is revoked or expired, or its key is gone. */
  token: z.string().nullable(),
  /** Path of the framed page, token included (`/embed/{panel}?token=…`); null when `token` is. */
  embedPath: z.string().nullable(),
});
export type EmbedLink = z.infer<typeof EmbedLinkSchema>;

export const ListEmbedLinksResponseSchema = z.object({
  links: z.array(EmbedLinkSchema),
  /**
   * The sites allowed to frame a panel: the CSP `frame-ancestors` sources of PLIMSOLL_EMBED_ALLOWED_ORIGINS
   * (`'self'` is Plimsoll itself). A link works only inside one of them.
   */
  allowedOrigins: z.array(z.string()),
});
export type ListEmbedLinksResponse = z.infer<typeof ListEmbedLinksResponseSchema>;

export const EmbedLinkParamsSchema = z.object({ id: z.string().min(1).max(100) });
export const EmbedPanelParamsSchema = z.object({ panel: EmbedPanelSchema });

/** `GET /api/v1/embed/{panel}/data?token=` (the token may come in `Authorization: Bearer` instead). */
export const EmbedDataQuerySchema = z.object({
  token: z
    .string()
    .max(2000)
    .optional()
    .describe('The embed token, when it cannot be sent as `Authorization: Bearer`'),
  cluster: z
    .string()
    .max(253)
    .optional()
    .describe('Refuse (403 EMBED_WRONG_PANEL) unless the token is for this cluster'),
});

// ---- Panel data ------------------------------------------------------------------------------------------------

const panelBase = {
  cluster: z.string(),
  generatedAt: z.string(),
  expiresAt: z.string(),
  label: z.string(),
};

export const NodePressurePanelDataSchema = z.object({
  panel: z.literal('node-pressure'),
  ...panelBase,
  node: z.string(),
  /** false when the node is gone (deleted, or renamed); the rest is then empty. */
  found: z.boolean(),
  ready: z.enum(['True', 'False', 'Unknown']).nullable(),
  unschedulable: z.boolean(),
  conditions: z.array(NodeConditionSchema),
  /** Memory, disk and PID headroom above the eviction thresholds from the latest kubelet reading. */
  signals: z.array(SignalHeadroomSchema),
  thresholds: z.array(NodeEvictionThresholdSchema),
  thresholdSource: ThresholdSourceSchema.nullable(),
  worstHeadroom: z.number().nullable(),
  worstSignal: z.string().nullable(),
  /** Condition transitions of the last 24 hours, newest first (at most 20). */
  transitions: z.array(
    z.object({
      type: z.string(),
      status: z.string(),
      reason: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
export type NodePressurePanelData = z.infer<typeof NodePressurePanelDataSchema>;

export const ClusterHeatmapPanelDataSchema = z.object({
  panel: z.literal('cluster-heatmap'),
  ...panelBase,
  counts: z.object({
    total: z.number().int(),
    ready: z.number().int(),
    notReady: z.number().int(),
    unknown: z.number().int(),
    memoryPressure: z.number().int(),
    diskPressure: z.number().int(),
    pidPressure: z.number().int(),
  }),
  cells: z.array(HeatmapCellSchema),
});
export type ClusterHeatmapPanelData = z.infer<typeof ClusterHeatmapPanelDataSchema>;

export const EvictionTimelinePanelDataSchema = z.object({
  panel: z.literal('eviction-timeline'),
  ...panelBase,
  filter: EvictionTimelineEmbedParamsSchema,
  tenant: z.string().nullable(),
  timeline: EvictionTimelineResponseSchema,
  total: z.number().int(),
  recent: z.array(
    z.object({
      namespace: z.string(),
      pod: z.string(),
      node: z.string().nullable(),
      resource: z.string().nullable(),
      qosClass: z.string().nullable(),
      evictedAt: z.string(),
    }),
  ),
});
export type EvictionTimelinePanelData = z.infer<typeof EvictionTimelinePanelDataSchema>;

export const TenantQuotasPanelDataSchema = z.object({
  panel: z.literal('tenant-quotas'),
  ...panelBase,
  tenant: z.string(),
  warningRatio: z.number(),
  quotas: z.array(QuotaSummarySchema),
});
export type TenantQuotasPanelData = z.infer<typeof TenantQuotasPanelDataSchema>;

export const AutoscalerPanelDataSchema = z.object({
  panel: z.literal('autoscaler'),
  ...panelBase,
  source: z.enum(['live', 'history', 'none']),
  observedAt: z.string().nullable(),
  /** Why there is no status (no ConfigMap, unparsable); null when there is one. */
  error: z.string().nullable(),
  health: AutoscalerHealthSchema.nullable(),
  scaleUp: z.string().nullable(),
  scaleDown: z.string().nullable(),
  nodeGroups: z.array(
    z.object({
      name: z.string(),
      health: z.string(),
      ready: z.number().int(),
      registered: z.number().int(),
      target: z.number().int().nullable(),
      minSize: z.number().int().nullable(),
      maxSize: z.number().int().nullable(),
      scaleUp: z.string(),
      scaleDown: z.string(),
      backoff: z.string().nullable(),
    }),
  ),
});
export type AutoscalerPanelData = z.infer<typeof AutoscalerPanelDataSchema>;

/** `GET /api/v1/embed/{panel}/data`: the panel's data, tagged by `panel`. */
export const EmbedPanelDataSchema = z.discriminatedUnion('panel', [
  NodePressurePanelDataSchema,
  ClusterHeatmapPanelDataSchema,
  EvictionTimelinePanelDataSchema,
  TenantQuotasPanelDataSchema,
  AutoscalerPanelDataSchema,
]);
export type EmbedPanelData = z.infer<typeof EmbedPanelDataSchema>;
