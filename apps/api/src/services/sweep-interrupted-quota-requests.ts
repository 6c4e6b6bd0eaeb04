import type { QuotaRequestRepository } from '../repositories/quota-request-repository.js';

/** A claim older than this cannot belong to a live approval (the patch itself times out long before). */
export const STALE_APPLYING_MS = 5 * 60_000;

/**
 * Marks quota requests that a crashed or restarted replica left `applying` as `failed`, with the reason in the
 * audit trail, so an SRE sees them and can approve again (re-applying the same limits is harmless). Never loses
 * a request silently. Returns the ids marked.
 */
export async function sweepInterruptedQuotaRequests(
  repo: QuotaRequestRepository,
  now: Date,
): Promise<bigint[]> {
  const stale = await repo.findStaleApplying(new Date(now.getTime() - STALE_APPLYING_MS));
  const marked: bigint[] = [];
  for (const id of stale) {
    const moved = await repo.transition(id, ['applying'], 'failed', {}, [
      {
        actor: 'plimsoll',
        action: 'apply-interrupted',
        details: {
          reason:
            'Plimsoll stopped while patching the ResourceQuota; whether the new limits reached the cluster is ' +
            'unknown. Check the quota and approve again to apply them.',
        },
      },
    ]);
    if (moved) marked.push(id);
  }
  return marked;
}
