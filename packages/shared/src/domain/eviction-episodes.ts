import type { V1Container, V1Pod } from '@kubernetes/client-node';

import type { EvictionOffender } from './eviction-message-parse.js';
import { rankPodsForEviction } from './eviction-rank.js';
import type { ContainerStats, PodStats } from './kubelet-stats.js';
import { newQuantity, parseQuantity, type Quantity } from './quantity.js';

/**
 * The kubelet's default `evictionPressureTransitionPeriod` (5m0s): how long a node keeps reporting a pressure
 * condition after the last time an eviction threshold was met. Evictions closer together than this happened
 * under one unbroken pressure condition, which is what {@link groupEvictionEpisodes} calls an episode.
 */
export const DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS = 5 * 60_000;

/** What {@link groupEvictionEpisodes} needs of one eviction. */
export interface EpisodeEvictionInput {
  /** A stable id; numeric strings (database ids) order numerically. */
  id: string;
  node: string | null;
  /** The starved resource the kubelet named (`memory`, `ephemeral-storage`, `pids`, …). */
  resource: string | null;
  evictedAt: Date;
  offenders: readonly EvictionOffender[];
}

/** Consecutive evictions on one node for one resource. */
export interface EvictionEpisode<T extends EpisodeEvictionInput = EpisodeEvictionInput> {
  node: string | null;
  resource: string | null;
  /** The first eviction's time. */
  start: Date;
  /** The last eviction's time. */
  end: Date;
  /** In eviction order: time, then id. */
  evictions: T[];
  /**
   * A lower bound of what the evictions freed: the sum of each evicted pod's usage as the kubelet's message
   * printed it ({@link getEvictedUsage}); null when no message named any usage.
   */
  reclaimed: string | null;
  /** Evictions whose message named no usage, so {@link reclaimed} leaves them out. */
  reclaimedUnknown: number;
}

/** Options of {@link groupEvictionEpisodes}. */
export interface GroupEvictionEpisodesOptions {
  /** The largest gap between two evictions of one episode. Default {@link DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS}. */
  gapMs?: number;
}

/** Orders evictions by time, then by id (numerically when both ids are digits). */
export function compareEvictionOrder(
  a: Pick<EpisodeEvictionInput, 'id' | 'evictedAt'>,
  b: Pick<EpisodeEvictionInput, 'id' | 'evictedAt'>,
): number {
  const dt = a.evictedAt.getTime() - b.evictedAt.getTime();
  if (dt !== 0) return dt < 0 ? -1 : 1;
  if (/^\d+$/.test(a.id) && /^\d+$/.test(b.id)) {
    const x = BigInt(a.id);
    const y = BigInt(b.id);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function parseQuantityOrNull(text: string | null | undefined): Quantity | null {
  if (text === null || text === undefined || text === '') return null;
  try {
    return parseQuantity(text);
  } catch {
    return null;
  }
}

/**
 * The usage of the starved resource that the kubelet's message attributed to the evicted pod: the pod-level
 * figure when it printed one (pod-level resources), else the sum over the containers it named. Containers it
 * did not name used no more than their request and are not counted. Null when it named none.
 */
export function getEvictedUsage(offenders: readonly EvictionOffender[]): Quantity | null {
  const podLevel = offenders.find((o) => o.kind === 'pod');
  if (podLevel) return parseQuantityOrNull(podLevel.usage);
  let total: Quantity | null = null;
  for (const o of offenders) {
    const usage = parseQuantityOrNull(o.usage);
    if (usage === null) continue;
    total = total === null ? usage : total.add(usage);
  }
  return total;
}

/**
 * Groups evictions into episodes: evictions on the same node for the same resource are consecutive, and so in
 * one episode, when each follows the previous one by at most `gapMs` (default: the kubelet's 5-minute pressure
 * transition period, so an episode is one unbroken pressure condition as the node reported it). A gap longer
 * than that starts a new episode. Evictions with no node (never scheduled) each form their own episode.
 * Every input eviction is in exactly one episode. Episodes come back ordered by start, then node, then resource.
 * Pure: the input is not modified.
 */
export function groupEvictionEpisodes<T extends EpisodeEvictionInput>(
  evictions: readonly T[],
  options: GroupEvictionEpisodesOptions = {},
): EvictionEpisode<T>[] {
  const gapMs = options.gapMs ?? DEFAULT_EVICTION_PRESSURE_TRANSITION_PERIOD_MS;
  const byKey = new Map<string, T[]>();
  const solo: T[][] = [];
  for (const e of evictions) {
    if (e.node === null) {
      solo.push([e]);
      continue;
    }
    // A NUL cannot appear in a node name or resource, so the key is unambiguous.
    const key = `${e.node}\u0000${e.resource ?? ''}`;
    const list = byKey.get(key);
    if (list) list.push(e);
    else byKey.set(key, [e]);
  }
  const groups: T[][] = [...solo];
  for (const list of byKey.values()) {
    list.sort(compareEvictionOrder);
    let current: T[] = [];
    for (const e of list) {
      const last = current[current.length - 1];
      if (last !== undefined && e.evictedAt.getTime() - last.evictedAt.getTime() > gapMs) {
        groups.push(current);
        current = [];
      }
      current.push(e);
    }
    if (current.length > 0) groups.push(current);
  }
  const episodes = groups.map((list): EvictionEpisode<T> => {
    const first = list[0] as T;
    const last = list[list.length - 1] as T;
    let reclaimed: Quantity | null = null;
    let unknown = 0;
    for (const e of list) {
      const usage = getEvictedUsage(e.offenders);
      if (usage === null) unknown += 1;
      else reclaimed = reclaimed === null ? usage : reclaimed.add(usage);
    }
    return {
      node: first.node,
      resource: first.resource,
      start: first.evictedAt,
      end: last.evictedAt,
      evictions: list,
      reclaimed: reclaimed === null ? null : reclaimed.toString(),
      reclaimedUnknown: unknown,
    };
  });
  return episodes.sort(
    (a, b) =>
      a.start.getTime() - b.start.getTime() ||
      cmpText(a.node ?? '', b.node ?? '') ||
      cmpText(a.resource ?? '', b.resource ?? ''),
  );
}

function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The eviction signal whose ranking the kubelet used for a starved resource, on a node whose images and writable
 * layers share the root filesystem (the common layout; every disk signal then ranks the same way). Null for a
 * resource no ranking applies to (e.g. a `[DiskPressure]` admission message).
 */
export function getRankingSignalForResource(resource: string | null): string | null {
  switch (resource) {
    case 'memory':
      return 'memory.available';
    case 'ephemeral-storage':
      return 'nodefs.available';
    case 'inodes':
      return 'nodefs.inodesFree';
    case 'pids':
      return 'pid.available';
    default:
      return null;
  }
}

/** What Plimsoll knew of one evicted pod when checking the order of an episode. */
export interface EvictedPodFacts {
  id: string;
  /** spec.priority at eviction; null counts as 0, as the kubelet does. */
  priority: number | null;
  /** Containers named in the kubelet's message, with usage and request. */
  offenders: readonly EvictionOffender[];
  /**
   * The requests of every container of the pod, when Plimsoll still had the pod (name → resource → quantity).
   * Without it, only the containers the message named are known, with the request it printed.
   */
  containerRequests?: Readonly<Record<string, Readonly<Record<string, string>>>> | null;
}

/** One pod as the order check saw it. */
export interface EvictionOrderPod {
  id: string;
  priority: number;
  /** Whether the pod's usage exceeded its request, as far as the message shows. */
  exceedsRequest: boolean;
  /** Usage minus request of the starved resource (Quantity text); null when unknown. */
  aboveRequest: string | null;
}

/** The verdict of {@link checkEvictionOrder}. */
export interface EvictionOrderCheck {
  /** The signal whose ranking was applied; null when the resource has none (nothing could be checked). */
  signal: string | null;
  /** Ids in the order they were evicted. */
  actual: string[];
  /** Ids in the kubelet's order given the same facts (ties keep the actual order). */
  expected: string[];
  /** True when the orders agree; null when the check could not be made. */
  matches: boolean | null;
  /** The first position at which they differ, or null. */
  firstMismatch: number | null;
  pods: EvictionOrderPod[];
}

/**
 * Whether evictions happened in the order the kubelet's ranking ({@link rankPodsForEviction}) gives for the facts
 * Plimsoll recorded: each pod's priority, and its usage and request of the starved resource from the kubelet's
 * message. Containers the message did not name are taken to use exactly their request (they used no more, or
 * the kubelet would have named them). `evicted` must be in eviction order. Each pod's usage is the one printed
 * when it was evicted, which is what the kubelet saw when it chose it; a mismatch therefore usually means the
 * kubelet ranked on stale stats (or on pods Plimsoll did not see), not that the ranking rule differs.
 */
export function checkEvictionOrder(
  resource: string | null,
  evicted: readonly EvictedPodFacts[],
): EvictionOrderCheck {
  const actual = evicted.map((e) => e.id);
  const signal = getRankingSignalForResource(resource);
  if (signal === null || resource === null) {
    return { signal: null, actual, expected: actual, matches: null, firstMismatch: null, pods: [] };
  }
  const candidates: Array<{ pod: V1Pod; stats: PodStats | null }> = [];
  const facts = new Map<V1Pod, EvictionOrderPod>();
  for (const e of evicted) {
    const { pod, stats, above } = toCandidate(resource, e);
    candidates.push({ pod, stats });
    facts.set(pod, {
      id: e.id,
      priority: e.priority ?? 0,
      exceedsRequest: above !== null && above.sign > 0,
      aboveRequest: above === null ? null : above.text,
    });
  }
  const ranked = rankPodsForEviction(signal, candidates);
  const expected = ranked.map((p) => p.metadata?.name ?? '');
  let firstMismatch: number | null = null;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) {
      firstMismatch = i;
      break;
    }
  }
  return {
    signal,
    actual,
    expected,
    matches: firstMismatch === null,
    firstMismatch,
    pods: candidates.map((c) => facts.get(c.pod) as EvictionOrderPod),
  };
}

function toCandidate(
  resource: string,
  e: EvictedPodFacts,
): { pod: V1Pod; stats: PodStats; above: { sign: number; text: string } | null } {
  const T = '1970-01-01T00:00:00Z';
  const byName = new Map<string, EvictionOffender>();
  for (const o of e.offenders) if (o.kind === 'container') byName.set(o.name, o);
  const requests: Record<string, Record<string, string>> = {};
  if (e.containerRequests) {
    for (const [name, r] of Object.entries(e.containerRequests)) requests[name] = { ...r };
  }
  for (const o of byName.values()) {
    requests[o.name] ??= {};
    const req = requests[o.name] as Record<string, string>;
    if (req[resource] === undefined && o.request !== null && o.request !== '0')
      req[resource] = o.request;
  }
  const containers: V1Container[] = Object.entries(requests).map(([name, r]) => ({
    name,
    resources: { requests: r },
  }));
  const zero = newQuantity(0n, 'BinarySI');
  let usage = zero;
  let request = zero;
  let known = false;
  const containerStats: ContainerStats[] = [];
  for (const c of containers) {
    const req = parseQuantityOrNull(c.resources?.requests?.[resource]) ?? zero;
    const o = byName.get(c.name);
    const used = o ? (parseQuantityOrNull(o.usage) ?? req) : req;
    if (o) known = true;
    usage = usage.add(used);
    request = request.add(req);
    const bytes = Number(used.value());
    containerStats.push(
      resource === 'memory'
        ? { name: c.name, startTime: T, memory: { time: T, workingSetBytes: bytes } }
        : {
            name: c.name,
            startTime: T,
            rootfs: { time: T, usedBytes: bytes },
            logs: { time: T, usedBytes: 0 },
          },
    );
  }
  const podOffender = e.offenders.find((o) => o.kind === 'pod');
  const podUsage = podOffender ? parseQuantityOrNull(podOffender.usage) : null;
  if (podUsage !== null) {
    usage = podUsage;
    known = true;
  }
  const pod: V1Pod = {
    metadata: { name: e.id, uid: e.id },
    spec: {
      containers,
      ...(e.priority !== null ? { priority: e.priority } : {}),
      ...(podOffender && podOffender.request !== null
        ? { resources: { requests: { [resource]: podOffender.request } } }
        : {}),
    },
  };
  if (podOffender && podOffender.request !== null) {
    request = parseQuantityOrNull(podOffender.request) ?? request;
  }
  const stats: PodStats = {
    podRef: { name: e.id, namespace: '', uid: e.id },
    startTime: T,
    containers: containerStats,
    ...(resource === 'memory'
      ? { memory: { time: T, workingSetBytes: Number(usage.value()) } }
      : {}),
  };
  const diff = usage.sub(request);
  return {
    pod,
    stats,
    above: known || containers.length > 0 ? { sign: diff.cmp(zero), text: diff.toString() } : null,
  };
}
