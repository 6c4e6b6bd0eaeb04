import type { ServerResponse } from 'node:http';

import type { TenantScope } from '@plimsoll/shared';
import type { LiveChangeBatch } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/collector.js';
import type { LiveBus, LiveChange } from '../collector/live-bus.js';
import type { NodeSnapshot } from '../k8s/to-node-snapshot.js';
import { NODE_LEASE_NAMESPACE, isNamespaceVisible, isNodeInScope } from './build-node-summaries.js';

/** How often buffered changes go out as one `change` event. */
export const STREAM_FLUSH_MS = 1000;
/** How often a comment line keeps proxies and the browser from closing an idle stream. */
export const STREAM_HEARTBEAT_MS = 15_000;
/** Keys listed per resource per batch; the count says how many changed in all. */
export const STREAM_MAX_KEYS = 100;

/**
 * Whether a change may go to a caller. SREs and viewers get everything; a tenant admin gets their tenant's nodes
 * (and those nodes' leases), their namespaces' objects, and nothing cluster-wide (leader leases, autoscaler status).
 * `knownNodes` remembers the caller's nodes so a node's deletion (which carries no labels) still reaches them.
 */
export function isChangeVisible(
  collector: ClusterCollector,
  change: LiveChange,
  scope: TenantScope,
  knownNodes: Set<string>,
): boolean {
  if (scope.kind === 'all') return true;
  const slash = change.key.indexOf('/');
  const namespace = slash >= 0 ? change.key.slice(0, slash) : '';
  const name = slash >= 0 ? change.key.slice(slash + 1) : change.key;
  switch (change.resource) {
    case 'nodes': {
      if (change.type === 'DELETED') return knownNodes.delete(name);
      const node = (change.snapshot as NodeSnapshot | undefined) ?? collector.cache.nodes.get(name);
      const visible = node !== undefined && isNodeInScope(node, scope, collector.tenantLabels);
      if (visible) knownNodes.add(name);
      else knownNodes.delete(name);
      return visible;
    }
    case 'leases':
      return namespace === NODE_LEASE_NAMESPACE && knownNodes.has(name);
    case 'pods':
    case 'events':
    case 'resourcequotas':
      return isNamespaceVisible(collector, namespace, scope);
    case 'namespaces':
      return isNamespaceVisible(collector, name, scope);
    default:
      return false;
  }
}

/** One open SSE connection: filters and batches the bus's changes for its caller. */
export function openChangeStream(opts: {
  bus: LiveBus;
  collector: ClusterCollector;
  scope: TenantScope;
  res: ServerResponse;
  requestId: string;
  onClose(): void;
}): { close(): void } {
  const { collector, scope, res } = opts;
  const knownNodes = new Set<string>();
  if (scope.kind !== 'all')
    for (const n of collector.cache.nodes.values())
      if (isNodeInScope(n, scope, collector.tenantLabels)) knownNodes.add(n.name);
  const pending = new Map<string, { count: number; keys: Set<string> }>();
  let closed = false;

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': opts.requestId,
  });
  res.write(`retry: 5000\n`);
  res.write(
    `event: ready\ndata: ${JSON.stringify({ cluster: collector.name, at: new Date().toISOString() })}\n\n`,
  );

  const unsubscribe = opts.bus.subscribe((change) => {
    if (change.cluster !== collector.name) return;
    if (!isChangeVisible(collector, change, scope, knownNodes)) return;
    let entry = pending.get(change.resource);
    if (!entry) {
      entry = { count: 0, keys: new Set() };
      pending.set(change.resource, entry);
    }
    entry.count++;
    if (entry.keys.size < STREAM_MAX_KEYS) entry.keys.add(change.key);
  });

  const flush = setInterval(() => {
    if (pending.size === 0) return;
    const batch: LiveChangeBatch = {
      cluster: collector.name,
      at: new Date().toISOString(),
      changes: {},
    };
    for (const [resource, e] of pending)
      batch.changes[resource] = { count: e.count, keys: [...e.keys] };
    pending.clear();
    res.write(`event: change\ndata: ${JSON.stringify(batch)}\n\n`);
  }, STREAM_FLUSH_MS);
  const heartbeat = setInterval(
    () => res.write(`: heartbeat ${new Date().toISOString()}\n\n`),
    STREAM_HEARTBEAT_MS,
  );

  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(flush);
    clearInterval(heartbeat);
    if (!res.writableEnded) res.end();
    opts.onClose();
  };
  res.on('close', close);
  res.on('error', close);
  return { close };
}
