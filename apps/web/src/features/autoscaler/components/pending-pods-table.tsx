'use client';

import type { ListPendingPodsResponse } from '@plimsoll/shared/schemas';

import { Badge } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { formatDateTime, formatRelative } from '@/lib/format';

/** Unscheduled pods and the autoscaler's verdict on each. */
export function PendingPodsTable({
  data,
  onExplain,
}: {
  data: ListPendingPodsResponse;
  onExplain: (namespace: string, pod: string) => void;
}) {
  return (
    <Card>
      <CardHeader
        title={`Pending pods (${data.pods.length})`}
        description="Pods with no node, and why each did (not) trigger a scale-up: the autoscaler's latest NotTriggerScaleUp or TriggeredScaleUp Event."
      />
      <CardBody flush className="overflow-x-auto">
        {data.pods.length === 0 ? (
          <p className="px-4 py-3 text-[13px] text-fg-muted">No pod is waiting for a node.</p>
        ) : (
          <table className="w-full text-left text-[13px]">
            <thead className="text-[11px] text-fg-subtle">
              <tr className="border-b border-line">
                <th className="px-4 py-2 font-medium">Pod</th>
                <th className="px-3 py-2 font-medium">Waiting</th>
                <th className="px-3 py-2 font-medium">Requests</th>
                <th className="px-3 py-2 font-medium">Autoscaler</th>
                <th className="px-3 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.pods.map((p) => (
                <tr
                  key={`${p.namespace}/${p.name}`}
                  className="border-b border-line align-top last:border-0 hover:bg-surface-hover"
                >
                  <td className="max-w-xs px-4 py-2">
                    <div
                      className="truncate font-mono text-xs text-fg"
                      title={`${p.namespace}/${p.name}`}
                    >
                      <span className="text-fg-subtle">{p.namespace}/</span>
                      {p.name}
                    </div>
                    {p.owner && (
                      <div className="truncate text-[11px] text-fg-subtle">{p.owner}</div>
                    )}
                  </td>
                  <td
                    className="px-3 py-2 text-xs whitespace-nowrap text-fg-muted"
                    title={formatDateTime(p.createdAt)}
                  >
                    {formatRelative(p.createdAt).replace(' ago', '')}
                  </td>
                  <td className="px-3 py-2 font-mono text-[11px] text-fg-muted">
                    {Object.entries(p.requests).map(([k, v]) => (
                      <div key={k}>
                        {k}={v}
                      </div>
                    ))}
                  </td>
                  <td className="max-w-xl px-3 py-2 text-xs">
                    {p.notTriggered ? (
                      <>
                        <Badge tone="warn">Did not trigger scale-up</Badge>
                        <ul className="mt-1 space-y-0.5 text-fg-muted">
                          {p.notTriggered.reasons.map((r) => (
                            <li key={r.reason}>
                              <span className="font-mono tabular-nums text-fg">{r.count}×</span>{' '}
                              {r.reason}
                            </li>
                          ))}
                        </ul>
                        <div className="mt-0.5 text-[11px] text-fg-subtle">
                          last {formatRelative(p.notTriggered.lastSeen)}
                          {p.notTriggered.count > 1 && ` · ×${p.notTriggered.count}`}
                        </div>
                      </>
                    ) : p.triggered ? (
                      <>
                        <Badge tone="info">Triggered scale-up</Badge>
                        <div className="mt-1 font-mono text-[11px] text-fg-muted">
                          {p.triggered.message}
                        </div>
                      </>
                    ) : (
                      <span className="text-fg-subtle">No autoscaler Event yet</span>
                    )}
                    {p.schedulerMessage && (
                      <div
                        className="mt-1 text-[11px] text-fg-subtle"
                        title="kube-scheduler FailedScheduling"
                      >
                        scheduler: {p.schedulerMessage}
                      </div>
                    )}
                  </td>
                  <td className="px-3 py-2 text-right">
                    <button
                      type="button"
                      onClick={() => onExplain(p.namespace, p.name)}
                      className="rounded px-2 py-1 text-xs font-medium text-accent hover:bg-accent/10 focus-visible:outline-2 focus-visible:outline-accent"
                    >
                      Why this group?
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardBody>
    </Card>
  );
}
