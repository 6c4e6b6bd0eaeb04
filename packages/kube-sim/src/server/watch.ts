/**
 * Watch streams: newline-delimited JSON watch events with the API server's resourceVersion semantics.
 * Unset or "0" starts with synthetic ADDED events for the current state; any other resourceVersion resumes
 * from the store's event window, or answers an ERROR event with a 410 Expired Status once it left it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { expired } from '../store/api-error.js';
import type { KubeObject, StoreEvent } from '../store/types.js';
import type { ActiveWatch, ServerContext } from './context.js';
import type { ServedResource } from './resources.js';
import { apiVersionOf } from './resources.js';
import type { ObjectFilter } from './selectors.js';
import { toTable } from './tables.js';
import type { IncludeObject } from './tables.js';

/** A parsed watch request. */
export interface WatchRequest {
  served: ServedResource;
  namespace?: string;
  filter: ObjectFilter;
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  /** Set when the client asked for Table events (kubectl get -w). */
  table?: { includeObject: IncludeObject };
}

/** A watcher that falls this many events behind is disconnected, as the API server drops slow watchers. */
const MAX_QUEUED_EVENTS = 200_000;
const DEFAULT_TIMEOUT_SECONDS = 1800;
const ENCODE_CACHE_SIZE = 4096;

// Objects are immutable once stored, so one serialisation serves every watcher of the same change.
const encodeCache = new Map<KubeObject, string>();
function encodeObject(obj: KubeObject): string {
  let s = encodeCache.get(obj);
  if (s === undefined) {
    s = JSON.stringify(obj);
    encodeCache.set(obj, s);
    if (encodeCache.size > ENCODE_CACHE_SIZE) {
      const oldest = encodeCache.keys().next().value;
      if (oldest !== undefined) encodeCache.delete(oldest);
    }
  }
  return s;
}

/** The 410 ERROR event sent when a resourceVersion is older than the event window. */
export function goneEvent(message: string): string {
  return `${JSON.stringify({ type: 'ERROR', object: expired(message).toStatus() })}\n`;
}

/** Streams a watch on `res` until the client leaves, the timeout passes or a fault ends it. */
export function serveWatch(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  w: WatchRequest,
): void {
  const { store } = ctx;
  const key = w.served.storeKey;
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  // client-node waits for the response headers before it reports the watch as established.
  res.flushHeaders();

  const rvParam = w.resourceVersion;
  const fromRv = rvParam && rvParam !== '0' ? Number(rvParam) : undefined;
  if (ctx.faults.watchGone) {
    res.end(
      goneEvent(`too old resource version: ${rvParam ?? '0'} (${store.currentResourceVersion()})`),
    );
    return;
  }
  let backlog: StoreEvent[] | undefined;
  if (fromRv !== undefined) {
    backlog = Number.isFinite(fromRv) ? store.eventsSince(key, fromRv) : undefined;
    if (!backlog) {
      res.end(
        goneEvent(`too old resource version: ${rvParam} (${store.oldestResumableVersion() + 1})`),
      );
      return;
    }
  }

  const queue: string[] = [];
  let head = 0;
  let blocked = false;
  let closed = false;
  let tableHeadersSent = false;

  const write = (line: string): void => {
    if (closed) return;
    if (blocked) {
      queue.push(line);
      if (queue.length - head > MAX_QUEUED_EVENTS) active.reset();
      return;
    }
    if (!res.write(line)) blocked = true;
  };
  res.on('drain', () => {
    blocked = false;
    while (head < queue.length && !blocked) {
      if (!res.write(queue[head++] as string)) blocked = true;
    }
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
    }
  });

  const emit = (type: string, obj: KubeObject): void => {
    let body: string;
    if (w.table) {
      const table = toTable(key, [obj], {
        now: ctx.now(),
        includeObject: w.table.includeObject,
        withHeaders: !tableHeadersSent,
      });
      tableHeadersSent = true;
      body = JSON.stringify(table);
    } else if (w.served.toView) {
      body = JSON.stringify(w.served.toView(obj));
    } else {
      body = encodeObject(obj);
    }
    write(`{"type":"${type}","object":${body}}\n`);
  };

  const selected = (o: KubeObject): boolean =>
    (w.namespace === undefined || o.metadata.namespace === w.namespace) && w.filter.matches(o);

  // A change that moves an object into or out of the selection arrives as ADDED or DELETED, as from the watch cache.
  const onEvent = (ev: StoreEvent): void => {
    if (ev.resource !== key) return;
    if (ev.type === 'ADDED') {
      if (selected(ev.object)) emit('ADDED', ev.object);
    } else if (ev.type === 'DELETED') {
      if (selected(ev.oldObject ?? ev.object)) emit('DELETED', ev.object);
    } else {
      const now = selected(ev.object);
      const before = ev.oldObject ? selected(ev.oldObject) : now;
      if (now && before) emit('MODIFIED', ev.object);
      else if (now) emit('ADDED', ev.object);
      else if (before) emit('DELETED', ev.object);
    }
  };

  const bookmark = (annotations?: Record<string, string>): void => {
    const metadata: Record<string, unknown> = {
      resourceVersion: String(store.currentResourceVersion()),
    };
    if (annotations) metadata.annotations = annotations;
    write(
      `${JSON.stringify({ type: 'BOOKMARK', object: { kind: w.served.type.kind, apiVersion: apiVersionOf(w.served.type), metadata } })}\n`,
    );
  };

  const unsubscribe = store.subscribe(onEvent);
  const timers: NodeJS.Timeout[] = [];
  const cleanup = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    ctx.watches.delete(active);
  };
  const active: ActiveWatch = {
    end: () => {
      cleanup();
      res.end();
    },
    reset: () => {
      cleanup();
      res.destroy();
    },
  };
  ctx.watches.add(active);
  res.on('close', cleanup);
  req.on('close', cleanup);

  if (backlog) {
    for (const ev of backlog) onEvent(ev);
  } else {
    for (const obj of store.list(key, w.served.type.namespaced ? w.namespace : undefined)) {
      if (selected(obj)) emit('ADDED', obj);
    }
    if (w.sendInitialEvents && w.allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  }

  const timeout =
    (w.timeoutSeconds && w.timeoutSeconds > 0 ? w.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000;
  const deadline = Date.now() + timeout;
  timers.push(setTimeout(() => active.end(), timeout));
  // nextBookmarkTime (k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go): a bookmark every interval and one 2 s
  // before the deadline, so a client can resume from a fresh resourceVersion; none once that moment has passed.
  const scheduleBookmark = (): void => {
    const at = Math.min(Date.now() + ctx.bookmarkIntervalMs, deadline - 2000);
    if (at <= Date.now()) return;
    timers.push(
      setTimeout(() => {
        bookmark();
        scheduleBookmark();
      }, at - Date.now()),
    );
  };
  if (w.allowBookmarks) scheduleBookmark();
}
