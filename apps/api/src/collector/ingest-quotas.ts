import type { QuotaSnapshot } from '../k8s/to-quota-snapshot.js';
import { stableJson } from './stable-json.js';
import type { WatchEvent } from './watch-event.js';
import type { RowSink } from './write-buffer.js';

/** ResourceQuota hard/used, written only when they change (not on every status resync). */
export class QuotaIngester {
  private readonly last = new Map<string, string>();

  constructor(
    private readonly cluster: string,
    private readonly sink: RowSink,
  ) {}

  seed(latest: Array<{ namespace: string; name: string; hard: unknown; used: unknown }>): void {
    this.last.clear();
    for (const q of latest)
      this.last.set(`${q.namespace}/${q.name}`, stableJson({ hard: q.hard, used: q.used }));
  }

  ingest(event: WatchEvent<QuotaSnapshot>): void {
    const q = event.object;
    const key = `${q.namespace}/${q.name}`;
    if (event.type === 'DELETED') {
      this.last.delete(key);
      return;
    }
    const value = stableJson({ hard: q.hard, used: q.used });
    if (this.last.get(key) === value) return;
    this.last.set(key, value);
    this.sink.push(
      'quotaSamples',
      {
        cluster: this.cluster,
        namespace: q.namespace,
        name: q.name,
        hard: q.hard,
        used: q.used,
        scopes: q.scopes,
        resourceVersion: q.resourceVersion,
        observedAt: event.observedAt,
      },
      'resourcequotas',
    );
  }
}
