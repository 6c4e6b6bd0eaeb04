import type { Metadata } from 'next';
import { Suspense } from 'react';

import { NodeDetailView } from '@/features/nodes/node-detail-view';

export async function generateMetadata({
  params,
}: {
  params: Promise<{ name: string }>;
}): Promise<Metadata> {
  const { name } = await params;
  return { title: decodeURIComponent(name) };
}

export default async function NodeDetailPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  // The view reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <NodeDetailView name={decodeURIComponent(name)} />
    </Suspense>
  );
}
