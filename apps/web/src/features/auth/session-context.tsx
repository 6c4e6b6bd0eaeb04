'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { SessionResponse } from '@plimsoll/shared/schemas';

const SessionContext = createContext<SessionResponse | null>(null);

/** Makes the signed-in session available to everything inside the app shell. */
export function SessionProvider({
  session,
  children,
}: {
  session: SessionResponse;
  children: ReactNode;
}) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/**
 * The signed-in user. Only for components inside the app shell, which renders nothing until
 * a session exists; elsewhere it throws, because a missing user there is a programming error.
 */
export function useCurrentSession(): SessionResponse {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useCurrentSession() is only available inside the app shell');
  return session;
}
