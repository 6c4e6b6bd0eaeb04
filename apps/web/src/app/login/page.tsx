import type { Metadata } from 'next';

import { LoginView } from '@/features/auth/components/login-view';
import { toSafeNextPath } from '@/lib/safe-next-path';

export const metadata: Metadata = { title: 'Sign in' };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The sign-in page's query: `next` (where to return), `reason=expired`, `signedOut=1`. */
type LoginSearchParams = Record<string, string | string[] | undefined>;

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<LoginSearchParams>;
}) {
  const params = await searchParams;
  const notice =
    first(params.reason) === 'expired'
      ? 'expired'
      : first(params.signedOut) === '1'
        ? 'signed-out'
        : null;
  return <LoginView nextPath={toSafeNextPath(first(params.next))} notice={notice} />;
}
