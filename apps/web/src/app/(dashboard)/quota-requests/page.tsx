import type { Metadata } from 'next';

import { QuotaRequestsView } from '@/features/quota-requests/quota-requests-view';

export const metadata: Metadata = { title: 'Quota requests' };

export default function QuotaRequestsPage() {
  return <QuotaRequestsView />;
}
