import { randomUUID } from 'node:crypto';

import {
  filterPodsForDrain,
  getControllerOf,
  getDrainErrors,
  getDrainWarnings,
  POD_DELETE_STATUS_ERROR,
} from '@plimsoll/shared';
import type {
  DrainJob,
  DrainOptions,
  DrainPreview,
  NodeActionAuditItem,
} from '@plimsoll/shared/schemas';

import { AppError } from '../errors/app-error.js';
import { KubeApiError } from '../k8s/kube-client.js';
import {
  createEviction,
  daemonSetExists,
  getPodUid,
  listPodDisruptionBudgets,
  listPodsOnNode,
  setNodeUnschedulable,
} from '../k8s/node-actions.js';
import type { TenantClusterAccess } from '../k8s/tenant-cluster-access.js';
import type {
  NodeActionAuditEntry,
  NodeActionAuditRepository,
} from '../repositories/node-action-audit-repository.js';
import type { NodeDrainRepository, StoredDrain } from '../repositories/node-drain-repository.js';

/** What a node action needs: the cluster, its raw client, the audit log, the stored drains and a clock. */
export interface NodeActionDeps {
  cluster: string;
  access: TenantClusterAccess;
  audit: NodeActionAuditRepository;
  /** Every replica's drains (node_drains): progress and cancel go through the database. */
  drains: NodeDrainRepository;
  /** The drains this replica runs. */
  local: LocalDrains;
  now: () => Date;
  /** Retry delays after a 429 (tests shorten them). */
  backoff?: { minMs: number; maxMs: number };
  /** How often to look whether an evicted pod is gone. */
  pollMs?: number;
}

/** The API server's refusal as an error the SRE can act on (RBAC missing: the node-actions component). */
function toAppError(err: unknown, what: string): never {
  if (err instanceof AppError) throw err;
  if (err instanceof KubeApiError) {
    if (err.statusCode === 403)
      throw new AppError(
        'FORBIDDEN',
        `The cluster refused to ${what}: ${err.message} Plimsoll's write access is opt-in: add the node-actions component (docs/production.md).`,
      );
    if (err.statusCode === 404) throw new AppError('NOT_FOUND', err.message);
    throw new AppError('UNAVAILABLE', `The cluster could not ${what}: ${err.message}`);
  }
  throw err;
}

/** Cordon or uncordon, with an audit entry either way. */
export async function setCordon(
  deps: NodeActionDeps,
  actor: string,
  node: string,
  cordon: boolean,
): Promise<{ cluster: string; node: string; unschedulable: boolean }> {
  const action = cordon ? 'cordon' : 'uncordon';
  try {
    const unschedulable = await setNodeUnschedulable(deps.access, node, cordon);
    await deps.audit.append({ cluster: deps.cluster, node, action, actor, outcome: 'ok' });
    return { cluster: deps.cluster, node, unschedulable };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await deps.audit.append({
      cluster: deps.cluster,
      node,
      action,
      actor,
      outcome: 'failed',
      message,
    });
    return toAppError(err, `${action} ${node}`);
  }
}

/** The node's audit log as the UI shows it: newest first, each evict entry with its pod. */
export async function listNodeActions(
  deps: NodeActionDeps,
  node: string,
): Promise<{ cluster: string; node: string; items: NodeActionAuditItem[] }> {
  const rows = await deps.audit.findForNode(deps.cluster, node);
  return {
    cluster: deps.cluster,
    node,
    items: rows.map((r) => {
      const pod = (r.details as { pod?: unknown } | null)?.pod;
      return {
        action: r.action as NodeActionAuditItem['action'],
        actor: r.actor,
        drainId: r.drainId,
        outcome: r.outcome as NodeActionAuditItem['outcome'],
        pod: typeof pod === 'string' ? pod : null,
        message: r.message,
        at: r.createdAt.toISOString(),
      };
    }),
  };
}

/** What `kubectl drain` with these flags would do to each pod of the node, and each pod's budget. */
export async function previewDrain(
  deps: NodeActionDeps,
  node: string,
  opts: DrainOptions,
  unschedulable: boolean,
): Promise<DrainPreview> {
  try {
    const pods = await listPodsOnNode(deps.access, node);
    const daemonSets = new Map<string, boolean>();
    for (const p of pods) {
      const ref = getControllerOf(p);
      if (ref?.kind !== 'DaemonSet') continue;
      const key = `${p.metadata?.namespace ?? ''}/${ref.name}`;
      if (!daemonSets.has(key))
        daemonSets.set(
          key,
          await daemonSetExists(deps.access, p.metadata?.namespace ?? '', ref.name),
        );
    }
    const list = filterPodsForDrain(pods, {
      force: opts.force,
      ignoreAllDaemonSets: opts.ignoreDaemonSets,
      deleteEmptyDirData: opts.deleteEmptyDirData,
      daemonSetExists: (ns, name) => daemonSets.get(`${ns}/${name}`) ?? true,
      now: deps.now(),
    });
    const budgets = new Map<string, Awaited<ReturnType<typeof listPodDisruptionBudgets>>>();
    for (const ns of new Set(pods.map((p) => p.metadata?.namespace ?? ''))) {
      budgets.set(ns, await listPodDisruptionBudgets(deps.access, ns));
    }
    return {
      cluster: deps.cluster,
      node,
      unschedulable,
      pods: list.map(({ pod, status }) => {
        const ns = pod.metadata?.namespace ?? '';
        const labels = pod.metadata?.labels ?? {};
        const pdb = (budgets.get(ns) ?? []).find((b) => {
          const sel = b.spec?.selector;
          if (!sel) return false;
          return Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
        });
        return {
          namespace: ns,
          name: pod.metadata?.name ?? '',
          action: status.delete
            ? 'evict'
            : status.reason === POD_DELETE_STATUS_ERROR
              ? 'blocked'
              : 'skip',
          message: status.message,
          ownerKind: getControllerOf(pod)?.kind ?? null,
          pdb: pdb
            ? {
                name: pdb.metadata?.name ?? '',
                disruptionsAllowed: pdb.status?.disruptionsAllowed ?? 0,
                currentHealthy: pdb.status?.currentHealthy ?? 0,
                desiredHealthy: pdb.status?.desiredHealthy ?? 0,
              }
            : null,
        };
      }),
      errors: getDrainErrors(list),
      warnings: getDrainWarnings(list),
    };
  } catch (err) {
    return toAppError(err, `list the pods of ${node}`);
  }
}

/** The running replica writes its progress at most this often (when it changed)… */
const PROGRESS_WRITE_MS = 1000;
/** …and at least this often, so a drain waiting out a 30 s backoff still shows its replica alive. */
const HEARTBEAT_MS = 5000;
/** A running drain with no write for this long has lost its replica (crashed, or cut off from the database). */
const DRAIN_STALE_MS = 30_000;

interface RunningDrain {
  job: DrainJob;
  /** Why the pods stop early: a cancel (from any replica), this replica shutting down, or another replica having
   * declared the drain interrupted. The first reason wins. */
  halt: null | 'cancel' | 'shutdown' | 'lost';
  /** Wakes the pods' retry sleeps when the drain halts. */
  wake: Set<() => void>;
  /** Settles once the drain has ended on this replica. */
  ended: Promise<void>;
}

/** The drains this replica runs, by id (one map per app, so two apps in one test are two replicas). */
export type LocalDrains = Map<string, RunningDrain>;

function halt(run: RunningDrain, why: NonNullable<RunningDrain['halt']>): void {
  run.halt ??= why;
  for (const w of run.wake) w();
}

/** On shutdown: this replica's drains stop and say `interrupted` at once, rather than after DRAIN_STALE_MS. */
export async function stopLocalDrains(local: LocalDrains): Promise<void> {
  const runs = [...local.values()];
  for (const run of runs) halt(run, 'shutdown');
  await Promise.all(runs.map((r) => r.ended));
}

/** The stored drain as it is now: a running one whose replica went quiet is marked interrupted first. */
async function interruptIfStale(deps: NodeActionDeps, stored: StoredDrain): Promise<DrainJob> {
  const { job, heartbeatAt } = stored;
  const now = deps.now();
  if (job.state !== 'running' || now.getTime() - heartbeatAt.getTime() < DRAIN_STALE_MS) return job;
  const evicted = job.pods.filter((p) => p.state === 'evicted').length;
  const message = `Interrupted: the API replica running this drain has written no progress since ${heartbeatAt.toISOString()}; ${evicted} of ${job.pods.length} pods evicted. The node stays cordoned; drain again to evict the rest.`;
  const staleBefore = new Date(now.getTime() - DRAIN_STALE_MS);
  if (await deps.drains.markInterrupted(job.id, staleBefore, message, now)) {
    await deps.audit
      .append({
        cluster: job.cluster,
        node: job.node,
        action: 'drain-interrupted',
        actor: 'plimsoll',
        drainId: job.id,
        outcome: 'failed',
        message,
      })
      .catch(() => undefined);
    return { ...job, state: 'interrupted', message, finishedAt: now.toISOString() };
  }
  // Another replica marked it first, or the running one has just written: what it says now.
  return (await deps.drains.find(job.cluster, job.id))?.job ?? job;
}

/** A drain's progress, from the database, on whichever replica the request lands. */
export async function getDrain(deps: NodeActionDeps, id: string): Promise<DrainJob> {
  const stored = await deps.drains.find(deps.cluster, id);
  if (!stored) throw new AppError('NOT_FOUND', `No drain ${id} in cluster ${deps.cluster}.`);
  return interruptIfStale(deps, stored);
}

/** The node's latest drains, newest first, each as `getDrain` tells it. */
export async function listNodeDrains(
  deps: NodeActionDeps,
  node: string,
  limit = 10,
): Promise<{ cluster: string; node: string; items: DrainJob[] }> {
  const stored = await deps.drains.findLatestForNode(deps.cluster, node, limit);
  return {
    cluster: deps.cluster,
    node,
    items: await Promise.all(stored.map((d) => interruptIfStale(deps, d))),
  };
}

/**
 * Stops retrying: pods already evicted stay evicted; the node stays cordoned. Any replica records the request;
 * the one running the drain sees it before its next eviction attempt or within a second while it sleeps.
 */
export async function cancelDrain(deps: NodeActionDeps, id: string): Promise<DrainJob> {
  const here = deps.local.get(id);
  if (here && here.job.cluster === deps.cluster) halt(here, 'cancel');
  await deps.drains.requestCancel(deps.cluster, id);
  return getDrain(deps, id);
}

/** Appends one of this drain's audit entries (by whoever started it unless `actor` says otherwise). */
type DrainAudit = (
  e: Omit<NodeActionAuditEntry, 'cluster' | 'node' | 'actor' | 'drainId'> & { actor?: string },
) => Promise<void>;

/**
 * Starts a drain as `kubectl drain` runs one: cordon, refuse if any pod is blocked (DaemonSet pods without
 * ignoreDaemonSets, local storage, pods with no controller), then evict every pod through the Eviction API at
 * once, retrying a 429 (a PodDisruptionBudget allows no disruption now) with backoff until it is allowed or the
 * drain is cancelled, and wait for each evicted pod to go. Returns at once; the job reports its progress.
 */
export async function startDrain(
  deps: NodeActionDeps,
  actor: string,
  node: string,
  opts: DrainOptions,
): Promise<DrainJob> {
  for (const stored of await deps.drains.findRunningForNode(deps.cluster, node)) {
    const other = await interruptIfStale(deps, stored);
    if (other.state === 'running')
      throw new AppError('CONFLICT', `Node ${node} is already being drained (drain ${other.id}).`);
  }
  await setCordon(deps, actor, node, true);
  const preview = await previewDrain(deps, node, opts, true);
  const id = randomUUID();
  const job: DrainJob = {
    id,
    cluster: deps.cluster,
    node,
    actor,
    options: opts,
    state: 'running',
    startedAt: deps.now().toISOString(),
    finishedAt: null,
    message: '',
    pods: preview.pods
      .filter((p) => p.action === 'evict')
      .map((p) => ({
        namespace: p.namespace,
        name: p.name,
        state: 'pending' as const,
        attempts: 0,
        lastRefusal: null,
        nextAttemptAt: null,
        error: null,
      })),
  };
  const audit: DrainAudit = (e) =>
    deps.audit
      .append({ cluster: deps.cluster, node, actor, drainId: id, ...e })
      .catch(() => undefined);
  if (preview.errors.length > 0) {
    job.state = 'failed';
    job.pods = [];
    job.message = preview.errors.join('; ');
    job.finishedAt = deps.now().toISOString();
    await audit({ action: 'drain-failed', outcome: 'refused', message: job.message });
    await deps.drains.create(job, deps.now());
    return job;
  }
  // Another replica may have started one since the check above; the database lets only one run.
  if (!(await deps.drains.create(job, deps.now())))
    throw new AppError('CONFLICT', `Node ${node} is already being drained.`);
  await audit({
    action: 'drain-start',
    outcome: 'ok',
    details: { options: opts, pods: job.pods.map((p) => `${p.namespace}/${p.name}`) },
  });
  const run: RunningDrain = { job, halt: null, wake: new Set(), ended: Promise.resolve() };
  deps.local.set(id, run);
  run.ended = runDrain(deps, run, audit)
    .catch(() => undefined)
    .finally(() => deps.local.delete(id));
  return structuredClone(job);
}

/**
 * Writes the running drain's progress to the database when it changed (at most every PROGRESS_WRITE_MS) and at
 * least every HEARTBEAT_MS, and learns from each write whether a cancel was requested or the drain was declared
 * interrupted meanwhile. `stop()` ends the writes; the caller writes the end itself.
 */
function writeProgressWhileRunning(deps: NodeActionDeps, run: RunningDrain) {
  let written = JSON.stringify(run.job);
  let writtenAt = deps.now().getTime();
  let inflight: Promise<void> | null = null;
  const write = async () => {
    const snapshot = JSON.stringify(run.job);
    const res = await deps.drains.saveProgress(run.job, deps.now()).catch(() => undefined);
    if (res === undefined) return; // the database did not answer: the next tick tries again
    written = snapshot;
    writtenAt = deps.now().getTime();
    if (res === null) halt(run, 'lost');
    else if (res.cancelRequested) halt(run, 'cancel');
  };
  const timer = setInterval(() => {
    if (inflight) return;
    const due = deps.now().getTime() - writtenAt >= HEARTBEAT_MS;
    if (!due && JSON.stringify(run.job) === written) return;
    inflight = write().finally(() => {
      inflight = null;
    });
  }, PROGRESS_WRITE_MS);
  return {
    async stop() {
      clearInterval(timer);
      await inflight;
    },
  };
}

async function runDrain(deps: NodeActionDeps, run: RunningDrain, audit: DrainAudit): Promise<void> {
  const { minMs, maxMs } = deps.backoff ?? { minMs: 1000, maxMs: 30_000 };
  const pollMs = deps.pollMs ?? 1000;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        run.wake.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      run.wake.add(done);
    });
  // Before each eviction attempt: has a cancel been requested on any replica? (One read for pods asking at once.)
  let cancelCheck: Promise<void> | null = null;
  const checkCancel = () =>
    (cancelCheck ??= deps.drains
      .isCancelRequested(run.job.id)
      .then(
        (requested) => {
          if (requested) halt(run, 'cancel');
        },
        () => undefined,
      )
      .finally(() => {
        cancelCheck = null;
      }));
  const progress = writeProgressWhileRunning(deps, run);
  const pods = await listPodsOnNode(deps.access, run.job.node).catch(() => []);
  const uidOf = new Map(
    pods.map((p) => [`${p.metadata?.namespace}/${p.metadata?.name}`, p.metadata?.uid ?? '']),
  );
  await Promise.all(
    run.job.pods.map(async (p) => {
      const uid = uidOf.get(`${p.namespace}/${p.name}`) ?? '';
      let delay = minMs;
      while (run.halt === null) {
        await checkCancel();
        if (run.halt !== null) break;
        p.attempts++;
        try {
          await createEviction(deps.access, { namespace: p.namespace, name: p.name, uid });
        } catch (err) {
          if (err instanceof KubeApiError && err.statusCode === 429) {
            const cause = err.details?.causes?.find(
              (c) => c.reason === 'DisruptionBudget',
            )?.message;
            const first = p.lastRefusal === null;
            p.state = 'refused';
            p.lastRefusal = cause ? `${err.message} ${cause}` : err.message;
            p.nextAttemptAt = new Date(deps.now().getTime() + delay).toISOString();
            if (first)
              await audit({
                action: 'evict',
                outcome: 'refused',
                message: p.lastRefusal,
                details: { pod: `${p.namespace}/${p.name}` },
              });
            await sleep(delay);
            delay = Math.min(maxMs, delay * 2);
            continue;
          }
          if (!(err instanceof KubeApiError && err.statusCode === 404)) {
            p.state = 'failed';
            p.error = err instanceof Error ? err.message : String(err);
            await audit({
              action: 'evict',
              outcome: 'failed',
              message: p.error,
              details: { pod: `${p.namespace}/${p.name}` },
            });
            return;
          }
        }
        p.state = 'waiting-deletion';
        p.nextAttemptAt = null;
        // kubectl's waitForDelete: gone, or replaced by a pod of another uid under the same name.
        while (run.halt === null) {
          const now = await getPodUid(deps.access, p.namespace, p.name).catch(() => uid);
          if (now === null || now !== uid) break;
          await sleep(pollMs);
        }
        if (run.halt !== null && p.state === 'waiting-deletion') return;
        p.state = 'evicted';
        await audit({
          action: 'evict',
          outcome: 'ok',
          details: { pod: `${p.namespace}/${p.name}`, attempts: p.attempts },
        });
        return;
      }
      if (p.state !== 'evicted') p.state = 'cancelled';
    }),
  );
  await progress.stop();
  // Another replica has declared this drain interrupted and said so: nothing here may overwrite it.
  if (run.halt === 'lost') return;
  const job = run.job;
  job.finishedAt = deps.now().toISOString();
  const evicted = job.pods.filter((p) => p.state === 'evicted').length;
  // Each end is written to the audit log before the job says it ended, so whoever reads the log then finds it.
  if (run.halt === 'shutdown') {
    job.message = `Interrupted: the API replica running this drain shut down; ${evicted} of ${job.pods.length} pods evicted. The node stays cordoned; drain again to evict the rest.`;
    await audit({
      action: 'drain-interrupted',
      actor: 'plimsoll',
      outcome: 'failed',
      message: job.message,
    });
    job.state = 'interrupted';
  } else if (run.halt === 'cancel') {
    job.message = `Cancelled; ${evicted} of ${job.pods.length} pods evicted. The node stays cordoned.`;
    await audit({ action: 'drain-cancelled', outcome: 'ok', message: job.message });
    job.state = 'cancelled';
  } else if (job.pods.some((p) => p.state === 'failed')) {
    job.message = job.pods
      .filter((p) => p.state === 'failed')
      .map((p) => `${p.namespace}/${p.name}: ${p.error ?? ''}`)
      .join('; ');
    await audit({ action: 'drain-failed', outcome: 'failed', message: job.message });
    job.state = 'failed';
  } else {
    job.message = `${job.pods.length} pods evicted; the node is cordoned.`;
    await audit({ action: 'drain-done', outcome: 'ok', message: job.message });
    job.state = 'done';
  }
  await deps.drains.saveProgress(job, deps.now());
}
