import type { QuotaAutoApprovalRule } from '@plimsoll/shared';
import { z } from 'zod';

import type { Env } from './env.js';

/** One auto-approval rule from PLIMSOLL_QUOTA_AUTO_APPROVE, e.g. `{"maxIncreaseRatio":0.2,"minUsageRatio":0.85}`. */
export const QuotaAutoApprovalRuleSchema = z.object({
  maxIncreaseRatio: z.number().positive().max(100),
  minUsageRatio: z.number().min(0).max(10),
  resources: z.array(z.string().min(1)).min(1).optional(),
});

/** PLIMSOLL_QUOTA_AUTO_APPROVE: a JSON array of rules; empty means none. */
export const QuotaAutoApprovalRulesSchema = z
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

/** Parsed settings of the tenant views. */
export interface TenantViewConfig {
  autoApprovalRules: QuotaAutoApprovalRule[];
  webhookUrl: string | null;
  webhookTimeoutMs: number;
  warningRatio: number;
  namespaceAdminClusterRole: string;
  tenantLabels: string[];
}

/** The tenant views' settings, from the parsed environment (config/env.ts). */
export function toTenantViewConfig(env: Env): TenantViewConfig {
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
