import { EventEmitter } from 'node:events';

import type { CollectedResource } from './watch-event.js';

/** A change to the in-memory state of a cluster, for the SSE route. */
export interface LiveChange {
  cluster: string;
  resource: CollectedResource;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** `namespace/name` or `name`. */
  key: string;
  /** The slim snapshot (for DELETED, the object's last state: a deleted pod still names its node). */
  snapshot?: unknown;
  observedAt: string;
}

/** An in-process fan-out of changes. Listeners must be quick; a slow SSE client buffers on its own socket. */
export class LiveBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open SSE stream is a listener; the default cap of 10 would warn for no reason.
    this.emitter.setMaxListeners(0);
  }

  publish(change: LiveChange): void {
    this.emitter.emit('change', change);
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: (change: LiveChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  listenerCount(): number {
    return this.emitter.listenerCount('change');
  }
}
