import { PageHeader } from '@/components/page-header';
import { PlannedView } from '@/components/planned-view';

/** The Evictions view. Until a later release builds it, it says so and what it will show. */
export function EvictionsView() {
  return (
    <>
      <PageHeader
        title="Evictions"
        description="Who was evicted, from which node, for which resource — and whether the kubelet chose as expected."
      />
      <PlannedView
        plans={[
          'A timeline over a chosen range with one mark per eviction, grouped by node, namespace, tenant, workload or resource',
          'Counts per time bucket above it, and the list below: pod, owner, node, QoS, priority, resource, threshold against available, offending containers',
          'Eviction episodes per node and signal, and whether their order matches the kubelet’s ranking',
          'Filters kept in the URL, and export as CSV and JSON',
        ]}
      />
    </>
  );
}
