import type { Role } from '@plimsoll/shared/schemas';

/** How each role is named in the UI. */
export const ROLE_LABELS: Record<Role, string> = {
  sre: 'SRE',
  'tenant-admin': 'Tenant admin',
  viewer: 'Viewer',
};

/** One sentence on what a role may do, shown in the user menu. */
export const ROLE_SUMMARIES: Record<Role, string> = {
  sre: 'Everything, including approving quota requests.',
  'tenant-admin': 'Your tenants only: their namespaces, quotas and requests.',
  viewer: 'Read-only, cluster-wide.',
};
