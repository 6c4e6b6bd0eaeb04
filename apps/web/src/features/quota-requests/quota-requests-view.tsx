'use client';

import type { QuotaRequest } from '@plimsoll/shared/schemas';
import { useEffect, useRef } from 'react';

import { Badge } from '@/components/badge';
import { Button } from '@/components/button';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';

import { useCurrentSession } from '../auth/session-context';
import { ClusterGate } from '../live/cluster-gate';
import { useUrlState } from '../live/use-url-state';
import { useCurrentCluster } from '../live/use-current-cluster';
import { useQuotas } from '../quotas/queries';
import { NewQuotaRequestForm } from './components/new-quota-request-form';
import { QuotaRequestDetailCard } from './components/quota-request-detail';
import { QuotaRequestList } from './components/quota-request-list';
import { QuotaRequestReview } from './components/quota-request-review';
import { requestedChanges, STATUS_TONES } from './components/request-format';
import {
  useCancelQuotaRequest,
  useMarkDecisionsSeen,
  useQuotaRequest,
  useQuotaRequests,
} from './queries';
import { formatQuantity, formatRelative } from '@/lib/format';

/** The Quota requests view: tenant admins ask, SREs decide, everyone sees the audit trail. */
export function QuotaRequestsView() {
  const current = useCurrentCluster();
  const { user } = useCurrentSession();
  const description =
    user.role === 'sre'
      ? 'Review what tenants ask for: approve (optionally edited) or reject with a comment. Approval patches the quota in the cluster.'
      : user.role === 'tenant-admin'
        ? 'Ask for more room in your namespaces, and follow your requests.'
        : 'Every request and decision, read-only.';
  return (
    <>
      <PageHeader title="Quota requests" description={description} />
      <ClusterGate current={current}>
        {(cluster) => <QuotaRequestsBody cluster={cluster} />}
      </ClusterGate>
    </>
  );
}

function QuotaRequestsBody({ cluster }: { cluster: string }) {
  const { user } = useCurrentSession();
  const { params, set } = useUrlState();
  const requests = useQuotaRequests(cluster);
  const selectedId = params.get('request');
  const select = (id: string) => set({ request: id });

  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_30rem]">
      <div className="min-w-0 space-y-4">
        {user.role === 'tenant-admin' && (
          <RequestFormSection cluster={cluster} onCreated={select} />
        )}
        <QueryState query={requests} what="quota requests">
          {(data) =>
            user.role === 'sre' ? (
              <SreQueue
                cluster={cluster}
                requests={data.requests}
                selectedId={selectedId}
                onSelect={select}
              />
            ) : (
              <Card>
                <CardHeader
                  title={user.role === 'tenant-admin' ? 'Your tenant’s requests' : 'All requests'}
                  description="Newest first; select one for its audit trail."
                />
                <CardBody flush>
                  {data.requests.length === 0 ? (
                    <EmptyState title="No requests yet" />
                  ) : (
                    <QuotaRequestList
                      requests={data.requests}
                      selectedId={selectedId}
                      onSelect={select}
                      label="Quota requests"
                      unseen={data.unseen}
                    />
                  )}
                </CardBody>
              </Card>
            )
          }
        </QueryState>
      </div>
      <SelectedRequest
        cluster={cluster}
        id={selectedId}
        unseen={requests.data?.unseen.includes(selectedId ?? '') ?? false}
      />
    </div>
  );
}

function RequestFormSection({
  cluster,
  onCreated,
}: {
  cluster: string;
  onCreated: (id: string) => void;
}) {
  const quotas = useQuotas(cluster);
  const { params, set } = useUrlState();
  return (
    <QueryState
      query={quotas}
      what="your quotas"
      isEmpty={(d) => d.quotas.length === 0}
      empty={
        <Card>
          <EmptyState
            title="No quotas to ask about"
            description="None of your namespaces has a ResourceQuota."
          />
        </Card>
      }
    >
      {(data) => (
        <NewQuotaRequestForm
          cluster={cluster}
          quotas={data.quotas}
          warningRatio={data.warningRatio}
          quotaKey={params.get('quota')}
          onQuotaKey={(key) => set({ quota: key })}
          onCreated={(r) => onCreated(r.id)}
        />
      )}
    </QueryState>
  );
}

function SreQueue({
  cluster,
  requests,
  selectedId,
  onSelect,
}: {
  cluster: string;
  requests: QuotaRequest[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const open = requests.filter((r) => r.status === 'pending' || r.status === 'failed').reverse();
  const decided = requests.filter((r) => r.status !== 'pending' && r.status !== 'failed');
  // The approver weighs the ask against what is used now, not only against the old limit.
  const quotas = useQuotas(cluster);
  const usedOf = (namespace: string, name: string, resource: string) =>
    quotas.data?.quotas
      .find((q) => q.namespace === namespace && q.name === name)
      ?.resources.find((x) => x.resource === resource)?.used;
  return (
    <>
      <Card>
        <CardHeader
          title={`Queue · ${open.length} waiting`}
          description="Oldest first. Failed requests (the cluster refused the change) stay here until approved again or rejected."
        />
        <CardBody flush>
          {open.length === 0 ? (
            <EmptyState
              title="Nothing waiting"
              description="New requests from tenant admins appear here."
            />
          ) : (
            <ul aria-label="Request queue" className="divide-y divide-line">
              {open.map((r) => (
                <li key={r.id} className="space-y-2 px-4 py-3" aria-label={`Request ${r.id}`}>
                  <div className="flex flex-wrap items-center gap-2 text-xs">
                    <button
                      type="button"
                      onClick={() => onSelect(r.id)}
                      className="font-mono text-accent hover:underline"
                    >
                      #{r.id}
                    </button>
                    <span className="font-mono text-fg">
                      {r.namespace}/{r.quotaName}
                    </span>
                    <Badge>{r.tenant}</Badge>
                    <Badge tone={STATUS_TONES[r.status]} dot>
                      {r.status}
                    </Badge>
                    <span className="ml-auto text-fg-subtle">
                      {r.requestedBy} · {formatRelative(r.createdAt)}
                    </span>
                  </div>
                  <div className="flex flex-wrap gap-x-4 gap-y-0.5 font-mono text-xs">
                    {requestedChanges(r).map((c) => (
                      <span key={c.resource}>
                        {c.resource} <span className="text-fg-muted">{c.from ?? '—'}</span> →{' '}
                        <span className="font-semibold">{c.to}</span>
                        {usedOf(r.namespace, r.quotaName, c.resource) !== undefined && (
                          <span className="text-fg-muted">
                            {' '}
                            (used now{' '}
                            {formatQuantity(
                              usedOf(r.namespace, r.quotaName, c.resource),
                              c.resource,
                            )}
                            )
                          </span>
                        )}
                      </span>
                    ))}
                  </div>
                  <p className="text-[13px] text-fg-muted">{r.reason}</p>
                  <QuotaRequestReview cluster={cluster} request={r} />
                </li>
              ))}
            </ul>
          )}
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Decided"
          description="Approved, rejected and cancelled requests, newest first."
        />
        <CardBody flush>
          {decided.length === 0 ? (
            <EmptyState title="No decisions yet" />
          ) : (
            <QuotaRequestList
              requests={decided}
              selectedId={selectedId}
              onSelect={onSelect}
              label="Decided requests"
            />
          )}
        </CardBody>
      </Card>
    </>
  );
}

function SelectedRequest({
  cluster,
  id,
  unseen,
}: {
  cluster: string;
  id: string | null;
  /** Whether its decision is news to the user: opening it marks it seen. */
  unseen: boolean;
}) {
  const { user } = useCurrentSession();
  const detail = useQuotaRequest(cluster, id);
  const cancel = useCancelQuotaRequest(cluster);
  const { mutate } = useMarkDecisionsSeen(cluster);
  const marked = useRef<string | null>(null);
  const shown = detail.data?.id;
  useEffect(() => {
    // Once per request shown: the list's "unseen" lags the POST until it refetches.
    if (!unseen || shown === undefined || shown !== id || marked.current === shown) return;
    marked.current = shown;
    mutate(shown);
  }, [unseen, shown, id, mutate]);
  if (id === null) {
    return (
      <Card className="self-start">
        <EmptyState
          title="Select a request"
          description="Its limits, decision and full audit trail show here."
        />
      </Card>
    );
  }
  return (
    <div className="self-start">
      <QueryState query={detail} what="quota request">
        {(r) => (
          <div className="space-y-2">
            <QuotaRequestDetailCard request={r} />
            {r.requestedBy === user.username &&
              (r.status === 'pending' || r.status === 'failed') && (
                <div className="flex items-center justify-end gap-2">
                  {cancel.error && (
                    <span className="text-xs text-danger">{cancel.error.message}</span>
                  )}
                  <Button
                    size="sm"
                    variant="danger"
                    loading={cancel.isPending}
                    onClick={() => cancel.mutate({ id: r.id })}
                  >
                    Cancel my request
                  </Button>
                </div>
              )}
          </div>
        )}
      </QueryState>
    </div>
  );
}
