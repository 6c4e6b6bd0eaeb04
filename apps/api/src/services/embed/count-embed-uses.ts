import type { EmbedLinkRepository } from '../../repositories/embed-link-repository.js';

/** How often counted uses are written. */
export const EMBED_USE_FLUSH_MS = 10_000;

/**
 * Counts each use of an embed link in memory and writes the sums every few seconds (and on close), so a panel
 * polled by many viewers costs one UPDATE per link per interval instead of one per request.
 */
export function createEmbedUseCounter(opts: {
  repo: Pick<EmbedLinkRepository, 'addUses'>;
  flushMs?: number;
  onError?: (err: unknown) => void;
}) {
  let pending = new Map<string, { count: number; lastUsedAt: Date }>();
  let flushing: Promise<void> = Promise.resolve();

  async function flush(): Promise<void> {
    // Chained so two flushes never write the same batch, and a caller awaiting flush() sees every earlier use.
    flushing = flushing.then(async () => {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      try {
        await opts.repo.addUses(batch);
      } catch (err) {
        // Put the uses back; they are written with the next batch.
        for (const [id, u] of batch) {
          const cur = pending.get(id);
          pending.set(
            id,
            cur
              ? {
                  count: cur.count + u.count,
                  lastUsedAt: cur.lastUsedAt > u.lastUsedAt ? cur.lastUsedAt : u.lastUsedAt,
                }
              : u,
          );
        }
        opts.onError?.(err);
      }
    });
    return flushing;
  }

  const timer = setInterval(() => void flush(), opts.flushMs ?? EMBED_USE_FLUSH_MS);
  timer.unref();

  return {
    record(linkId: string, at: Date): void {
      const cur = pending.get(linkId);
      if (cur) {
        cur.count++;
        if (at > cur.lastUsedAt) cur.lastUsedAt = at;
      } else pending.set(linkId, { count: 1, lastUsedAt: at });
    },
    flush,
    async close(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
  };
}

export type EmbedUseCounter = ReturnType<typeof createEmbedUseCounter>;
