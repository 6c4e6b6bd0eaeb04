/**
 * Control-plane leases: leader election for kube-controller-manager and kube-scheduler
 * (client-go tools/leaderelection with the components' defaults: leaseDuration 15s, renewDeadline
 * 10s, retryPeriod 2s) with occasional failovers, and kube-apiserver identity leases
 * (apiserver-<hash>, label apiserver.kubernetes.io/identity=kube-apiserver, renewed every 10s).
 */
import type { Cluster } from './cluster.js';
import { toMicroTime } from './event-recorder.js';
import type { Random } from './random.js';
import { LEASES } from './resources.js';

const LEADER_LEASE_DURATION_SECONDS = 15;
const LEADER_RETRY_PERIOD_MS = 2_000;
const APISERVER_LEASE_DURATION_SECONDS = 3600;
const APISERVER_RENEW_MS = 10_000;

interface Candidate {
  host: string;
  identity: string;
}

interface Election {
  name: string;
  candidates: Candidate[];
  leader: number;
  transitions: number;
  /** Leader stopped renewing at this time (a failover in progress). */
  lostAt?: number;
}

/** Options of {@link ControlPlane}. */
export interface ControlPlaneOptions {
  /** Control-plane host names (kubeadm-style master-1, master-2 …). */
  hosts: string[];
  /** Mean simulated time between leader failovers; 0 disables them. */
  meanFailoverIntervalMs: number;
}

/** Leader-election and apiserver identity leases. */
export class ControlPlane {
  private readonly elections: Election[] = [];
  private readonly cancels: Array<() => void> = [];
  private readonly rng: Random;
  private readonly apiservers: Array<{ name: string; holder: string }> = [];

  constructor(
    private readonly cluster: Cluster,
    private readonly opts: ControlPlaneOptions,
  ) {
    this.rng = cluster.rng.fork('control-plane');
  }

  /** Create the leases. */
  setup(): void {
    const { store } = this.cluster;
    const now = this.cluster.clock.now();
    for (const component of ['kube-controller-manager', 'kube-scheduler']) {
      const candidates = this.opts.hosts.map((host) => ({
        host,
        identity: `${host}_${this.rng.uuid()}`,
      }));
      const election: Election = {
        name: component,
        candidates,
        leader: this.rng.int(0, candidates.length - 1),
        transitions: this.rng.int(1, 6),
      };
      this.elections.push(election);
      store.create(LEASES, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: component, namespace: 'kube-system' },
        spec: {
          holderIdentity: (candidates[election.leader] as Candidate).identity,
          leaseDurationSeconds: LEADER_LEASE_DURATION_SECONDS,
          acquireTime: toMicroTime(new Date(now.getTime() - this.rng.int(3_600, 86_400) * 1000)),
          renewTime: toMicroTime(now),
          leaseTransitions: election.transitions,
        },
      });
    }
    for (const host of this.opts.hosts) {
      const name = `apiserver-${this.base32(26)}`;
      const holder = `${name}_${this.rng.uuid()}`;
      this.apiservers.push({ name, holder });
      store.create(LEASES, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name,
          namespace: 'kube-system',
          labels: {
            'apiserver.kubernetes.io/identity': 'kube-apiserver',
            'kubernetes.io/hostname': host,
          },
        },
        spec: {
          holderIdentity: holder,
          leaseDurationSeconds: APISERVER_LEASE_DURATION_SECONDS,
          renewTime: toMicroTime(now),
        },
      });
    }
  }

  private base32(n: number): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.rng.int(0, 31)];
    return s;
  }

  start(): void {
    const { clock } = this.cluster;
    this.cancels.push(clock.every(LEADER_RETRY_PERIOD_MS, () => this.tick()));
    this.cancels.push(
      clock.every(APISERVER_RENEW_MS, () => {
        const t = toMicroTime(clock.now());
        for (const a of this.apiservers) {
          this.cluster.store.mutate(LEASES, 'kube-system', a.name, (l) => {
            (l.spec as Record<string, unknown>).renewTime = t;
          });
        }
      }),
    );
    if (this.opts.meanFailoverIntervalMs > 0) this.scheduleFailover();
  }

  stop(): void {
    for (const c of this.cancels.splice(0)) c();
  }

  private scheduleFailover(): void {
    const mean = this.opts.meanFailoverIntervalMs;
    const delay = Math.round(mean * this.rng.float(0.5, 1.5));
    this.cancels.push(
      this.cluster.clock.after(delay, () => {
        this.failover(this.rng.pick(this.elections).name);
        this.scheduleFailover();
      }),
    );
  }

  /** Make the current leader of `component` stop renewing; another candidate takes over after the lease expires. */
  failover(component: string): void {
    const e = this.elections.find((x) => x.name === component);
    if (!e || e.lostAt !== undefined || e.candidates.length < 2) return;
    e.lostAt = this.cluster.clock.now().getTime();
  }

  private tick(): void {
    const { store, clock, events, truth } = this.cluster;
    const now = clock.now();
    for (const e of this.elections) {
      if (e.lostAt !== undefined) {
        if (now.getTime() - e.lostAt <= LEADER_LEASE_DURATION_SECONDS * 1000) continue;
        const previous = e.candidates[e.leader] as Candidate;
        const others = e.candidates.map((_, i) => i).filter((i) => i !== e.leader);
        e.leader = this.rng.pick(others);
        e.transitions++;
        e.lostAt = undefined;
        // The old process restarts with a fresh identity, as a restarted component would.
        previous.identity = `${previous.host}_${this.rng.uuid()}`;
        const leader = e.candidates[e.leader] as Candidate;
        store.mutate(LEASES, 'kube-system', e.name, (l) => {
          const spec = l.spec as Record<string, unknown>;
          spec.holderIdentity = leader.identity;
          spec.acquireTime = toMicroTime(now);
          spec.renewTime = toMicroTime(now);
          spec.leaseTransitions = e.transitions;
        });
        events.record({
          involvedObject: {
            kind: 'Lease',
            namespace: 'kube-system',
            name: e.name,
            apiVersion: 'coordination.k8s.io/v1',
          },
          type: 'Normal',
          reason: 'LeaderElection',
          message: `${leader.identity} became leader`,
          component: e.name,
        });
        truth.record('leader-change', {
          lease: `kube-system/${e.name}`,
          from: previous.host,
          to: leader.host,
          holderIdentity: leader.identity,
          leaseTransitions: e.transitions,
        });
        continue;
      }
      store.mutate(LEASES, 'kube-system', e.name, (l) => {
        (l.spec as Record<string, unknown>).renewTime = toMicroTime(now);
      });
    }
  }
}
