import { z } from 'zod';

import { int64IdSchema } from './input.js';

/** Wire contracts of the eviction views: list, timeline, histogram, episodes, detail and export. */

/** Fields evictions can be filtered by and grouped by. */
export const EVICTION_GROUP_BY = [
  'node',
  'namespace',
  'tenant',
  'owner',
  'resource',
  'qos',
] as const;
export const EvictionGroupBySchema = z.enum(EVICTION_GROUP_BY);
export type EvictionGroupBy = z.infer<typeof EvictionGroupBySchema>;

/** The default range when `from` is not given: the last 24 hours before `to`. */
export const EVICTION_DEFAULT_RANGE_MS = 24 * 3600_000;
/** The longest range one query may span (a year and a bit). */
export const EVICTION_MAX_RANGE_MS = 400 * 24 * 3600_000;
/** The most rows one export (CSV or JSON download) returns; the `X-Plimsoll-Truncated` header says if cut. */
export const EVICTION_EXPORT_MAX_ROWS = 100_000;
/** The most marks one timeline answer carries. */
export const EVICTION_TIMELINE_MAX_MARKS = 20_000;
/** The most buckets one histogram may have. */
export const EVICTION_HISTOGRAM_MAX_BUCKETS = 2_000;

const csv = (what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .optional()
    .describe(`${what}; several values separated by commas match any of them`);

/** Filters common to every eviction query. All optional; values are exact matches except `node`. */
export const EvictionFilterQuerySchema = z.object({
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Start of the range (inclusive, RFC 3339). Default: `to` minus 24 hours.'),
  to: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('End of the range (exclusive, RFC 3339). Default: now.'),
  node: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .optional()
    .describe(
      'Part of a node name, case-insensitive (`worker-1` matches `pool-a-worker-12`); several separated by commas match any of them',
    ),
  namespace: csv('Namespace'),
  tenant: csv('Tenant (as recorded at eviction)'),
  resource: csv('Starved resource: memory, ephemeral-storage, pids, inodes …'),
  qos: csv('QoS class: Guaranteed, Burstable, BestEffort'),
  owner: csv('Owning workload as `Kind/name` (e.g. `Deployment/web`) or just `name`'),
});
export type EvictionFilterQuery = z.infer<typeof EvictionFilterQuerySchema>;

export const ListEvictionsQuerySchema = EvictionFilterQuerySchema.extend({
  cursor: z.string().max(200).optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: z
    .enum(['json', 'csv'])
    .optional()
    .describe(
      'Download every matching row (up to 100,000) as a file instead of a page; `Accept: text/csv` does the same as `csv`.',
    ),
});
export type ListEvictionsQuery = z.infer<typeof ListEvictionsQuerySchema>;

export const EvictionOffenderSchema = z.object({
  kind: z.enum(['container', 'pod']),
  name: z.string(),
  usage: z.string(),
  request: z.string().nullable(),
});
export type EvictionOffenderWire = z.infer<typeof EvictionOffenderSchema>;

export const EvictionSchema = z.object({
  id: z.string().describe('Database id (a decimal integer, as text)'),
  cluster: z.string(),
  namespace: z.string(),
  pod: z.string(),
  podUid: z.string(),
  node: z.string().nullable(),
  tenant: z.string().nullable(),
  ownerKind: z.string().nullable(),
  ownerName: z.string().nullable(),
  qosClass: z.string().nullable(),
  priority: z.number().int().nullable(),
  resource: z.string().nullable(),
  threshold: z.string().nullable(),
  available: z.string().nullable(),
  offenders: z.array(EvictionOffenderSchema),
  message: z.string(),
  evictedAt: z.iso.datetime({ offset: true }),
  observedAt: z.iso.datetime({ offset: true }),
  reconstructed: z
    .boolean()
    .describe('True when found on relist rather than watched as it happened'),
});
export type Eviction = z.infer<typeof EvictionSchema>;

export const ListEvictionsResponseSchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  items: z.array(EvictionSchema).describe('Newest first (evictedAt, then id, descending)'),
  nextCursor: z.string().nullable(),
  total: z
    .number()
    .int()
    .nullable()
    .describe('Rows matching the filters; given on the first page only'),
});
export type ListEvictionsResponse = z.infer<typeof ListEvictionsResponseSchema>;

export const EvictionHistogramQuerySchema = EvictionFilterQuerySchema.extend({
  bucket: z.coerce
    .number()
    .int()
    .min(60)
    .max(31 * 24 * 3600)
    .optional()
    .describe(
      'Bucket width in seconds (≥ 60). Default: a round width giving at most ~120 buckets.',
    ),
  groupBy: EvictionGroupBySchema.optional(),
});
export type EvictionHistogramQuery = z.infer<typeof EvictionHistogramQuerySchema>;

export const EvictionHistogramResponseSchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  bucketSeconds: z.number().int(),
  groupBy: EvictionGroupBySchema.nullable(),
  /** Groups by count, largest first; at most 12, the rest summed under `(other)`. */
  groups: z.array(z.object({ key: z.string(), total: z.number().int() })),
  /** Every bucket of the range (aligned to UTC multiples of the width), empty ones included. */
  buckets: z.array(
    z.object({
      start: z.iso.datetime({ offset: true }),
      total: z.number().int(),
      counts: z.record(z.string(), z.number().int()),
    }),
  ),
  total: z.number().int(),
});
export type EvictionHistogramResponse = z.infer<typeof EvictionHistogramResponseSchema>;

export const EvictionTimelineQuerySchema = EvictionFilterQuerySchema.extend({
  groupBy: EvictionGroupBySchema.default('node'),
  limit: z.coerce.number().int().min(1).max(EVICTION_TIMELINE_MAX_MARKS).default(10_000),
});
export type EvictionTimelineQuery = z.infer<typeof EvictionTimelineQuerySchema>;

/** Marks in columns (compact for 10,000+ marks): mark i is at `t[i]` in row `groups[g[i]]`. */
export const EvictionTimelineResponseSchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  groupBy: EvictionGroupBySchema,
  groups: z
    .array(z.string())
    .describe('Row labels, most evictions first; `(none)` for a missing value'),
  marks: z.object({
    id: z.array(z.string()),
    t: z.array(z.number()).describe('Epoch milliseconds'),
    g: z.array(z.number().int()),
    /** The starved resource of each mark (index into `resources`), for colour. */
    r: z.array(z.number().int()),
  }),
  resources: z.array(z.string()),
  truncated: z
    .boolean()
    .describe('True when more evictions matched than `limit`; the newest were kept'),
});
export type EvictionTimelineResponse = z.infer<typeof EvictionTimelineResponseSchema>;

export const EvictionEpisodesQuerySchema = EvictionFilterQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type EvictionEpisodesQuery = z.infer<typeof EvictionEpisodesQuerySchema>;

export const EpisodeEvictionSchema = z.object({
  id: z.string(),
  namespace: z.string(),
  pod: z.string(),
  evictedAt: z.iso.datetime({ offset: true }),
  qosClass: z.string().nullable(),
  priority: z.number().int().nullable(),
  usage: z
    .string()
    .nullable()
    .describe('Usage of the starved resource the kubelet printed for this pod'),
});

export const EvictionEpisodeSchema = z.object({
  node: z.string().nullable(),
  resource: z.string().nullable(),
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  count: z.number().int(),
  reclaimed: z
    .string()
    .nullable()
    .describe('Lower bound: the sum of the usage the kubelet printed for each evicted pod'),
  reclaimedUnknown: z.number().int(),
  evictions: z.array(EpisodeEvictionSchema),
});
export type EvictionEpisodeWire = z.infer<typeof EvictionEpisodeSchema>;

export const EvictionEpisodesResponseSchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  gapSeconds: z
    .number()
    .int()
    .describe('Evictions at most this far apart on one node for one resource form one episode'),
  items: z.array(EvictionEpisodeSchema).describe('Newest first'),
  truncated: z.boolean(),
});
export type EvictionEpisodesResponse = z.infer<typeof EvictionEpisodesResponseSchema>;

export const EvictionIdParamsSchema = z.object({
  cluster: z.string().min(1),
  id: int64IdSchema('an eviction id'),
});

export const EvictionPressureSchema = z.object({
  /** The pressure_samples column shown: memory, nodefs, inodes or pids availability. */
  series: z.enum(['memory', 'nodefs', 'inodes', 'pids']).nullable(),
  unit: z.enum(['bytes', 'count']).nullable(),
  /** The threshold the kubelet printed, as a number in `unit`. */
  threshold: z.number().nullable(),
  samples: z.array(
    z.object({ at: z.iso.datetime({ offset: true }), available: z.number().nullable() }),
  ),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});

export const NodeConditionAtSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  lastTransitionTime: z.iso.datetime({ offset: true }),
});

export const EvictionOrderSchema = z.object({
  signal: z.string().nullable(),
  actual: z.array(z.string()),
  expected: z.array(z.string()),
  matches: z.boolean().nullable(),
  firstMismatch: z.number().int().nullable(),
  pods: z.array(
    z.object({
      id: z.string(),
      priority: z.number().int(),
      exceedsRequest: z.boolean(),
      aboveRequest: z.string().nullable(),
    }),
  ),
  explanation: z.string(),
});
export type EvictionOrder = z.infer<typeof EvictionOrderSchema>;

export const EvictionDetailResponseSchema = z.object({
  eviction: EvictionSchema,
  pressure: EvictionPressureSchema,
  /** Each condition as it stood at the eviction (its latest transition at or before then). */
  conditions: z.array(NodeConditionAtSchema),
  /** Condition transitions within ±30 minutes, oldest first. */
  conditionTransitions: z.array(NodeConditionAtSchema),
  /** The node's taints at the eviction; null when Plimsoll has no record of them. */
  taints: z.array(z.record(z.string(), z.unknown())).nullable(),
  episode: EvictionEpisodeSchema.extend({
    hidden: z
      .number()
      .int()
      .describe('Evictions of this episode in namespaces the caller may not see'),
  }),
  order: EvictionOrderSchema,
});
export type EvictionDetailResponse = z.infer<typeof EvictionDetailResponseSchema>;

/** Column order of the CSV export; `offenders` is `kind:name usage/request` joined by `; `. */
export const EVICTION_CSV_COLUMNS = [
  'id',
  'cluster',
  'evictedAt',
  'namespace',
  'pod',
  'podUid',
  'node',
  'tenant',
  'ownerKind',
  'ownerName',
  'qosClass',
  'priority',
  'resource',
  'threshold',
  'available',
  'offenders',
  'message',
  'observedAt',
  'reconstructed',
] as const;
