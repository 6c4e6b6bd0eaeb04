import { EVICTION_REASON, parseAutoscalerStatus, parseEvictionMessage } from '@plimsoll/shared';
import { Counter, Gauge, type Registry } from 'prom-client';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import type { KubeletPressureReading } from '../collector/poll-kubelets.js';
import type { NodeSnapshot } from '../k8s/to-node-snapshot.js';
import {
  computeHeadroom,
  leaseHealthOf,
  NODE_LEASE_NAMESPACE,
  qty,
} from '../services/build-node-summaries.js';
import { findCachedConfigz, thresholdsOf } from '../services/read-kubelet-config.js';
import { getCachedNamespaceTenant, toQuotaSummary } from '../services/resolve-tenant-scope.js';

/** Where the signals read the clusters at scrape time (the manager is attached after the app is built). */
export type CollectorSource = () => Iterable<ClusterCollector>;

/** Options of {@link registerClusterSignals}. */
export interface ClusterSignalsOptions {
  collectors: CollectorSource;
  /** The quota ratio above which the UI warns; only used to build the same summaries the UI shows. */
  quotaWarningRatio?: number;
  now?: () => Date;
}

/** Every metric name this module exports, for the rules and dashboard tests. */
export const CLUSTER_SIGNAL_METRICS = [
  'plimsoll_node_eviction_headroom_ratio',
  'plimsoll_node_lease_stale',
  'plimsoll_node_lease_late',
  'plimsoll_evictions_total',
  'plimsoll_quota_usage_ratio',
  'plimsoll_autoscaler_node_group_healthy',
  'plimsoll_autoscaler_node_group_target_size',
  'plimsoll_autoscaler_node_group_min_size',
  'plimsoll_autoscaler_node_group_max_size',
  'plimsoll_autoscaler_node_group_backoff',
] as const;

const num = (v: string | null | undefined): number | null => {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/** The eviction signals whose available/capacity pair the kubelet's Summary gives us, as the poller keeps them. */
function signalReadings(node: NodeSnapshot, p: KubeletPressureReading) {
  return [
    {
      signal: 'memory.available',
      available: num(p.memoryAvailableBytes),
      capacity: qty(node.capacity.memory) || null,
    },
    {
      signal: 'nodefs.available',
      available: num(p.nodefsAvailableBytes),
      capacity: num(p.nodefsCapacityBytes),
    },
    {
      signal: 'nodefs.inodesFree',
      available: num(p.nodefsInodesFree),
      capacity: num(p.nodefsInodes),
    },
    {
      signal: 'imagefs.available',
      available: num(p.imagefsAvailableBytes),
      capacity: num(p.imagefsCapacityBytes),
    },
    { signal: 'pid.available', available: num(p.pidAvailable), capacity: num(p.pidMax) },
  ];
}

/** Collectors of the clusters this replica writes: a standby exports nothing, so replicas never double count. */
function* writers(source: CollectorSource): Generator<ClusterCollector> {
  for (const c of source()) if (c.isWriter()) yield c;
}

/**
 * Registers Plimsoll's derived cluster signals in `registry`. Every value is computed when Prometheus scrapes,
 * from the collector's in-memory cache and the shared Kubernetes rules the pages use (headroom to the node's
 * hard eviction thresholds, the node lifecycle controller's lease rule, quota usage, the autoscaler's status), so
 * the series and the pages cannot drift apart. Only clusters this replica writes are exported.
 */
export function registerClusterSignals(registry: Registry, opts: ClusterSignalsOptions): void {
  if (registry.getSingleMetric('plimsoll_node_eviction_headroom_ratio')) return;
  const registers = [registry];
  const now = opts.now ?? (() => new Date());
  const warningRatio = opts.quotaWarningRatio ?? 0.9;

  new Gauge({
    name: 'plimsoll_node_eviction_headroom_ratio',
    help: "(available - the node's hard eviction threshold) / capacity, per eviction signal; 0 or less: the kubelet evicts",
    labelNames: ['cluster', 'node', 'signal'] as const,
    registers,
    collect() {
      this.reset();
      for (const c of writers(opts.collectors)) {
        for (const node of c.cache.nodes.values()) {
          const reading = c.kubelet.pressure(node.name);
          if (!reading) continue;
          const th = thresholdsOf(findCachedConfigz(c, node.name));
          const at = new Date(reading.at);
          for (const s of signalReadings(node, reading)) {
            const h = computeHeadroom(s.signal, th.hardOnly, s.available, s.capacity, at);
            if (h?.ratio === null || h?.ratio === undefined) continue;
            this.set({ cluster: c.name, node: node.name, signal: s.signal }, h.ratio);
          }
        }
      }
    },
  });

  const leaseGauge = (name: string, state: 'stale' | 'late', help: string) =>
    new Gauge({
      name,
      help,
      labelNames: ['cluster', 'node'] as const,
      registers,
      collect() {
        this.reset();
        const at = now();
        for (const c of writers(opts.collectors)) {
          for (const node of c.cache.nodes.values()) {
            const lease = c.cache.leases.get(`${NODE_LEASE_NAMESPACE}/${node.name}`);
            const health = leaseHealthOf(node, lease, at);
            this.set({ cluster: c.name, node: node.name }, health.state === state ? 1 : 0);
          }
        }
      },
    });
  leaseGauge(
    'plimsoll_node_lease_stale',
    'stale',
    "1 when the node's heartbeat is older than the node monitor grace period (the lifecycle controller marks it Unknown)",
  );
  leaseGauge(
    'plimsoll_node_lease_late',
    'late',
    '1 when the node lease missed its renew interval but is still within the grace period',
  );

  // A counter over the cache: each evicted pod is counted once, the first time a scrape sees it. Evicted pods
  // stay in the API until garbage-collected, so a scrape every 30 s sees them all. The first scrape after this
  // replica has listed the cluster as its writer takes what the cache holds as the baseline: those series start
  // at 0, so a restart or a failover reads as no increase. A label set seen for the first time later is exported
  // at 0 and counts its evictions from the next scrape on, so increase() sees them (Prometheus cannot tell the
  // first sample of a series from a reset).
  type EvictionLabels = Record<'cluster' | 'namespace' | 'tenant' | 'resource', string>;
  const byCluster = new Map<
    string,
    {
      seen: Set<string>;
      totals: Map<string, { labels: EvictionLabels; count: number; pending: number }>;
    }
  >();
  new Counter({
    name: 'plimsoll_evictions_total',
    help: 'Pods evicted by the kubelet, by namespace, tenant and the resource it was low on',
    labelNames: ['cluster', 'namespace', 'tenant', 'resource'] as const,
    registers,
    collect() {
      const live = new Set<string>();
      for (const c of writers(opts.collectors)) {
        live.add(c.name);
        let state = byCluster.get(c.name);
        const baseline = !state;
        if (!state) {
          if (c.health().state !== 'synced') continue;
          byCluster.set(c.name, (state = { seen: new Set(), totals: new Map() }));
        }
        for (const t of state.totals.values()) {
          t.count += t.pending;
          t.pending = 0;
        }
        const present = new Set<string>();
        const created = new Set<string>();
        for (const pod of c.cache.pods.values()) {
          if (pod.reason !== EVICTION_REASON) continue;
          present.add(pod.uid);
          if (state.seen.has(pod.uid)) continue;
          state.seen.add(pod.uid);
          const labels: EvictionLabels = {
            cluster: c.name,
            namespace: pod.namespace,
            tenant: getCachedNamespaceTenant(c, pod.namespace, c.tenantLabels) ?? '',
            resource: parseEvictionMessage(pod.message ?? '')?.resource ?? 'unknown',
          };
          const key = `${labels.namespace}\u0000${labels.tenant}\u0000${labels.resource}`;
          const total = state.totals.get(key);
          if (baseline) {
            if (!total) state.totals.set(key, { labels, count: 0, pending: 0 });
          } else if (!total) {
            state.totals.set(key, { labels, count: 0, pending: 1 });
            created.add(key);
          } else if (created.has(key)) total.pending++;
          else total.count++;
        }
        // Forget pods that are gone; they cannot come back under the same uid.
        for (const uid of state.seen) if (!present.has(uid)) state.seen.delete(uid);
      }
      // A cluster this replica no longer writes: its series stop, so the new writer's are the only ones.
      for (const cluster of byCluster.keys()) if (!live.has(cluster)) byCluster.delete(cluster);
      this.reset();
      for (const { totals } of byCluster.values()) {
        for (const { labels, count } of totals.values()) this.inc(labels, count);
      }
    },
  });

  new Gauge({
    name: 'plimsoll_quota_usage_ratio',
    help: 'ResourceQuota status.used / status.hard per resource (absent when hard is 0)',
    labelNames: ['cluster', 'namespace', 'tenant', 'quota', 'resource'] as const,
    registers,
    collect() {
      this.reset();
      for (const c of writers(opts.collectors)) {
        for (const q of c.cache.resourcequotas.values()) {
          const tenant = getCachedNamespaceTenant(c, q.namespace, c.tenantLabels);
          for (const r of toQuotaSummary(q, tenant, warningRatio).resources) {
            if (r.ratio === null) continue;
            this.set(
              {
                cluster: c.name,
                namespace: q.namespace,
                tenant: tenant ?? '',
                quota: q.name,
                resource: r.resource,
              },
              r.ratio,
            );
          }
        }
      }
    },
  });

  registerAutoscalerSignals(registry, opts.collectors);
}

/** The node groups of each written cluster's live autoscaler status, parsed once per scrape. */
function registerAutoscalerSignals(registry: Registry, source: CollectorSource): void {
  const registers = [registry];
  const groupsOf = (c: ClusterCollector) => {
    const cm = c.cache.autoscaler.values().next();
    const raw = cm.done ? undefined : cm.value.data.status;
    if (raw === undefined) return [];
    try {
      return parseAutoscalerStatus(raw).nodeGroups;
    } catch {
      return [];
    }
  };
  type Group = ReturnType<typeof groupsOf>[number];
  const gauge = (name: string, help: string, value: (g: Group) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['cluster', 'node_group'] as const,
      registers,
      collect() {
        this.reset();
        for (const c of writers(source)) {
          for (const g of groupsOf(c)) this.set({ cluster: c.name, node_group: g.name }, value(g));
        }
      },
    });
  gauge(
    'plimsoll_autoscaler_node_group_healthy',
    '1 when cluster-autoscaler reports the node group Healthy (its ready/unready ratio is within bounds)',
    (g) => (g.health.status === 'Healthy' ? 1 : 0),
  );
  gauge(
    'plimsoll_autoscaler_node_group_target_size',
    'Target size the cloud provider reports for the node group',
    (g) => g.health.cloudProviderTarget,
  );
  gauge(
    'plimsoll_autoscaler_node_group_min_size',
    'Node group minimum size',
    (g) => g.health.minSize,
  );
  gauge(
    'plimsoll_autoscaler_node_group_max_size',
    'Node group maximum size',
    (g) => g.health.maxSize,
  );
  gauge(
    'plimsoll_autoscaler_node_group_backoff',
    '1 while cluster-autoscaler backs off scaling the node group up (a failed scale-up)',
    (g) => (g.scaleUp.status === 'Backoff' ? 1 : 0),
  );
}
