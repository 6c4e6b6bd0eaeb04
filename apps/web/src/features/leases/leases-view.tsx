import { PageHeader } from '@/components/page-header';
import { PlannedView } from '@/components/planned-view';

/** The Leases view. Until a later release builds it, it says so and what it will show. */
export function LeasesView() {
  return (
    <>
      <PageHeader title="Leases" description="Node heartbeats and control-plane leaders." />
      <PlannedView
        plans={[
          'Node leases with time since last renewal and their state: fresh, late or expired, by the node lifecycle controller’s rule',
          'Leader-election leases for the control plane and controllers: holder, transitions and last failover',
          'Staleness episodes from history, not just the current renewal time',
        ]}
      />
    </>
  );
}
