import type { Metadata } from 'next';
import { Suspense } from 'react';

import { TenantsView } from '@/features/tenants/tenants-view';

export const metadata: Metadata = { title: 'Tenants' };

export default function TenantsPage() {
  // Sort and cluster live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <TenantsView />
    </Suspense>
  );
}
