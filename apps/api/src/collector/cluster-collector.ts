// The contract of one cluster's collector: what the views, the metrics and the cluster manager read from it.
// createClusterCollector (collector.ts) is the one implementation.
import type { Summary } from '@plimsoll/shared';
import type { ClusterHealth } from '@plimsoll/shared/schemas';
import type { Registry } from 'prom-client';

import type { KubeClient } from '../k8s/kube-client.js';
import type { ClusterTarget } from '../k8s/kube-config.js';
import type { LeaderElectionTiming } from '../k8s/leader-election.js';
import type { KubeletConfigz } from '../k8s/node-proxy.js';
import type { ConfigMapSnapshot } from '../k8s/to-configmap-snapshot.js';
import type { LeaseSnapshot } from '../k8s/to-lease-snapshot.js';
import type { NamespaceSnapshot } from '../k8s/to-namespace-snapshot.js';
import type { NodeSnapshot } from '../k8s/to-node-snapshot.js';
import type { PodSnapshot } from '../k8s/to-pod-snapshot.js';
import type { QuotaSnapshot } from '../k8s/to-quota-snapshot.js';
import type { HistoryRepository } from '../repositories/history-repository.js';
import type { LiveBus } from './live-bus.js';
import type { KubeletPressureReading } from './poll-kubelets.js';
import type { RetentionSettings } from './retention.js';
import type { WriteBuffer } from './write-buffer.js';

/** A logger (pino's shape). */
export interface CollectorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Options of {@link createClusterCollector}. */
export interface ClusterCollectorOptions {
  target: ClusterTarget;
  history: HistoryRepository;
  registry: Registry;
  log: CollectorLogger;
  bus?: LiveBus;
  tenantLabels: readonly string[];
  /** namespace/name of the autoscaler status ConfigMap. */
  autoscalerStatusConfigMap: string;
  bufferCapacity: number;
  /** Leader election; `false` makes this collector the writer at once (a single replica, tests). */
  leaderElection:
    | false
    | {
        namespace: string;
        name?: string;
        identity: string;
        timing?: Partial<LeaderElectionTiming>;
      };
  /**
   * Kubelet polling (configz, Summary API). Every replica polls, so each can answer the views; only the writer
   * stores pressure samples.
   */
  poll?: { intervalMs: number; concurrency: number };
  /** The cluster's --node-monitor-grace-period (staleness episodes start that long after the last renewal); default 50. */
  nodeMonitorGracePeriodSeconds?: number;
  /** Reflector backoff bounds (tests shorten them). */
  backoff?: { minMs: number; maxMs: number };
  /** Retention of this cluster's history, run by the writer; absent: never deletes. */
  retention?: RetentionSettings;
}

/**
 * What the kubelets of a cluster told the poller most recently, per node — for the node views: the eviction
 * thresholds in force (config), headroom and the "next to go" ranking (summary: node and pod stats) and the latest
 * pressure reading. Every replica polls, writer or not. `undefined` until the node's first successful poll (or
 * without `poll` configured), and again once the node is gone; a node whose proxy fails keeps its last answers.
 */
export interface KubeletView {
  /** The kubelet's running configuration (its /configz), as the kubelet sent it. */
  config(node: string): KubeletConfigz | undefined;
  /** The latest stats/summary answer, pod stats included. */
  summary(node: string): Summary | undefined;
  /** The latest pressure reading (what pressure_samples stores). */
  pressure(node: string): KubeletPressureReading | undefined;
}

/** One cluster's collector. */
export interface ClusterCollector {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): ClusterHealth;
  isWriter(): boolean;
  /** The in-memory slim state (every replica keeps it, writer or not). */
  cache: {
    nodes: ReadonlyMap<string, NodeSnapshot>;
    pods: ReadonlyMap<string, PodSnapshot>;
    leases: ReadonlyMap<string, LeaseSnapshot>;
    namespaces: ReadonlyMap<string, NamespaceSnapshot>;
    resourcequotas: ReadonlyMap<string, QuotaSnapshot>;
    /** The cluster-autoscaler status ConfigMap (at most one entry, `namespace/name`). */
    autoscaler: ReadonlyMap<string, ConfigMapSnapshot>;
  };
  /** Namespace (and node) labels that name a tenant, first match wins (PLIMSOLL_TENANT_LABELS). */
  readonly tenantLabels: readonly string[];
  readonly kubelet: KubeletView;
  /** The collector's client, for on-demand reads against the same cluster. */
  readonly client: KubeClient;
  /** Resolves when every row handed to the write buffer so far is written. */
  flush(): Promise<void>;
  readonly buffer: WriteBuffer;
}
