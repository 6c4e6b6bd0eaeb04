'use client';

import type { Route } from 'next';
import Link from 'next/link';
import { useRouter } from 'next/navigation';

import { Button } from '@/components/button';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { QueryState } from '@/components/query-state';

import { QuotaRequestList } from '../../quota-requests/components/quota-request-list';
import { useMarkDecisionsSeen, useQuotaRequests } from '../../quota-requests/queries';

const SHOWN = 10;

/**
 * The tenant's quota requests and their decisions on its home page, the decisions the user has not seen marked
 * "New": a tenant admin learns here that an SRE approved (or turned down) what they asked for.
 */
export function TenantRequestsCard({ cluster, tenant }: { cluster: string; tenant: string }) {
  const router = useRouter();
  const requests = useQuotaRequests(cluster, { tenant, limit: SHOWN });
  const markAll = useMarkDecisionsSeen(cluster);
  const href = (id?: string) => {
    const q = new URLSearchParams({ cluster });
    if (id) q.set('request', id);
    return `/quota-requests?${q.toString()}` as Route;
  };
  const unseen = requests.data?.unseen ?? [];
  const unseenHere = requests.data?.requests.filter((r) => unseen.includes(r.id)).length ?? 0;
  return (
    <Card aria-label="Quota requests and decisions">
      <CardHeader
        title="Quota requests and decisions"
        description={
          unseenHere > 0
            ? `${unseenHere} new decision${unseenHere === 1 ? '' : 's'} since you last looked`
            : 'Newest first; select one for its audit trail.'
        }
        actions={
          <>
            {unseenHere > 0 && (
              <Button
                size="sm"
                variant="ghost"
                loading={markAll.isPending}
                onClick={() => markAll.mutate('all')}
              >
                Mark all seen
              </Button>
            )}
            <Link href={href()} className="text-xs text-accent hover:underline">
              Ask for more →
            </Link>
          </>
        }
      />
      <CardBody flush>
        <QueryState
          query={requests}
          what="quota requests"
          isEmpty={(d) => d.requests.length === 0}
          empty={
            <EmptyState
              title="No requests yet"
              description="Ask for higher limits from Quota requests; the decision shows here."
            />
          }
        >
          {(d) => (
            <QuotaRequestList
              requests={d.requests}
              selectedId={null}
              onSelect={(id) => router.push(href(id))}
              label="Requests of this tenant"
              unseen={d.unseen}
            />
          )}
        </QueryState>
      </CardBody>
    </Card>
  );
}
