import {
  EVICTION_DEFAULT_RANGE_MS,
  EVICTION_MAX_RANGE_MS,
  type Eviction,
  type EvictionFilterQuery,
  type EvictionOffenderWire,
} from '@plimsoll/shared/schemas';

import type { TenantScope } from '@plimsoll/shared';
import { AppError } from '../errors/app-error.js';
import type {
  EvictionCursor,
  EvictionFilter,
  EvictionRecord,
  EvictionRepository,
} from '../repositories/eviction-repository.js';

/** Splits a comma-separated filter value into its distinct, non-empty parts. */
function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = [
    ...new Set(
      value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    ),
  ];
  return parts.length > 0 ? parts : undefined;
}

/** The tenants a scope may see, or null for everything. */
export function scopeTenantsOf(scope: TenantScope): string[] | null {
  return scope.kind === 'all' ? null : [...scope.tenants];
}

/** The time range of a query: `to` defaults to now, `from` to 24 hours before `to`. */
export function resolveEvictionRange(
  q: Pick<EvictionFilterQuery, 'from' | 'to'>,
  now: Date,
): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - EVICTION_DEFAULT_RANGE_MS);
  if (from.getTime() >= to.getTime())
    throw new AppError('VALIDATION_FAILED', '`from` must be before `to`.');
  if (to.getTime() - from.getTime() > EVICTION_MAX_RANGE_MS) {
    throw new AppError('VALIDATION_FAILED', 'The range may span at most 400 days.');
  }
  return { from, to };
}

/** What an eviction query service takes: a route's validated query, the caller's scope and the time it asks at. */
export interface EvictionQueryInput<Q extends EvictionFilterQuery> {
  repo: EvictionRepository;
  cluster: string;
  query: Q;
  scope: TenantScope;
  now: Date;
}

/** A route's query and the caller's scope as a repository filter. */
export function toEvictionFilter(
  cluster: string,
  q: EvictionFilterQuery,
  scope: TenantScope,
  now: Date,
): EvictionFilter {
  const { from, to } = resolveEvictionRange(q, now);
  const owners = list(q.owner)?.map((o) => {
    const slash = o.indexOf('/');
    return slash > 0
      ? { kind: o.slice(0, slash), name: o.slice(slash + 1) }
      : { kind: null, name: o };
  });
  return {
    cluster,
    from,
    to,
    nodeParts: list(q.node),
    namespaces: list(q.namespace),
    tenants: list(q.tenant),
    resources: list(q.resource),
    qos: list(q.qos),
    owners,
    scopeTenants: scopeTenantsOf(scope),
  };
}

/** Opaque keyset cursor: base64url of `<evictedAt ISO>|<id>`. */
export function encodeEvictionCursor(c: EvictionCursor): string {
  return Buffer.from(`${c.evictedAt.toISOString()}|${c.id.toString()}`).toString('base64url');
}

export function decodeEvictionCursor(text: string): EvictionCursor {
  const raw = Buffer.from(text, 'base64url').toString('utf8');
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,19})$/.exec(raw);
  const at = m ? new Date(m[1] as string) : null;
  if (!m || !at || Number.isNaN(at.getTime())) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.');
  }
  return { evictedAt: at, id: BigInt(m[2] as string) };
}

function toOffenders(value: unknown): EvictionOffenderWire[] {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((o: Record<string, unknown>) =>
    o && typeof o.name === 'string'
      ? [
          {
            kind: o.kind === 'pod' ? ('pod' as const) : ('container' as const),
            name: o.name,
            usage: typeof o.usage === 'string' ? o.usage : '',
            request: typeof o.request === 'string' ? o.request : null,
          },
        ]
      : [],
  );
}

/** A row as the wire shape. */
export function toEvictionWire(r: EvictionRecord): Eviction {
  return {
    id: r.id.toString(),
    cluster: r.cluster,
    namespace: r.namespace,
    pod: r.pod,
    podUid: r.podUid,
    node: r.node,
    tenant: r.tenant,
    ownerKind: r.ownerKind,
    ownerName: r.ownerName,
    qosClass: r.qosClass,
    priority: r.priority === null ? null : Number(r.priority),
    resource: r.resource,
    threshold: r.threshold,
    available: r.available,
    offenders: toOffenders(r.offenders),
    message: r.message,
    evictedAt: new Date(r.evictedAt).toISOString(),
    observedAt: new Date(r.observedAt).toISOString(),
    reconstructed: Boolean(r.reconstructed),
  };
}
