import { Counter, Gauge, type Registry } from 'prom-client';

/** The collector's Prometheus metrics, registered once per registry and labelled by cluster and resource. */
export interface CollectorMetrics {
  events: Counter<'cluster' | 'resource' | 'type'>;
  relists: Counter<'cluster' | 'resource' | 'reason'>;
  errors: Counter<'cluster' | 'resource' | 'phase'>;
  badObjects: Counter<'cluster' | 'resource'>;
  rowsWritten: Counter<'cluster' | 'table'>;
  bufferDepth: Gauge<'cluster'>;
  lag: Gauge<'cluster' | 'resource'>;
  leader: Gauge<'cluster'>;
  kubeletPolls: Counter<'cluster'>;
  retentionDeleted: Counter<'cluster' | 'table'>;
  retentionDownsampled: Counter<'cluster'>;
  retentionRuns: Counter<'cluster' | 'outcome'>;
}

const byRegistry = new WeakMap<Registry, CollectorMetrics>();

/** The collector metrics of `registry`, created on first use. */
export function getCollectorMetrics(registry: Registry): CollectorMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const metrics: CollectorMetrics = {
    events: new Counter({
      name: 'plimsoll_collector_events_total',
      help: 'Watch and list events processed, by cluster, resource and type',
      labelNames: ['cluster', 'resource', 'type'] as const,
      registers,
    }),
    relists: new Counter({
      name: 'plimsoll_collector_relists_total',
      help: 'Full lists, by cluster, resource and reason (initial, gone, error, resume)',
      labelNames: ['cluster', 'resource', 'reason'] as const,
      registers,
    }),
    errors: new Counter({
      name: 'plimsoll_collector_errors_total',
      help: 'List, watch, poll and write failures, by cluster, resource and phase',
      labelNames: ['cluster', 'resource', 'phase'] as const,
      registers,
    }),
    badObjects: new Counter({
      name: 'plimsoll_collector_bad_objects_total',
      help: 'Objects skipped because they lack fields or carry unparseable values',
      labelNames: ['cluster', 'resource'] as const,
      registers,
    }),
    rowsWritten: new Counter({
      name: 'plimsoll_collector_rows_written_total',
      help: 'History rows handed to the database, by table',
      labelNames: ['cluster', 'table'] as const,
      registers,
    }),
    bufferDepth: new Gauge({
      name: 'plimsoll_collector_buffer_depth',
      help: 'Rows waiting in the write buffer',
      labelNames: ['cluster'] as const,
      registers,
    }),
    lag: new Gauge({
      name: 'plimsoll_collector_lag_seconds',
      help: 'Age of the oldest row not yet written, by cluster and resource (0 when the buffer is empty)',
      labelNames: ['cluster', 'resource'] as const,
      registers,
    }),
    leader: new Gauge({
      name: 'plimsoll_collector_leader',
      help: '1 when this replica writes the cluster history',
      labelNames: ['cluster'] as const,
      registers,
    }),
    kubeletPolls: new Counter({
      name: 'plimsoll_collector_kubelet_poll_rounds_total',
      help: 'Rounds of kubelet polling (every node tried once), by cluster',
      labelNames: ['cluster'] as const,
      registers,
    }),
    retentionDeleted: new Counter({
      name: 'plimsoll_retention_rows_deleted_total',
      help: 'History rows deleted by retention, by cluster and table',
      labelNames: ['cluster', 'table'] as const,
      registers,
    }),
    retentionDownsampled: new Counter({
      name: 'plimsoll_retention_rows_downsampled_total',
      help: 'Raw pressure samples folded into 5-minute averages, by cluster',
      labelNames: ['cluster'] as const,
      registers,
    }),
    retentionRuns: new Counter({
      name: 'plimsoll_retention_runs_total',
      help: 'Retention runs, by cluster and outcome (ok, error)',
      labelNames: ['cluster', 'outcome'] as const,
      registers,
    }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
