import { resolve } from 'node:path';

import {
  DEFAULT_NAMESPACE_ADMIN_CLUSTER_ROLE,
  DEFAULT_TENANT_LABELS,
  QUOTA_WARNING_RATIO,
} from '@plimsoll/shared';
import { z } from 'zod';

import { QuotaAutoApprovalRulesSchema } from './quota-requests.js';

/** JSON in an environment variable, validated by `schema`. */
const jsonEnv = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

/** Key ids of embed signing keys: they travel in every token. */
export const EMBED_KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export const EmbedKeysSchema = z
  .record(
    z.string().regex(EMBED_KEY_ID, 'key ids must be 1–32 letters, digits, _ or -'),
    z.string().min(32, 'each secret must be at least 32 characters'),
  )
  .refine((keys) => Object.keys(keys).length > 0, 'must list at least one key');

/** One CSP `frame-ancestors` source: 'self', 'none', *, a scheme, or an origin (wildcard host and port allowed). */
const FRAME_ANCESTOR_SOURCE =
  /^(?:'self'|'none'|\*|https?:|https?:\/\/(?:\*\.)?[A-Za-z0-9.-]+(?::(?:\d{1,5}|\*))?)$/;

/** Maps a reverse-proxy group to a role (and tenants, for tenant admins). */
export const ProxyGroupMapSchema = z.record(
  z.string(),
  z.object({
    role: z.enum(['sre', 'tenant-admin', 'viewer']),
    tenants: z.array(z.string()).default([]),
  }),
);

/**
 * Every setting Plimsoll's API reads, parsed once at start; a bad value stops the process with a clear message.
 * README.md documents each one.
 */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  /** Front door: the API serves /api and proxies every other path to the Next.js server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Where the Next.js server listens; empty disables the web proxy (API only). */
  PLIMSOLL_WEB_URL: z.string().default('http://127.0.0.1:3001'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .optional(),
  PLIMSOLL_DATA_DIR: z.string().default('./.plimsoll/data'),
  PLIMSOLL_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  /** Password for the demo users created on first start of the embedded default; random (and printed) if unset. */
  PLIMSOLL_DEMO_PASSWORD: z.string().min(8).optional(),
  /** Create the demo users on an empty database (default: only for the embedded PGlite database). */
  PLIMSOLL_DEMO_USERS: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Shared secret (≥ 32 chars) for values every replica must agree on, e.g. proxy users' CSRF tokens. */
  PLIMSOLL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PLIMSOLL_SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Set Secure on cookies (behind HTTPS). */
  PLIMSOLL_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  /** Reverse-proxy sign-in (oauth2-proxy): addresses whose X-Forwarded-User is believed. Empty disables it. */
  PLIMSOLL_TRUSTED_PROXIES: csv.default([]),
  PLIMSOLL_PROXY_GROUP_MAP: jsonEnv(ProxyGroupMapSchema).default({}),
  /** Role for a proxy user none of whose groups is mapped; 'none' refuses them. */
  PLIMSOLL_PROXY_DEFAULT_ROLE: z.enum(['viewer', 'none']).default('none'),
  PLIMSOLL_LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  /** Days of history kept; 0 keeps everything. */
  PLIMSOLL_RETENTION_DAYS: z.coerce.number().int().min(0).default(400),
  /** Days of raw pressure samples kept before they are downsampled to 5-minute rows. */
  PLIMSOLL_RAW_SAMPLE_DAYS: z.coerce.number().int().min(1).default(7),

  // --- Collector -------------------------------------------------------------------------------------------
  /**
   * Clusters to collect: kubeconfig context names (comma-separated), `in-cluster` for the pod's service account,
   * or empty for the current context of KUBECONFIG / ~/.kube/config, else the in-cluster account when running in a
   * pod, else the built-in simulated cluster.
   */
  PLIMSOLL_CLUSTERS: csv.default([]),
  /** Path(s) of the kubeconfig, as kubectl reads it; unset means ~/.kube/config when it exists. */
  KUBECONFIG: z.string().optional(),
  /** Name recorded for the cluster Plimsoll runs in (its service account); unique per cluster when several share a database. */
  PLIMSOLL_IN_CLUSTER_NAME: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS-style name')
    .default('in-cluster'),
  /** Start the built-in simulated cluster when no real cluster is configured ('off' never starts it). */
  PLIMSOLL_SIMULATOR: z.enum(['on', 'off']).default('on'),
  PLIMSOLL_SIM_SCENARIO: z.string().default('demo'),
  /** Simulated seconds per wall-clock second. */
  PLIMSOLL_SIM_SPEED: z.coerce.number().positive().default(1),
  PLIMSOLL_SIM_NODES: z.coerce.number().int().positive().optional(),
  /** Port of the embedded simulator's API server on 127.0.0.1 (0: any free port), for kubectl and the browser tests. */
  PLIMSOLL_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** How often each node's kubelet configz and Summary stats are read through the API server's node proxy. */
  PLIMSOLL_POLL_INTERVAL_SECONDS: z.coerce.number().positive().default(30),
  /** Node proxy requests in flight at once, per cluster. */
  PLIMSOLL_POLL_CONCURRENCY: z.coerce.number().int().positive().default(16),
  /** The cluster's kube-controller-manager --node-monitor-grace-period: when a silent node's Lease counts as stale. */
  PLIMSOLL_NODE_MONITOR_GRACE_PERIOD_SECONDS: z.coerce.number().positive().default(50),
  /** namespace/name of cluster-autoscaler's status ConfigMap. */
  PLIMSOLL_AUTOSCALER_STATUS_CONFIGMAP: z
    .string()
    .regex(/^[a-z0-9-]+\/[a-z0-9.-]+$/, 'must be namespace/name')
    .default('kube-system/cluster-autoscaler-status'),
  /**
   * Namespaces whose Events about a node the node page shows. The kubelet, the node lifecycle controller and
   * node-problem-detector (unless given --event-namespace) record node Events in `default`: client-go's recorder
   * puts an Event about a cluster-scoped object there. Any namespace can hold an Event naming any node, so a
   * tenant namespace is never read here: a tenant could forge one on another tenant's node page.
   */
  PLIMSOLL_NODE_EVENT_NAMESPACES: csv.default(['default']),
  /** Namespace labels naming a namespace's tenant, first match wins. */
  PLIMSOLL_TENANT_LABELS: csv.default([...DEFAULT_TENANT_LABELS]),
  /** The ClusterRole that makes a subject a tenant member (bound per namespace by RoleBindings). */
  PLIMSOLL_NAMESPACE_ADMIN_CLUSTER_ROLE: z
    .string()
    .min(1)
    .default(DEFAULT_NAMESPACE_ADMIN_CLUSTER_ROLE),
  /** Usage share above which a quota resource is flagged (kubernetes-mixin KubeQuotaAlmostFull: 0.9). */
  PLIMSOLL_QUOTA_WARNING_RATIO: z.coerce.number().gt(0).lt(1).default(QUOTA_WARNING_RATIO),
  /** Auto-approval rules (JSON array); a request any rule approves is approved as `auto-approval`. */
  PLIMSOLL_QUOTA_AUTO_APPROVE: QuotaAutoApprovalRulesSchema.default([]),
  /** Notified (JSON POST) of every quota request and decision; empty: no webhook. */
  PLIMSOLL_QUOTA_WEBHOOK_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  PLIMSOLL_QUOTA_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(5000),
  /** Namespace of the `plimsoll-collector` Lease; default: the pod's namespace, else kube-system. */
  PLIMSOLL_LEADER_ELECTION_NAMESPACE: z.string().optional(),
  /** The pod's namespace (downward API), used for the leader-election Lease when the above is unset. */
  POD_NAMESPACE: z.string().optional(),
  /** Rows the write buffer holds before it applies backpressure (stops the watches, relists later). */
  PLIMSOLL_WRITE_BUFFER_SIZE: z.coerce.number().int().min(100).default(50_000),

  // --- Embeddable panels (docs/embedding.md) -------------------------------------------------------------------
  /** Signing keys of embed tokens, JSON `{ "<kid>": "<secret ≥ 32 chars>" }`; every key listed still verifies. */
  PLIMSOLL_EMBED_KEYS: jsonEnv(EmbedKeysSchema).optional(),
  /** The key of PLIMSOLL_EMBED_KEYS that signs new tokens (optional when only one key is listed). */
  PLIMSOLL_EMBED_ACTIVE_KEY: z
    .string()
    .regex(EMBED_KEY_ID, 'must be 1–32 letters, digits, _ or -')
    .optional(),
  /** Origins allowed to frame /embed/* (CSP frame-ancestors sources, space-separated). */
  PLIMSOLL_EMBED_ALLOWED_ORIGINS: z
    .string()
    .trim()
    .default("'self'")
    .refine(
      (v) =>
        v
          .split(/\s+/)
          .filter(Boolean)
          .every((s) => FRAME_ANCESTOR_SOURCE.test(s)),
      "must be space-separated origins such as 'self' https://grafana.example.com https://*.example.com",
    ),
});

export type Env = z.infer<typeof EnvSchema>;

/** Parses the environment; throws an Error listing every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  // A relative data dir is relative to where the user ran npm (INIT_CWD), not to the workspace npm switched to.
  const base = source.INIT_CWD ?? process.cwd();
  const dataDir = parsed.data.PLIMSOLL_DATA_DIR;
  return {
    ...parsed.data,
    PLIMSOLL_DATA_DIR: dataDir.startsWith('memory://') ? dataDir : resolve(base, dataDir),
  };
}
