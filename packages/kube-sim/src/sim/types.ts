/**
 * The contract between the simulation (src/sim, which plays out what a cluster lives through) and the
 * API server (src/server, which serves the store over REST/watch and the /sim/v1 control routes).
 */
import type { KubeObject, ObjectStore } from '../store/types.js';

/** Simulated time: runs `speed` times faster than the wall clock; deterministic under a seed. */
export interface SimClock {
  now(): Date;
  readonly speed: number;
  /** Run fn every `simMs` of simulated time; returns a cancel function. */
  every(simMs: number, fn: () => void): () => void;
  /** Run fn once after `simMs` of simulated time; returns a cancel function. */
  after(simMs: number, fn: () => void): () => void;
  stop(): void;
}

/** One thing the simulation did, so tests can prove the collector saw it. */
export interface TruthEntry {
  /** Monotonic sequence number. */
  seq: number;
  /** Simulated time, RFC 3339. */
  at: string;
  kind:
    | 'eviction'
    | 'condition-transition'
    | 'lease-episode'
    | 'leader-change'
    | 'npd-event'
    | 'scale-up'
    | 'scale-down'
    | 'quota-change';
  /** Kind-specific details, e.g. for 'eviction': { node, namespace, pod, uid, signal, message }. */
  details: Record<string, unknown>;
}

export interface SimulationOptions {
  store: ObjectStore;
  clock: SimClock;
  /** demo | memory-storm | disk-fill | lease-loss | npd-kernel | autoscale | tenants | scale */
  scenario: string;
  nodes?: number;
  podsPerNode?: number;
  seed?: number;
  /** Format of kube-system/cluster-autoscaler-status: YAML (since CA 1.30) or the older text. */
  autoscalerStatusFormat?: 'yaml' | 'text';
}

export interface Simulation {
  readonly clock: SimClock;
  start(): void;
  stop(): void;
  /** Body for GET /api/v1/nodes/{name}/proxy/{path}; undefined when the node or path is unknown. */
  nodeProxy(nodeName: string, path: string): unknown;
  /** metrics.k8s.io/v1beta1 NodeMetrics objects. */
  nodeMetrics(): KubeObject[];
  /** metrics.k8s.io/v1beta1 PodMetrics objects, optionally for one namespace. */
  podMetrics(namespace?: string): KubeObject[];
  /** What the simulation did, optionally since a simulated time. */
  truth(since?: Date): TruthEntry[];
  /** Cut the autoscaler's status ConfigMap short by `bytes` (0: whole); false without an autoscaler. */
  cutAutoscalerStatus(bytes: number): boolean;
}
