import type { Metadata } from 'next';

import { EvictionsView } from '@/features/evictions/evictions-view';

export const metadata: Metadata = { title: 'Evictions' };

export default function EvictionsPage() {
  return <EvictionsView />;
}
