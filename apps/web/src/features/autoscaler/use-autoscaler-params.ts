'use client';

import type { Route } from 'next';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

import { useCurrentCluster } from '../live/use-current-cluster';

/** Tabs of the Autoscaler view. */
export const AUTOSCALER_TABS = ['status', 'timeline', 'pending', 'why', 'extended'] as const;
export type AutoscalerTab = (typeof AUTOSCALER_TABS)[number];

/** Ranges offered for history and timeline. */
export const RANGES = {
  '1h': 3600_000,
  '6h': 6 * 3600_000,
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
} as const;
export type RangeKey = keyof typeof RANGES;

/** Everything the Autoscaler view keeps in its URL. */
export interface AutoscalerParams {
  cluster: string;
  tab: AutoscalerTab;
  range: RangeKey;
  kinds: string;
  ns: string;
  pod: string;
  cpu: string;
  memory: string;
  replicas: string;
  tolerate: string;
  selector: string;
}

const DEFAULTS: Partial<Record<keyof AutoscalerParams, string>> = { tab: 'status', range: '6h' };

/** Reads and writes URL state for a view; `cluster` follows {@link useCurrentCluster} (URL, remembered, first). */
export function useAutoscalerParams() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const current = useCurrentCluster();
  const currentCluster = current.cluster ?? '';
  const value = useMemo<AutoscalerParams>(() => {
    const tab = params.get('tab');
    const range = params.get('range');
    return {
      cluster: currentCluster,
      tab:
        tab && (AUTOSCALER_TABS as readonly string[]).includes(tab)
          ? (tab as AutoscalerTab)
          : 'status',
      range: range && range in RANGES ? (range as RangeKey) : '6h',
      kinds: params.get('kinds') ?? '',
      ns: params.get('ns') ?? '',
      pod: params.get('pod') ?? '',
      cpu: params.get('cpu') ?? '',
      memory: params.get('memory') ?? '',
      replicas: params.get('replicas') ?? '',
      tolerate: params.get('tolerate') ?? '',
      selector: params.get('selector') ?? '',
    };
  }, [params, currentCluster]);

  const update = useCallback(
    (patch: Partial<AutoscalerParams>) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, v] of Object.entries(patch)) {
        const text = String(v ?? '');
        if (text === '' || DEFAULTS[key as keyof AutoscalerParams] === text) next.delete(key);
        else next.set(key, text);
      }
      const search = next.toString();
      router.replace((search ? `${pathname}?${search}` : pathname) as Route, { scroll: false });
    },
    [params, pathname, router],
  );
  return {
    params: value,
    update,
    clustersLoading: current.clusters.isPending,
    noCluster: current.none,
  };
}
