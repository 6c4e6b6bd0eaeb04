import Link from 'next/link';

import { EmptyState } from '@/components/empty-state';

export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center">
      <EmptyState
        title="Page not found"
        description="There is no page at this address."
        action={
          <Link href="/" className="text-[13px] font-medium text-accent hover:underline">
            Go to the overview
          </Link>
        }
      />
    </main>
  );
}
