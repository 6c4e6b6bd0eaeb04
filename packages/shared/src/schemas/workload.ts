import { z } from 'zod';

import { kubeNameSchema } from './input.js';
import { TenantViewClusterParamsSchema } from './tenant.js';

// Wire contracts of the workload views: /workloads (repeat offenders) and /workloads/{namespace}/{kind}/{name}.
// A workload is the pod's controller as the collector records it: a Deployment (through its ReplicaSet),
// StatefulSet, DaemonSet, Job, or any other controller kind.

const range = {
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Start of the range (inclusive, RFC 3339). Default: `to` minus 7 days.'),
  to: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('End of the range (exclusive, RFC 3339). Default: now.'),
};

/** The default range of the workload views: a week, long enough to see a repeat offender repeat. */
export const WORKLOAD_DEFAULT_RANGE_MS = 7 * 24 * 3600_000;

export const ListWorkloadsQuerySchema = z.object({
  ...range,
  namespace: kubeNameSchema('namespace').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListWorkloadsQuery = z.infer<typeof ListWorkloadsQuerySchema>;

/** A controller kind as Kubernetes spells one (`Deployment`, `StatefulSet`, a CRD's kind). */
export const WorkloadKindSchema = z
  .string()
  .regex(/^[A-Z][A-Za-z0-9]{0,62}$/, 'a kind such as Deployment or StatefulSet');

/** One workload's evictions in the range. */
export const WorkloadEvictionSummarySchema = z.object({
  namespace: z.string(),
  kind: z.string(),
  name: z.string(),
  tenant: z.string().nullable(),
  evictions: z.number().int(),
  /** Distinct pods and nodes among those evictions. */
  pods: z.number().int(),
  nodes: z.number().int(),
  /** Evictions per starved resource, e.g. `{ memory: 4 }`. */
  resources: z.record(z.string(), z.number().int()),
  lastEvictedAt: z.iso.datetime({ offset: true }),
});
export type WorkloadEvictionSummary = z.infer<typeof WorkloadEvictionSummarySchema>;

export const ListWorkloadsResponseSchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  /** Most evictions first; workloads without an eviction in the range are not listed. */
  workloads: z.array(WorkloadEvictionSummarySchema),
});
export type ListWorkloadsResponse = z.infer<typeof ListWorkloadsResponseSchema>;

export const WorkloadParamsSchema = TenantViewClusterParamsSchema.extend({
  namespace: kubeNameSchema('namespace'),
  kind: WorkloadKindSchema,
  name: kubeNameSchema('workload'),
});

export const WorkloadDetailQuerySchema = z.object(range);
export type WorkloadDetailQuery = z.infer<typeof WorkloadDetailQuerySchema>;

/** A count per value of one field (node, QoS class, resource), largest first. */
const CountsSchema = z.array(z.object({ key: z.string(), n: z.number().int() }));

/** What one evicted pod used of the starved resource against what it requested, summed over its offenders. */
export const WorkloadEvictionUsageSchema = z.object({
  id: z.string(),
  pod: z.string(),
  node: z.string().nullable(),
  qosClass: z.string().nullable(),
  resource: z.string().nullable(),
  evictedAt: z.iso.datetime({ offset: true }),
  /** Quantity strings (bytes for memory and storage); null when the kubelet's message named no usage. */
  usage: z.string().nullable(),
  request: z.string().nullable(),
  /** usage ÷ request; null without both or with a zero request. */
  usageToRequest: z.number().nullable(),
});
export type WorkloadEvictionUsage = z.infer<typeof WorkloadEvictionUsageSchema>;

/** A pod of the workload now, from the collector's cache. */
export const WorkloadPodSchema = z.object({
  name: z.string(),
  node: z.string().nullable(),
  phase: z.string().nullable(),
  qosClass: z.string(),
  /** podRequests of the pod: millicores and bytes. */
  cpuRequestMilli: z.number(),
  memoryRequestBytes: z.number(),
  /** The kubelet's latest working set of the pod, when it has reported one. */
  memoryUsageBytes: z.number().nullable(),
});
export type WorkloadPod = z.infer<typeof WorkloadPodSchema>;

export const WorkloadDetailResponseSchema = z.object({
  namespace: z.string(),
  kind: z.string(),
  name: z.string(),
  tenant: z.string().nullable(),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  total: z.number().int(),
  byNode: CountsSchema,
  byQos: CountsSchema,
  byResource: CountsSchema,
  /** The newest evictions (at most 500), newest first, with usage against request at eviction. */
  usage: z.array(WorkloadEvictionUsageSchema),
  pods: z.array(WorkloadPodSchema),
});
export type WorkloadDetailResponse = z.infer<typeof WorkloadDetailResponseSchema>;
