import { createHash } from 'node:crypto';

import { boundParsedNumbers, parseAutoscalerStatus } from '@plimsoll/shared';

import type { ConfigMapSnapshot } from '../k8s/to-configmap-snapshot.js';
import { BadObjectError } from '../k8s/snapshot-util.js';
import type { WatchEvent } from './watch-event.js';
import type { RowSink } from './write-buffer.js';

/** The key of cluster-autoscaler's status ConfigMap that holds the status text (YAML since 1.30, text before). */
const STATUS_KEY = 'status';

/** cluster-autoscaler status (parseAutoscalerStatus), written when its text changes. */
export class AutoscalerIngester {
  private lastHash: string | null = null;

  constructor(
    private readonly cluster: string,
    private readonly sink: RowSink,
  ) {}

  seed(hash: string | null): void {
    this.lastHash = hash;
  }

  /** Throws BadObjectError when the status text cannot be parsed. */
  ingest(event: WatchEvent<ConfigMapSnapshot>): void {
    if (event.type === 'DELETED') return;
    const raw = event.object.data[STATUS_KEY];
    if (raw === undefined) return;
    const contentHash = createHash('sha256').update(raw).digest('hex');
    if (contentHash === this.lastHash) return;
    let status;
    try {
      status = parseAutoscalerStatus(raw);
    } catch (err) {
      throw new BadObjectError(
        `ConfigMap ${event.object.namespace}/${event.object.name}`,
        `unparseable autoscaler status: ${(err as Error).message}`,
      );
    }
    // Stored bounded (unsafe integers clamped, each noted in the status), so history holds only what the API
    // can send.
    const bounded = boundParsedNumbers(status);
    const stored =
      bounded.notes.length > 0 ? { ...bounded.value, notes: bounded.notes } : bounded.value;
    this.lastHash = contentHash;
    this.sink.push(
      'autoscalerStatus',
      {
        cluster: this.cluster,
        contentHash,
        status: JSON.parse(JSON.stringify(stored)) as object,
        raw,
        observedAt: event.observedAt,
      },
      'autoscaler-status',
    );
  }
}
