import type { CurrentUser } from '@plimsoll/shared/schemas';

/**
 * Where sign-in leads. A requested page (`next`) always wins; without one, a tenant admin lands on
 * their tenant (quotas, requests, isolation) rather than the cluster-wide node overview.
 */
export function landingPath(nextPath: string, user: Pick<CurrentUser, 'role' | 'tenants'>): string {
  if (nextPath !== '/') return nextPath;
  const tenant = user.role === 'tenant-admin' ? user.tenants[0] : undefined;
  return tenant ? `/tenants/${encodeURIComponent(tenant)}` : '/';
}
