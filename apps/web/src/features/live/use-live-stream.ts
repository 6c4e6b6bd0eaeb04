'use client';

import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { LiveChangeBatchSchema } from '@plimsoll/shared/schemas';
import { useCallback, useEffect, useRef, useState } from 'react';

import { applyNodeRowsEvent } from '../nodes/queries';

/** live: connected; paused: the user stopped updates; reconnecting: the stream dropped and the browser retries. */
export type LiveState = 'connecting' | 'live' | 'paused' | 'reconnecting';

/**
 * Query key prefixes to refresh when a resource changes, for a cluster. Other views add theirs via `extra`. The node
 * list is not among them: the stream's `event: nodes` carries its changed rows (applyNodeRowsEvent).
 */
export function defaultInvalidations(cluster: string): Record<string, QueryKey[]> {
  return {
    nodes: [['nodes', cluster, 'detail'], ['overview', cluster], ['leases', cluster], ['clusters']],
    leases: [
      ['leases', cluster],
      ['overview', cluster],
    ],
    pods: [['nodes', cluster, 'detail']],
    events: [['nodes', cluster, 'detail']],
  };
}

/** Refetches wait at least this long after the previous round, so a 5,000-node cluster does not refetch per event. */
export const LIVE_REFRESH_MIN_INTERVAL_MS = 3_000;
const PAUSE_STORAGE_KEY = 'plimsoll.live.paused';

/**
 * Keeps react-query data of `cluster` fresh from `GET /api/v1/clusters/{cluster}/stream` (SSE): each `change` batch
 * marks the matching query keys for refresh, at most every LIVE_REFRESH_MIN_INTERVAL_MS. Pausing closes the stream
 * (and is remembered for the tab); EventSource reconnects by itself after a drop, shown as `reconnecting`.
 */
export function useLiveStream(cluster: string | undefined, extra?: Record<string, QueryKey[]>) {
  const queryClient = useQueryClient();
  const [paused, setPausedState] = useState(false);
  const [state, setState] = useState<LiveState>('connecting');
  const [lastEventAt, setLastEventAt] = useState<Date | null>(null);
  const pending = useRef(new Map<string, QueryKey>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastFlush = useRef(0);
  const extraRef = useRef(extra);
  extraRef.current = extra;

  useEffect(() => {
    setPausedState(window.sessionStorage.getItem(PAUSE_STORAGE_KEY) === '1');
  }, []);

  const setPaused = useCallback((next: boolean) => {
    setPausedState(next);
    window.sessionStorage.setItem(PAUSE_STORAGE_KEY, next ? '1' : '0');
  }, []);

  useEffect(() => {
    if (!cluster) return;
    if (paused) {
      setState('paused');
      return;
    }
    setState('connecting');
    const source = new EventSource(`/api/v1/clusters/${encodeURIComponent(cluster)}/stream`, {
      withCredentials: true,
    });
    const flush = () => {
      timer.current = null;
      lastFlush.current = Date.now();
      const keys = [...pending.current.values()];
      pending.current.clear();
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    };
    const schedule = () => {
      if (timer.current) return;
      const wait = Math.max(0, lastFlush.current + LIVE_REFRESH_MIN_INTERVAL_MS - Date.now());
      timer.current = setTimeout(flush, wait);
    };
    source.addEventListener('open', () => setState('live'));
    source.addEventListener('ready', () => setState('live'));
    source.addEventListener('error', () => {
      // CLOSED means the server refused (e.g. signed out): stop; CONNECTING means the browser is retrying.
      setState(source.readyState === EventSource.CLOSED ? 'reconnecting' : 'reconnecting');
    });
    source.addEventListener('nodes', (event) => {
      setState('live');
      applyNodeRowsEvent(queryClient, cluster, (event as MessageEvent<string>).data);
    });
    source.addEventListener('change', (event) => {
      setState('live');
      setLastEventAt(new Date());
      const parsed = LiveChangeBatchSchema.safeParse(
        JSON.parse((event as MessageEvent<string>).data),
      );
      if (!parsed.success) return;
      const map = { ...defaultInvalidations(cluster), ...(extraRef.current ?? {}) };
      for (const resource of Object.keys(parsed.data.changes)) {
        for (const key of map[resource] ?? []) pending.current.set(JSON.stringify(key), key);
      }
      if (pending.current.size > 0) schedule();
    });
    return () => {
      source.close();
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [cluster, paused, queryClient]);

  return { state: paused ? ('paused' as const) : state, paused, setPaused, lastEventAt };
}
