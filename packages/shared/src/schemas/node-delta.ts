import { z } from 'zod';

import { NodeSummarySchema, type ListNodesResponse } from './node.js';

/**
 * One `event: nodes` of `GET /stream`: the caller's node rows that changed since the last one (a node, its Lease or
 * its pods changed), and the nodes that went away or out of the caller's scope. Rows are exactly what `GET /nodes`
 * would return for them at `generatedAt`.
 */
export const NodeRowDeltaSchema = z.object({
  cluster: z.string(),
  upserts: z.array(NodeSummarySchema),
  removed: z.array(z.string()),
  generatedAt: z.string(),
});
export type NodeRowDelta = z.infer<typeof NodeRowDeltaSchema>;

const sortedSet = (values: Iterable<string | null>) =>
  [...new Set([...values].filter((v): v is string => v !== null))].sort();

/**
 * Applies a delta to the full node list (`GET /nodes?limit=5000`, every page), as Headlamp applies watch events:
 * changed rows replace theirs in place, new rows are appended, removed ones dropped; the total and the facets follow.
 * Pure: returns a new list (the old one when nothing changed), so a table can re-render from it without a refetch.
 */
export function applyNodeRowDelta(list: ListNodesResponse, delta: NodeRowDelta): ListNodesResponse {
  if (delta.cluster !== list.cluster || (delta.upserts.length === 0 && delta.removed.length === 0))
    return list;
  const upserts = new Map(delta.upserts.map((r) => [r.name, r]));
  const removed = new Set(delta.removed);
  const items: ListNodesResponse['items'] = [];
  for (const row of list.items) {
    if (removed.has(row.name) && !upserts.has(row.name)) continue;
    const next = upserts.get(row.name);
    items.push(next ?? row);
    upserts.delete(row.name);
  }
  for (const row of upserts.values()) items.push(row);
  return {
    ...list,
    items,
    total: items.length,
    facets: {
      pools: sortedSet(items.map((r) => r.pool)),
      tenants: sortedSet(items.map((r) => r.tenant)),
      kubeletVersions: sortedSet(items.map((r) => r.kubeletVersion)),
    },
    generatedAt: delta.generatedAt > list.generatedAt ? delta.generatedAt : list.generatedAt,
  };
}
