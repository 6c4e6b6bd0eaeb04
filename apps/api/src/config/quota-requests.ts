import {
  DEFAULT_NAMESPACE_ADMIN_CLUSTER_ROLE,
  DEFAULT_TENANT_LABELS,
  QUOTA_WARNING_RATIO,
  type QuotaAutoApprovalRule,
} from '@plimsoll/shared';
import { z } from 'zod';

/** One auto-approval rule from PLIMSOLL_QUOTA_AUTO_APPROVE, e.g. `{"maxIncreaseRatio":0.2,"minUsageRatio":0.85}`. */
export const QuotaAutoApprovalRuleSchema = z.object({
  maxIncreaseRatio: z.number().positive().max(100),
  minUsageRatio: z.number().min(0).max(10),
  resources: z.array(z.string().min(1)).min(1).optional(),
});

const jsonRules = z
  .string()
  .transform((text, ctx) => {
    if (text.trim() === '') return [];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be valid JSON (an array of rules)' });
      return z.NEVER;
    }
  })
  .pipe(z.array(QuotaAutoApprovalRuleSchema));

const csv = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/**
 * The settings of the tenant and quota-request views. The keys are meant for config/env.ts's EnvSchema (the
 * lead merges them there); until then {@link loadTenantViewConfig} parses them from the same environment.
 */
export const TenantViewEnvSchema = z.object({
  /** Auto-approval rules (JSON array); a request any rule approves is approved as `auto-approval`. */
  PLIMSOLL_QUOTA_AUTO_APPROVE: jsonRules.default([]),
  /** Notified (JSON POST) of every quota request and decision; empty: no webhook. */
  PLIMSOLL_QUOTA_WEBHOOK_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  PLIMSOLL_QUOTA_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(5000),
  /** Usage share above which a quota resource is flagged (kubernetes-mixin KubeQuotaAlmostFull: 0.9). */
  PLIMSOLL_QUOTA_WARNING_RATIO: z.coerce.number().gt(0).lt(1).default(QUOTA_WARNING_RATIO),
  /** The ClusterRole that makes a subject a tenant member. */
  PLIMSOLL_NAMESPACE_ADMIN_CLUSTER_ROLE: z.string().min(1).default(DEFAULT_NAMESPACE_ADMIN_CLUSTER_ROLE),
  /** Namespace labels naming a namespace's tenant (also in EnvSchema; repeated so this file stands alone). */
  PLIMSOLL_TENANT_LABELS: csv.default([...DEFAULT_TENANT_LABELS]),
});

/** Parsed settings of the tenant views. */
export interface TenantViewConfig {
  autoApprovalRules: QuotaAutoApprovalRule[];
  webhookUrl: string | null;
  webhookTimeoutMs: number;
  warningRatio: number;
  namespaceAdminClusterRole: string;
  tenantLabels: string[];
}

/** Parses the tenant views' settings from an environment object; throws listing every bad variable. */
export function loadTenantViewConfig(source: Record<string, string | undefined>): TenantViewConfig {
  const parsed = TenantViewEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return toTenantViewConfig(parsed.data);
}

/** Maps already-parsed env keys (EnvSchema extended with TenantViewEnvSchema) to the config. */
export function toTenantViewConfig(env: z.infer<typeof TenantViewEnvSchema>): TenantViewConfig {
  return {
    autoApprovalRules: env.PLIMSOLL_QUOTA_AUTO_APPROVE.map((r) => ({
      maxIncreaseRatio: r.maxIncreaseRatio,
      minUsageRatio: r.minUsageRatio,
      ...(r.resources ? { resources: r.resources } : {}),
    })),
    webhookUrl: env.PLIMSOLL_QUOTA_WEBHOOK_URL === '' ? null : env.PLIMSOLL_QUOTA_WEBHOOK_URL,
    webhookTimeoutMs: env.PLIMSOLL_QUOTA_WEBHOOK_TIMEOUT_MS,
    warningRatio: env.PLIMSOLL_QUOTA_WARNING_RATIO,
    namespaceAdminClusterRole: env.PLIMSOLL_NAMESPACE_ADMIN_CLUSTER_ROLE,
    tenantLabels: env.PLIMSOLL_TENANT_LABELS,
  };
}
