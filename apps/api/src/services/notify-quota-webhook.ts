import type { QuotaRequest } from '@plimsoll/shared/schemas';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';

/** Events the quota-request webhook receives. */
export type QuotaWebhookEventType =
  | 'quota_request.created'
  | 'quota_request.approved'
  | 'quota_request.rejected'
  | 'quota_request.cancelled'
  | 'quota_request.failed';

/** The JSON body POSTed to PLIMSOLL_QUOTA_WEBHOOK_URL. */
export interface QuotaWebhookEvent {
  event: QuotaWebhookEventType;
  actor: string;
  at: string;
  request: QuotaRequest;
  details?: Record<string, unknown>;
}

/** Sends events to the webhook without ever making the caller wait or fail. */
export interface QuotaWebhookNotifier {
  notify(event: QuotaWebhookEvent): void;
  /** Resolves when every notification sent so far has finished (tests, shutdown). */
  settle(): Promise<void>;
}

const METRIC = 'plimsoll_quota_webhook_deliveries_total';

/**
 * A fire-and-forget webhook: each event is one JSON POST with a timeout; a failure (network, timeout, non-2xx)
 * is logged and counted in `plimsoll_quota_webhook_deliveries_total{outcome="failed"}`, never retried inline
 * and never allowed to block or undo the decision that caused it.
 */
export function createQuotaWebhookNotifier(opts: {
  url: string | null;
  timeoutMs: number;
  log: Pick<Logger, 'warn'>;
  registry: Registry;
}): QuotaWebhookNotifier {
  const existing = opts.registry.getSingleMetric(METRIC) as Counter<'outcome'> | undefined;
  const deliveries =
    existing ??
    new Counter({
      name: METRIC,
      help: 'Quota-request webhook deliveries by outcome (sent, failed)',
      labelNames: ['outcome'] as const,
      registers: [opts.registry],
    });
  const inFlight = new Set<Promise<void>>();

  async function send(url: string, event: QuotaWebhookEvent): Promise<void> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'plimsoll-quota-webhook' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await res.body?.cancel();
      deliveries.inc({ outcome: 'sent' });
    } catch (err) {
      deliveries.inc({ outcome: 'failed' });
      opts.log.warn(
        { event: event.event, requestId: event.request.id, err: (err as Error).message },
        'quota-request webhook delivery failed',
      );
    }
  }

  return {
    notify(event) {
      if (!opts.url) return;
      const p = send(opts.url, event);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    },
    async settle() {
      await Promise.all([...inFlight]);
    },
  };
}
