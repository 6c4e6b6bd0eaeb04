import type { Metadata } from 'next';

import { EvictionDetailView } from '@/features/evictions/eviction-detail-view';

export const metadata: Metadata = { title: 'Eviction' };

export default async function EvictionDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EvictionDetailView id={decodeURIComponent(id)} />;
}
