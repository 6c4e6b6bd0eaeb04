/**
 * The simulation: builds a scenario's cluster in the store and plays it out on the simulated clock
 * (kubelets, node lifecycle controller, node-problem-detector, cluster-autoscaler, control-plane
 * leases, quota controller), and answers the node proxy, metrics and ground-truth queries.
 */
import { DisruptionController } from './disruption-controller.js';
import { publishDaemonSets } from './workload-objects.js';
import type { KubeObject } from '../store/types.js';
import { ClusterAutoscaler } from './cluster-autoscaler.js';
import { Cluster } from './cluster.js';
import { ControlPlane } from './control-plane.js';
import { createEventRecorder } from './event-recorder.js';
import { buildNodeMetrics, buildPodMetrics } from './metrics.js';
import { NodeLifecycleController } from './node-lifecycle-controller.js';
import { NodeProblemDetector } from './node-problem-detector.js';
import { createRandom } from './random.js';
import {
  buildScenario,
  playScenario,
  scenarioFeatures,
  type ScenarioContext,
} from './scenarios.js';
import { QuotaController } from './tenants.js';
import { TruthLog } from './truth-log.js';
import type { Simulation, SimulationOptions, TruthEntry } from './types.js';

export { createSimClock } from './clock.js';
export type { ControllableSimClock, SimClockOptions } from './clock.js';
export { SCENARIOS } from './scenarios.js';
export type { ScenarioName } from './scenarios.js';
export type { Simulation, SimulationOptions, SimClock, TruthEntry } from './types.js';

/** A {@link Simulation} with handles tests and tools can use to look inside. */
export interface SimulationInternals extends Simulation {
  readonly cluster: Cluster;
  readonly npd: NodeProblemDetector | undefined;
  readonly autoscaler: ClusterAutoscaler | undefined;
  readonly controlPlane: ControlPlane;
}

/** Build a scenario into `opts.store` and return the simulation that plays it (call start()). */
export function createSimulation(opts: SimulationOptions): SimulationInternals {
  const { store, clock } = opts;
  const seed = opts.seed ?? (clock as { seed?: number }).seed ?? 1;
  const rng = createRandom(seed);
  const truth = new TruthLog(clock);
  const events = createEventRecorder(store, clock);
  const cluster = new Cluster({ store, clock, rng, events, truth });
  const features = scenarioFeatures(opts.scenario);

  const npd = features.npd ? new NodeProblemDetector(cluster) : undefined;
  if (npd) cluster.listeners.push(npd);
  const autoscaler = features.autoscaler
    ? new ClusterAutoscaler(cluster, {
        statusFormat: opts.autoscalerStatusFormat ?? 'yaml',
        clusterApi: features.clusterApi,
        bootSeconds: 75,
      })
    : undefined;
  if (autoscaler) cluster.listeners.push(autoscaler);
  const controlPlane = new ControlPlane(cluster, {
    hosts: features.controlPlaneHosts,
    meanFailoverIntervalMs: features.meanFailoverIntervalMs,
  });
  const lifecycle = new NodeLifecycleController(cluster);
  const quota = new QuotaController(cluster);
  const disruption = new DisruptionController(cluster);

  const ctx: ScenarioContext = {
    cluster,
    rng: rng.fork('scenario'),
    ...(opts.nodes !== undefined ? { nodes: opts.nodes } : {}),
    ...(opts.podsPerNode !== undefined ? { podsPerNode: opts.podsPerNode } : {}),
    ...(npd ? { npd } : {}),
    ...(autoscaler ? { autoscaler } : {}),
    controlPlane,
  };
  buildScenario(opts.scenario, ctx);
  controlPlane.setup();
  autoscaler?.setup();
  if (features.tenants) quota.sync();

  let started = false;
  const stops: Array<() => void> = [];

  return {
    clock,
    cluster,
    npd,
    autoscaler,
    controlPlane,
    start() {
      if (started) return;
      started = true;
      lifecycle.start();
      disruption.start();
      publishDaemonSets(cluster);
      cluster.start();
      npd?.start();
      autoscaler?.start();
      controlPlane.start();
      if (features.tenants) quota.start();
      stops.push(clock.every(60_000, () => events.expire()));
      playScenario(opts.scenario, ctx);
    },
    stop() {
      if (!started) return;
      started = false;
      for (const s of stops.splice(0)) s();
      lifecycle.stop();
      disruption.stop();
      cluster.stop();
      npd?.stop();
      autoscaler?.stop();
      controlPlane.stop();
      quota.stop();
    },
    nodeProxy(nodeName: string, path: string): unknown {
      const k = cluster.kubelets.get(nodeName);
      if (!k) return undefined;
      const clean = path.replace(/^\/+/, '').replace(/\/+$/, '');
      if (clean === 'configz') return k.configz();
      if (clean === 'stats/summary') return k.summary();
      if (clean === 'healthz') return 'ok';
      return undefined;
    },
    nodeMetrics(): KubeObject[] {
      return buildNodeMetrics(cluster);
    },
    cutAutoscalerStatus(bytes: number): boolean {
      autoscaler?.cutStatus(bytes);
      return autoscaler !== undefined;
    },
    podMetrics(namespace?: string): KubeObject[] {
      return buildPodMetrics(cluster, namespace);
    },
    truth(since?: Date): TruthEntry[] {
      return truth.list(since);
    },
  };
}
