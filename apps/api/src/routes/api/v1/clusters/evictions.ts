import { Readable } from 'node:stream';

import {
  EvictionDetailResponseSchema,
  EvictionEpisodesQuerySchema,
  EvictionEpisodesResponseSchema,
  EvictionHistogramQuerySchema,
  EvictionHistogramResponseSchema,
  EvictionIdParamsSchema,
  EvictionTimelineQuerySchema,
  EvictionTimelineResponseSchema,
  ListEvictionsQuerySchema,
  ListEvictionsResponseSchema,
} from '@plimsoll/shared/schemas';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { ANY_SIGNED_IN } from '../../../../plugins/auth.js';
import { createEvictionRepository } from '../../../../repositories/eviction-repository.js';
import {
  openEvictionExport,
  toEvictionCsvChunks,
  toEvictionJsonChunks,
} from '../../../../services/export-evictions.js';
import { findEvictionEpisodes } from '../../../../services/find-eviction-episodes.js';
import { getClusterCollector } from '../../../../services/get-cluster.js';
import { getEvictionDetail } from '../../../../services/get-eviction-detail.js';
import { getEvictionHistogram } from '../../../../services/get-eviction-histogram.js';
import { getEvictionTimeline } from '../../../../services/get-eviction-timeline.js';
import { listEvictions } from '../../../../services/list-evictions.js';

const ClusterParamsSchema = z.object({ cluster: z.string().min(1).max(253) });
const TAGS = ['evictions'];

/** Whether the caller asked for a CSV file: `?format=csv`, or `Accept: text/csv` without `?format=json`. */
function wantsCsv(request: FastifyRequest, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  const accept = request.headers.accept ?? '';
  return /\btext\/csv\b/i.test(accept);
}

function fileStamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Evictions of a cluster (issue 7): the list (JSON pages, or every matching row as a CSV/JSON download), the
 * timeline's marks, counts per time bucket, episodes, and one eviction's detail. Every caller signed in may read;
 * tenant admins see only evictions in namespaces their tenants own now (tenant_namespaces), and an eviction by id
 * outside them answers 404 exactly like a missing one, so ids do not leak other tenants' activity.
 */
const routes: FastifyPluginAsyncZod = async (app) => {
  const repo = createEvictionRepository(app.db.prisma);

  app.get(
    '/api/v1/clusters/:cluster/evictions',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary:
          'Evictions, newest first (keyset pages; CSV or JSON download with format or Accept: text/csv)',
        description:
          'Filters are exact and take comma-separated alternatives. `nextCursor` continues the same query. ' +
          'With `format=csv|json` or `Accept: text/csv` every matching row (up to 100,000, newest first) is sent ' +
          'as an attachment; `X-Plimsoll-Truncated: true` says the cap was hit.',
        params: ClusterParamsSchema,
        querystring: ListEvictionsQuerySchema,
        response: { 200: ListEvictionsResponseSchema.or(z.string()).or(z.array(z.unknown())) },
      },
    },
    async (request, reply) => {
      const { cluster } = request.params;
      getClusterCollector(app.services, cluster);
      const query = request.query;
      const now = new Date();
      const csv = wantsCsv(request, query.format);
      if (csv || query.format === 'json') {
        const out = await openEvictionExport({
          repo,
          cluster,
          query,
          scope: request.tenantScope,
          now,
        });
        const name = `evictions-${cluster}-${fileStamp(out.from)}-${fileStamp(out.to)}.${csv ? 'csv' : 'json'}`;
        reply.header('content-disposition', `attachment; filename="${name}"`);
        reply.header('x-plimsoll-truncated', String(out.truncated));
        reply.header('cache-control', 'no-store');
        // Streamed page by page: up to 100,000 rows never sit in memory at once. Fastify sends a stream as it
        // is (no serializer), which the response schema's types cannot say.
        const body = Readable.from(
          csv ? toEvictionCsvChunks(out.pages) : toEvictionJsonChunks(out.pages),
        ) as unknown as string;
        return reply
          .type(csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
          .send(body);
      }
      return listEvictions({ repo, cluster, query, scope: request.tenantScope, now });
    },
  );

  app.get(
    '/api/v1/clusters/:cluster/evictions/histogram',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary:
          'Eviction counts per time bucket, optionally split by node, namespace, tenant, owner, resource or QoS',
        params: ClusterParamsSchema,
        querystring: EvictionHistogramQuerySchema,
        response: { 200: EvictionHistogramResponseSchema },
      },
    },
    async (request) => {
      const { cluster } = request.params;
      getClusterCollector(app.services, cluster);
      return getEvictionHistogram({
        repo,
        cluster,
        query: request.query,
        scope: request.tenantScope,
        now: new Date(),
      });
    },
  );

  app.get(
    '/api/v1/clusters/:cluster/evictions/timeline',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary:
          'One mark per eviction (newest 10,000 by default) in compact columns, grouped into rows',
        params: ClusterParamsSchema,
        querystring: EvictionTimelineQuerySchema,
        response: { 200: EvictionTimelineResponseSchema },
      },
    },
    async (request) => {
      const { cluster } = request.params;
      getClusterCollector(app.services, cluster);
      return getEvictionTimeline({
        repo,
        cluster,
        query: request.query,
        scope: request.tenantScope,
        now: new Date(),
      });
    },
  );

  app.get(
    '/api/v1/clusters/:cluster/evictions/episodes',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary:
          'Eviction episodes: consecutive evictions (≤ 5 min apart) on one node for one resource',
        params: ClusterParamsSchema,
        querystring: EvictionEpisodesQuerySchema,
        response: { 200: EvictionEpisodesResponseSchema },
      },
    },
    async (request) => {
      const { cluster } = request.params;
      getClusterCollector(app.services, cluster);
      return findEvictionEpisodes({
        repo,
        cluster,
        query: request.query,
        scope: request.tenantScope,
        now: new Date(),
      });
    },
  );

  app.get(
    '/api/v1/clusters/:cluster/evictions/:id',
    {
      config: { auth: ANY_SIGNED_IN },
      schema: {
        tags: TAGS,
        summary:
          "One eviction: node pressure ±30 min, conditions and taints then, its episode, and the kubelet's order",
        description:
          'A tenant admin asking for an eviction outside their namespaces gets 404, as for a missing one.',
        params: EvictionIdParamsSchema,
        response: { 200: EvictionDetailResponseSchema },
      },
    },
    async (request) => {
      const { cluster, id } = request.params;
      const collector = getClusterCollector(app.services, cluster);
      return getEvictionDetail({
        repo,
        cluster,
        id: BigInt(id),
        scope: request.tenantScope,
        pods: collector.cache.pods,
      });
    },
  );
};

export default routes;
