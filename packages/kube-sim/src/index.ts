/**
 * @plimsoll/kube-sim: a simulated Kubernetes cluster behind a real-enough API server, for the demo, the
 * tests and the benchmarks. `startSimCluster` composes the clock, the object store, the simulation and
 * the server.
 */
import { startApiServer } from './server/api-server.js';
import type { FaultUpdate, Faults } from './server/faults.js';
import { buildKubeconfig } from './server/kubeconfig.js';
import { createSimClock } from './sim/clock.js';
import { createSimulation } from './sim/index.js';
import { createRandom } from './sim/random.js';
import type { Simulation } from './sim/types.js';
import { createObjectStore } from './store/object-store.js';
import type { KubeObjectStore } from './store/object-store.js';

export { startApiServer } from './server/api-server.js';
export type { ApiServer, ApiServerOptions } from './server/api-server.js';
export type { FaultUpdate, Faults } from './server/faults.js';
export { buildKubeconfig } from './server/kubeconfig.js';
export { createObjectStore } from './store/object-store.js';
export type { KubeObjectStore, ObjectStoreOptions } from './store/object-store.js';
export { CLUSTER_API_RESOURCE_TYPES } from './store/builtin-types.js';
export { resourceKey } from './store/types.js';
export type { KubeObject, ObjectStore, ResourceType, StoreEvent } from './store/types.js';
export type { SimClock, Simulation, SimulationOptions, TruthEntry } from './sim/types.js';

/** Options of {@link startSimCluster}. */
export interface SimClusterOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** demo | memory-storm | disk-fill | lease-loss | npd-kernel | autoscale | tenants | scale (default demo). */
  scenario?: string;
  nodes?: number;
  podsPerNode?: number;
  seed?: number;
  /** Simulated ms per wall ms (default 1). */
  speed?: number;
  https?: boolean;
  /** Bearer token every request must carry. */
  token?: string;
  /** Events kept for watch resumption; older resourceVersions get 410 Gone (default 10000). */
  watchWindow?: number;
  autoscalerStatusFormat?: 'yaml' | 'text';
  /** Interval of BOOKMARK events on watches that allow them (default 60 s). */
  bookmarkIntervalMs?: number;
  /** Faults switched on from the start. */
  faults?: Partial<Faults>;
}

/** A running simulated cluster. */
export interface SimCluster {
  url: string;
  /** A kubeconfig YAML for kubectl and @kubernetes/client-node. */
  kubeconfig(opts?: { contextName?: string }): string;
  store: KubeObjectStore;
  sim: Simulation;
  /** Switch faults and take one-shot fault actions (drop watches, restart …). */
  setFault(update: FaultUpdate): Faults;
  close(): Promise<void>;
}

/** Starts a simulated cluster and its API server. */
export async function startSimCluster(opts: SimClusterOptions = {}): Promise<SimCluster> {
  const speed = opts.speed ?? 1;
  const scenario = opts.scenario ?? 'demo';
  const clock = createSimClock({ speed, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
  const store = createObjectStore({
    now: () => clock.now(),
    // A seeded run also gets reproducible uids and generated names.
    ...(opts.seed !== undefined ? { random: createRandom(opts.seed ^ 0x5eed).next } : {}),
    ...(opts.watchWindow !== undefined ? { watchWindow: opts.watchWindow } : {}),
  });
  const sim = createSimulation({
    store,
    clock,
    scenario,
    ...(opts.nodes !== undefined ? { nodes: opts.nodes } : {}),
    ...(opts.podsPerNode !== undefined ? { podsPerNode: opts.podsPerNode } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.autoscalerStatusFormat ? { autoscalerStatusFormat: opts.autoscalerStatusFormat } : {}),
  });
  sim.start();
  const server = await startApiServer({
    store,
    sim,
    now: () => clock.now(),
    ...(opts.host ? { host: opts.host } : {}),
    port: opts.port ?? 0,
    https: opts.https ?? false,
    ...(opts.token ? { token: opts.token } : {}),
    ...(opts.bookmarkIntervalMs ? { bookmarkIntervalMs: opts.bookmarkIntervalMs } : {}),
    ...(opts.faults ? { faults: opts.faults } : {}),
    info: { scenario, speed },
  });
  return {
    url: server.url,
    kubeconfig: (k) =>
      buildKubeconfig({
        url: server.url,
        ...(server.caCert ? { caCert: server.caCert } : {}),
        ...(opts.token ? { token: opts.token } : {}),
        ...(k?.contextName ? { contextName: k.contextName } : {}),
      }),
    store,
    sim,
    setFault: (update) => server.setFaults(update),
    close: async () => {
      sim.stop();
      clock.stop();
      await server.close();
    },
  };
}
