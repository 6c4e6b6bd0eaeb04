import type { Metadata } from 'next';
import { Suspense } from 'react';

import { LoadingState } from '@/components/loading-state';
import { AutoscalerView } from '@/features/autoscaler/autoscaler-view';

export const metadata: Metadata = { title: 'Autoscaler' };

export default function AutoscalerPage() {
  return (
    <Suspense fallback={<LoadingState label="autoscaler" />}>
      <AutoscalerView />
    </Suspense>
  );
}
