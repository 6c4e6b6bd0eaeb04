'use client';

import type { NodeActionAuditItem } from '@plimsoll/shared/schemas';

import { Badge, type BadgeTone } from '@/components/badge';
import { QueryState } from '@/components/query-state';
import { formatDateTime } from '@/lib/format';

import { useNodeActionAudit } from '../queries';

/** Entries shown; the API keeps the node's last 100. */
const SHOWN = 12;

const OUTCOME_TONES: Record<NodeActionAuditItem['outcome'], BadgeTone> = {
  ok: 'ok',
  refused: 'warn',
  failed: 'danger',
};

function describe(e: NodeActionAuditItem): string {
  switch (e.action) {
    case 'cordon':
      return 'cordoned the node';
    case 'uncordon':
      return 'uncordoned the node';
    case 'drain-start':
      return 'started a drain';
    case 'evict':
      return e.outcome === 'ok'
        ? `evicted ${e.pod ?? 'a pod'}`
        : `eviction of ${e.pod ?? 'a pod'} ${e.outcome}`;
    case 'drain-done':
      return 'drain done';
    case 'drain-failed':
      return 'drain failed';
    case 'drain-cancelled':
      return 'cancelled the drain';
    case 'drain-interrupted':
      return 'drain interrupted';
  }
}

/** The node's action audit log (node_action_audit_events), newest first: who did what, and how it went. */
export function ActionLog({ cluster, node }: { cluster: string; node: string }) {
  const audit = useNodeActionAudit(cluster, node);
  return (
    <QueryState
      query={audit}
      what="the node's action log"
      isEmpty={(a) => a.items.length === 0}
      empty={
        <p className="text-xs text-fg-muted">
          Nobody has cordoned or drained this node through Plimsoll.
        </p>
      }
    >
      {(a) => (
        <ul aria-label="Action log" className="grid gap-1 text-xs">
          {a.items.slice(0, SHOWN).map((e, i) => (
            <li key={`${e.at}-${i}`} className="flex flex-wrap items-baseline gap-x-1.5 gap-y-0.5">
              <span className="font-mono text-fg-muted">{formatDateTime(e.at)}</span>{' '}
              <span className="font-medium">{e.actor}</span>{' '}
              <span className="break-all">{describe(e)}</span>{' '}
              {e.outcome !== 'ok' && <Badge tone={OUTCOME_TONES[e.outcome]}>{e.outcome}</Badge>}{' '}
              {e.drainId && (
                <span className="font-mono text-fg-subtle" title={`drain ${e.drainId}`}>
                  drain {e.drainId.slice(0, 8)}
                </span>
              )}{' '}
              {e.message && <span className="w-full break-words text-fg-muted">{e.message}</span>}
            </li>
          ))}
        </ul>
      )}
    </QueryState>
  );
}
