import { KubeApiError, type KubeClient } from './kube-client.js';

/** Timing of the election (client-go's defaults: 15 s / 10 s / 2 s). */
export interface LeaderElectionTiming {
  leaseDurationSeconds: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

export const DEFAULT_LEADER_ELECTION_TIMING: LeaderElectionTiming = {
  leaseDurationSeconds: 15,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
};

/** Options of {@link startLeaderElection}. */
export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  timing?: Partial<LeaderElectionTiming>;
  onStartedLeading(): void;
  onStoppedLeading(): void;
  onError?(err: unknown): void;
  now?: () => Date;
}

/** A running elector. */
export interface LeaderElector {
  isLeader(): boolean;
  /** Stops campaigning; a leader releases the Lease (ReleaseOnCancel) so another replica takes over at once. */
  stop(): Promise<void>;
}

interface LeaseBody {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** metav1.MicroTime's wire format: RFC 3339 with microseconds. */
function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Leader election on a coordination.k8s.io Lease with the semantics of client-go's LeaderElector
 * (tools/leaderelection/leaderelection.go): tryAcquireOrRenew every retryPeriod; another holder's lease counts as
 * expired when it has not changed for leaseDuration by OUR clock (observedTime), so clock skew between replicas does
 * not matter; every update carries the resourceVersion it read, so two candidates cannot both win; a leader that
 * cannot renew within renewDeadline stops leading.
 */
export function startLeaderElection(
  client: KubeClient,
  opts: LeaderElectionOptions,
): LeaderElector {
  const timing = { ...DEFAULT_LEADER_ELECTION_TIMING, ...opts.timing };
  const now = opts.now ?? (() => new Date());
  const path = `/apis/coordination.k8s.io/v1/namespaces/${opts.namespace}/leases/${opts.name}`;
  let leader = false;
  let stopped = false;
  let lastRenew = 0;
  let observed: { key: string; at: number } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const setLeader = (value: boolean) => {
    if (value === leader) return;
    leader = value;
    if (value) opts.onStartedLeading();
    else opts.onStoppedLeading();
  };

  // tryAcquireOrRenew
  async function tryAcquireOrRenew(): Promise<boolean> {
    const t = now();
    let current: LeaseBody;
    try {
      current = (await client.request('GET', path)) as LeaseBody;
    } catch (err) {
      if (!(err instanceof KubeApiError) || err.statusCode !== 404) throw err;
      const created: LeaseBody = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: opts.name, namespace: opts.namespace },
        spec: {
          holderIdentity: opts.identity,
          leaseDurationSeconds: timing.leaseDurationSeconds,
          acquireTime: microTime(t),
          renewTime: microTime(t),
          leaseTransitions: 0,
        },
      };
      await client.request(
        'POST',
        `/apis/coordination.k8s.io/v1/namespaces/${opts.namespace}/leases`,
        created,
      );
      return true;
    }
    const spec = current.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const key = `${holder}|${spec.renewTime ?? ''}|${current.metadata.resourceVersion ?? ''}`;
    if (!observed || observed.key !== key) observed = { key, at: Date.now() };
    const duration = (spec.leaseDurationSeconds ?? timing.leaseDurationSeconds) * 1000;
    const iHold = holder === opts.identity;
    if (holder && !iHold && observed.at + duration > Date.now()) return false;
    const next: LeaseBody = {
      ...current,
      spec: {
        holderIdentity: opts.identity,
        leaseDurationSeconds: timing.leaseDurationSeconds,
        acquireTime: iHold && spec.acquireTime ? spec.acquireTime : microTime(t),
        renewTime: microTime(t),
        leaseTransitions: iHold ? (spec.leaseTransitions ?? 0) : (spec.leaseTransitions ?? 0) + 1,
      },
    };
    // The resourceVersion read above is the precondition: a concurrent writer makes this a 409.
    await client.request('PUT', path, next);
    return true;
  }

  async function round(): Promise<void> {
    try {
      const ok = await tryAcquireOrRenew();
      if (ok) {
        lastRenew = Date.now();
        if (!stopped) setLeader(true);
      } else {
        setLeader(false);
      }
    } catch (err) {
      if (!(err instanceof KubeApiError && err.statusCode === 409)) opts.onError?.(err);
    }
    if (leader && Date.now() - lastRenew > timing.renewDeadlineMs) setLeader(false);
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(schedule);
    }, timing.retryPeriodMs);
  };
  running = round().finally(schedule);

  return {
    isLeader: () => leader,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => {});
      if (timer) clearTimeout(timer);
      if (leader) {
        try {
          const current = (await client.request('GET', path)) as LeaseBody;
          if (current.spec?.holderIdentity === opts.identity) {
            await client.request('PUT', path, {
              ...current,
              spec: {
                ...current.spec,
                holderIdentity: '',
                leaseDurationSeconds: 1,
                renewTime: microTime(now()),
              },
            });
          }
        } catch (err) {
          opts.onError?.(err);
        }
        setLeader(false);
      }
    },
  };
}
