import { getTenantFromLabels, type Summary } from '@plimsoll/shared';

import type { ClusterHealth } from '@plimsoll/shared/schemas';
import { startLeaderElection, type LeaderElector } from '../k8s/leader-election.js';
import { startReflector, type Reflector } from '../k8s/informers.js';
import type { KubeletConfigz } from '../k8s/node-proxy.js';
import { BadObjectError, identityOf } from '../k8s/snapshot-util.js';
import { toConfigMapSnapshot, type ConfigMapSnapshot } from '../k8s/to-configmap-snapshot.js';
import { toEventSnapshot, type EventSnapshot } from '../k8s/to-event-snapshot.js';
import { toLeaseSnapshot, type LeaseSnapshot } from '../k8s/to-lease-snapshot.js';
import { toNamespaceSnapshot, type NamespaceSnapshot } from '../k8s/to-namespace-snapshot.js';
import { toNodeSnapshot, type NodeSnapshot } from '../k8s/to-node-snapshot.js';
import { toPodSnapshot, type PodSnapshot } from '../k8s/to-pod-snapshot.js';
import { toQuotaSnapshot, type QuotaSnapshot } from '../k8s/to-quota-snapshot.js';
import { getCollectorMetrics, type CollectorMetrics } from './collector-metrics.js';
import { AutoscalerIngester } from './ingest-autoscaler.js';
import { EventIngester } from './ingest-events.js';
import { LeaseIngester } from './ingest-leases.js';
import { NamespaceIngester } from './ingest-namespaces.js';
import { NodeIngester } from './ingest-nodes.js';
import { PodIngester } from './ingest-pods.js';
import { QuotaIngester } from './ingest-quotas.js';
import {
  startKubeletPoller,
  type KubeletPoller,
  type KubeletPressureReading,
} from './poll-kubelets.js';
import { startRetention, type Retention } from './retention.js';
import type { CollectedResource, WatchEvent } from './watch-event.js';
import type { ClusterCollector, ClusterCollectorOptions } from './cluster-collector.js';
import { createWriteBuffer } from './write-buffer.js';

interface ResourceSpec<S> {
  resource: CollectedResource;
  kind: string;
  path: string;
  fieldSelector?: string;
  toSnapshot(o: unknown): S;
  key(s: S): string;
  /** History for this resource; absent for resources that are cached only. */
  ingest?(ev: WatchEvent<S>): void;
  cache: Map<string, S>;
  version(s: S): string;
}

interface ResourceState {
  listed: boolean;
  failing: boolean;
  reflector?: Reflector;
}

const nsKey = (s: { namespace: string; name: string }) => `${s.namespace}/${s.name}`;

/**
 * Collects one cluster: list-watch loops for nodes, pods, leases, events, namespaces, ResourceQuotas and the
 * autoscaler status ConfigMap feed an in-memory cache of slim snapshots (every replica) and, on the replica holding
 * the `plimsoll-collector` Lease, the ingesters that write history through a bounded write buffer.
 */
export function createClusterCollector(opts: ClusterCollectorOptions): ClusterCollector {
  const cluster = opts.target.name;
  const client = opts.target.client;
  const log = opts.log;
  const metrics: CollectorMetrics = getCollectorMetrics(opts.registry);
  let writer = false;
  let writerEpoch = 0;
  let stopped = false;
  let started = false;
  let elector: LeaderElector | undefined;
  let poller: KubeletPoller | undefined;
  const states = new Map<CollectedResource, ResourceState>();

  const buffer = createWriteBuffer({
    capacity: opts.bufferCapacity,
    write: (batch) => opts.history.writeBatch(batch),
    onFull: () => {
      log.warn(
        { cluster, depth: buffer.depth },
        'write buffer full: pausing watches until the database catches up',
      );
      for (const s of states.values()) s.reflector?.pause();
    },
    onDrained: () => {
      log.info({ cluster, depth: buffer.depth }, 'write buffer drained: resuming watches');
      for (const s of states.values()) s.reflector?.resume();
    },
    onWriteError: (err, attempt) => {
      metrics.errors.inc({ cluster, resource: 'database', phase: 'write' });
      if (attempt === 1 || attempt % 10 === 0)
        log.warn({ cluster, err, attempt }, 'history write failed; retrying');
    },
    onWritten: (batch) => {
      for (const [table, rows] of Object.entries(batch))
        metrics.rowsWritten.inc({ cluster, table }, (rows as unknown[]).length);
    },
  });

  const caches = {
    nodes: new Map<string, NodeSnapshot>(),
    pods: new Map<string, PodSnapshot>(),
    leases: new Map<string, LeaseSnapshot>(),
    events: new Map<string, EventSnapshot>(),
    namespaces: new Map<string, NamespaceSnapshot>(),
    resourcequotas: new Map<string, QuotaSnapshot>(),
    autoscaler: new Map<string, ConfigMapSnapshot>(),
  };

  const latestPressure = new Map<string, KubeletPressureReading>();
  const kubeletConfigs = new Map<string, KubeletConfigz>();
  const summaries = new Map<string, Summary>();
  let retention: Retention | undefined;
  const leases = new LeaseIngester(cluster, buffer, opts.nodeMonitorGracePeriodSeconds);
  const nodes = new NodeIngester(cluster, buffer, (node, since, fromList) =>
    leases.nodeUnreachable(node, since, fromList),
  );
  const pods = new PodIngester(cluster, buffer, {
    tenantOf: (ns) => {
      const n = caches.namespaces.get(ns);
      return n ? getTenantFromLabels(n.labels, opts.tenantLabels) : null;
    },
    pressureOf: (node) => (latestPressure.get(node) as Record<string, unknown> | undefined) ?? null,
  });
  const events = new EventIngester(cluster, buffer);
  const quotas = new QuotaIngester(cluster, buffer);
  const autoscaler = new AutoscalerIngester(cluster, buffer);
  const namespaces = new NamespaceIngester(cluster, buffer, opts.tenantLabels);

  const [asNamespace, asName] = opts.autoscalerStatusConfigMap.split('/') as [string, string];
  const specs: ResourceSpec<unknown>[] = [
    {
      resource: 'namespaces',
      kind: 'Namespace',
      path: '/api/v1/namespaces',
      toSnapshot: toNamespaceSnapshot,
      key: (s: NamespaceSnapshot) => s.name,
      ingest: (e: WatchEvent<NamespaceSnapshot>) => namespaces.ingest(e),
      cache: caches.namespaces,
      version: (s: NamespaceSnapshot) => JSON.stringify(s),
    },
    {
      resource: 'nodes',
      kind: 'Node',
      path: '/api/v1/nodes',
      toSnapshot: toNodeSnapshot,
      key: (s: NodeSnapshot) => s.name,
      ingest: (e: WatchEvent<NodeSnapshot>) => nodes.ingest(e),
      cache: caches.nodes,
      version: (s: NodeSnapshot) => s.resourceVersion,
    },
    {
      resource: 'leases',
      kind: 'Lease',
      path: '/apis/coordination.k8s.io/v1/leases',
      toSnapshot: toLeaseSnapshot,
      key: nsKey,
      ingest: (e: WatchEvent<LeaseSnapshot>) => leases.ingest(e),
      cache: caches.leases,
      version: (s: LeaseSnapshot) => s.resourceVersion,
    },
    {
      resource: 'pods',
      kind: 'Pod',
      path: '/api/v1/pods',
      toSnapshot: toPodSnapshot,
      key: nsKey,
      ingest: (e: WatchEvent<PodSnapshot>) => pods.ingest(e),
      cache: caches.pods,
      version: (s: PodSnapshot) => s.resourceVersion,
    },
    {
      resource: 'events',
      kind: 'Event',
      path: '/api/v1/events',
      toSnapshot: toEventSnapshot,
      key: nsKey,
      ingest: (e: WatchEvent<EventSnapshot>) => events.ingest(e),
      cache: caches.events,
      version: (s: EventSnapshot) => `${s.count}|${s.lastSeen.getTime()}`,
    },
    {
      resource: 'resourcequotas',
      kind: 'ResourceQuota',
      path: '/api/v1/resourcequotas',
      toSnapshot: toQuotaSnapshot,
      key: nsKey,
      ingest: (e: WatchEvent<QuotaSnapshot>) => quotas.ingest(e),
      cache: caches.resourcequotas,
      version: (s: QuotaSnapshot) => s.resourceVersion,
    },
    {
      resource: 'autoscaler-status',
      kind: 'ConfigMap',
      path: `/api/v1/namespaces/${asNamespace}/configmaps`,
      fieldSelector: `metadata.name=${asName}`,
      toSnapshot: toConfigMapSnapshot,
      key: nsKey,
      ingest: (e: WatchEvent<ConfigMapSnapshot>) => autoscaler.ingest(e),
      cache: caches.autoscaler,
      version: (s: ConfigMapSnapshot) => s.resourceVersion,
    },
  ] as ResourceSpec<unknown>[];

  /** Hands one change to the ingester; a bad object is logged, counted and skipped. */
  function ingestOne(spec: ResourceSpec<unknown>, event: WatchEvent): void {
    if (!spec.ingest) return;
    try {
      spec.ingest(event);
    } catch (err) {
      if (!(err instanceof BadObjectError)) throw err;
      metrics.badObjects.inc({ cluster, resource: spec.resource });
      log.warn(
        { cluster, resource: spec.resource, object: err.identity, reason: err.message },
        'skipped a bad object',
      );
    }
  }

  function snapshotOf(spec: ResourceSpec<unknown>, object: unknown): unknown {
    try {
      return spec.toSnapshot(object);
    } catch (err) {
      const identity = err instanceof BadObjectError ? err.identity : identityOf(spec.kind, object);
      metrics.badObjects.inc({ cluster, resource: spec.resource });
      log.warn(
        { cluster, resource: spec.resource, object: identity, reason: (err as Error).message },
        'skipped a bad object',
      );
      return undefined;
    }
  }

  function publish(
    spec: ResourceSpec<unknown>,
    type: WatchEvent['type'],
    key: string,
    snapshot: unknown,
    at: Date,
  ) {
    opts.bus?.publish({
      cluster,
      resource: spec.resource,
      type,
      key,
      snapshot,
      observedAt: at.toISOString(),
    });
  }

  function onEvent(spec: ResourceSpec<unknown>, type: WatchEvent['type'], object: unknown): void {
    metrics.events.inc({ cluster, resource: spec.resource, type });
    const snapshot = snapshotOf(spec, object);
    if (snapshot === undefined) return;
    const key = spec.key(snapshot);
    const observedAt = new Date();
    if (type === 'DELETED') spec.cache.delete(key);
    else spec.cache.set(key, snapshot);
    publish(spec, type, key, snapshot, observedAt);
    if (writer)
      ingestOne(spec, {
        cluster,
        resource: spec.resource,
        type,
        object: snapshot,
        observedAt,
        fromList: false,
      });
  }

  async function onList(spec: ResourceSpec<unknown>, items: unknown[]): Promise<void> {
    const observedAt = new Date();
    const next = new Map<string, unknown>();
    for (const item of items) {
      const s = snapshotOf(spec, item);
      if (s !== undefined) next.set(spec.key(s), s);
    }
    metrics.events.inc({ cluster, resource: spec.resource, type: 'LISTED' }, items.length);
    const gone: Array<[string, unknown]> = [];
    for (const [k, old] of spec.cache) if (!next.has(k)) gone.push([k, old]);
    for (const [k, s] of next) {
      const old = spec.cache.get(k);
      if (!old || spec.version(old) !== spec.version(s))
        publish(spec, old ? 'MODIFIED' : 'ADDED', k, s, observedAt);
      spec.cache.set(k, s);
    }
    for (const [k, old] of gone) {
      spec.cache.delete(k);
      publish(spec, 'DELETED', k, old, observedAt);
    }
    if (writer) {
      for (const s of next.values()) {
        ingestOne(spec, {
          cluster,
          resource: spec.resource,
          type: 'ADDED',
          object: s,
          observedAt,
          fromList: true,
        });
      }
      for (const [, old] of gone) {
        ingestOne(spec, {
          cluster,
          resource: spec.resource,
          type: 'DELETED',
          object: old,
          observedAt,
          fromList: true,
        });
      }
    }
    const st = states.get(spec.resource);
    if (st) {
      st.listed = true;
      st.failing = false;
    }
    // Backpressure for lists: the next list or watch waits until the database has caught up.
    await buffer.waitForRoom();
  }

  /** Becoming the writer: diff the database's stored state against the cache, then ingest live. */
  async function becomeWriter(epoch: number): Promise<void> {
    let stored;
    for (let attempt = 0; ; attempt++) {
      try {
        await opts.history.upsertCluster(cluster, opts.target.source);
        stored = await opts.history.loadClusterState(cluster);
        break;
      } catch (err) {
        metrics.errors.inc({ cluster, resource: 'database', phase: 'load' });
        log.warn({ cluster, err }, 'cannot read stored state; retrying');
        await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 30_000)));
        if (epoch !== writerEpoch || stopped) return;
      }
    }
    if (epoch !== writerEpoch || stopped) return;
    nodes.seed(stored.nodes, stored.openNodeProblems);
    leases.seed(stored.openLeaseEpisodes, stored.leaders);
    quotas.seed(stored.latestQuotas);
    autoscaler.seed(stored.latestAutoscalerHash);
    namespaces.seed(stored.tenants);
    pods.reset();
    events.reset();
    writer = true;
    metrics.leader.set({ cluster }, 1);
    log.info({ cluster }, 'writing history for this cluster');
    const observedAt = new Date();
    // Synchronous from here: no watch event can interleave with the resync.
    for (const spec of specs) {
      for (const s of spec.cache.values()) {
        ingestOne(spec, {
          cluster,
          resource: spec.resource,
          type: 'ADDED',
          object: s,
          observedAt,
          fromList: true,
        });
      }
    }
    for (const name of nodes.knownNodes()) {
      if (!caches.nodes.has(name) && states.get('nodes')?.listed)
        nodes.remove(name, undefined, observedAt);
    }
    if (opts.retention) {
      retention = startRetention({
        cluster,
        repository: opts.history,
        settings: opts.retention,
        registry: opts.registry,
        log,
      });
    }
  }

  /** Kubelet polling, on every replica (the views read it); samples are stored by the writer. */
  function startPolling(poll: { intervalMs: number; concurrency: number }): void {
    const failing = new Set<string>();
    poller = startKubeletPoller({
      cluster,
      client,
      sink: buffer,
      shouldWrite: () => writer,
      nodes: () => [...caches.nodes.keys()],
      intervalMs: poll.intervalMs,
      concurrency: poll.concurrency,
      onConfig: (node, config) => kubeletConfigs.set(node, config),
      onSummary: (node, summary) => summaries.set(node, summary),
      onSample: (node, reading) => {
        latestPressure.set(node, reading);
        if (failing.delete(node)) log.info({ cluster, node }, 'kubelet poll works again');
      },
      onError: (node, err) => {
        metrics.errors.inc({ cluster, resource: 'kubelet', phase: 'poll' });
        // Once per node until it answers again: a NotReady node fails every round.
        if (!failing.has(node)) {
          failing.add(node);
          log.warn(
            { cluster, node, err: (err as Error).message },
            'kubelet poll failed; trying again next round',
          );
        }
      },
      onRound: () => {
        for (const m of [latestPressure, kubeletConfigs, summaries]) {
          for (const node of m.keys()) if (!caches.nodes.has(node)) m.delete(node);
        }
        metrics.kubeletPolls.inc({ cluster });
      },
    });
  }

  function stopWriting(): void {
    writerEpoch += 1;
    if (!writer) return;
    writer = false;
    metrics.leader.set({ cluster }, 0);
    retention?.stop();
    retention = undefined;
    log.info({ cluster }, 'no longer writing history for this cluster');
  }

  function startSpec(spec: ResourceSpec<unknown>): void {
    const st: ResourceState = { listed: false, failing: false };
    states.set(spec.resource, st);
    st.reflector = startReflector(
      client,
      {
        path: spec.path,
        ...(spec.fieldSelector ? { fieldSelector: spec.fieldSelector } : {}),
        ...(opts.backoff
          ? { minBackoffMs: opts.backoff.minMs, maxBackoffMs: opts.backoff.maxMs }
          : {}),
      },
      {
        onList: (items) => onList(spec, items),
        onEvent: (type, object) => onEvent(spec, type, object),
        onError: (err, phase) => {
          st.failing = true;
          metrics.errors.inc({ cluster, resource: spec.resource, phase });
          log.warn(
            { cluster, resource: spec.resource, phase, err: (err as Error).message },
            'list/watch failed; backing off',
          );
        },
        onRelist: (reason) => metrics.relists.inc({ cluster, resource: spec.resource, reason }),
        onWatching: () => {
          st.failing = false;
        },
      },
    );
    if (buffer.full) st.reflector.pause();
  }

  const lagCollector = () => {
    const now = Date.now();
    const oldest = buffer.oldestPending();
    for (const spec of specs) {
      const at = oldest.get(spec.resource);
      metrics.lag.set({ cluster, resource: spec.resource }, at ? (now - at) / 1000 : 0);
    }
    const polled = oldest.get('kubelet');
    metrics.lag.set({ cluster, resource: 'kubelet' }, polled ? (now - polled) / 1000 : 0);
    metrics.bufferDepth.set({ cluster }, buffer.depth);
  };
  let lagTimer: NodeJS.Timeout | undefined;

  return {
    name: cluster,
    buffer,
    cache: caches,
    tenantLabels: opts.tenantLabels,
    client,
    kubelet: {
      config: (node) => kubeletConfigs.get(node),
      summary: (node) => summaries.get(node),
      pressure: (node) => latestPressure.get(node),
    },
    isWriter: () => writer,
    async start() {
      if (started) return;
      started = true;
      metrics.leader.set({ cluster }, 0);
      lagTimer = setInterval(lagCollector, 1000);
      lagTimer.unref();
      for (const spec of specs) startSpec(spec);
      if (opts.poll) startPolling(opts.poll);
      if (opts.leaderElection === false) {
        const epoch = ++writerEpoch;
        void becomeWriter(epoch);
      } else {
        const le = opts.leaderElection;
        elector = startLeaderElection(client, {
          namespace: le.namespace,
          name: le.name ?? 'plimsoll-collector',
          identity: le.identity,
          ...(le.timing ? { timing: le.timing } : {}),
          onStartedLeading: () => {
            const epoch = ++writerEpoch;
            void becomeWriter(epoch);
          },
          onStoppedLeading: stopWriting,
          onError: (err) => {
            metrics.errors.inc({ cluster, resource: 'leader-election', phase: 'renew' });
            log.warn({ cluster, err: (err as Error).message }, 'leader election request failed');
          },
        });
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (lagTimer) clearInterval(lagTimer);
      poller?.stop();
      poller = undefined;
      await Promise.all([...states.values()].map((s) => s.reflector?.stop()));
      await buffer.close(5000);
      await elector?.stop();
      stopWriting();
      client.close();
    },
    health() {
      const all = [...states.values()];
      let state: ClusterHealth['state'];
      if (stopped) state = 'stopped';
      else if (!started) state = 'starting';
      else if (all.some((s) => s.failing) || buffer.full) state = 'degraded';
      else if (all.some((s) => !s.listed)) state = 'syncing';
      else state = writer || opts.leaderElection === false ? 'synced' : 'standby';
      return { name: cluster, source: opts.target.source, state };
    },
    flush: () => buffer.drain(),
  };
}
