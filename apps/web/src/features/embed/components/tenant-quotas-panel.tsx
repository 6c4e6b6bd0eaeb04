import type { TenantQuotasPanelData } from '@plimsoll/shared/schemas';

import { Meter, type MeterTone } from './meter';
import { formatPercent, formatQuantity } from '@/lib/format';

const TONE: Record<string, MeterTone> = {
  ok: 'ok',
  warning: 'warn',
  full: 'danger',
  exceeded: 'danger',
  blocked: 'danger',
};

/** One tenant's ResourceQuotas: each resource's use against its hard limit, flagged from the warning ratio up. */
export function TenantQuotasPanel({ data }: { data: TenantQuotasPanelData }) {
  if (data.quotas.length === 0) {
    return (
      <p className="p-4 text-[13px] text-fg-muted">Tenant {data.tenant} has no ResourceQuotas.</p>
    );
  }
  return (
    <div className="grid gap-3 p-3 sm:grid-cols-[repeat(auto-fill,minmax(18rem,1fr))]">
      {data.quotas.map((q) => (
        <section
          key={`${q.namespace}/${q.name}`}
          aria-label={`${q.namespace}/${q.name}`}
          className="grid content-start gap-1.5"
        >
          <h3 className="truncate font-mono text-xs font-medium text-fg">
            {q.namespace}
            <span className="text-fg-subtle">/{q.name}</span>
          </h3>
          {q.resources.map((r) => (
            <div
              key={r.resource}
              className="grid grid-cols-[8.5rem_1fr_auto] items-center gap-2 text-xs"
            >
              <span className="truncate text-fg-muted" title={r.resource}>
                {r.resource}
              </span>
              <Meter
                value={r.ratio ?? 0}
                tone={TONE[r.state] ?? 'neutral'}
                label={`${r.resource}: ${formatQuantity(r.used, r.resource)} of ${formatQuantity(r.hard, r.resource)}`}
              />
              <span className="w-28 text-right tabular-nums text-fg">
                {formatQuantity(r.used, r.resource)} / {formatQuantity(r.hard, r.resource)}{' '}
                <span className={r.state === 'ok' ? 'text-fg-subtle' : 'font-medium text-warn'}>
                  {formatPercent(r.ratio)}
                </span>
              </span>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
