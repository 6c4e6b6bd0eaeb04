'use client';

import type { IsolationCheck, TenantDetailResponse } from '@plimsoll/shared/schemas';
import type { Route } from 'next';
import Link from 'next/link';

import { Badge, type BadgeTone } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { cn } from '@/lib/cn';

import { ViewEmbedButton } from '../embed/components/view-embed-button';
import { ClusterGate } from '../live/cluster-gate';
import { useCurrentCluster } from '../live/use-current-cluster';
import { QuotaUsageBar } from '../quotas/components/quota-usage-bar';
import { IsolationScore } from './components/isolation-score';
import { TenantRequestsCard } from './components/tenant-requests-card';
import { useTenant, useTenantIsolation } from './queries';
import { formatDateTime } from '@/lib/format';

const SEVERITY_TONES: Record<IsolationCheck['severity'], BadgeTone> = {
  critical: 'danger',
  high: 'danger',
  medium: 'warn',
  low: 'neutral',
};

/** A tenant's page (`/tenants/[tenant]`): its namespaces, members and quotas, and the isolation audit. */
export function TenantDetailView({ tenant }: { tenant: string }) {
  const current = useCurrentCluster();
  const { cluster } = current;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-1 text-xs text-fg-muted">
        <Link href="/tenants" className="hover:text-accent hover:underline">
          Tenants
        </Link>
        <span aria-hidden="true"> / </span>
        <span className="text-fg">{tenant}</span>
      </nav>
      <PageHeader
        title={`Tenant ${tenant}`}
        description="Quota requests and their decisions, quota usage, namespaces, members and the isolation audit."
        actions={
          <>
            <Link
              href={`/evictions?tenant=${encodeURIComponent(tenant)}` as Route}
              className="text-[13px] text-accent hover:underline"
            >
              Evictions of this tenant
            </Link>
            {cluster && (
              <ViewEmbedButton cluster={cluster} panel="tenant-quotas" params={{ tenant }} />
            )}
          </>
        }
      />
      <ClusterGate current={current}>
        {(cluster) => <TenantBody cluster={cluster} tenant={tenant} />}
      </ClusterGate>
    </>
  );
}

function TenantBody({ cluster, tenant }: { cluster: string; tenant: string }) {
  const summary = useTenant(cluster, tenant);
  const audit = useTenantIsolation(cluster, tenant);
  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_24rem]">
      <div className="space-y-4 xl:order-2">
        <TenantRequestsCard cluster={cluster} tenant={tenant} />
        <QueryState query={summary} what="tenant">
          {(data) => <TenantSide data={data} />}
        </QueryState>
      </div>
      <div className="min-w-0 xl:order-1">
        <QueryState query={audit} what="isolation audit">
          {(data) => (
            <Card>
              <CardHeader
                title="Isolation audit"
                description={`${data.checks.filter((c) => c.passed).length} of ${data.checks.length} checks pass · score weighs critical checks 4×, low 1× · audited ${formatDateTime(data.auditedAt)}`}
                actions={
                  <IsolationScore
                    score={data.score}
                    failed={data.checks.filter((c) => !c.passed).length}
                  />
                }
              />
              <CardBody flush>
                <ol className="divide-y divide-line" aria-label="Isolation checks">
                  {[...data.checks]
                    .sort((a, b) => Number(a.passed) - Number(b.passed))
                    .map((check) => (
                      <IsolationCheckItem key={check.id} check={check} cluster={cluster} />
                    ))}
                </ol>
              </CardBody>
            </Card>
          )}
        </QueryState>
      </div>
    </div>
  );
}

/** The object of a finding, linked to where Plimsoll shows it (a node's page, a namespace's evictions). */
function FindingObject({
  cluster,
  o,
}: {
  cluster: string;
  o: { kind: string; namespace?: string | null; name: string };
}) {
  const text = `${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
  const c = encodeURIComponent(cluster);
  const href =
    o.kind === 'Node'
      ? `/nodes/${encodeURIComponent(o.name)}?cluster=${c}`
      : o.kind === 'Namespace' || (o.kind === 'Pod' && o.namespace)
        ? `/evictions?cluster=${c}&namespace=${encodeURIComponent(o.namespace ?? o.name)}&range=7d`
        : null;
  if (!href) return <>{text}</>;
  return (
    <Link href={href as Route} className="text-accent hover:underline">
      {text}
    </Link>
  );
}

function IsolationCheckItem({ check, cluster }: { check: IsolationCheck; cluster: string }) {
  return (
    <li className="px-4 py-3" aria-label={`${check.title}: ${check.passed ? 'pass' : 'fail'}`}>
      <div className="flex items-start gap-3">
        <span
          aria-hidden="true"
          className={cn(
            'mt-0.5 grid size-5 shrink-0 place-items-center rounded-full text-[11px] font-bold',
            check.passed ? 'bg-ok/15 text-ok' : 'bg-danger/15 text-danger',
          )}
        >
          {check.passed ? '✓' : '✕'}
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="text-[13px] font-semibold text-fg">{check.title}</h3>
            <Badge tone={check.passed ? 'ok' : 'danger'}>{check.passed ? 'Pass' : 'Fail'}</Badge>
            <Badge tone={check.passed ? 'neutral' : SEVERITY_TONES[check.severity]}>
              {check.severity}
            </Badge>
          </div>
          {check.offenders.length > 0 && (
            <table className="mt-2 w-full text-xs" aria-label={`Offenders: ${check.title}`}>
              <thead className="sr-only">
                <tr>
                  <th scope="col">Object</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {check.offenders.map((o, i) => (
                  <tr
                    key={`${o.kind}/${o.namespace ?? ''}/${o.name}/${i}`}
                    className="border-t border-line first:border-0"
                  >
                    <td className="py-1 pr-3 align-top font-mono text-fg max-sm:block max-sm:break-all max-sm:pb-0 sm:whitespace-nowrap">
                      <span className="text-fg-subtle">{o.kind} </span>
                      <FindingObject cluster={cluster} o={o} />
                    </td>
                    <td className="py-1 text-fg-muted max-sm:block max-sm:pt-0">{o.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {!check.passed && (
            <p className="mt-2 rounded-md border border-line bg-surface-muted px-2.5 py-1.5 text-xs text-fg-muted">
              <span className="font-medium text-fg">How to fix: </span>
              {check.fix}
            </p>
          )}
          {check.notes.length > 0 && (
            <details className="mt-1.5 text-xs text-fg-muted">
              <summary className="cursor-pointer text-fg-subtle hover:text-fg">
                {check.notes.length} observation{check.notes.length === 1 ? '' : 's'}
              </summary>
              <ul className="mt-1 space-y-0.5">
                {check.notes.map((n, i) => (
                  <li key={`${n.name}/${i}`}>
                    <span className="font-mono text-fg">
                      {n.namespace ? `${n.namespace}/` : ''}
                      {n.name}
                    </span>{' '}
                    {n.detail}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      </div>
    </li>
  );
}

function TenantSide({ data }: { data: TenantDetailResponse }) {
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader title="Namespaces and members" />
        <CardBody className="space-y-3 text-xs">
          <div>
            <h3 className="mb-1 text-[11px] tracking-wide text-fg-subtle uppercase">Namespaces</h3>
            <ul className="flex flex-wrap gap-1">
              {data.namespaces.map((ns) => (
                <li
                  key={ns}
                  className="rounded bg-surface-muted px-1.5 py-0.5 font-mono text-[11px] text-fg-muted"
                >
                  {ns}
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3 className="mb-1 text-[11px] tracking-wide text-fg-subtle uppercase">
              Members (namespace-admin)
            </h3>
            <ul className="space-y-0.5 text-fg-muted">
              {data.members.users.map((u) => (
                <li key={u}>User {u}</li>
              ))}
              {data.members.groups.map((g) => (
                <li key={g}>Group {g}</li>
              ))}
              {data.members.serviceAccounts.map((s) => (
                <li key={`${s.namespace}/${s.name}`}>
                  ServiceAccount {s.namespace}/{s.name}
                </li>
              ))}
            </ul>
          </div>
          <div className="flex items-center justify-between border-t border-line pt-2">
            <span className="text-fg-muted">Evictions in the last 24 h</span>
            <span
              className={cn(
                'font-mono tabular-nums',
                data.evictions24h > 0 ? 'text-warn' : 'text-fg',
              )}
            >
              {data.evictions24h}
            </span>
          </div>
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Quota usage"
          description={`Warning above ${Math.round(data.warningRatio * 100)}%`}
          actions={
            <Link
              href={`/quotas?tenant=${encodeURIComponent(data.name)}` as Route}
              className="text-xs text-accent hover:underline"
            >
              History →
            </Link>
          }
        />
        <CardBody className="space-y-3">
          {data.quotas.map((q) => (
            <div key={`${q.namespace}/${q.name}`}>
              <div className="mb-1 flex items-center gap-2 text-xs">
                <span className="font-mono text-fg">
                  {q.namespace}/{q.name}
                </span>
                {q.scopes.map((s) => (
                  <Badge key={s}>{s}</Badge>
                ))}
              </div>
              <div className="space-y-1">
                {q.resources.map((r) => (
                  <QuotaUsageBar
                    key={r.resource}
                    usage={r}
                    warningRatio={data.warningRatio}
                    compact
                  />
                ))}
              </div>
            </div>
          ))}
        </CardBody>
      </Card>
    </div>
  );
}
