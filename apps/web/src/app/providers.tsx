'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

import { ThemeSync } from '@/features/theme/use-theme';
import { makeQueryClient } from '@/lib/query-client';

/** Client-side providers for the whole app: one QueryClient per tab, and theme syncing. */
export function Providers({ children }: { children: ReactNode }) {
  // useState, not a module constant: each server render gets its own client, so no request's
  // cache can leak into another's.
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ThemeSync />
      {children}
    </QueryClientProvider>
  );
}
