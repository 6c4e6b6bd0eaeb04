import type { Metadata } from 'next';
import { Suspense } from 'react';

import { LoadingState } from '@/components/loading-state';
import { MachinesView } from '@/features/machines/machines-view';

export const metadata: Metadata = { title: 'Machines' };

export default function MachinesPage() {
  return (
    <Suspense fallback={<LoadingState label="machines" />}>
      <MachinesView />
    </Suspense>
  );
}
