import type { Metadata } from 'next';
import { Suspense } from 'react';

import { EmbedLinksView } from '@/features/embed/embed-links-view';

export const metadata: Metadata = { title: 'Embed links' };

export default function EmbedLinksPage() {
  // The view reads ?cluster= (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <EmbedLinksView />
    </Suspense>
  );
}
