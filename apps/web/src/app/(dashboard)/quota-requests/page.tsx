import type { Metadata } from 'next';
import { Suspense } from 'react';

import { QuotaRequestsView } from '@/features/quota-requests/quota-requests-view';

export const metadata: Metadata = { title: 'Quota requests' };

export default function QuotaRequestsPage() {
  // The selected request and the form's quota live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <QuotaRequestsView />
    </Suspense>
  );
}
