import type { Metadata } from 'next';
import { Suspense } from 'react';

import { LoadingState } from '@/components/loading-state';
import { WorkloadsView } from '@/features/workloads/workloads-view';

export const metadata: Metadata = { title: 'Workloads' };

export default function WorkloadsPage() {
  return (
    <Suspense fallback={<LoadingState label="workloads" />}>
      <WorkloadsView />
    </Suspense>
  );
}
