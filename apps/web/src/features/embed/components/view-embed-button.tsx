'use client';

import type { EmbedPanel } from '@plimsoll/shared/schemas';

import { useSession } from '../../auth/queries';
import { EmbedButton } from './embed-dialog';

/** The "Embed" button a view puts in its header: the signed-in user's role decides whether it shows. */
export function ViewEmbedButton(props: {
  cluster: string;
  panel: EmbedPanel;
  params?: Record<string, string | number | undefined>;
}) {
  const session = useSession();
  const user = session.data?.user;
  if (!user) return null;
  return <EmbedButton {...props} role={user.role} tenants={user.tenants} />;
}
