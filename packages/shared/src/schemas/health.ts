import { z } from 'zod';

export const ClusterSyncStateSchema = z.enum([
  'starting',
  'syncing',
  'synced',
  'degraded',
  'standby',
  'stopped',
]);

export const ClusterHealthSchema = z.object({
  name: z.string(),
  source: z.enum(['simulated', 'kubeconfig', 'in-cluster']),
  state: ClusterSyncStateSchema,
});
export type ClusterHealth = z.infer<typeof ClusterHealthSchema>;

export const HealthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
  clusters: z.array(ClusterHealthSchema),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
