import type { EvictionTimelineQuery, EvictionTimelineResponse } from '@plimsoll/shared/schemas';

import { toEvictionFilter, type EvictionQueryInput } from './eviction-query.js';

/** One mark per eviction (the newest `limit`), in compact columns, with rows ordered by their mark count. */
export async function getEvictionTimeline(
  input: EvictionQueryInput<EvictionTimelineQuery>,
): Promise<EvictionTimelineResponse> {
  const { query } = input;
  const filter = toEvictionFilter(input.cluster, query, input.scope, input.now);
  const rows = await input.repo.findEvictionMarks(filter, query.groupBy, query.limit + 1);
  const truncated = rows.length > query.limit;
  const marks = rows.slice(0, query.limit).reverse();
  const counts = new Map<string, number>();
  for (const m of marks) counts.set(m.key, (counts.get(m.key) ?? 0) + 1);
  const groups = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k]) => k);
  const groupIndex = new Map(groups.map((g, i) => [g, i]));
  const resources: string[] = [];
  const resourceIndex = new Map<string, number>();
  const out = { id: [] as string[], t: [] as number[], g: [] as number[], r: [] as number[] };
  for (const m of marks) {
    const res = m.resource ?? '(none)';
    let ri = resourceIndex.get(res);
    if (ri === undefined) {
      ri = resources.length;
      resources.push(res);
      resourceIndex.set(res, ri);
    }
    out.id.push(m.id.toString());
    out.t.push(new Date(m.evictedAt).getTime());
    out.g.push(groupIndex.get(m.key) as number);
    out.r.push(ri);
  }
  return {
    from: filter.from.toISOString(),
    to: filter.to.toISOString(),
    groupBy: query.groupBy,
    groups,
    marks: out,
    resources,
    truncated,
  };
}
