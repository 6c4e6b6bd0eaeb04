/**
 * Every resource the server answers for: the store's types, the events.k8s.io view, the computed
 * metrics.k8s.io types and the create-only review types.
 */
import type { KubeObjectStore } from '../store/object-store.js';
import { resourceKey } from '../store/types.js';
import type { KubeObject, ResourceType } from '../store/types.js';
import { fromEventsV1, toEventsV1 } from './views.js';

/** How the server answers for a resource. */
export type ServedKind = 'stored' | 'view' | 'metrics' | 'review';

/** One resource as served, with where its objects come from. */
export interface ServedResource {
  type: ResourceType;
  kind: ServedKind;
  /** Store key of the objects (for 'stored' and 'view'). */
  storeKey: string;
  toView?: (obj: KubeObject) => KubeObject;
  fromView?: (obj: KubeObject) => KubeObject;
}

const GET_LIST = ['get', 'list'];

const EXTRA_TYPES: Array<Omit<ServedResource, 'storeKey'> & { storeKey?: string }> = [
  {
    type: {
      group: 'events.k8s.io',
      version: 'v1',
      resource: 'events',
      kind: 'Event',
      namespaced: true,
      shortNames: ['ev'],
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    },
    kind: 'view',
    storeKey: 'core/v1/events',
    toView: toEventsV1,
    fromView: fromEventsV1,
  },
  {
    type: {
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      resource: 'nodes',
      kind: 'NodeMetrics',
      namespaced: false,
      verbs: GET_LIST,
    },
    kind: 'metrics',
  },
  {
    type: {
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      resource: 'pods',
      kind: 'PodMetrics',
      namespaced: true,
      verbs: GET_LIST,
    },
    kind: 'metrics',
  },
  {
    type: {
      group: 'authentication.k8s.io',
      version: 'v1',
      resource: 'tokenreviews',
      kind: 'TokenReview',
      namespaced: false,
      verbs: ['create'],
    },
    kind: 'review',
  },
  {
    type: {
      group: 'authorization.k8s.io',
      version: 'v1',
      resource: 'subjectaccessreviews',
      kind: 'SubjectAccessReview',
      namespaced: false,
      verbs: ['create'],
    },
    kind: 'review',
  },
  {
    type: {
      group: 'authorization.k8s.io',
      version: 'v1',
      resource: 'selfsubjectaccessreviews',
      kind: 'SelfSubjectAccessReview',
      namespaced: false,
      verbs: ['create'],
    },
    kind: 'review',
  },
  {
    type: {
      group: 'authorization.k8s.io',
      version: 'v1',
      resource: 'localsubjectaccessreviews',
      kind: 'LocalSubjectAccessReview',
      namespaced: true,
      verbs: ['create'],
    },
    kind: 'review',
  },
];

/** All served resources, the store's first, in discovery order. */
export function servedResources(store: KubeObjectStore): ServedResource[] {
  const stored: ServedResource[] = store.resourceTypes().map((type) => ({
    type,
    kind: 'stored',
    storeKey: resourceKey(type.group, type.version, type.resource),
  }));
  const extra: ServedResource[] = EXTRA_TYPES.map((e) => ({
    ...e,
    storeKey: e.storeKey ?? resourceKey(e.type.group, e.type.version, e.type.resource),
  }));
  return [...stored, ...extra];
}

/** The served resource for a URL's group, version and plural name. */
export function findServed(
  store: KubeObjectStore,
  group: string,
  version: string,
  resource: string,
): ServedResource | undefined {
  return servedResources(store).find(
    (s) => s.type.group === group && s.type.version === version && s.type.resource === resource,
  );
}

/** `v1` or `coordination.k8s.io/v1`. */
export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}
