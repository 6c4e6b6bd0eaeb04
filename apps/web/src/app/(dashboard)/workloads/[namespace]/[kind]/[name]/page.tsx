import type { Metadata } from 'next';
import { Suspense } from 'react';

import { LoadingState } from '@/components/loading-state';
import { WorkloadDetailView } from '@/features/workloads/workload-detail-view';

export const metadata: Metadata = { title: 'Workload' };

export default async function WorkloadPage({
  params,
}: {
  params: Promise<{ namespace: string; kind: string; name: string }>;
}) {
  const p = await params;
  const workload = {
    namespace: decodeURIComponent(p.namespace),
    kind: decodeURIComponent(p.kind),
    name: decodeURIComponent(p.name),
  };
  return (
    <Suspense fallback={<LoadingState label="workload" />}>
      <WorkloadDetailView workload={workload} />
    </Suspense>
  );
}
