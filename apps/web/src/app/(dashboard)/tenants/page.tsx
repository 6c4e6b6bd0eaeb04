import type { Metadata } from 'next';

import { TenantsView } from '@/features/tenants/tenants-view';

export const metadata: Metadata = { title: 'Tenants' };

export default function TenantsPage() {
  return <TenantsView />;
}
