import type { ListEvictionsQuery, ListEvictionsResponse } from '@plimsoll/shared/schemas';

import {
  decodeEvictionCursor,
  encodeEvictionCursor,
  toEvictionFilter,
  toEvictionWire,
  type EvictionQueryInput,
} from './eviction-query.js';

/** One page of evictions, newest first, keyset-paged on (evictedAt, id); the total comes with the first page. */
export async function listEvictions(
  input: EvictionQueryInput<ListEvictionsQuery>,
): Promise<ListEvictionsResponse> {
  const { repo, query } = input;
  const filter = toEvictionFilter(input.cluster, query, input.scope, input.now);
  const cursor = query.cursor ? decodeEvictionCursor(query.cursor) : null;
  const [rows, total] = await Promise.all([
    repo.findEvictions(filter, { limit: query.limit + 1, cursor }),
    cursor ? Promise.resolve(null) : repo.countEvictions(filter),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    from: filter.from.toISOString(),
    to: filter.to.toISOString(),
    items: page.map(toEvictionWire),
    nextCursor:
      rows.length > query.limit && last
        ? encodeEvictionCursor({ evictedAt: new Date(last.evictedAt), id: last.id })
        : null,
    total,
  };
}
