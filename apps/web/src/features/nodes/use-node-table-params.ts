'use client';

import {
  NODE_CONDITION_FILTERS,
  NODE_SORT_KEYS,
  type NodeConditionFilter,
  type NodeSortKey,
} from '@plimsoll/shared/schemas';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

/** The nodes table's filters and sort, read from and written to the URL (so a view can be shared and reloaded). */
export interface NodeTableParams {
  q: string;
  condition: NodeConditionFilter[];
  pool: string;
  tenant: string;
  skew: '' | 'skewed' | 'current';
  sort: NodeSortKey;
  order: 'asc' | 'desc';
}

export function useNodeTableParams() {
  const params = useSearchParams();
  const pathname = usePathname();
  const value = useMemo<NodeTableParams>(() => {
    const sort = params.get('sort');
    const skew = params.get('skew');
    return {
      q: params.get('q') ?? '',
      condition: (params.get('condition') ?? '')
        .split(',')
        .filter((c): c is NodeConditionFilter =>
          (NODE_CONDITION_FILTERS as readonly string[]).includes(c),
        ),
      pool: params.get('pool') ?? '',
      tenant: params.get('tenant') ?? '',
      skew: skew === 'skewed' || skew === 'current' ? skew : '',
      sort:
        sort && (NODE_SORT_KEYS as readonly string[]).includes(sort)
          ? (sort as NodeSortKey)
          : 'name',
      order: params.get('order') === 'desc' ? 'desc' : 'asc',
    };
  }, [params]);

  const update = useCallback(
    (patch: Partial<NodeTableParams>) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, v] of Object.entries(patch)) {
        const text = Array.isArray(v) ? v.join(',') : String(v ?? '');
        const isDefault =
          text === '' || (key === 'sort' && text === 'name') || (key === 'order' && text === 'asc');
        if (isDefault) next.delete(key);
        else next.set(key, text);
      }
      const search = next.toString();
      // The browser's own history, which Next.js's router follows (useSearchParams updates): router.replace would
      // fetch the page's server payload again, and a sort click waited for that round trip (bench views profile).
      window.history.replaceState(null, '', search ? `${pathname}?${search}` : pathname);
    },
    [params, pathname],
  );
  return [value, update] as const;
}
