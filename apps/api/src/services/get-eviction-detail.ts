import {
  checkEvictionOrder,
  groupEvictionEpisodes,
  isNamespaceInScope,
  parseQuantity,
  type EvictedPodFacts,
} from '@plimsoll/shared';
import type { EvictionDetailResponse, EvictionOrder } from '@plimsoll/shared/schemas';

import { AppError } from '../errors/app-error.js';
import type { PodSnapshot } from '../k8s/to-pod-snapshot.js';
import type { TenantScope } from '@plimsoll/shared';
import type {
  EvictionRepository,
  PressureSampleRecord,
} from '../repositories/eviction-repository.js';
import { toEvictionWire } from './eviction-query.js';
import { toEpisodeRow, toEpisodeWire, type EpisodeRow } from './find-eviction-episodes.js';

/** How far either side of the eviction the pressure chart and condition transitions reach. */
export const DETAIL_WINDOW_MS = 30 * 60_000;
/** How far either side of the eviction the episode is looked for (episodes longer than this are cut). */
const EPISODE_SEARCH_MS = 6 * 3600_000;

type Series = EvictionDetailResponse['pressure']['series'];

const SERIES_BY_RESOURCE: Record<
  string,
  { series: NonNullable<Series>; unit: 'bytes' | 'count'; column: keyof PressureSampleRecord }
> = {
  memory: { series: 'memory', unit: 'bytes', column: 'memoryAvailableBytes' },
  'ephemeral-storage': { series: 'nodefs', unit: 'bytes', column: 'nodefsAvailableBytes' },
  inodes: { series: 'inodes', unit: 'count', column: 'nodefsInodesFree' },
  pids: { series: 'pids', unit: 'count', column: 'pidAvailable' },
};

function quantityNumber(text: string | null): number | null {
  if (!text) return null;
  try {
    return Number(parseQuantity(text).value());
  } catch {
    return null;
  }
}

/** Not found, worded the same whether the eviction does not exist or the caller may not see it. */
function notFound(cluster: string, id: bigint): AppError {
  return new AppError('NOT_FOUND', `No eviction ${id.toString()} in cluster ${cluster}.`);
}

/**
 * One eviction with what explains it: the node's pressure ±30 minutes, its conditions and taints at that time,
 * the episode it belongs to, and whether the episode's order matches the kubelet's ranking. A tenant admin
 * asking for an eviction outside their namespaces gets 404, as if it did not exist (no existence leak).
 */
export async function getEvictionDetail(input: {
  repo: EvictionRepository;
  cluster: string;
  id: bigint;
  scope: TenantScope;
  /** The collector's current pods (namespace/name → snapshot): evicted pods linger, with their requests. */
  pods?: ReadonlyMap<string, PodSnapshot>;
}): Promise<EvictionDetailResponse> {
  const { repo, cluster, id, scope } = input;
  const row = await repo.findEvictionById(cluster, id);
  if (!row) throw notFound(cluster, id);
  if (scope.kind !== 'all') {
    const tenant = await repo.findNamespaceTenant(cluster, row.namespace);
    if (!isNamespaceInScope(row.namespace, tenant, scope)) throw notFound(cluster, id);
  }
  const eviction = toEvictionWire(row);
  const at = new Date(row.evictedAt);
  const windowFrom = new Date(at.getTime() - DETAIL_WINDOW_MS);
  const windowTo = new Date(at.getTime() + DETAIL_WINDOW_MS);

  // The episode: same node and resource, grouped around this eviction.
  let members: EpisodeRow[] = [toEpisodeRow(eviction)];
  if (row.node) {
    const neighbours = await repo.findEvictionsForEpisodes(
      {
        cluster,
        from: new Date(at.getTime() - EPISODE_SEARCH_MS),
        to: new Date(at.getTime() + EPISODE_SEARCH_MS),
        nodes: [row.node],
        ...(row.resource !== null ? { resources: [row.resource] } : {}),
        scopeTenants: null,
      },
      5_000,
    );
    const rows = neighbours
      .map((r) => toEpisodeRow(toEvictionWire(r)))
      .filter((r) => r.resource === row.resource);
    const episode = groupEvictionEpisodes(rows).find((ep) =>
      ep.evictions.some((e) => e.id === eviction.id),
    );
    if (episode) members = episode.evictions;
  }
  const episodeAll = groupEvictionEpisodes(members)[0];
  if (!episodeAll) throw notFound(cluster, id);

  // The order check sees every pod of the episode; a tenant admin sees only their own pods listed.
  const facts: EvictedPodFacts[] = members.map((m) => {
    const snap = input.pods?.get(`${m.namespace}/${m.pod}`);
    const requests =
      snap && snap.uid === m.podUid
        ? Object.fromEntries(snap.containers.map((c) => [c.name, c.requests]))
        : null;
    return { id: m.id, priority: m.priority, offenders: m.offenders, containerRequests: requests };
  });
  const check = checkEvictionOrder(row.resource, facts);
  let visible = members;
  if (scope.kind !== 'all') {
    const tenants = await repo.findNamespaceTenants(cluster, [
      ...new Set(members.map((m) => m.namespace)),
    ]);
    visible = members.filter((m) =>
      isNamespaceInScope(m.namespace, tenants.get(m.namespace) ?? null, scope),
    );
  }
  // A tenant admin's episode figures (start, end, count, reclaimed) come from the evictions they may see only:
  // the whole episode's would tell them about other tenants' pods. One node and resource, so one group.
  const episodeVisible =
    visible.length === members.length
      ? episodeAll
      : (groupEvictionEpisodes(visible, { gapMs: Number.POSITIVE_INFINITY })[0] ?? episodeAll);
  const visibleIds = new Set(visible.map((m) => m.id));
  const names = new Map(members.map((m) => [m.id, `${m.namespace}/${m.pod}`]));
  const order: EvictionOrder = {
    signal: check.signal,
    actual: check.actual.filter((x) => visibleIds.has(x)),
    expected: check.expected.filter((x) => visibleIds.has(x)),
    matches: check.matches,
    firstMismatch: visible.length === members.length ? check.firstMismatch : null,
    pods: check.pods.filter((p) => visibleIds.has(p.id)),
    explanation: explainOrder(check, members.length, (x) =>
      visibleIds.has(x) ? (names.get(x) ?? x) : 'a pod in a namespace you cannot see',
    ),
  };

  const [samples, conditions, transitions, taints] = await Promise.all([
    row.node
      ? repo.findPressureSamples(cluster, row.node, windowFrom, windowTo)
      : Promise.resolve([]),
    row.node ? repo.findConditionsAt(cluster, row.node, at) : Promise.resolve([]),
    row.node
      ? repo.findConditionTransitions(cluster, row.node, windowFrom, windowTo)
      : Promise.resolve([]),
    row.node ? repo.findTaintsAt(cluster, row.node, at) : Promise.resolve(null),
  ]);
  const series = row.resource ? SERIES_BY_RESOURCE[row.resource] : undefined;
  // Raw samples when there are any; the 5-minute averages once retention has downsampled the window.
  const raw = samples.filter((s) => Number(s.resolutionSeconds) === 0);
  const used = raw.length > 0 ? raw : samples;
  const toCondition = (c: {
    type: string;
    status: string;
    reason: string | null;
    message: string | null;
    lastTransitionTime: Date;
  }) => ({
    type: c.type,
    status: c.status,
    reason: c.reason,
    message: c.message,
    lastTransitionTime: new Date(c.lastTransitionTime).toISOString(),
  });
  return {
    eviction,
    pressure: {
      series: series?.series ?? null,
      unit: series?.unit ?? null,
      threshold: series ? quantityNumber(row.threshold) : null,
      samples: series
        ? used.map((s) => {
            const v = s[series.column] as bigint | null;
            return { at: new Date(s.at).toISOString(), available: v === null ? null : Number(v) };
          })
        : [],
      from: windowFrom.toISOString(),
      to: windowTo.toISOString(),
    },
    conditions: conditions.map(toCondition),
    conditionTransitions: transitions.map(toCondition),
    taints: taints as Array<Record<string, unknown>> | null,
    episode: {
      ...toEpisodeWire(episodeVisible),
      hidden: members.length - visible.length,
    },
    order,
  };
}

function explainOrder(
  check: ReturnType<typeof checkEvictionOrder>,
  count: number,
  name: (id: string) => string,
): string {
  if (check.matches === null) {
    return 'The kubelet named no resource it ranks pods by, so the order cannot be checked.';
  }
  if (count === 1) return 'Only this pod was evicted in this episode.';
  if (check.matches) {
    return (
      'The pods were evicted in the order the kubelet ranks them: pods using more than their request first, ' +
      'then lower priority, then the larger excess over the request.'
    );
  }
  const i = check.firstMismatch ?? 0;
  return (
    `Eviction ${i + 1} was ${name(check.actual[i] ?? '')}, but from what Plimsoll recorded the kubelet would have ` +
    `chosen ${name(check.expected[i] ?? '')} first. A mismatch like this usually means the kubelet ranked on stale ` +
    'stats (its summary lags, and usage changes between evictions) or on pods Plimsoll did not see.'
  );
}
