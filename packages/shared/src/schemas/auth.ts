import { z } from 'zod';

/** Roles, from most to least powerful. SRE: everything; tenant-admin: only their tenants; viewer: read-only, cluster-wide. */
export const RoleSchema = z.enum(['sre', 'tenant-admin', 'viewer']);
export type Role = z.infer<typeof RoleSchema>;

export const CurrentUserSchema = z.object({
  username: z.string(),
  displayName: z.string().nullable(),
  role: RoleSchema,
  /** Tenants a tenant admin may act for; empty for SRE and viewer (they are not tenant-scoped). */
  tenants: z.array(z.string()),
  source: z.enum(['local', 'proxy']),
});
export type CurrentUser = z.infer<typeof CurrentUserSchema>;

export const LoginRequestSchema = z.object({
  username: z.string().min(1, 'username is required').max(200),
  password: z.string().min(1, 'password is required').max(1000),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** Returned by login and by GET /api/v1/auth/me. Send csrfToken back as X-CSRF-Token on every state-changing request. */
export const SessionResponseSchema = z.object({
  user: CurrentUserSchema,
  csrfToken: z.string(),
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

/** Header that carries the CSRF token on POST/PUT/PATCH/DELETE. */
export const CSRF_HEADER = 'x-csrf-token';
