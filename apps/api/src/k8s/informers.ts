import { KubeApiError, type KubeClient, type KubeWatchHandle } from './kube-client.js';

/** What a reflector tells its owner. Objects are raw JSON; the owner turns them into snapshots. */
export interface ReflectorHandlers {
  /** A complete list (all pages): the state to reconcile against. Awaited, so the owner may apply backpressure. */
  onList(items: unknown[], resourceVersion: string): Promise<void>;
  /** One watch event. */
  onEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: unknown): void;
  /** A list or watch failed; the reflector backs off and retries. */
  onError(err: unknown, phase: 'list' | 'watch'): void;
  /** Bookkeeping for metrics and the health state. */
  onRelist?(reason: 'initial' | 'gone' | 'error' | 'resume'): void;
  onWatching?(): void;
}

/** What to list and watch. */
export interface ReflectorOptions {
  /** API path of the collection, e.g. `/api/v1/nodes`. */
  path: string;
  fieldSelector?: string;
  labelSelector?: string;
  /** Page size of list calls (the API server's `limit`). */
  pageSize?: number;
  /** Server-side watch timeout; the reflector re-watches from its resourceVersion afterwards. */
  watchTimeoutSeconds?: number;
  /** Backoff bounds (client-go and @kubernetes/client-node use 1 s → 30 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** A running list-watch loop. */
export interface Reflector {
  /** Stop watching (backpressure); `resume()` watches on from the last resourceVersion (or relists after 410). */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
  readonly resourceVersion: string | undefined;
}

const DEFAULT_PAGE_SIZE = 500;

/**
 * A list-watch loop in the manner of client-go's Reflector: list (paged) → watch from the list's resourceVersion
 * → on a clean end re-watch from the last resourceVersion seen, on 410 Gone relist, on any other failure back off
 * 1 s → 30 s (doubling, reset after a healthy watch) and retry. @kubernetes/client-node's makeInformer stops for
 * good on non-410 errors and keeps whole objects in its cache; this keeps nothing but the resourceVersion.
 */
export function startReflector(
  client: KubeClient,
  opts: ReflectorOptions,
  handlers: ReflectorHandlers,
): Reflector {
  const minBackoff = opts.minBackoffMs ?? 1000;
  const maxBackoff = opts.maxBackoffMs ?? 30_000;
  let backoff = minBackoff;
  let resourceVersion: string | undefined;
  let stopped = false;
  let paused = false;
  let current: KubeWatchHandle | undefined;
  let wake: (() => void) | undefined;
  let watchDelivered = false;
  let relistReason: 'initial' | 'gone' | 'error' | 'resume' = 'initial';

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = undefined;
        resolve();
      };
    });

  async function listAll(): Promise<void> {
    const items: unknown[] = [];
    let continueToken: string | undefined;
    let rv = '';
    do {
      const page = await client.list(opts.path, {
        limit: String(opts.pageSize ?? DEFAULT_PAGE_SIZE),
        continue: continueToken,
        fieldSelector: opts.fieldSelector,
        labelSelector: opts.labelSelector,
      });
      items.push(...page.items);
      rv = page.resourceVersion;
      continueToken = page.continueToken;
    } while (continueToken && !stopped);
    if (stopped) return;
    handlers.onRelist?.(relistReason);
    await handlers.onList(items, rv);
    resourceVersion = rv;
  }

  /** Resolves when the watch ends cleanly; rejects on errors; sets resourceVersion undefined on 410. */
  function watchOnce(): Promise<'ended' | 'gone'> {
    watchDelivered = false;
    return new Promise((resolve, reject) => {
      let settled = false;
      let sawEvent = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        current?.abort();
        current = undefined;
        fn();
      };
      client
        .watch(
          opts.path,
          {
            resourceVersion,
            allowWatchBookmarks: 'true',
            timeoutSeconds: String(opts.watchTimeoutSeconds ?? 300),
            fieldSelector: opts.fieldSelector,
            labelSelector: opts.labelSelector,
          },
          (type, object) => {
            if (settled) return;
            if (!sawEvent && type !== 'ERROR') {
              sawEvent = true;
              watchDelivered = true;
              backoff = minBackoff;
            }
            const rv = (object as { metadata?: { resourceVersion?: string } } | null)?.metadata
              ?.resourceVersion;
            if (type === 'ERROR') {
              const status = object as { code?: number; message?: string; reason?: string };
              if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone') {
                finish(() => resolve('gone'));
              } else {
                finish(() =>
                  reject(
                    new KubeApiError(
                      status.code ?? 500,
                      status.message ?? 'watch error',
                      status.reason,
                    ),
                  ),
                );
              }
              return;
            }
            if (type === 'BOOKMARK') {
              if (rv) resourceVersion = rv;
              return;
            }
            if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
              handlers.onEvent(type, object);
              if (rv) resourceVersion = rv;
            }
          },
          (err) => {
            if (!err) return finish(() => resolve('ended'));
            // The client aborts a watch that was quiet for 30 s; that is a normal re-watch, not a failure.
            if ((err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError') {
              return finish(() => resolve('ended'));
            }
            if ((err as { statusCode?: number }).statusCode === 410)
              return finish(() => resolve('gone'));
            finish(() => reject(err));
          },
        )
        .then(
          (handle) => {
            if (settled || stopped || paused) handle.abort();
            else current = handle;
          },
          (err: unknown) => finish(() => reject(err)),
        );
    });
  }

  const loop = (async () => {
    while (!stopped) {
      if (paused) {
        await sleep(60_000);
        continue;
      }
      if (resourceVersion === undefined) {
        try {
          await listAll();
        } catch (err) {
          if (stopped) break;
          handlers.onError(err, 'list');
          relistReason = 'error';
          await sleep(backoff);
          backoff = Math.min(backoff * 2, maxBackoff);
          continue;
        }
        continue;
      }
      try {
        handlers.onWatching?.();
        const outcome = await watchOnce();
        if (outcome === 'gone') {
          resourceVersion = undefined;
          relistReason = 'gone';
          // A watch that is Gone before it delivered anything would otherwise relist in a tight loop.
          if (backoff > minBackoff || !watchDelivered) {
            await sleep(backoff);
            backoff = Math.min(backoff * 2, maxBackoff);
          }
        }
      } catch (err) {
        if (stopped || paused) continue;
        handlers.onError(err, 'watch');
        await sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
  })();

  return {
    get resourceVersion() {
      return resourceVersion;
    },
    pause() {
      if (paused || stopped) return;
      paused = true;
      current?.abort();
      current = undefined;
    },
    resume() {
      if (!paused || stopped) return;
      paused = false;
      // Resume the watch where it stopped: the API server replays what we missed from its watch cache, and answers
      // 410 Gone (→ relist, which reconstructs) when the pause outlasted that window.
      relistReason = 'resume';
      backoff = minBackoff;
      wake?.();
    },
    async stop() {
      stopped = true;
      current?.abort();
      current = undefined;
      wake?.();
      await loop;
    },
  };
}
