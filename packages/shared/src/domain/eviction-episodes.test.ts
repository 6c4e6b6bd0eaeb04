import { describe, expect, it } from 'vitest';

import {
  checkEvictionOrder,
  compareEvictionOrder,
  DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS,
  getEvictedUsage,
  getRankingSignalForResource,
  groupEvictionEpisodes,
  type EpisodeEvictionInput,
} from './eviction-episodes.js';
import type { EvictionOffender } from './eviction-message-parse.js';

const T0 = Date.parse('2025-03-01T10:00:00Z');
const MIN = 60_000;

function ev(
  id: string,
  node: string | null,
  resource: string | null,
  minutes: number,
  offenders: EvictionOffender[] = [],
): EpisodeEvictionInput {
  return { id, node, resource, evictedAt: new Date(T0 + minutes * MIN), offenders };
}

const c = (name: string, usage: string, request: string | null = '0'): EvictionOffender => ({
  kind: 'container',
  name,
  usage,
  request,
});

describe('groupEvictionEpisodes', () => {
  it('puts evictions on one node for one resource no more than 5 minutes apart in one episode', () => {
    const episodes = groupEvictionEpisodes([
      ev('1', 'n1', 'memory', 0, [c('a', '300Mi', '100Mi')]),
      ev('2', 'n1', 'memory', 4, [c('b', '200Mi', '100Mi')]),
      ev('3', 'n1', 'memory', 9),
    ]);
    expect(episodes).toHaveLength(1);
    const [e] = episodes;
    expect(e?.evictions.map((x) => x.id)).toEqual(['1', '2', '3']);
    expect(e?.start.toISOString()).toBe('2025-03-01T10:00:00.000Z');
    expect(e?.end.toISOString()).toBe('2025-03-01T10:09:00.000Z');
    expect(e?.reclaimed).toBe('500Mi');
    expect(e?.reclaimedUnknown).toBe(1);
  });

  it('treats a gap of exactly the transition period as consecutive and anything longer as a new episode', () => {
    const gap = DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS / MIN;
    const episodes = groupEvictionEpisodes([
      ev('1', 'n1', 'memory', 0),
      ev('2', 'n1', 'memory', gap),
      { ...ev('3', 'n1', 'memory', 0), evictedAt: new Date(T0 + 2 * gap * MIN + 1) },
    ]);
    expect(episodes.map((e) => e.evictions.map((x) => x.id))).toEqual([['1', '2'], ['3']]);
  });

  it('keeps nodes and resources apart', () => {
    const episodes = groupEvictionEpisodes([
      ev('1', 'n1', 'memory', 0),
      ev('2', 'n2', 'memory', 1),
      ev('3', 'n1', 'ephemeral-storage', 2),
      ev('4', 'n1', 'memory', 3),
    ]);
    expect(episodes.map((e) => [e.node, e.resource, e.evictions.map((x) => x.id)])).toEqual([
      ['n1', 'memory', ['1', '4']],
      ['n2', 'memory', ['2']],
      ['n1', 'ephemeral-storage', ['3']],
    ]);
  });

  it('orders evictions by time then numeric id, whatever the input order', () => {
    const episodes = groupEvictionEpisodes([
      ev('10', 'n1', 'memory', 1),
      ev('9', 'n1', 'memory', 1),
      ev('11', 'n1', 'memory', 0),
    ]);
    expect(episodes[0]?.evictions.map((x) => x.id)).toEqual(['11', '9', '10']);
  });

  it('puts every eviction in exactly one episode, one of its own when it has no node', () => {
    const input = [ev('1', null, 'memory', 0), ev('2', null, 'memory', 0), ev('3', 'n1', null, 0)];
    const episodes = groupEvictionEpisodes(input);
    expect(episodes).toHaveLength(3);
    expect(episodes.flatMap((e) => e.evictions.map((x) => x.id)).sort()).toEqual(['1', '2', '3']);
    expect(episodes.every((e) => e.reclaimed === null)).toBe(true);
  });

  it('honours a custom gap', () => {
    const episodes = groupEvictionEpisodes(
      [ev('1', 'n1', 'memory', 0), ev('2', 'n1', 'memory', 2)],
      {
        gapMs: MIN,
      },
    );
    expect(episodes).toHaveLength(2);
  });
});

describe('getEvictedUsage', () => {
  it('prefers the pod-level figure and otherwise sums the named containers', () => {
    expect(getEvictedUsage([c('a', '1Gi'), c('b', '512Mi')])?.toString()).toBe('1536Mi');
    expect(
      getEvictedUsage([
        { kind: 'pod', name: 'p', usage: '2Gi', request: '1Gi' },
        c('a', '1Gi'),
      ])?.toString(),
    ).toBe('2Gi');
    expect(getEvictedUsage([])).toBeNull();
  });
});

describe('compareEvictionOrder', () => {
  it('breaks time ties by id', () => {
    const a = { id: '2', evictedAt: new Date(T0) };
    const b = { id: '10', evictedAt: new Date(T0) };
    expect(compareEvictionOrder(a, b)).toBeLessThan(0);
  });
});

describe('checkEvictionOrder', () => {
  it('maps starved resources to the signal the kubelet ranks by', () => {
    expect(getRankingSignalForResource('memory')).toBe('memory.available');
    expect(getRankingSignalForResource('ephemeral-storage')).toBe('nodefs.available');
    expect(getRankingSignalForResource('[DiskPressure]')).toBeNull();
  });

  it('agrees when pods over their request went first, larger overage first', () => {
    const check = checkEvictionOrder('memory', [
      { id: 'a', priority: 0, offenders: [c('app', '900Mi', '100Mi')] },
      { id: 'b', priority: 0, offenders: [c('app', '400Mi', '100Mi')] },
      { id: 'c', priority: 0, offenders: [] },
    ]);
    expect(check.matches).toBe(true);
    expect(check.expected).toEqual(['a', 'b', 'c']);
    expect(check.pods.map((p) => p.exceedsRequest)).toEqual([true, true, false]);
    expect(check.pods[0]?.aboveRequest).toBe('800Mi');
  });

  it('flags a pod within its request evicted before one over it', () => {
    const check = checkEvictionOrder('memory', [
      { id: 'quiet', priority: 0, offenders: [], containerRequests: { app: { memory: '1Gi' } } },
      { id: 'hog', priority: 0, offenders: [c('app', '2Gi', '100Mi')] },
    ]);
    expect(check.matches).toBe(false);
    expect(check.firstMismatch).toBe(0);
    expect(check.expected).toEqual(['hog', 'quiet']);
  });

  it('ranks lower priority first among pods that all exceed their requests', () => {
    const check = checkEvictionOrder('memory', [
      { id: 'high', priority: 1000, offenders: [c('app', '2Gi', '100Mi')] },
      { id: 'low', priority: 0, offenders: [c('app', '200Mi', '100Mi')] },
    ]);
    expect(check.expected).toEqual(['low', 'high']);
    expect(check.matches).toBe(false);
  });

  it('ranks disk pressure by writable-layer usage over the ephemeral-storage request', () => {
    const check = checkEvictionOrder('ephemeral-storage', [
      { id: 'big', priority: 0, offenders: [c('w', '5Gi', '1Gi')] },
      { id: 'small', priority: 0, offenders: [c('w', '2Gi', '1Gi')] },
    ]);
    expect(check.signal).toBe('nodefs.available');
    expect(check.matches).toBe(true);
  });

  it('cannot check a resource without a ranking', () => {
    const check = checkEvictionOrder('[DiskPressure]', [{ id: 'x', priority: 0, offenders: [] }]);
    expect(check.matches).toBeNull();
    expect(check.signal).toBeNull();
  });
});
