import type { Metadata } from 'next';
import { Suspense } from 'react';

import { OverviewView } from '@/features/overview/overview-view';

export const metadata: Metadata = { title: 'Overview' };

export default function OverviewPage() {
  // The view reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <OverviewView />
    </Suspense>
  );
}
