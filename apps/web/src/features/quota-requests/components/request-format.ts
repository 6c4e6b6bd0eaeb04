import type { QuotaRequest, QuotaRequestStatus } from '@plimsoll/shared/schemas';

import type { BadgeTone } from '@/components/badge';

export const STATUS_TONES: Record<QuotaRequestStatus, BadgeTone> = {
  pending: 'info',
  applying: 'info',
  approved: 'ok',
  rejected: 'danger',
  cancelled: 'neutral',
  failed: 'danger',
};

export const ACTION_LABELS: Record<string, string> = {
  requested: 'requested',
  approved: 'approved',
  applied: 'applied to the cluster',
  'apply-failed': 'failed to apply',
  'apply-interrupted': 'interrupted while applying',
  rejected: 'rejected',
  cancelled: 'cancelled',
  'auto-approval-declined': 'auto-approval did not apply',
};

/** Each requested resource with its current limit: `pods 40 → 60`. */
export function requestedChanges(r: Pick<QuotaRequest, 'requestedHard' | 'currentHard'>) {
  return Object.entries(r.requestedHard)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([resource, value]) => ({ resource, from: r.currentHard[resource] ?? null, to: value }));
}
