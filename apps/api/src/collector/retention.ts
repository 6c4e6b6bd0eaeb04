import type { Registry } from 'prom-client';

import {
  DOWNSAMPLED_RESOLUTION_SECONDS,
  RETENTION_TABLES,
  type RetentionRepository,
} from '../repositories/retention-repository.js';
import { getCollectorMetrics } from './collector-metrics.js';

/** How long history is kept, and how often retention runs. */
export interface RetentionSettings {
  /** Days of history kept; 0 keeps everything (PLIMSOLL_RETENTION_DAYS). */
  retentionDays: number;
  /** Days raw pressure samples are kept before they become 5-minute averages (PLIMSOLL_RAW_SAMPLE_DAYS). */
  rawSampleDays: number;
  intervalMs: number;
  /** Delay of the first run after this replica became the writer. */
  initialDelayMs?: number;
  /** Rows per DELETE statement. */
  batchSize?: number;
  /** Pause between statements, so the collector's own writes get their turn. */
  pauseMs?: number;
  /** 5-minute windows downsampled per run at most (the rest waits for the next run). */
  maxWindowsPerRun?: number;
}

/** What one run did. */
export interface RetentionRunResult {
  deleted: Record<string, number>;
  /** Raw pressure samples folded into 5-minute rows. */
  downsampled: number;
  windows: number;
}

/** Options of {@link runRetentionOnce}. */
export interface RetentionRunOptions {
  cluster: string;
  repository: RetentionRepository;
  settings: RetentionSettings;
  now: Date;
  /** Checked between statements; true ends the run early. */
  shouldStop?: () => boolean;
  onDeleted?(table: string, rows: number): void;
  onDownsampled?(rows: number): void;
}

const DAY_MS = 86_400_000;
const DEFAULT_BATCH = 5000;
const DEFAULT_MAX_WINDOWS = 288;
const BUCKET_MS = DOWNSAMPLED_RESOLUTION_SECONDS * 1000;

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One retention pass over a cluster's history: first deletes what is older than retentionDays, table by table, in
 * batches of a few thousand rows (no statement holds locks for long, none touches live rows); then folds raw
 * pressure samples older than rawSampleDays into 5-minute averages, one 5-minute window per transaction, oldest first.
 * Only whole windows before the cutoff are folded, so a repeated run finds nothing to do.
 */
export async function runRetentionOnce(opts: RetentionRunOptions): Promise<RetentionRunResult> {
  const { cluster, repository, settings, now } = opts;
  const batch = settings.batchSize ?? DEFAULT_BATCH;
  const gap = settings.pauseMs ?? 0;
  const stop = opts.shouldStop ?? (() => false);
  const result: RetentionRunResult = { deleted: {}, downsampled: 0, windows: 0 };
  if (settings.retentionDays > 0) {
    const cutoff = new Date(now.getTime() - settings.retentionDays * DAY_MS);
    for (const table of RETENTION_TABLES) {
      let total = 0;
      for (;;) {
        if (stop()) return result;
        const n = await repository.deleteExpiredBatch(cluster, table, cutoff, batch);
        total += n;
        if (n > 0) opts.onDeleted?.(table, n);
        if (n < batch) break;
        if (gap) await pause(gap);
      }
      result.deleted[table] = total;
    }
  }
  const rawCutoff =
    Math.floor((now.getTime() - settings.rawSampleDays * DAY_MS) / BUCKET_MS) * BUCKET_MS;
  const maxWindows = settings.maxWindowsPerRun ?? DEFAULT_MAX_WINDOWS;
  while (result.windows < maxWindows && !stop()) {
    const oldest = await repository.findOldestRawPressureSample(cluster, new Date(rawCutoff));
    if (!oldest) break;
    const from = Math.floor(oldest.getTime() / BUCKET_MS) * BUCKET_MS;
    const n = await repository.downsamplePressureWindow(
      cluster,
      new Date(from),
      new Date(from + BUCKET_MS),
    );
    result.windows += 1;
    result.downsampled += n;
    if (n > 0) opts.onDownsampled?.(n);
    if (gap) await pause(gap);
  }
  return result;
}

/** Options of {@link startRetention}. */
export interface StartRetentionOptions {
  cluster: string;
  repository: RetentionRepository;
  settings: RetentionSettings;
  registry: Registry;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

/** A running retention schedule. */
export interface Retention {
  stop(): void;
}

/**
 * Runs retention for one cluster every interval, on the replica that writes the cluster's history (the collector
 * starts it on becoming the writer and stops it when it stops writing), and counts what it did in /metrics.
 */
export function startRetention(opts: StartRetentionOptions): Retention {
  const metrics = getCollectorMetrics(opts.registry);
  const { cluster } = opts;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const run = async () => {
    const started = Date.now();
    try {
      const r = await runRetentionOnce({
        cluster,
        repository: opts.repository,
        settings: opts.settings,
        now: new Date(),
        shouldStop: () => stopped,
        onDeleted: (table, rows) => metrics.retentionDeleted.inc({ cluster, table }, rows),
        onDownsampled: (rows) => metrics.retentionDownsampled.inc({ cluster }, rows),
      });
      metrics.retentionRuns.inc({ cluster, outcome: 'ok' });
      const deleted = Object.values(r.deleted).reduce((a, b) => a + b, 0);
      if (deleted || r.downsampled) {
        opts.log.info(
          { cluster, deleted: r.deleted, downsampled: r.downsampled, ms: Date.now() - started },
          'retention ran',
        );
      }
    } catch (err) {
      metrics.retentionRuns.inc({ cluster, outcome: 'error' });
      opts.log.warn(
        { cluster, err: (err as Error).message },
        'retention failed; trying again next interval',
      );
    }
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void run().finally(() => schedule(opts.settings.intervalMs));
    }, delay);
    timer.unref();
  };
  schedule(opts.settings.initialDelayMs ?? 60_000);

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
