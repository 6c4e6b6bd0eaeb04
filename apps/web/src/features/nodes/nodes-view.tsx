import { PageHeader } from '@/components/page-header';
import { PlannedView } from '@/components/planned-view';

/** The Nodes view. Until a later release builds it, it says so and what it will show. */
export function NodesView() {
  return (
    <>
      <PageHeader
        title="Nodes"
        description="Every node, its conditions and how close it is to an eviction threshold."
      />
      <PlannedView
        plans={[
          'Every node in one table that stays smooth at thousands of rows: conditions, memory, disk and PID headroom to the eviction threshold, allocatable against requested',
          'Taints, kubelet, runtime and kernel versions with skew visible, pool and tenant labels, heartbeat age',
          'Sorting, filters and a quick text filter, all kept in the URL',
          'A detail page per node: condition timeline, capacity breakdown, eviction thresholds in force and the pods next in line for eviction',
        ]}
      />
    </>
  );
}
