/**
 * Scenarios: the cluster each one builds and the drama it plays out over simulated time.
 */
import type { ClusterAutoscaler } from './cluster-autoscaler.js';
import type { Cluster } from './cluster.js';
import type { ControlPlane } from './control-plane.js';
import type { Kubelet } from './kubelet.js';
import type { NodeProblemDetector } from './node-problem-detector.js';
import type { Random } from './random.js';
import {
  MiB,
  POOLS,
  addNodes,
  appWorkloads,
  burstJob,
  c,
  systemDaemonSets,
} from './demo-catalog.js';
import { setupTenants } from './demo-tenants.js';
import type { Workload } from './workloads.js';

/** Names of the scenarios. */
export const SCENARIOS = [
  'demo',
  'memory-storm',
  'disk-fill',
  'lease-loss',
  'npd-kernel',
  'autoscale',
  'tenants',
  'scale',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Everything a scenario may drive. */
export interface ScenarioContext {
  cluster: Cluster;
  rng: Random;
  nodes?: number;
  podsPerNode?: number;
  npd?: NodeProblemDetector;
  autoscaler?: ClusterAutoscaler;
  controlPlane?: ControlPlane;
}

/** What a scenario needs switched on. */
export interface ScenarioFeatures {
  npd: boolean;
  autoscaler: boolean;
  clusterApi: boolean;
  tenants: boolean;
  controlPlaneHosts: string[];
  meanFailoverIntervalMs: number;
}

/** Which subsystems a scenario uses. */
export function scenarioFeatures(name: string): ScenarioFeatures {
  const cp = ['master-1', 'master-2', 'master-3'];
  switch (name) {
    case 'demo':
      return {
        npd: true,
        autoscaler: true,
        clusterApi: true,
        tenants: true,
        controlPlaneHosts: cp,
        meanFailoverIntervalMs: 20 * 60_000,
      };
    case 'autoscale':
      return {
        npd: false,
        autoscaler: true,
        clusterApi: true,
        tenants: false,
        controlPlaneHosts: cp,
        meanFailoverIntervalMs: 0,
      };
    case 'tenants':
      return {
        npd: false,
        autoscaler: false,
        clusterApi: false,
        tenants: true,
        controlPlaneHosts: cp,
        meanFailoverIntervalMs: 0,
      };
    case 'npd-kernel':
      return {
        npd: true,
        autoscaler: false,
        clusterApi: false,
        tenants: false,
        controlPlaneHosts: cp,
        meanFailoverIntervalMs: 0,
      };
    case 'scale':
      return {
        npd: false,
        autoscaler: false,
        clusterApi: false,
        tenants: false,
        controlPlaneHosts: cp,
        meanFailoverIntervalMs: 0,
      };
    case 'memory-storm':
    case 'disk-fill':
    case 'lease-loss':
      return {
        npd: false,
        autoscaler: false,
        clusterApi: false,
        tenants: false,
        controlPlaneHosts: cp,
        meanFailoverIntervalMs: 0,
      };
    default:
      throw new Error(`unknown scenario ${name}; expected one of ${SCENARIOS.join(', ')}`);
  }
}

/** Common objects: namespaces and PriorityClasses. */
export function setupBase(cluster: Cluster): void {
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
    cluster.ensureNamespace(ns);
  cluster.addPriorityClass(
    'system-node-critical',
    2000001000,
    'Used for system critical pods that must not be moved from their current node.',
  );
  cluster.addPriorityClass(
    'system-cluster-critical',
    2000000000,
    'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  );
  cluster.addPriorityClass('business-critical', 100000, 'Customer-facing services.');
  cluster.addPriorityClass('standard', 1000, 'Default tier for services.', true);
  cluster.addPriorityClass('batch-low', 10, 'Best-effort batch work; evicted first.');
}

function addControlPlane(cluster: Cluster, hosts: string[]): void {
  for (const h of hosts) cluster.addNode(POOLS.controlPlane, h);
}

/** Pick a running, evictable, non-DaemonSet pod on a node to leak memory. */
function leakyPod(k: Kubelet, rng: Random) {
  const pods = [...k.pods.values()].filter((p) => !p.critical && p.workload.kind !== 'DaemonSet');
  const burstable = pods.filter(
    (p) => p.requestsMemoryBytes > 0 && p.workload.containers.some((x) => !x.limits?.memory),
  );
  return burstable.length > 0 ? rng.pick(burstable) : pods.length > 0 ? rng.pick(pods) : undefined;
}

/** Start a memory leak on a node that crosses its eviction thresholds within about two minutes. */
export function startMemoryLeak(ctx: ScenarioContext, k: Kubelet, minutesToPressure = 2): void {
  const pod = leakyPod(k, ctx.rng);
  if (!pod) return;
  const available = k.id.memoryBytes - k.systemMemoryBytes - k.podsMemoryBytes();
  pod.growth = { memoryBytesPerMin: Math.max(64 * MiB, available / minutesToPressure) };
  k.dirty = true;
}

/** Start a log flood on a node that fills nodefs within a few minutes. */
export function startDiskFill(ctx: ScenarioContext, k: Kubelet, minutesToPressure = 3): void {
  const pod = leakyPod(k, ctx.rng);
  if (!pod) return;
  const free = k.id.diskBytes - k.nodefsUsedBytes();
  pod.growth = { diskBytesPerMin: free / minutesToPressure };
  k.dirty = true;
}

/** Cut a kubelet off the API server for a while. */
export function loseLease(ctx: ScenarioContext, k: Kubelet, durationMs: number): void {
  k.connected = false;
  ctx.cluster.clock.after(durationMs, () => {
    if (ctx.cluster.kubelets.get(k.name) === k) k.reconnect();
  });
}

function workers(cluster: Cluster): Kubelet[] {
  return [...cluster.kubelets.values()].filter(
    (k) => k.id.pool.role !== 'control-plane' && !k.id.pool.tenant && !k.id.pool.autoscaling,
  );
}

/** Run a job's pods to completion after `ms`. */
function completeJobAfter(ctx: ScenarioContext, w: Workload, ms: number): void {
  ctx.cluster.clock.after(ms, () => {
    for (const p of [...ctx.cluster.pods.values()]) {
      if (p.workload === w && p.nodeName) ctx.cluster.completePod(p);
    }
    ctx.cluster.removeWorkload(w);
  });
}

/** Build the scenario's cluster (nodes, namespaces, workloads). */
export function buildScenario(name: string, ctx: ScenarioContext): void {
  const { cluster } = ctx;
  const f = scenarioFeatures(name);
  setupBase(cluster);
  if (name === 'scale') {
    buildScale(ctx);
    return;
  }
  addControlPlane(cluster, f.controlPlaneHosts);
  for (const w of systemDaemonSets(f.npd)) cluster.addWorkload(w, { place: false });
  const n = ctx.nodes;
  switch (name) {
    case 'demo': {
      addNodes(cluster, POOLS.general, n ? Math.max(2, n - 15) : 15);
      addNodes(cluster, POOLS.memory, 2);
      addNodes(cluster, POOLS.batch, 2);
      setupTenants(ctx, 4);
      break;
    }
    case 'memory-storm':
      addNodes(cluster, POOLS.small, n ?? 8);
      break;
    case 'disk-fill':
      addNodes(cluster, POOLS.small, n ?? 6);
      break;
    case 'lease-loss':
    case 'npd-kernel':
      addNodes(cluster, POOLS.general, n ?? 8);
      break;
    case 'autoscale':
      addNodes(cluster, POOLS.general, n ?? 4);
      addNodes(cluster, POOLS.batch, 1);
      break;
    case 'tenants':
      addNodes(cluster, POOLS.general, n ?? 4);
      setupTenants(ctx, 3);
      break;
  }
  if (ctx.autoscaler) {
    ctx.autoscaler.addGroup(POOLS.batch);
    ctx.autoscaler.addGroup(POOLS.gpu);
    for (const k of cluster.kubelets.values()) ctx.autoscaler.nodeAdded(k);
  }
  // DaemonSet pods on every node, then the applications.
  for (const w of cluster.workloads.filter((x) => x.kind === 'DaemonSet')) {
    for (const k of cluster.kubelets.values())
      if (cluster.matchesNode(w, k)) cluster.createPod(w, { node: k });
  }
  cluster.ensureNamespace('shop');
  cluster.ensureNamespace('payments');
  const density =
    name === 'memory-storm' || name === 'disk-fill'
      ? 1.2
      : Math.max(1, workers(cluster).length / 6);
  for (const w of appWorkloads('shop', density)) cluster.addWorkload(w);
  for (const w of appWorkloads('payments', density / 2)) cluster.addWorkload(w);
}

/** `scale`: N nodes × M pods, placed in bulk without the scheduler. */
function buildScale(ctx: ScenarioContext): void {
  const { cluster } = ctx;
  const nodes = ctx.nodes ?? 5000;
  const perNode = ctx.podsPerNode ?? 30;
  const ds = systemDaemonSets(false);
  for (const w of ds) cluster.addWorkload(w, { place: false });
  const namespaces = Array.from({ length: 20 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
  for (const ns of namespaces) cluster.ensureNamespace(ns);
  const apps: Workload[] = [];
  for (const ns of namespaces)
    for (const w of appWorkloads(ns, 1)) {
      w.replicas = 0;
      cluster.addWorkload(w, { place: false });
      apps.push(w);
    }
  const appPerNode = Math.max(0, perNode - ds.length);
  let next = 0;
  for (let i = 0; i < nodes; i++) {
    const k = cluster.addNode(POOLS.general);
    for (const w of ds) cluster.createPod(w, { node: k });
    for (let j = 0; j < appPerNode; j++) {
      const w = apps[next++ % apps.length] as Workload;
      w.replicas++;
      cluster.createPod(w, { node: k });
    }
  }
}

/** Schedule the scenario's drama on the clock. */
export function playScenario(name: string, ctx: ScenarioContext): void {
  const { cluster, rng } = ctx;
  const clock = cluster.clock;
  const pickWorker = () => rng.pick(workers(cluster));
  switch (name) {
    case 'memory-storm': {
      const ks = workers(cluster);
      ks.slice(0, Math.min(3, ks.length)).forEach((k, i) => {
        clock.after(30_000 + i * 45_000, () => startMemoryLeak(ctx, k, 2 + i));
      });
      break;
    }
    case 'disk-fill': {
      const ks = workers(cluster);
      ks.slice(0, Math.min(2, ks.length)).forEach((k, i) => {
        clock.after(30_000 + i * 60_000, () => startDiskFill(ctx, k, 3));
      });
      break;
    }
    case 'lease-loss': {
      const ks = workers(cluster);
      if (ks[2]) clock.after(30_000, () => loseLease(ctx, ks[2] as Kubelet, 3 * 60_000));
      if (ks[4]) clock.after(60_000, () => loseLease(ctx, ks[4] as Kubelet, 90_000));
      break;
    }
    case 'npd-kernel': {
      const npd = ctx.npd;
      if (!npd) break;
      const ks = workers(cluster);
      const at = (ms: number, f: () => void) => clock.after(ms, f);
      at(20_000, () => npd.inject((ks[0] as Kubelet).name, 'KernelOops'));
      at(40_000, () => npd.inject((ks[1] as Kubelet).name, 'TaskHung'));
      at(60_000, () => npd.inject((ks[1] as Kubelet).name, 'OOMKilling'));
      at(90_000, () => npd.inject((ks[2] as Kubelet).name, 'KernelDeadlock'));
      at(120_000, () => npd.inject((ks[3] as Kubelet).name, 'ReadonlyFilesystem'));
      at(150_000, () => npd.inject((ks[4] as Kubelet).name, 'FrequentKubeletRestart'));
      at(10 * 60_000, () => npd.clear((ks[2] as Kubelet).name, 'KernelDeadlock'));
      break;
    }
    case 'autoscale': {
      const as = ctx.autoscaler;
      if (!as) break;
      as.setFailing('gpu', {
        code: 'cloudProviderError',
        message:
          'failed to increase node group size: InsufficientInstanceCapacity: We currently do not have sufficient g5.2xlarge capacity in the Availability Zone you requested (eu-west-1a).',
      });
      clock.after(30_000, () => {
        const job = burstJob('default', 'nightly-etl', 10, 'batch');
        cluster.addWorkload(job);
        completeJobAfter(ctx, job, 8 * 60_000);
      });
      clock.after(45_000, () => cluster.addWorkload(burstJob('default', 'train-model', 1, 'gpu')));
      clock.after(60_000, () =>
        cluster.addWorkload({
          namespace: 'default',
          name: 'arm-only',
          kind: 'Deployment',
          replicas: 1,
          nodeSelector: { 'plimsoll.io/pool': 'graviton' },
          containers: [
            c(
              'app',
              'ghcr.io/plimsoll-demo/api:2.14.3',
              { cpu: '100m', memory: '128Mi' },
              undefined,
              100 * MiB,
              20,
            ),
          ],
        }),
      );
      break;
    }
    case 'tenants': {
      // Tenants scale their services up and down, moving quota usage.
      clock.every(3 * 60_000, () => {
        const w = rng.pick(
          cluster.workloads.filter(
            (x) => x.kind === 'Deployment' && /^(acme|globex)-/.test(x.namespace),
          ),
        );
        if (rng.chance(0.5)) cluster.createPod(w);
        else {
          const pod = [...cluster.pods.values()].find((p) => p.workload === w);
          if (pod) {
            cluster.store.delete('core/v1/pods', pod.namespace, pod.name);
            cluster.podTerminated(pod, 'Deleted');
          }
        }
      });
      break;
    }
    case 'demo': {
      // A twelve-minute cycle: memory pressure, lease loss, node problems, an autoscaler burst.
      const cycle = () => {
        clock.after(60_000, () => {
          const mem = workers(cluster).filter((k) => k.id.pool.name === POOLS.memory.name);
          startMemoryLeak(ctx, mem.length > 0 ? rng.pick(mem) : pickWorker(), 2);
        });
        clock.after(4 * 60_000, () => loseLease(ctx, pickWorker(), rng.int(120, 200) * 1000));
        clock.after(6 * 60_000, () =>
          ctx.npd?.inject(
            pickWorker().name,
            rng.pick(['KernelOops', 'TaskHung', 'OOMKilling'] as const),
          ),
        );
        clock.after(7 * 60_000, () => {
          const k = pickWorker();
          ctx.npd?.inject(k.name, 'KernelDeadlock');
          clock.after(9 * 60_000, () => ctx.npd?.clear(k.name, 'KernelDeadlock'));
        });
        clock.after(9 * 60_000, () => {
          const job = burstJob('shop', `etl-${rng.suffix(5)}`, rng.int(4, 8), 'batch');
          cluster.addWorkload(job);
          completeJobAfter(ctx, job, 6 * 60_000);
        });
      };
      cycle();
      clock.every(12 * 60_000, cycle);
      break;
    }
    default:
      break;
  }
}
