/**
 * The contract between the simulated API server (src/server) and the simulation (src/sim).
 * The simulation mutates cluster state only through an ObjectStore; the server serves it over REST and watch.
 */

/** A Kubernetes object in its JSON form, as the API server stores and serves it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<Record<string, unknown>>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A served resource type, e.g. { group: '', version: 'v1', resource: 'nodes' }; group '' is the core group. */
export interface ResourceType {
  group: string;
  version: string;
  /** Plural lower-case name as it appears in URLs. */
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  verbs?: string[];
  /** Subresources served, e.g. ['status'] or ['proxy']. */
  subresources?: string[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface StoreEvent {
  type: Exclude<WatchEventType, 'BOOKMARK' | 'ERROR'>;
  resource: string; // `${group}/${version}/${resource}` key, see resourceKey()
  object: KubeObject;
  resourceVersion: number;
  /** The object before this change (MODIFIED and DELETED), so a selector watch can tell an object left its selection. */
  oldObject?: KubeObject;
}

export interface ObjectStore {
  /** All resource types served, including CRD-like groups enabled by a scenario. */
  resourceTypes(): ResourceType[];
  /** Enable another resource type at run time (e.g. Cluster API CRDs in a scenario). */
  registerResourceType(type: ResourceType): void;
  get(key: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(key: string, namespace?: string): KubeObject[];
  /** Assigns uid, resourceVersion, creationTimestamp (from the simulation clock). Throws a 409-style error if it exists. */
  create(key: string, obj: KubeObject): KubeObject;
  /** Replaces the object; bumps resourceVersion. If obj.metadata.resourceVersion is set and stale, throws a 409-style error. */
  update(key: string, obj: KubeObject): KubeObject;
  /** Read-modify-write helper for the simulation: applies fn to a deep copy and stores the result. */
  mutate(
    key: string,
    namespace: string | undefined,
    name: string,
    fn: (obj: KubeObject) => void,
  ): KubeObject | undefined;
  delete(key: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Current global resourceVersion (monotonic integer, served as a string). */
  currentResourceVersion(): number;
  /** Subscribe to every change; returns an unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void;
}

/** Key for a resource type: 'core/v1/nodes', 'coordination.k8s.io/v1/leases'. */
export function resourceKey(group: string, version: string, resource: string): string {
  return `${group === '' ? 'core' : group}/${version}/${resource}`;
}
