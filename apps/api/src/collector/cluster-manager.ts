import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import type { Registry } from 'prom-client';

import type { ClusterHealth } from '@plimsoll/shared/schemas';
import type { Env } from '../config/env.js';
import {
  clusterTargetFromKubeconfig,
  resolveClusterTargets,
  type ClusterTarget,
} from '../k8s/kube-config.js';
import type { HistoryRepository } from '../repositories/history-repository.js';
import { createClusterCollector } from './collector.js';
import type { ClusterCollector, CollectorLogger } from './cluster-collector.js';
import { LiveBus } from './live-bus.js';

/** Every cluster's collector, and the health route's view of them. */
export interface ClusterManager {
  readonly collectors: ReadonlyMap<string, ClusterCollector>;
  /** Each cluster's sync state, for the health route. */
  list(): ClusterHealth[];
  readonly bus: LiveBus;
  /** The in-process simulated cluster's API URL, when one was started. */
  readonly simulatorUrl: string | undefined;
  stop(): Promise<void>;
}

/** Options of {@link startClusterManager}. */
export interface ClusterManagerOptions {
  env: Env;
  history: HistoryRepository;
  registry: Registry;
  log: CollectorLogger;
  bus?: LiveBus;
  /** Prefix of the in-cluster service account's mount path (tests only; '' in a pod). */
  serviceAccountRoot?: string;
}

/** How often each cluster's writer runs retention. */
const RETENTION_INTERVAL_MS = 60 * 60_000;

/** The simulated cluster's name in Plimsoll. */
export const SIM_CLUSTER_NAME = 'sim';

/**
 * Starts a collector per configured cluster. With no cluster configured (no kubeconfig, not in a pod) and the
 * simulator not switched off, it starts the built-in simulated cluster on a random loopback port and collects it
 * as `sim`.
 */
export async function startClusterManager(opts: ClusterManagerOptions): Promise<ClusterManager> {
  const { env, log } = opts;
  const bus = opts.bus ?? new LiveBus();
  const identity = `${hostname()}_${randomBytes(6).toString('hex')}`;
  let targets: ClusterTarget[] = resolveClusterTargets({
    names: env.PLIMSOLL_CLUSTERS,
    inClusterName: env.PLIMSOLL_IN_CLUSTER_NAME,
    ...(opts.serviceAccountRoot !== undefined
      ? { serviceAccountRoot: opts.serviceAccountRoot }
      : {}),
    ...(env.KUBECONFIG ? { kubeconfig: env.KUBECONFIG } : {}),
  });
  let closeSim: (() => Promise<void>) | undefined;
  let simulatorUrl: string | undefined;
  if (targets.length === 0 && env.PLIMSOLL_SIMULATOR === 'on') {
    // Loaded only when needed: a production image collecting real clusters never starts it.
    const { startSimCluster } = await import('@plimsoll/kube-sim');
    const sim = await startSimCluster({
      host: '127.0.0.1',
      port: env.PLIMSOLL_SIM_PORT,
      scenario: env.PLIMSOLL_SIM_SCENARIO,
      speed: env.PLIMSOLL_SIM_SPEED,
      ...(env.PLIMSOLL_SIM_NODES ? { nodes: env.PLIMSOLL_SIM_NODES } : {}),
    });
    closeSim = () => sim.close();
    simulatorUrl = sim.url;
    targets = [clusterTargetFromKubeconfig(SIM_CLUSTER_NAME, 'simulated', sim.kubeconfig())];
    log.info(
      { url: sim.url, scenario: env.PLIMSOLL_SIM_SCENARIO },
      'no cluster configured: collecting the simulated cluster',
    );
  } else if (targets.length === 0) {
    log.warn({}, 'no cluster configured and PLIMSOLL_SIMULATOR=off: nothing to collect');
  }
  const namespace = env.PLIMSOLL_LEADER_ELECTION_NAMESPACE ?? env.POD_NAMESPACE ?? 'kube-system';
  const collectors = new Map<string, ClusterCollector>();
  for (const target of targets) {
    const collector = createClusterCollector({
      target,
      history: opts.history,
      registry: opts.registry,
      log,
      bus,
      tenantLabels: env.PLIMSOLL_TENANT_LABELS,
      autoscalerStatusConfigMap: env.PLIMSOLL_AUTOSCALER_STATUS_CONFIGMAP,
      bufferCapacity: env.PLIMSOLL_WRITE_BUFFER_SIZE,
      leaderElection: { namespace, identity },
      nodeMonitorGracePeriodSeconds: env.PLIMSOLL_NODE_MONITOR_GRACE_PERIOD_SECONDS,
      poll: {
        intervalMs: env.PLIMSOLL_POLL_INTERVAL_SECONDS * 1000,
        concurrency: env.PLIMSOLL_POLL_CONCURRENCY,
      },
      retention: {
        retentionDays: env.PLIMSOLL_RETENTION_DAYS,
        rawSampleDays: env.PLIMSOLL_RAW_SAMPLE_DAYS,
        intervalMs: RETENTION_INTERVAL_MS,
        pauseMs: 50,
      },
    });
    collectors.set(target.name, collector);
    await collector.start();
  }
  return {
    collectors,
    bus,
    simulatorUrl,
    list: (): ClusterHealth[] => [...collectors.values()].map((c) => c.health()),
    async stop() {
      await Promise.all([...collectors.values()].map((c) => c.stop()));
      await closeSim?.();
    },
  };
}
