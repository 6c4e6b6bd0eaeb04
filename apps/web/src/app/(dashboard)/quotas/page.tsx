import type { Metadata } from 'next';
import { Suspense } from 'react';

import { QuotasView } from '@/features/quotas/quotas-view';

export const metadata: Metadata = { title: 'Quotas' };

export default function QuotasPage() {
  // The selected quota, tenant and range live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <QuotasView />
    </Suspense>
  );
}
