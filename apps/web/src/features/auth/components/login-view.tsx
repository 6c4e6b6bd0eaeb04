import { Logo } from '@/components/logo';

import { LoginForm } from './login-form';

/** Props for {@link LoginView}. */
export interface LoginViewProps {
  nextPath: string;
  /** Why the user is here: their session ended, or they just signed out. */
  notice: 'expired' | 'signed-out' | null;
}

const NOTICES: Record<NonNullable<LoginViewProps['notice']>, string> = {
  expired: 'Your session has ended. Sign in again to continue.',
  'signed-out': 'You have signed out.',
};

/** The sign-in page: product name, a notice when there is one, and the form. */
export function LoginView({ nextPath, notice }: LoginViewProps) {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-[360px]">
        <div className="mb-6 flex items-center gap-2 text-fg">
          <Logo className="text-accent" />
          <span className="text-base font-semibold tracking-tight">Plimsoll</span>
        </div>
        <div className="rounded-lg border border-line bg-surface p-6 shadow-xs">
          <h1 className="text-base font-semibold text-fg">Sign in</h1>
          <p className="mt-1 mb-5 text-[13px] text-fg-muted">
            Node pressure, evictions, leases and tenant quotas for your clusters.
          </p>
          {notice && (
            <p
              role="status"
              className="mb-4 rounded-md border border-line bg-surface-muted px-3 py-2 text-[13px] text-fg-muted"
            >
              {NOTICES[notice]}
            </p>
          )}
          <LoginForm nextPath={nextPath} />
        </div>
        <p className="mt-4 text-center text-xs text-fg-muted">
          No account? Ask whoever runs Plimsoll for your clusters.
        </p>
      </div>
    </main>
  );
}
