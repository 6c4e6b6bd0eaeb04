import { z } from 'zod';

/** Wire contracts of the command palette's search across one cluster. */

/** What a search result is. */
export const SEARCH_KINDS = ['node', 'pod', 'namespace', 'tenant', 'eviction'] as const;
export const SearchKindSchema = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof SearchKindSchema>;

/** The most results of one kind a search returns. */
export const SEARCH_MAX_PER_KIND = 8;

/** `GET /api/v1/clusters/{cluster}/search` query. */
export const SearchQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('Part of a name, case-insensitive: node, pod, namespace, tenant, or an evicted pod'),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

export const SearchResultSchema = z.object({
  kind: SearchKindSchema,
  /** The node, pod, namespace or tenant name; for an eviction, the evicted pod. */
  name: z.string(),
  namespace: z.string().nullable(),
  /** The node a pod runs on or an evicted pod ran on. */
  node: z.string().nullable(),
  /** One line of context: a node's status, a pod's node, a namespace's tenant, an eviction's resource. */
  detail: z.string().nullable(),
  /** The eviction id (evictions only). */
  id: z.string().nullable(),
  /** When the eviction happened (evictions only). */
  at: z.iso.datetime({ offset: true }).nullable(),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const SearchResponseSchema = z.object({
  cluster: z.string(),
  q: z.string(),
  /** Best first within each kind: names starting with the text before names containing it. */
  items: z.array(SearchResultSchema),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;
