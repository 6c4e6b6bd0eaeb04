'use client';

import type { QuotaRequestAuditEvent, QuotaRequestDetail } from '@plimsoll/shared/schemas';

import { Badge } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { cn } from '@/lib/cn';

import { ACTION_LABELS, requestedChanges, STATUS_TONES } from './request-format';
import { formatDateTime } from '@/lib/format';

function describeDetails(e: QuotaRequestAuditEvent): string | null {
  const d = e.details;
  const parts: string[] = [];
  const hard = d.hard as Record<string, string> | undefined;
  if (e.action === 'requested' && typeof d.reason === 'string') parts.push(`“${d.reason}”`);
  if (hard && (e.action === 'approved' || e.action === 'applied')) {
    parts.push(
      Object.entries(hard)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
    );
  }
  if (d.edited === true) parts.push('edited by the approver');
  if (typeof d.comment === 'string') parts.push(`“${d.comment}”`);
  if (typeof d.message === 'string') parts.push(d.message);
  if (Array.isArray(d.reasons)) parts.push((d.reasons as string[]).join(' '));
  if (typeof d.resourceVersionAfter === 'string')
    parts.push(`resourceVersion ${String(d.resourceVersionBefore)} → ${d.resourceVersionAfter}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** A request, what it asks for, and its audit trail: who did what, and when. */
export function QuotaRequestDetailCard({ request }: { request: QuotaRequestDetail }) {
  return (
    <Card>
      <CardHeader
        title={
          <span>
            Request <span className="font-mono">#{request.id}</span> ·{' '}
            <span className="font-mono">
              {request.namespace}/{request.quotaName}
            </span>
          </span>
        }
        description={`Tenant ${request.tenant} · by ${request.requestedBy} · ${formatDateTime(request.createdAt)}`}
        actions={
          <Badge tone={STATUS_TONES[request.status]} dot>
            {request.status}
          </Badge>
        }
      />
      <CardBody className="space-y-3">
        <p className="text-[13px] text-fg">{request.reason}</p>
        <table className="w-full text-xs" aria-label="Requested limits">
          <thead>
            <tr className="text-left text-[11px] text-fg-subtle uppercase">
              <th scope="col" className="py-1 font-medium">
                Resource
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Was
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Asked
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Applied
              </th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {requestedChanges(request).map((c) => (
              <tr key={c.resource} className="border-t border-line">
                <td className="py-1">{c.resource}</td>
                <td className="py-1 text-right text-fg-muted">{c.from ?? '—'}</td>
                <td className="py-1 text-right">{c.to}</td>
                <td className="py-1 text-right">{request.appliedHard?.[c.resource] ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div>
          <h3 className="mb-1.5 text-[11px] tracking-wide text-fg-subtle uppercase">Audit trail</h3>
          <ol className="relative space-y-2 border-l border-line pl-4" aria-label="Audit trail">
            {request.audit.map((e) => {
              const details = describeDetails(e);
              const bad =
                e.action === 'apply-failed' ||
                e.action === 'apply-interrupted' ||
                e.action === 'rejected';
              const good = e.action === 'applied';
              return (
                <li key={e.id} className="relative text-xs">
                  <span
                    aria-hidden="true"
                    className={cn(
                      'absolute top-1 -left-[1.3rem] size-2 rounded-full ring-2 ring-surface',
                      bad ? 'bg-danger' : good ? 'bg-ok' : 'bg-fg-subtle',
                    )}
                  />
                  <div className="flex flex-wrap items-baseline gap-x-1.5">
                    <span className="font-medium text-fg">{e.actor}</span>
                    <span className={cn(bad ? 'text-danger' : good ? 'text-ok' : 'text-fg-muted')}>
                      {ACTION_LABELS[e.action] ?? e.action}
                    </span>
                    <time dateTime={e.at} className="ml-auto font-mono text-[11px] text-fg-subtle">
                      {formatDateTime(e.at)}
                    </time>
                  </div>
                  {details && <p className="mt-0.5 break-words text-fg-muted">{details}</p>}
                </li>
              );
            })}
          </ol>
        </div>
      </CardBody>
    </Card>
  );
}
