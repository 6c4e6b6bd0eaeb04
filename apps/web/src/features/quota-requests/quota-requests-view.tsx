import { PageHeader } from '@/components/page-header';
import { PlannedView } from '@/components/planned-view';

/** The Quota requests view. Until a later release builds it, it says so and what it will show. */
export function QuotaRequestsView() {
  return (
    <>
      <PageHeader
        title="Quota requests"
        description="Tenant admins ask for new quota limits; SREs approve or reject them."
      />
      <PlannedView
        plans={[
          'For tenant admins: a request for new hard limits on a ResourceQuota in one of your namespaces, with current usage and its history',
          'For SREs: the queue of open requests, approved (optionally edited) or rejected with a comment',
          'Every request’s audit trail: who asked, who decided, when, and what changed in the cluster',
        ]}
      />
    </>
  );
}
