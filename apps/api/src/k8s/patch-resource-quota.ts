import type { V1ResourceQuota } from '@kubernetes/client-node';

import { KubeApiError } from './kube-client.js';
import type { TenantClusterAccess } from './tenant-cluster-access.js';

/** Why a quota patch did not happen, in words a reviewer can act on. */
export type QuotaPatchFailureKind =
  'conflict' | 'forbidden' | 'not-found' | 'invalid' | 'unavailable';

/** A refused or failed patch: the API server's status and message, classified. */
export class QuotaPatchError extends Error {
  constructor(
    readonly kind: QuotaPatchFailureKind,
    readonly statusCode: number,
    message: string,
    readonly kubeReason?: string,
  ) {
    super(message);
    this.name = 'QuotaPatchError';
  }
}

/** What a successful patch changed. */
export interface QuotaPatchResult {
  resourceVersionBefore: string;
  resourceVersionAfter: string;
  /** spec.hard after the patch. */
  hard: Record<string, string>;
}

/**
 * Sets `hard` on a ResourceQuota's `spec.hard` with a JSON merge patch (resources left out keep their limits)
 * carrying `metadata.resourceVersion` as a precondition: if anyone changed the quota since `resourceVersion`
 * the API server answers 409 Conflict and nothing is written. 403 (RBAC), 404, 422 and transport failures are
 * classified too; nothing is retried here — the caller records the outcome.
 */
export async function patchResourceQuotaHard(
  access: TenantClusterAccess,
  quota: { namespace: string; name: string; resourceVersion: string },
  hard: Readonly<Record<string, string>>,
): Promise<QuotaPatchResult> {
  const path =
    `/api/v1/namespaces/${encodeURIComponent(quota.namespace)}` +
    `/resourcequotas/${encodeURIComponent(quota.name)}`;
  const patch = {
    metadata: { resourceVersion: quota.resourceVersion },
    spec: { hard: { ...hard } },
  };
  try {
    const updated = (await access.request(
      'PATCH',
      path,
      patch,
      'application/merge-patch+json',
    )) as V1ResourceQuota;
    return {
      resourceVersionBefore: quota.resourceVersion,
      resourceVersionAfter: updated.metadata?.resourceVersion ?? '',
      hard: { ...(updated.spec?.hard ?? {}) },
    };
  } catch (err) {
    throw classifyPatchError(err, quota);
  }
}

function classifyPatchError(
  err: unknown,
  quota: { namespace: string; name: string },
): QuotaPatchError {
  const where = `ResourceQuota ${quota.namespace}/${quota.name}`;
  if (err instanceof KubeApiError) {
    const detail = err.message;
    switch (err.statusCode) {
      case 409:
        return new QuotaPatchError(
          'conflict',
          409,
          `${where} changed in the cluster while this was being applied (409 Conflict: ${detail}).`,
          err.reason,
        );
      case 401:
      case 403:
        return new QuotaPatchError(
          'forbidden',
          403,
          `The cluster refused to patch ${where} (${err.statusCode} ${err.reason ?? 'Forbidden'}: ${detail}). ` +
            "Grant Plimsoll's service account `patch` on resourcequotas in that namespace.",
          err.reason,
        );
      case 404:
        return new QuotaPatchError(
          'not-found',
          404,
          `${where} no longer exists (${detail}).`,
          err.reason,
        );
      case 400:
      case 415:
      case 422:
        return new QuotaPatchError(
          'invalid',
          err.statusCode,
          `The cluster rejected the new limits: ${detail}`,
          err.reason,
        );
      default:
        return new QuotaPatchError(
          'unavailable',
          err.statusCode,
          `The cluster answered ${err.statusCode}: ${detail}`,
          err.reason,
        );
    }
  }
  return new QuotaPatchError(
    'unavailable',
    0,
    `Could not reach the cluster: ${(err as Error).message}`,
  );
}
