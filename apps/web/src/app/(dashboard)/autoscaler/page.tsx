import type { Metadata } from 'next';

import { AutoscalerView } from '@/features/autoscaler/autoscaler-view';

export const metadata: Metadata = { title: 'Autoscaler' };

export default function AutoscalerPage() {
  return <AutoscalerView />;
}
