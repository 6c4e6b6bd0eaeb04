/** The resources the collector lists and watches. */
export type CollectedResource =
  'nodes' | 'pods' | 'leases' | 'events' | 'namespaces' | 'resourcequotas' | 'autoscaler-status';

/** One change to one object, normalised from a watch event or a list (STYLE.md §5). */
export interface WatchEvent<T = unknown> {
  cluster: string;
  resource: CollectedResource;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: T;
  /** Our clock when the collector received it. */
  observedAt: Date;
  /** True when it came from a (re)list rather than a watch: what it shows may have happened while we were away. */
  fromList: boolean;
}
