import { z } from 'zod';

// Wire contracts of the SRE node actions (issue 20): cordon, uncordon, a drain's preview, its live progress.

/** kubectl drain's flags that decide which pods go (drain.Helper). */
export const DrainOptionsSchema = z.object({
  /** `--ignore-daemonsets`: leave DaemonSet pods (default on, as a UI drain almost always wants). */
  ignoreDaemonSets: z.boolean().default(true),
  /** `--delete-emptydir-data`: evict pods whose emptyDir data is lost with them. */
  deleteEmptyDirData: z.boolean().default(false),
  /** `--force`: evict pods that declare no controller. */
  force: z.boolean().default(false),
});
export type DrainOptions = z.infer<typeof DrainOptionsSchema>;

/** The same flags as a query string (`?deleteEmptyDirData=true`). */
export const DrainPreviewQuerySchema = z.object({
  ignoreDaemonSets: z.enum(['true', 'false']).default('true'),
  deleteEmptyDirData: z.enum(['true', 'false']).default('false'),
  force: z.enum(['true', 'false']).default('false'),
});

/** The budget that guards a pod, as its status says now. */
export const DrainPdbSchema = z.object({
  name: z.string(),
  disruptionsAllowed: z.number().int(),
  currentHealthy: z.number().int(),
  desiredHealthy: z.number().int(),
});

/** What a drain does with one pod, and why (kubectl's filter result). */
export const DrainPodPreviewSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  /** evict; skip: left on the node (DaemonSet with --ignore-daemonsets, mirror pods); blocked: stops the drain. */
  action: z.enum(['evict', 'skip', 'blocked']),
  message: z.string(),
  ownerKind: z.string().nullable(),
  pdb: DrainPdbSchema.nullable(),
});

export const DrainPreviewSchema = z.object({
  cluster: z.string(),
  node: z.string(),
  unschedulable: z.boolean(),
  pods: z.array(DrainPodPreviewSchema),
  /** kubectl's refusals (`cannot delete …: ns/pod, …`): the drain does not start while there are any. */
  errors: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type DrainPreview = z.infer<typeof DrainPreviewSchema>;

export const DrainPodProgressSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  state: z.enum(['pending', 'refused', 'waiting-deletion', 'evicted', 'failed', 'cancelled']),
  attempts: z.number().int(),
  /** The API server's latest 429 (the DisruptionBudget cause), shown while the drain retries. */
  lastRefusal: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  error: z.string().nullable(),
});

export const DrainJobSchema = z.object({
  id: z.string(),
  cluster: z.string(),
  node: z.string(),
  actor: z.string(),
  options: DrainOptionsSchema,
  /** interrupted: the API replica running it went away (shut down, or no progress written for 30 s). */
  state: z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  message: z.string(),
  pods: z.array(DrainPodProgressSchema),
});
export type DrainJob = z.infer<typeof DrainJobSchema>;

/** A node's latest drains, newest first: the node page picks a running one up again after a reload. */
export const NodeDrainsResponseSchema = z.object({
  cluster: z.string(),
  node: z.string(),
  items: z.array(DrainJobSchema),
});

export const DrainJobParamsSchema = z.object({
  cluster: z.string().min(1).max(253),
  id: z.string().regex(/^[a-f0-9-]{36}$/),
});

export const NodeCordonResponseSchema = z.object({
  cluster: z.string(),
  node: z.string(),
  unschedulable: z.boolean(),
});

/** One row of a node's action audit log (node_action_audit_events), newest first. */
export const NodeActionAuditItemSchema = z.object({
  action: z.enum([
    'cordon',
    'uncordon',
    'drain-start',
    'evict',
    'drain-done',
    'drain-failed',
    'drain-cancelled',
    'drain-interrupted',
  ]),
  actor: z.string(),
  /** The drain run it belongs to (drain actions only), as the drain's progress names it. */
  drainId: z.string().nullable(),
  outcome: z.enum(['ok', 'refused', 'failed']),
  /** The pod of an `evict` entry (`namespace/name`). */
  pod: z.string().nullable(),
  message: z.string(),
  at: z.string(),
});
export type NodeActionAuditItem = z.infer<typeof NodeActionAuditItemSchema>;

export const NodeActionAuditResponseSchema = z.object({
  cluster: z.string(),
  node: z.string(),
  items: z.array(NodeActionAuditItemSchema),
});
