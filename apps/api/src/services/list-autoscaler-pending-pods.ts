import { parseQuantity, type Quantity } from '@plimsoll/shared';
import type { ListPendingPodsResponse, PendingPod } from '@plimsoll/shared/schemas';

import type { PodSnapshot } from '../k8s/to-pod-snapshot.js';
import {
  createAutoscalerRepository,
  type AutoscalerEventRow,
} from '../repositories/autoscaler-repository.js';
import { parseNotTriggerScaleUpReasons } from './autoscaler-event-messages.js';
import { getClusterCollector } from './get-cluster.js';
import type { ServiceContext } from './service-context.js';

const POD_REASONS = ['NotTriggerScaleUp', 'TriggeredScaleUp', 'FailedScheduling'] as const;

/** Whether a pod waits for a node: Pending and not bound (a bound Pending pod is starting, not unschedulable). */
export function isUnscheduledPod(p: PodSnapshot): boolean {
  return p.phase === 'Pending' && p.nodeName === null;
}

/** The pod's container requests summed per resource (limits stand in where only limits are set). */
export function sumPodRequests(p: Pick<PodSnapshot, 'containers'>): Record<string, Quantity> {
  const total: Record<string, Quantity> = {};
  for (const c of p.containers) {
    const names = new Set([...Object.keys(c.requests), ...Object.keys(c.limits)]);
    for (const name of names) {
      // The API server defaults requests to limits; a snapshot of a defaulted pod has both.
      const raw = c.requests[name] ?? c.limits[name];
      if (raw === undefined) continue;
      const q = parseQuantity(raw);
      total[name] = total[name] ? (total[name] as Quantity).add(q) : q;
    }
  }
  return total;
}

const key = (ns: string | null, name: string | null) => `${ns ?? ''}/${name ?? ''}`;

/** Pending, unscheduled pods and why each did (not) trigger a scale-up, oldest first. */
export async function listAutoscalerPendingPods(
  ctx: ServiceContext,
  cluster: string,
): Promise<ListPendingPodsResponse> {
  const collector = getClusterCollector(ctx, cluster);
  const pending = [...collector.cache.pods.values()].filter(isUnscheduledPod);
  const repo = createAutoscalerRepository(ctx.prisma);
  const events = await repo.findPodEvents(cluster, pending, POD_REASONS);
  const latest = new Map<string, AutoscalerEventRow>();
  // Rows arrive newest first: the first per pod and reason is the latest.
  for (const e of events) {
    const k = `${key(e.involvedNamespace ?? e.namespace, e.involvedName)}|${e.reason ?? ''}`;
    if (!latest.has(k)) latest.set(k, e);
  }
  const pods: PendingPod[] = pending.map((p) => {
    // An Event about an earlier pod of the same name (a recreated pod) is not about this one.
    const fresh = (reason: string) => {
      const e = latest.get(`${key(p.namespace, p.name)}|${reason}`);
      if (!e) return null;
      if (p.createdAt && e.lastSeen.getTime() < p.createdAt.getTime() - 1000) return null;
      return e;
    };
    const not = fresh('NotTriggerScaleUp');
    const trig = fresh('TriggeredScaleUp');
    const sched = fresh('FailedScheduling');
    const requests: Record<string, string> = {};
    for (const [name, q] of Object.entries(sumPodRequests(p))) requests[name] = q.toString();
    // Only the newer of the two autoscaler verdicts counts: a pod can fail to trigger, then trigger later.
    const useNot = not && (!trig || not.lastSeen >= trig.lastSeen);
    return {
      namespace: p.namespace,
      name: p.name,
      owner: p.ownerKind && p.ownerName ? `${p.ownerKind}/${p.ownerName}` : null,
      createdAt: p.createdAt?.toISOString() ?? null,
      priority: p.priority,
      requests,
      notTriggered:
        useNot && not
          ? {
              message: not.message ?? '',
              reasons: parseNotTriggerScaleUpReasons(not.message ?? ''),
              lastSeen: not.lastSeen.toISOString(),
              count: not.count,
            }
          : null,
      triggered:
        !useNot && trig
          ? { message: trig.message ?? '', lastSeen: trig.lastSeen.toISOString() }
          : null,
      schedulerMessage: sched?.message ?? null,
    };
  });
  pods.sort(
    (a, b) =>
      (a.createdAt ?? '').localeCompare(b.createdAt ?? '') ||
      key(a.namespace, a.name).localeCompare(key(b.namespace, b.name)),
  );
  return { cluster, pods };
}
