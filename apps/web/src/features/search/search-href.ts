import type { SearchKind, SearchResult } from '@plimsoll/shared/schemas';
import type { Route } from 'next';

/** Headings of the palette's groups, in display order. */
export const KIND_HEADINGS: Record<SearchKind, string> = {
  node: 'Nodes',
  namespace: 'Namespaces',
  tenant: 'Tenants',
  pod: 'Pods',
  eviction: 'Evictions',
};

/**
 * Where a result opens: a node's page; a tenant's page; a namespace's or a pod's evictions (a pod's
 * node page when it runs somewhere, since that is where its eviction rank is); one eviction.
 */
export function searchResultHref(r: SearchResult, cluster: string): Route {
  const c = `cluster=${encodeURIComponent(cluster)}`;
  switch (r.kind) {
    case 'node':
      return `/nodes/${encodeURIComponent(r.name)}?${c}` as Route;
    case 'tenant':
      return `/tenants/${encodeURIComponent(r.name)}?${c}` as Route;
    case 'namespace':
      return `/evictions?${c}&namespace=${encodeURIComponent(r.name)}&range=7d` as Route;
    case 'pod':
      return (
        r.node
          ? `/nodes/${encodeURIComponent(r.node)}?${c}`
          : `/evictions?${c}&namespace=${encodeURIComponent(r.namespace ?? '')}&range=7d`
      ) as Route;
    case 'eviction':
      return `/evictions/${encodeURIComponent(r.id ?? '')}?${c}` as Route;
  }
}
