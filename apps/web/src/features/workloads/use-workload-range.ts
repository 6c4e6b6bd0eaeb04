'use client';

import type { Route } from 'next';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';

/** The ranges the workload views offer; a week is the default, long enough to see an offender repeat. */
export const WORKLOAD_RANGES = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
} as const;
export type WorkloadRangeKey = keyof typeof WORKLOAD_RANGES;
const DEFAULT: WorkloadRangeKey = '7d';

/** `?range=` of a workload view, its from/to (rounded to the minute so query keys stay stable), and a setter. */
export function useWorkloadRange() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const raw = params.get('range');
  const key: WorkloadRangeKey = raw && raw in WORKLOAD_RANGES ? (raw as WorkloadRangeKey) : DEFAULT;
  const range = useMemo(() => {
    const to = Math.ceil(Date.now() / 60_000) * 60_000;
    return {
      from: new Date(to - WORKLOAD_RANGES[key]).toISOString(),
      to: new Date(to).toISOString(),
    };
  }, [key]);
  const setKey = (next: WorkloadRangeKey) => {
    const q = new URLSearchParams(params.toString());
    if (next === DEFAULT) q.delete('range');
    else q.set('range', next);
    const s = q.toString();
    router.replace((s ? `${pathname}?${s}` : pathname) as Route, { scroll: false });
  };
  return { key, range, setKey };
}
