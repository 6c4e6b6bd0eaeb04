/** The ground-truth log: what the simulation did, in order, so tests can prove a consumer saw it. */
import type { SimClock, TruthEntry } from './types.js';

/** Append-only, ordered record of simulation actions. */
export class TruthLog {
  private readonly entries: TruthEntry[] = [];
  private seq = 0;

  constructor(private readonly clock: SimClock) {}

  /** Record one action at the current simulated time. */
  record(kind: TruthEntry['kind'], details: Record<string, unknown>): TruthEntry {
    const entry: TruthEntry = {
      seq: ++this.seq,
      at: this.clock.now().toISOString(),
      kind,
      details,
    };
    this.entries.push(entry);
    return entry;
  }

  /** Entries at or after `since` (all when omitted), oldest first. */
  list(since?: Date): TruthEntry[] {
    if (!since) return this.entries.slice();
    const t = since.getTime();
    // Entries are appended in time order, so binary-search the first one at or after `since`.
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = this.entries[mid] as TruthEntry;
      if (Date.parse(e.at) < t) lo = mid + 1;
      else hi = mid;
    }
    return this.entries.slice(lo);
  }
}
