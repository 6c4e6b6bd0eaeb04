'use client';

import type { QuotaRequest } from '@plimsoll/shared/schemas';
import { useState } from 'react';

import { Button } from '@/components/button';

import { useApproveQuotaRequest, useRejectQuotaRequest } from '../queries';
import { requestedChanges } from './request-format';

const inputClass =
  'h-7 w-full rounded-md border border-line-strong bg-surface px-2 font-mono text-xs text-fg focus:border-accent focus:outline-none';

/**
 * An SRE's decision on one request: approve as asked or with edited limits (and an optional comment), or
 * reject with a required comment. A refusal from the cluster (409 Conflict, 403 RBAC) is shown here and the
 * request stays visible as failed.
 */
export function QuotaRequestReview({
  cluster,
  request,
}: {
  cluster: string;
  request: QuotaRequest;
}) {
  const [mode, setMode] = useState<'idle' | 'approve' | 'reject'>('idle');
  const [hard, setHard] = useState<Record<string, string>>(request.requestedHard);
  const [comment, setComment] = useState('');
  const approve = useApproveQuotaRequest(cluster);
  const reject = useRejectQuotaRequest(cluster);
  const error = approve.error ?? reject.error;
  const edited = JSON.stringify(hard) !== JSON.stringify(request.requestedHard);

  if (mode === 'idle') {
    return (
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" variant="primary" onClick={() => setMode('approve')}>
          Approve…
        </Button>
        <Button size="sm" variant="danger" onClick={() => setMode('reject')}>
          Reject…
        </Button>
        {error && (
          <p role="alert" className="basis-full text-xs text-danger">
            {error.message}
          </p>
        )}
      </div>
    );
  }
  return (
    <form
      className="space-y-2 rounded-md border border-line bg-surface-muted/50 p-2.5"
      aria-label={
        mode === 'approve' ? `Approve request ${request.id}` : `Reject request ${request.id}`
      }
      onSubmit={(e) => {
        e.preventDefault();
        const done = { onSuccess: () => setMode('idle'), onError: () => setMode('idle') };
        if (mode === 'approve') {
          approve.mutate(
            {
              id: request.id,
              body: {
                ...(edited ? { hard } : {}),
                ...(comment.trim() ? { comment: comment.trim() } : {}),
              },
            },
            done,
          );
        } else {
          reject.mutate({ id: request.id, comment: comment.trim() }, done);
        }
      }}
    >
      {mode === 'approve' && (
        <div className="grid grid-cols-[minmax(0,1fr)_5rem_7rem] items-center gap-x-2 gap-y-1 text-xs">
          {requestedChanges(request).map((c) => (
            <div key={c.resource} className="contents">
              <label htmlFor={`approve-${request.id}-${c.resource}`} className="truncate font-mono">
                {c.resource}
              </label>
              <span className="text-right font-mono text-fg-muted">{c.from ?? '—'} →</span>
              <input
                id={`approve-${request.id}-${c.resource}`}
                className={inputClass}
                value={hard[c.resource] ?? ''}
                onChange={(e) => setHard((h) => ({ ...h, [c.resource]: e.target.value }))}
              />
            </div>
          ))}
        </div>
      )}
      <label className="block text-xs text-fg-muted">
        {mode === 'approve' ? 'Comment (optional)' : 'Why is it rejected? (required)'}
        <textarea
          className="mt-1 min-h-12 w-full rounded-md border border-line-strong bg-surface px-2 py-1 text-xs text-fg focus:border-accent focus:outline-none"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          required={mode === 'reject'}
        />
      </label>
      <div className="flex items-center justify-end gap-2">
        <Button size="sm" variant="ghost" onClick={() => setMode('idle')}>
          Back
        </Button>
        {mode === 'approve' ? (
          <Button size="sm" type="submit" variant="primary" loading={approve.isPending}>
            {edited ? 'Approve edited limits' : 'Approve and apply'}
          </Button>
        ) : (
          <Button
            size="sm"
            type="submit"
            variant="danger"
            loading={reject.isPending}
            disabled={comment.trim() === ''}
          >
            Reject request
          </Button>
        )}
      </div>
    </form>
  );
}
