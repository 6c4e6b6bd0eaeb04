/**
 * The pods/eviction subresource as the API server serves it (pkg/registry/core/pod/storage/eviction.go
 * EvictionREST.Create): a terminal, pending or terminating pod is deleted at once; a pod selected by one
 * PodDisruptionBudget is deleted only while the budget allows a disruption (checkAndDecrement), which it records
 * in the budget's status; otherwise 429 with the API server's Status body. More than one budget is a 500.
 */
import { ApiError, notFound } from '../store/api-error.js';
import { isPlainObject } from '../store/json.js';
import { toRfc3339 } from '../store/object-store.js';
import type { KubeObject } from '../store/types.js';
import { findPodDisruptionBudgets, isPodHealthy, PDBS } from '../sim/disruption-controller.js';
import type { ServerContext } from './context.js';
import { deleteObject, type WriteTarget } from './writes.js';

/** policyv1.DisruptionBudgetCause. */
const DISRUPTION_BUDGET_CAUSE = 'DisruptionBudget';
const VIOLATES = "Cannot evict pod as it would violate the pod's disruption budget.";

interface PdbStatus {
  observedGeneration?: number;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  disruptedPods?: Record<string, string>;
}

/** errors.NewTooManyRequests with a DisruptionBudget cause; Retry-After only when positive. */
function tooManyRequests(message: string, retryAfterSeconds: number): ApiError {
  return new ApiError(
    429,
    'TooManyRequests',
    VIOLATES,
    {
      ...(retryAfterSeconds > 0 ? { retryAfterSeconds } : {}),
      causes: [{ reason: DISRUPTION_BUDGET_CAUSE, message }],
    },
    retryAfterSeconds > 0 ? retryAfterSeconds : undefined,
  );
}

/** canIgnorePDB. */
function canIgnorePdb(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return (
    phase === 'Succeeded' ||
    phase === 'Failed' ||
    phase === 'Pending' ||
    pod.metadata.deletionTimestamp !== undefined
  );
}

/** POST …/pods/<name>/eviction: deletes the pod if its disruption budget allows it; returns the Status to send. */
export function evictPod(ctx: ServerContext, target: WriteTarget, body: unknown) {
  const namespace = target.namespace ?? '';
  const name = target.name ?? '';
  if (isPlainObject(body)) {
    const meta = body.metadata;
    if (isPlainObject(meta) && typeof meta.name === 'string' && meta.name !== name)
      throw new ApiError(400, 'BadRequest', 'name in URL does not match name in Eviction object');
  }
  const deleteOptions = isPlainObject(body) ? body.deleteOptions : undefined;
  const pod = ctx.store.get(target.served.storeKey, namespace, name);
  if (!pod) throw notFound('', 'pods', name);
  const remove = () => deleteObject(ctx, { ...target, subresource: undefined }, deleteOptions);
  const success = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
  if (canIgnorePdb(pod)) {
    remove();
    return success;
  }
  const pdbs = findPodDisruptionBudgets(ctx.store, pod);
  if (pdbs.length > 1) {
    const msg =
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
    throw new ApiError(500, 'InternalError', `Internal error occurred: ${msg}`, {
      causes: [{ message: msg }],
    });
  }
  const pdb = pdbs[0];
  if (!pdb) {
    remove();
    return success;
  }
  const status = (pdb.status ?? {}) as PdbStatus;
  const unhealthyPolicy = (pdb.spec as { unhealthyPodEvictionPolicy?: string } | undefined)
    ?.unhealthyPodEvictionPolicy;
  // An unready pod does not count toward the budget: AlwaysAllow evicts it, IfHealthyBudget (the default)
  // when the budget is met.
  if (!isPodHealthy(pod)) {
    const budgetMet =
      (status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) &&
      (status.desiredHealthy ?? 0) > 0;
    if (unhealthyPolicy === 'AlwaysAllow' || budgetMet) {
      remove();
      return success;
    }
  }
  // checkAndDecrement
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0))
    throw tooManyRequests(
      `The disruption budget ${pdb.metadata.name} is still being processed by the server.`,
      10,
    );
  if ((status.disruptionsAllowed ?? 0) === 0) {
    throw tooManyRequests(
      `The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
      0,
    );
  }
  if (!target.dryRun) {
    ctx.store.mutate(PDBS, namespace, pdb.metadata.name, (o) => {
      const s = (o.status ?? {}) as PdbStatus;
      s.disruptionsAllowed = (s.disruptionsAllowed ?? 0) - 1;
      s.disruptedPods = { ...(s.disruptedPods ?? {}), [name]: toRfc3339(ctx.now()) };
      o.status = s;
    });
  }
  remove();
  return success;
}
