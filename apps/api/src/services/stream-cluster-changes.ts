import type { ServerResponse } from 'node:http';

import type { TenantScope } from '@plimsoll/shared';
import type { LiveChangeBatch } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import type { LiveBus, LiveChange } from '../collector/live-bus.js';
import type { NodeSnapshot } from '../k8s/to-node-snapshot.js';
import type { PodSnapshot } from '../k8s/to-pod-snapshot.js';
import type { NodeHistoryRepository } from '../repositories/node-history-repository.js';
import {
  NODE_LEASE_NAMESPACE,
  getNodeRows,
  isNamespaceVisible,
  isNodeInScope,
} from './build-node-summaries.js';
import { serializeNodeRowDelta } from './list-nodes.js';

/** How often buffered changes go out as one `change` event. */
export const STREAM_FLUSH_MS = 1000;
/** How often a comment line keeps proxies and the browser from closing an idle stream. */
export const STREAM_HEARTBEAT_MS = 15_000;
/** Keys listed per resource per batch; the count says how many changed in all. */
export const STREAM_MAX_KEYS = 100;
/** A caller that has read nothing for this long is dropped; its EventSource reconnects and refetches. */
export const STREAM_STALL_MS = 60_000;

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

/** The node whose table row a change touches (its Lease, its pods), or null. */
function rowNodeOf(change: LiveChange): string | null {
  switch (change.resource) {
    case 'nodes':
      return change.key;
    case 'leases':
      return change.key.startsWith(`${NODE_LEASE_NAMESPACE}/`)
        ? change.key.slice(NODE_LEASE_NAMESPACE.length + 1)
        : null;
    case 'pods':
      return (change.snapshot as PodSnapshot | undefined)?.nodeName ?? null;
    default:
      return null;
  }
}

/**
 * One open SSE connection: filters and batches the bus's changes for its caller (`event: change`, keys only), and,
 * with `repo`, sends the caller's changed node table rows (`event: nodes`, a NodeRowDelta) so the table applies
 * them instead of refetching every row. A row goes out once the shared row cache was built after its change.
 */
export function openChangeStream(opts: {
  bus: LiveBus;
  collector: ClusterCollector;
  scope: TenantScope;
  res: ServerResponse;
  requestId: string;
  repo?: NodeHistoryRepository;
  onClose(): void;
}): { close(): void } {
  const { collector, scope, res } = opts;
  const knownNodes = new Set<string>();
  if (scope.kind !== 'all')
    for (const n of collector.cache.nodes.values())
      if (isNodeInScope(n, scope, collector.tenantLabels)) knownNodes.add(n.name);
  const pending = new Map<string, { count: number; keys: Set<string> }>();
  /** Nodes whose row changed, with when; nodes that left the caller's view. */
  const dirtyRows = new Map<string, number>();
  const removedRows = new Set<string>();
  let closed = false;
  let sendingRows = false;
  let stalledSince: number | null = null;

  /**
   * Backpressure without a queue: while the caller's socket has not drained, nothing is written and the changes
   * keep merging into `pending` and `dirtyRows` (bounded by the keys cap and the node count), so a slow reader
   * gets one up-to-date batch when it catches up instead of a growing backlog in this process.
   */
  function canWrite(): boolean {
    if (!res.writableNeedDrain) {
      stalledSince = null;
      return true;
    }
    stalledSince ??= Date.now();
    if (Date.now() - stalledSince >= STREAM_STALL_MS) close();
    return false;
  }

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
    const wasKnown = change.resource === 'nodes' && knownNodes.has(change.key);
    const visible = isChangeVisible(collector, change, scope, knownNodes);
    if (opts.repo) {
      const node = rowNodeOf(change);
      if (change.resource === 'nodes' && (change.type === 'DELETED' || !visible)) {
        if (scope.kind === 'all' || wasKnown) {
          dirtyRows.delete(change.key);
          removedRows.add(change.key);
        }
      } else if (node !== null && (change.resource !== 'nodes' || visible)) {
        removedRows.delete(node);
        dirtyRows.set(node, Date.now());
      }
    }
    if (!visible) return;
    let entry = pending.get(change.resource);
    if (!entry) {
      entry = { count: 0, keys: new Set() };
      pending.set(change.resource, entry);
    }
    entry.count++;
    if (entry.keys.size < STREAM_MAX_KEYS) entry.keys.add(change.key);
  });

  const flush = setInterval(() => {
    if (!canWrite() || pending.size === 0) return;
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
  const rowFlush = setInterval(() => void sendRows(), STREAM_FLUSH_MS);

  async function sendRows(): Promise<void> {
    if (!opts.repo || sendingRows || (dirtyRows.size === 0 && removedRows.size === 0)) return;
    if (!canWrite()) return;
    sendingRows = true;
    try {
      const all = await getNodeRows(collector, opts.repo);
      if (closed) return;
      const builtAt = all.builtAt.getTime();
      const upserts = [];
      for (const [name, at] of dirtyRows) {
        if (at > builtAt) continue; // the next build will have it
        dirtyRows.delete(name);
        const row = all.byName.get(name);
        if (!row) continue;
        if (scope.kind === 'all' || (row.tenant !== null && scope.tenants.includes(row.tenant)))
          upserts.push(row);
      }
      const removed = [...removedRows];
      removedRows.clear();
      if (upserts.length === 0 && removed.length === 0) return;
      res.write(
        `event: nodes\ndata: ${serializeNodeRowDelta({
          cluster: collector.name,
          upserts,
          removed,
          generatedAt: all.builtAt.toISOString(),
        })}\n\n`,
      );
    } catch {
      // The rows could not be built (database down): the table keeps its rows; the next flush retries.
    } finally {
      sendingRows = false;
    }
  }
  const heartbeat = setInterval(() => {
    if (canWrite()) res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
  }, STREAM_HEARTBEAT_MS);

  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(flush);
    clearInterval(rowFlush);
    clearInterval(heartbeat);
    if (!res.writableEnded) res.end();
    opts.onClose();
  };
  res.on('close', close);
  res.on('error', close);
  return { close };
}
