'use client';

import type { TenantSummary } from '@plimsoll/shared/schemas';
import type { Route } from 'next';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';

import { Badge } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { cn } from '@/lib/cn';

import { ClusterGate } from '../live/cluster-gate';
import { useCurrentCluster } from '../live/use-current-cluster';
import { QuotaUsageBar } from '../quotas/components/quota-usage-bar';
import { IsolationScore } from './components/isolation-score';
import { useTenants } from './queries';

const SORTS = {
  name: {
    label: 'Name',
    compare: (a: TenantSummary, b: TenantSummary) => a.name.localeCompare(b.name),
  },
  score: {
    label: 'Isolation',
    compare: (a: TenantSummary, b: TenantSummary) =>
      (a.isolationScore ?? -1) - (b.isolationScore ?? -1),
  },
  usage: {
    label: 'Quota usage',
    compare: (a: TenantSummary, b: TenantSummary) => maxRatio(b) - maxRatio(a),
  },
  evictions: {
    label: 'Evictions',
    compare: (a: TenantSummary, b: TenantSummary) => b.evictions24h - a.evictions24h,
  },
} as const;
type SortKey = keyof typeof SORTS;

function maxRatio(t: TenantSummary): number {
  return Math.max(0, ...t.quotas.flatMap((q) => q.resources.map((r) => r.ratio ?? 0)));
}

/** The resources closest to their limit across a tenant's quotas. */
function hottest(t: TenantSummary, n: number) {
  return t.quotas
    .flatMap((q) => q.resources.map((r) => ({ quota: q, r })))
    .sort((a, b) => (b.r.ratio ?? 0) - (a.r.ratio ?? 0))
    .slice(0, n);
}

/** The Tenants view (`/tenants`): namespaces, members, quota usage, evictions and isolation per tenant. */
export function TenantsView() {
  const current = useCurrentCluster();
  return (
    <>
      <PageHeader
        title="Tenants"
        description="Each tenant’s namespaces, members, quota usage and isolation."
      />
      <ClusterGate current={current}>{(cluster) => <TenantsBody cluster={cluster} />}</ClusterGate>
    </>
  );
}

function TenantsBody({ cluster }: { cluster: string }) {
  const tenants = useTenants(cluster);
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const sortParam = params.get('sort');
  const sort: SortKey = sortParam && sortParam in SORTS ? (sortParam as SortKey) : 'name';
  const setSort = (key: SortKey) => {
    const next = new URLSearchParams(params);
    if (key === 'name') next.delete('sort');
    else next.set('sort', key);
    const qs = next.toString();
    router.replace((qs ? `${pathname}?${qs}` : pathname) as Route, { scroll: false });
  };

  return (
    <QueryState
      query={tenants}
      what="tenants"
      isEmpty={(d) => d.tenants.length === 0}
      empty={
        <Card>
          <EmptyState
            title="No tenants"
            description="No namespace carries a tenant label (capsule.clastix.io/tenant or plimsoll.io/tenant), or none of yours does."
          />
        </Card>
      }
    >
      {(data) => {
        const rows = [...data.tenants].sort(SORTS[sort].compare);
        const warnings = data.tenants.reduce(
          (n, t) => n + t.quotas.flatMap((q) => q.resources).filter((r) => r.state !== 'ok').length,
          0,
        );
        return (
          <Card>
            <CardHeader
              title={`${data.tenants.length} tenant${data.tenants.length === 1 ? '' : 's'}`}
              description={
                <>
                  Quota bars warn above {Math.round(data.warningRatio * 100)}% (KubeQuotaAlmostFull)
                  {warnings > 0
                    ? ` · ${warnings} resource${warnings === 1 ? '' : 's'} need attention`
                    : ''}
                  . Evictions over the last 24 hours.
                </>
              }
              actions={
                <div role="group" aria-label="Sort tenants" className="flex items-center gap-1">
                  <span className="text-xs text-fg-subtle">Sort</span>
                  {(Object.keys(SORTS) as SortKey[]).map((key) => (
                    <button
                      key={key}
                      type="button"
                      aria-pressed={sort === key}
                      onClick={() => setSort(key)}
                      className={cn(
                        'h-6 rounded px-2 text-xs',
                        sort === key
                          ? 'bg-accent-soft font-medium text-accent'
                          : 'text-fg-muted hover:bg-surface-hover',
                      )}
                    >
                      {SORTS[key].label}
                    </button>
                  ))}
                </div>
              }
            />
            <CardBody flush>
              <div className="overflow-x-auto">
                <table className="w-full text-[13px]" aria-label="Tenants">
                  <thead>
                    <tr className="border-b border-line text-left text-[11px] tracking-wide text-fg-subtle uppercase">
                      <th scope="col" className="px-4 py-2 font-medium">
                        Tenant
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Namespaces
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Members
                      </th>
                      <th scope="col" className="w-[30rem] px-3 py-2 font-medium">
                        Quota usage (closest to limit)
                      </th>
                      <th scope="col" className="px-3 py-2 text-right font-medium">
                        Evictions 24 h
                      </th>
                      <th scope="col" className="px-4 py-2 font-medium">
                        Isolation
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((t) => (
                      <tr
                        key={t.name}
                        className="border-b border-line align-top last:border-0 hover:bg-surface-hover/40"
                      >
                        <th scope="row" className="px-4 py-2.5 text-left font-medium">
                          <Link
                            href={`/tenants/${encodeURIComponent(t.name)}` as Route}
                            className="text-accent hover:underline focus-visible:underline"
                          >
                            {t.name}
                          </Link>
                        </th>
                        <td className="px-3 py-2.5">
                          <ul
                            className="flex flex-wrap gap-1"
                            aria-label={`Namespaces of ${t.name}`}
                          >
                            {t.namespaces.map((ns) => (
                              <li
                                key={ns}
                                className="rounded bg-surface-muted px-1.5 py-0.5 font-mono text-[11px] text-fg-muted"
                              >
                                {ns}
                              </li>
                            ))}
                          </ul>
                        </td>
                        <td className="px-3 py-2.5 text-xs text-fg-muted">
                          {t.members.users.length +
                            t.members.groups.length +
                            t.members.serviceAccounts.length ===
                          0 ? (
                            <span className="text-fg-subtle">none bound</span>
                          ) : (
                            <ul>
                              {t.members.users.map((u) => (
                                <li key={`u-${u}`} className="truncate">
                                  {u}
                                </li>
                              ))}
                              {t.members.groups.map((g) => (
                                <li key={`g-${g}`} className="truncate">
                                  group {g}
                                </li>
                              ))}
                              {t.members.serviceAccounts.map((s) => (
                                <li key={`sa-${s.namespace}/${s.name}`} className="truncate">
                                  sa {s.namespace}/{s.name}
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                        <td className="px-3 py-2.5">
                          {t.quotas.length === 0 ? (
                            <Badge tone="warn">No ResourceQuota</Badge>
                          ) : (
                            <div className="space-y-1">
                              {hottest(t, 3).map(({ quota, r }) => (
                                <div
                                  key={`${quota.namespace}/${quota.name}/${r.resource}`}
                                  className="flex items-center gap-2"
                                >
                                  <span
                                    className="w-36 shrink-0 truncate font-mono text-[11px] text-fg-subtle"
                                    title={`${quota.namespace}/${quota.name}`}
                                  >
                                    {quota.namespace}/{quota.name}
                                  </span>
                                  <div className="min-w-0 flex-1">
                                    <QuotaUsageBar
                                      usage={r}
                                      warningRatio={data.warningRatio}
                                      compact
                                    />
                                  </div>
                                </div>
                              ))}
                              <Link
                                href={`/quotas?tenant=${encodeURIComponent(t.name)}` as Route}
                                className="text-[11px] text-accent hover:underline"
                              >
                                All {t.quotas.length} quotas and history →
                              </Link>
                            </div>
                          )}
                        </td>
                        <td
                          className={cn(
                            'px-3 py-2.5 text-right font-mono tabular-nums',
                            t.evictions24h > 0 ? 'text-warn' : 'text-fg-muted',
                          )}
                        >
                          {t.evictions24h > 0 ? (
                            <Link
                              href={`/evictions?tenant=${encodeURIComponent(t.name)}` as Route}
                              className="hover:underline"
                            >
                              {t.evictions24h}
                            </Link>
                          ) : (
                            0
                          )}
                        </td>
                        <td className="px-4 py-2.5">
                          <div className="flex flex-col items-start gap-1">
                            <IsolationScore
                              score={t.isolationScore}
                              failed={t.failedChecks.length}
                            />
                            {t.auditError ? (
                              <span className="text-[11px] text-danger">{t.auditError}</span>
                            ) : t.failedChecks.length > 0 ? (
                              <Link
                                href={`/tenants/${encodeURIComponent(t.name)}` as Route}
                                className="text-[11px] text-fg-muted hover:text-accent hover:underline"
                              >
                                {t.failedChecks.length} check
                                {t.failedChecks.length === 1 ? '' : 's'} failing
                              </Link>
                            ) : (
                              <span className="text-[11px] text-fg-subtle">all checks pass</span>
                            )}
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </CardBody>
          </Card>
        );
      }}
    </QueryState>
  );
}
