'use client';

import type { QuotaSummary } from '@plimsoll/shared/schemas';
import type { Route } from 'next';
import Link from 'next/link';

import { Badge } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { cn } from '@/lib/cn';

import { ClusterGate } from '../live/cluster-gate';
import { useUrlState } from '../live/use-url-state';
import { useCurrentCluster } from '../live/use-current-cluster';
import { describeProjection, QuotaHistoryChart } from './components/quota-history-chart';
import { QUOTA_STATE_LABELS, QUOTA_STATE_TONES, QuotaUsageBar } from './components/quota-usage-bar';
import { useQuotaHistory, useQuotas } from './queries';

export const RANGES = [
  { hours: 24, label: '24 h' },
  { hours: 24 * 7, label: '7 d' },
  { hours: 24 * 30, label: '30 d' },
] as const;

const worst = (q: QuotaSummary) => Math.max(0, ...q.resources.map((r) => r.ratio ?? 0));

/** The Quotas view (`/quotas`): every quota's usage, and the selected one's history and projection. */
export function QuotasView() {
  const current = useCurrentCluster();
  return (
    <>
      <PageHeader
        title="Quotas"
        description="ResourceQuota usage over time, and when each resource runs out at this rate."
      />
      <ClusterGate current={current}>{(cluster) => <QuotasBody cluster={cluster} />}</ClusterGate>
    </>
  );
}

function QuotasBody({ cluster }: { cluster: string }) {
  const { params, set } = useUrlState();
  const tenant = params.get('tenant') ?? undefined;
  const quotas = useQuotas(cluster, tenant ? { tenant } : {});
  const hoursParam = Number(params.get('hours'));
  const hours = RANGES.some((r) => r.hours === hoursParam) ? hoursParam : 24 * 7;

  return (
    <QueryState
      query={quotas}
      what="quotas"
      isEmpty={(d) => d.quotas.length === 0}
      empty={
        <Card>
          <EmptyState
            title="No ResourceQuotas"
            description="No quota in the namespaces you can see."
          />
        </Card>
      }
    >
      {(data) => {
        const sorted = [...data.quotas].sort((a, b) => worst(b) - worst(a));
        const selectedKey = params.get('quota');
        const selected =
          data.quotas.find((q) => `${q.namespace}/${q.name}` === selectedKey) ?? sorted[0];
        const tenants = [
          ...new Set(data.quotas.map((q) => q.tenant).filter((t): t is string => t !== null)),
        ].sort();
        return (
          <div className="grid gap-4 xl:grid-cols-[26rem_minmax(0,1fr)]">
            <Card>
              <CardHeader
                title={`${data.quotas.length} quotas`}
                description="Closest to the limit first"
                actions={
                  tenant ? (
                    <button
                      type="button"
                      className="text-xs text-accent hover:underline"
                      onClick={() => set({ tenant: null, quota: null })}
                    >
                      Tenant {tenant} ✕
                    </button>
                  ) : tenants.length > 1 ? (
                    <label className="flex items-center gap-1 text-xs text-fg-muted">
                      Tenant
                      <select
                        className="h-6 rounded border border-line bg-surface px-1 text-xs text-fg"
                        value=""
                        onChange={(e) => set({ tenant: e.target.value || null, quota: null })}
                      >
                        <option value="">all</option>
                        {tenants.map((t) => (
                          <option key={t} value={t}>
                            {t}
                          </option>
                        ))}
                      </select>
                    </label>
                  ) : null
                }
              />
              <CardBody flush>
                <ul
                  aria-label="Quotas"
                  className="max-h-[70vh] divide-y divide-line overflow-y-auto"
                >
                  {sorted.map((q) => {
                    const key = `${q.namespace}/${q.name}`;
                    const active = selected && key === `${selected.namespace}/${selected.name}`;
                    const hot = [...q.resources].sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0))[0];
                    return (
                      <li key={key}>
                        <button
                          type="button"
                          aria-current={active ? 'true' : undefined}
                          onClick={() => set({ quota: key })}
                          className={cn(
                            'block w-full px-4 py-2 text-left hover:bg-surface-hover focus-visible:bg-surface-hover',
                            active && 'shadow-[inset_3px_0_0_var(--accent)]',
                          )}
                        >
                          <div className="mb-1 flex items-center gap-2 text-xs">
                            <span className="truncate font-mono text-fg">{key}</span>
                            {q.tenant && <span className="text-fg-subtle">{q.tenant}</span>}
                            {hot && hot.state !== 'ok' && (
                              <Badge tone={QUOTA_STATE_TONES[hot.state]} className="ml-auto">
                                {QUOTA_STATE_LABELS[hot.state]}
                              </Badge>
                            )}
                          </div>
                          {hot && (
                            <QuotaUsageBar usage={hot} warningRatio={data.warningRatio} compact />
                          )}
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </CardBody>
            </Card>
            {selected && (
              <QuotaHistoryCard
                cluster={cluster}
                quota={selected}
                hours={hours}
                onHours={(h) => set({ hours: h === 24 * 7 ? null : String(h) })}
                warningRatio={data.warningRatio}
              />
            )}
          </div>
        );
      }}
    </QueryState>
  );
}

function QuotaHistoryCard({
  cluster,
  quota,
  hours,
  onHours,
  warningRatio,
}: {
  cluster: string;
  quota: QuotaSummary;
  hours: number;
  onHours: (h: number) => void;
  warningRatio: number;
}) {
  const history = useQuotaHistory(cluster, quota.namespace, quota.name, hours);
  return (
    <Card>
      <CardHeader
        title={
          <span className="font-mono">
            {quota.namespace}/{quota.name}
          </span>
        }
        description={
          <>
            {quota.scopes.length > 0 ? `Scopes: ${quota.scopes.join(', ')} · ` : 'Unscoped · '}
            {quota.tenant ? (
              <Link
                href={`/tenants/${encodeURIComponent(quota.tenant)}` as Route}
                className="text-accent hover:underline"
              >
                tenant {quota.tenant}
              </Link>
            ) : (
              'no tenant'
            )}
            {' · '}
            <Link
              href={`/quota-requests?quota=${encodeURIComponent(`${quota.namespace}/${quota.name}`)}`}
              className="text-accent hover:underline"
            >
              Ask for more →
            </Link>
          </>
        }
        actions={
          <div role="group" aria-label="Range" className="flex gap-1">
            {RANGES.map((r) => (
              <button
                key={r.hours}
                type="button"
                aria-pressed={hours === r.hours}
                onClick={() => onHours(r.hours)}
                className={cn(
                  'h-6 rounded px-2 text-xs',
                  hours === r.hours
                    ? 'bg-accent-soft font-medium text-accent'
                    : 'text-fg-muted hover:bg-surface-hover',
                )}
              >
                {r.label}
              </button>
            ))}
          </div>
        }
      />
      <CardBody className="space-y-4">
        <div className="space-y-1">
          {quota.resources.map((r) => (
            <QuotaUsageBar key={r.resource} usage={r} warningRatio={warningRatio} />
          ))}
        </div>
        <QueryState query={history} what="quota history">
          {(data) => (
            <div className="space-y-3">
              <QuotaHistoryChart data={data} />
              <div>
                <h3 className="mb-1 text-[11px] tracking-wide text-fg-subtle uppercase">
                  Projection
                </h3>
                <ul className="space-y-0.5 text-[13px]" aria-label="Projections">
                  {[...data.projections]
                    .sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity))
                    .map((p) => (
                      <li
                        key={p.resource}
                        className={cn(
                          p.daysLeft === null
                            ? 'text-fg-muted'
                            : p.daysLeft < 7
                              ? 'text-danger'
                              : p.daysLeft < 30
                                ? 'text-warn'
                                : 'text-fg',
                        )}
                      >
                        {describeProjection(p)}
                      </li>
                    ))}
                </ul>
              </div>
            </div>
          )}
        </QueryState>
      </CardBody>
    </Card>
  );
}
