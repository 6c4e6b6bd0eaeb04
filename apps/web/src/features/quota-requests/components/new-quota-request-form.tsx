'use client';

import type { QuotaRequestDetail, QuotaSummary } from '@plimsoll/shared/schemas';
import { useEffect, useRef, useState, type FormEvent } from 'react';

import { Button } from '@/components/button';
import { Card, CardBody, CardHeader } from '@/components/card';
import { QueryState } from '@/components/query-state';
import { ApiError } from '@/lib/api-client';

import { describeProjection, QuotaHistoryChart } from '../../quotas/components/quota-history-chart';
import { QuotaUsageBar } from '../../quotas/components/quota-usage-bar';
import { useQuotaHistory } from '../../quotas/queries';
import { useCreateQuotaRequest } from '../queries';

const inputClass =
  'h-7 w-full rounded-md border border-line-strong bg-surface px-2 font-mono text-xs text-fg placeholder:text-fg-subtle focus:border-accent focus:outline-none';

function problemsOf(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const details = error.details as
    { problems?: Array<{ message: string; severity: string }> } | undefined;
  return (details?.problems ?? []).filter((p) => p.severity === 'error').map((p) => p.message);
}

/**
 * A tenant admin's request for new hard limits: pick a quota, see its usage and history, type the new
 * limits and a reason. One idempotency key per submission: a double click or a network retry files once.
 */
export function NewQuotaRequestForm({
  cluster,
  quotas,
  warningRatio,
  quotaKey,
  onQuotaKey,
  onCreated,
}: {
  cluster: string;
  quotas: QuotaSummary[];
  warningRatio: number;
  quotaKey: string | null;
  onQuotaKey: (key: string) => void;
  onCreated: (r: QuotaRequestDetail) => void;
}) {
  const selected = quotas.find((q) => `${q.namespace}/${q.name}` === quotaKey) ?? quotas[0];
  const [values, setValues] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const idempotencyKey = useRef<string>(crypto.randomUUID());
  const create = useCreateQuotaRequest(cluster);
  const selectedKey = selected ? `${selected.namespace}/${selected.name}` : '';

  useEffect(() => {
    setValues({});
    create.reset();
    // Only a different quota clears the form.
  }, [selectedKey]);

  if (!selected) return null;
  const requestedHard = Object.fromEntries(
    Object.entries(values)
      .map(([k, v]) => [k, v.trim()] as const)
      .filter(([, v]) => v !== ''),
  );
  const canSubmit = Object.keys(requestedHard).length > 0 && reason.trim().length >= 3;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit) return;
    create.mutate(
      {
        body: {
          namespace: selected.namespace,
          quotaName: selected.name,
          requestedHard,
          reason: reason.trim(),
        },
        idempotencyKey: idempotencyKey.current,
      },
      {
        onSuccess: (r) => {
          idempotencyKey.current = crypto.randomUUID();
          setValues({});
          setReason('');
          onCreated(r);
        },
      },
    );
  };
  const problems = problemsOf(create.error);

  return (
    <Card>
      <CardHeader
        title="Ask for more"
        description="New hard limits for a ResourceQuota in one of your namespaces."
      />
      <CardBody>
        <form onSubmit={submit} className="space-y-3" aria-label="New quota request">
          <label className="block text-xs text-fg-muted">
            Quota
            <select
              className="mt-1 h-7 w-full rounded-md border border-line-strong bg-surface px-2 font-mono text-xs text-fg"
              value={selectedKey}
              onChange={(e) => onQuotaKey(e.target.value)}
            >
              {quotas.map((q) => (
                <option key={`${q.namespace}/${q.name}`} value={`${q.namespace}/${q.name}`}>
                  {q.namespace}/{q.name}
                  {q.scopes.length ? ` (${q.scopes.join(', ')})` : ''}
                </option>
              ))}
            </select>
          </label>
          <QuotaContext cluster={cluster} quota={selected} warningRatio={warningRatio} />
          <fieldset>
            <legend className="mb-1 text-xs text-fg-muted">
              New hard limits (leave blank to keep)
            </legend>
            <div className="grid grid-cols-[minmax(0,1fr)_5rem_5rem_7rem] items-center gap-x-2 gap-y-1 text-xs">
              <span className="text-[11px] text-fg-subtle uppercase">Resource</span>
              <span className="text-right text-[11px] text-fg-subtle uppercase">Used</span>
              <span className="text-right text-[11px] text-fg-subtle uppercase">Hard</span>
              <span className="text-[11px] text-fg-subtle uppercase">New</span>
              {selected.resources.map((r) => (
                <div key={r.resource} className="contents">
                  <label htmlFor={`new-${r.resource}`} className="truncate font-mono text-fg">
                    {r.resource}
                  </label>
                  <span className="text-right font-mono text-fg-muted">{r.used}</span>
                  <span className="text-right font-mono text-fg-muted">{r.hard}</span>
                  <input
                    id={`new-${r.resource}`}
                    className={inputClass}
                    placeholder={r.hard}
                    value={values[r.resource] ?? ''}
                    onChange={(e) => setValues((v) => ({ ...v, [r.resource]: e.target.value }))}
                    autoComplete="off"
                  />
                </div>
              ))}
            </div>
          </fieldset>
          <label className="block text-xs text-fg-muted">
            Reason
            <textarea
              className="mt-1 min-h-16 w-full rounded-md border border-line-strong bg-surface px-2 py-1.5 text-[13px] text-fg focus:border-accent focus:outline-none"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="What needs the room, and until when"
              maxLength={2000}
            />
          </label>
          {create.error && (
            <div
              role="alert"
              className="rounded-md border border-danger/30 bg-danger/5 px-3 py-2 text-xs text-danger"
            >
              {problems.length > 0 ? (
                <ul className="list-disc pl-4">
                  {problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              ) : (
                create.error.message
              )}
            </div>
          )}
          <div className="flex items-center justify-end gap-2">
            <Button
              type="submit"
              variant="primary"
              disabled={!canSubmit}
              loading={create.isPending}
            >
              Send request
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}

function QuotaContext({
  cluster,
  quota,
  warningRatio,
}: {
  cluster: string;
  quota: QuotaSummary;
  warningRatio: number;
}) {
  const history = useQuotaHistory(cluster, quota.namespace, quota.name, 24 * 7);
  return (
    <div className="space-y-2 rounded-md border border-line bg-surface-muted/50 p-2.5">
      <div className="space-y-1">
        {quota.resources.map((r) => (
          <QuotaUsageBar key={r.resource} usage={r} warningRatio={warningRatio} compact />
        ))}
      </div>
      <QueryState
        query={history}
        what="usage history"
        loading={<div className="h-32 animate-pulse rounded bg-surface-hover" />}
      >
        {(data) => (
          <>
            <QuotaHistoryChart data={data} height="h-32" />
            <ul className="text-[11px] text-fg-muted">
              {data.projections
                .filter((p) => p.daysLeft !== null)
                .map((p) => (
                  <li key={p.resource}>{describeProjection(p)}</li>
                ))}
            </ul>
          </>
        )}
      </QueryState>
    </div>
  );
}
