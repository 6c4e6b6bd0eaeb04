import type { Metadata } from 'next';
import { Suspense } from 'react';

import { LeasesView } from '@/features/leases/leases-view';

export const metadata: Metadata = { title: 'Leases' };

export default function LeasesPage() {
  // The view reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <LeasesView />
    </Suspense>
  );
}
