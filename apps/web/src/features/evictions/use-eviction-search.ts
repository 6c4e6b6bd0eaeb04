'use client';

import type { EvictionGroupBy } from '@plimsoll/shared/schemas';
import { EVICTION_GROUP_BY } from '@plimsoll/shared/schemas';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';

import { useCurrentCluster } from '../live/use-current-cluster';
import type { EvictionFilterParams } from './queries';

/** Range presets, shortest first. */
export const RANGE_PRESETS = [
  { key: '1h', label: '1h', ms: 3600_000 },
  { key: '6h', label: '6h', ms: 6 * 3600_000 },
  { key: '24h', label: '24h', ms: 24 * 3600_000 },
  { key: '7d', label: '7d', ms: 7 * 24 * 3600_000 },
  { key: '30d', label: '30d', ms: 30 * 24 * 3600_000 },
  { key: '1y', label: '1y', ms: 365 * 24 * 3600_000 },
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number]['key'];

/** The narrowest zoom: one minute. */
export const MIN_RANGE_MS = 60_000;

/** The filter fields kept in the URL, in the order the filter bar shows them. */
export const FILTER_KEYS = ['node', 'namespace', 'tenant', 'owner', 'resource', 'qos'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface EvictionSearch {
  cluster: string | null;
  preset: RangePreset | null;
  from: Date;
  to: Date;
  groupBy: EvictionGroupBy;
  tab: 'list' | 'episodes';
  filters: Partial<Record<FilterKey, string>>;
  /** What the API gets: the range as ISO text plus the filters. */
  params: EvictionFilterParams | null;
  /** `compare=previous`: the window just before, as long as this one, with the same filters. */
  previous: EvictionFilterParams | null;
}

/** Ticks once a minute so preset ranges ("last hour") follow the clock without churning query keys. */
function useMinute(): number {
  const [minute, setMinute] = useState(() => Math.ceil(Date.now() / 60_000));
  useEffect(() => {
    const id = setInterval(() => setMinute(Math.ceil(Date.now() / 60_000)), 15_000);
    return () => clearInterval(id);
  }, []);
  return minute;
}

function parseTime(text: string | null): Date | null {
  if (!text) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * The eviction view's state, all of it in the URL: `cluster`, `range` (a preset) or `from`/`to` (a zoomed window),
 * `groupBy`, `tab`, `compare` and each filter. `update` replaces the URL (no history entry per keystroke).
 */
export function useEvictionSearch() {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const current = useCurrentCluster();
  const minute = useMinute();

  const state = useMemo((): EvictionSearch => {
    const cluster = current.cluster ?? null;
    const from = parseTime(search.get('from'));
    const to = parseTime(search.get('to'));
    const presetText = search.get('range');
    const preset = RANGE_PRESETS.find((p) => p.key === presetText) ?? null;
    let range: { from: Date; to: Date; preset: RangePreset | null };
    if (!preset && from && to && from < to) range = { from, to, preset: null };
    else {
      const p = preset ?? RANGE_PRESETS[2];
      const end = new Date(minute * 60_000);
      range = { from: new Date(end.getTime() - p.ms), to: end, preset: p.key };
    }
    const g = search.get('groupBy');
    const groupBy = (EVICTION_GROUP_BY as readonly string[]).includes(g ?? '')
      ? (g as EvictionGroupBy)
      : 'node';
    const filters: Partial<Record<FilterKey, string>> = {};
    for (const k of FILTER_KEYS) {
      const v = search.get(k);
      if (v) filters[k] = v;
    }
    return {
      cluster,
      ...range,
      groupBy,
      tab: search.get('tab') === 'episodes' ? 'episodes' : 'list',
      filters,
      params: cluster
        ? { from: range.from.toISOString(), to: range.to.toISOString(), ...filters }
        : null,
      previous:
        cluster && search.get('compare') === 'previous'
          ? {
              from: new Date(2 * range.from.getTime() - range.to.getTime()).toISOString(),
              to: range.from.toISOString(),
              ...filters,
            }
          : null,
    };
  }, [search, current.cluster, minute]);

  const update = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(search.toString());
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === '') next.delete(k);
        else next.set(k, v);
      }
      const qs = next.toString();
      router.replace(
        (qs ? `${pathname}?${qs}` : pathname) as Parameters<typeof router.replace>[0],
        { scroll: false },
      );
    },
    [search, router, pathname],
  );

  /** Show the window [from, to] (at least a minute wide). */
  const zoomTo = useCallback(
    (from: number, to: number) => {
      let a = Math.min(from, to);
      let b = Math.max(from, to);
      if (b - a < MIN_RANGE_MS) {
        const mid = (a + b) / 2;
        a = mid - MIN_RANGE_MS / 2;
        b = mid + MIN_RANGE_MS / 2;
      }
      a = Math.floor(a / 1000) * 1000;
      b = Math.ceil(b / 1000) * 1000;
      update({ range: null, from: new Date(a).toISOString(), to: new Date(b).toISOString() });
    },
    [update],
  );

  return { ...state, update, zoomTo, clusterLoading: current.clusters.isPending };
}
