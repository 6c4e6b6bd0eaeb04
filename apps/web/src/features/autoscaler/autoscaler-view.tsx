import { PageHeader } from '@/components/page-header';
import { PlannedView } from '@/components/planned-view';

/** The Autoscaler view. Until a later release builds it, it says so and what it will show. */
export function AutoscalerView() {
  return (
    <>
      <PageHeader
        title="Autoscaler"
        description="What the cluster-autoscaler is doing, and what it would do."
      />
      <PlannedView
        plans={[
          'The cluster-autoscaler’s status now and over time: node counts, scale-up and scale-down state, each node group with min, target and max, health and backoff',
          'A timeline of scale-ups and scale-downs from status changes and the autoscaler’s events',
          'Pending pods and why each did not trigger a scale-up, and which node group each expander would choose',
        ]}
      />
    </>
  );
}
