import type { Metadata } from 'next';
import { Suspense } from 'react';

import { NodesView } from '@/features/nodes/nodes-view';

export const metadata: Metadata = { title: 'Nodes' };

export default function NodesPage() {
  // The view reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <NodesView />
    </Suspense>
  );
}
