import type { Metadata } from 'next';
import { Suspense } from 'react';

import { TenantDetailView } from '@/features/tenants/tenant-detail-view';

export async function generateMetadata({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<Metadata> {
  const { tenant } = await params;
  return { title: `Tenant ${decodeURIComponent(tenant)}` };
}

export default async function TenantPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  // The cluster comes from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <TenantDetailView tenant={decodeURIComponent(tenant)} />
    </Suspense>
  );
}
