import type { Metadata } from 'next';
import { Suspense } from 'react';

import { EmbedPanelView } from '@/features/embed/embed-panel-view';
import { EMBED_THEME_SCRIPT } from '@/features/embed/embed-theme';

export const metadata: Metadata = { title: 'Embedded panel', referrer: 'no-referrer' };

/** A framed panel, outside the dashboard shell: no sign-in, only the link's token (see docs/embedding.md). */
export default async function EmbedPage({ params }: { params: Promise<{ panel: string }> }) {
  const { panel } = await params;
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: EMBED_THEME_SCRIPT }} />
      <Suspense>
        <EmbedPanelView panel={panel} />
      </Suspense>
    </>
  );
}
