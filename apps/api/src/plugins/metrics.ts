import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

import { registerClusterSignals } from '../metrics/cluster-signals.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

/**
 * Prometheus metrics at /metrics: process defaults, HTTP latency, whatever the collector registers, and the derived
 * cluster signals (headroom, lease staleness, evictions, quota usage, autoscaler node groups) of the clusters this
 * replica writes.
 */
export const metricsPlugin = fp(async (app: FastifyInstance, opts: { registry?: Registry }) => {
  const registry = opts.registry ?? new Registry();
  if (!registry.getSingleMetric('plimsoll_process_cpu_seconds_total')) {
    collectDefaultMetrics({ register: registry, prefix: 'plimsoll_' });
  }
  const httpDuration = new Histogram({
    name: 'plimsoll_http_request_duration_seconds',
    help: 'API request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.decorate('metrics', registry);
  // Read at scrape time: server.ts attaches the cluster manager after the app is built.
  registerClusterSignals(registry, {
    collectors: () => app.clusterManager?.collectors.values() ?? [],
    // The plugin is also registered alone (collector tests), without the parsed configuration.
    ...(app.hasDecorator('env') ? { quotaWarningRatio: app.env.PLIMSOLL_QUOTA_WARNING_RATIO } : {}),
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
});
