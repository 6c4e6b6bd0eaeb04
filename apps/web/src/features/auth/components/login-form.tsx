'use client';

import type { Route } from 'next';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { LoginRequestSchema } from '@plimsoll/shared/schemas';

import { Button } from '@/components/button';
import { ApiError } from '@/lib/api-client';
import { cn } from '@/lib/cn';

import { useLogin, useSession } from '../queries';
import { landingPath } from '../landing-path';

type Field = 'username' | 'password';
type FieldErrors = Partial<Record<Field, string>>;

// The shared schema's own messages are written for API clients; people get a plainer sentence.
const MISSING_MESSAGES: Record<Field, string> = {
  username: 'Enter your username.',
  password: 'Enter your password.',
};

/** Props for {@link LoginForm}. */
export interface LoginFormProps {
  /** Where to go after signing in; already checked to be a path on this site. */
  nextPath: string;
}

function describeLoginError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'VALIDATION_FAILED') return 'Enter a username and a password.';
    return error.message;
  }
  return 'Signing in failed. Try again.';
}

/** Username and password, with errors inline and the button busy while the API answers. */
export function LoginForm({ nextPath }: LoginFormProps) {
  const router = useRouter();
  const login = useLogin();
  const session = useSession();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const passwordRef = useRef<HTMLInputElement>(null);
  const ids = { username: useId(), password: useId(), error: useId() };

  // Someone who is already signed in and lands here (a bookmark, the back button) goes on.
  useEffect(() => {
    if (session.data) router.replace(landingPath(nextPath, session.data.user) as Route);
  }, [session.data, nextPath, router]);

  // After a refused attempt, clear the password and put the cursor back in it. This runs after the
  // render that re-enables the inputs; focusing from the mutation's callback would hit a disabled one.
  useEffect(() => {
    const input = passwordRef.current;
    if (!login.error || !input) return;
    input.value = '';
    input.focus();
  }, [login.error]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = LoginRequestSchema.safeParse({
      username: String(form.get('username') ?? '').trim(),
      password: String(form.get('password') ?? ''),
    });
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === 'username' || field === 'password') && !errors[field]) {
          errors[field] = issue.code === 'too_small' ? MISSING_MESSAGES[field] : issue.message;
        }
      }
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    login.mutate(parsed.data, {
      onSuccess: (s) => router.replace(landingPath(nextPath, s.user) as Route),
    });
  }

  const formError = login.isError ? describeLoginError(login.error) : null;

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      className="space-y-4"
      aria-describedby={formError ? ids.error : undefined}
    >
      <TextField
        id={ids.username}
        name="username"
        label="Username"
        autoComplete="username"
        autoFocus
        error={fieldErrors.username}
        disabled={login.isPending}
      />
      <TextField
        id={ids.password}
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        inputRef={passwordRef}
        error={fieldErrors.password}
        disabled={login.isPending}
      />
      {formError && (
        <p
          id={ids.error}
          role="alert"
          className="rounded-md border border-danger/30 bg-danger/5 px-3 py-2 text-[13px] text-danger"
        >
          {formError}
        </p>
      )}
      <Button type="submit" variant="primary" className="w-full" loading={login.isPending}>
        {login.isPending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}

interface TextFieldProps {
  id: string;
  name: Field;
  label: string;
  type?: 'text' | 'password';
  autoComplete: string;
  autoFocus?: boolean;
  error: string | undefined;
  disabled: boolean;
  inputRef?: React.Ref<HTMLInputElement>;
}

function TextField({
  id,
  name,
  label,
  type = 'text',
  autoComplete,
  autoFocus,
  error,
  disabled,
  inputRef,
}: TextFieldProps) {
  const errorId = `${id}-error`;
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-fg">
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        spellCheck={false}
        autoCapitalize="none"
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className={cn(
          'block h-8 w-full rounded-md border bg-surface px-2.5 text-[13px] text-fg placeholder:text-fg-subtle',
          'focus-visible:outline-2 focus-visible:outline-offset-0 disabled:opacity-60',
          error ? 'border-danger' : 'border-line-strong',
        )}
      />
      {error && (
        <p id={errorId} className="mt-1 text-xs text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
