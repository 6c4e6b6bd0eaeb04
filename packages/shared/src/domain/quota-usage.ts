import type { V1ResourceQuota } from '@kubernetes/client-node';

import { leastSquaresSlope } from './linear-trend.js';
import { parseQuantity, type Quantity, QuantityParseError } from './quantity.js';

/**
 * Usage share above which a quota resource is "almost full": the threshold of the
 * kubernetes-mixin alert KubeQuotaAlmostFull (alerts/resource_alerts.libsonnet):
 *
 * ```
 * kube_resourcequota{type="used"}
 *   / ignoring(instance, job, type)
 * (kube_resourcequota{type="hard"} > 0)
 *   > 0.9 < 1
 * ```
 *
 * Its siblings are KubeQuotaFullyUsed (`… == 1`) and KubeQuotaExceeded (`… > 1`). The `hard > 0`
 * filter means the mixin never alerts on a zero quota; we report that case as `blocked`.
 */
export const QUOTA_WARNING_RATIO = 0.9;

/**
 * A quota resource's state. `warning`, `full` and `exceeded` match KubeQuotaAlmostFull,
 * KubeQuotaFullyUsed and KubeQuotaExceeded; `blocked` is a hard limit of zero, under which nothing
 * counted by that resource may be created at all.
 */
export type QuotaState = 'ok' | 'warning' | 'full' | 'exceeded' | 'blocked';

/** Usage of one resource of a ResourceQuota. */
export interface QuotaResourceUsage {
  resource: string;
  /** `status.used`, as the quota controller wrote it; `'0'` before its first sync. */
  used: string;
  /** The enforced hard limit (`status.hard`, or `spec.hard` before the controller's first sync). */
  hard: string;
  /** used / hard, exact to 15 significant digits; `null` when hard is zero. */
  ratio: number | null;
  state: QuotaState;
}

const RATIO_DIGITS = 10n ** 15n;

/**
 * used / hard as a number, computed on exact milli-values so large memory quantities keep their
 * precision (a float division of two byte counts near 2^53 would not).
 */
function exactRatio(used: Quantity, hard: Quantity): number | null {
  const h = hard.milliValue();
  if (h === 0n) return null;
  return Number((used.milliValue() * RATIO_DIGITS) / h) / Number(RATIO_DIGITS);
}

/**
 * The state of one resource: the single source of the threshold maths so the API, the UI and the
 * auto-approval rules cannot drift apart. Full and exceeded are decided by an exact comparison of
 * the quantities; the warning by the ratio against `warningRatio`, strictly greater as in the
 * mixin's `> 0.9`.
 */
export function getQuotaState(
  used: Quantity,
  hard: Quantity,
  warningRatio: number = QUOTA_WARNING_RATIO,
): QuotaState {
  if (hard.isZero()) return 'blocked';
  const cmp = used.cmp(hard);
  if (cmp > 0) return 'exceeded';
  if (cmp === 0) return 'full';
  const ratio = exactRatio(used, hard);
  return ratio !== null && ratio > warningRatio ? 'warning' : 'ok';
}

/**
 * Usage per resource of a ResourceQuota, in resource-name order. The hard limit is the enforced
 * one (`status.hard`, which is what kube-state-metrics exports and the mixin alerts on); a resource
 * only in `spec.hard` has not been synced yet and uses that value. A resource missing from
 * `status.used` counts as `'0'`.
 *
 * @throws {QuantityParseError} when the quota holds a quantity the API server would not have accepted.
 */
export function getQuotaUsage(
  quota: V1ResourceQuota,
  warningRatio: number = QUOTA_WARNING_RATIO,
): QuotaResourceUsage[] {
  const hardList = { ...(quota.spec?.hard ?? {}), ...(quota.status?.hard ?? {}) };
  const usedList = quota.status?.used ?? {};
  return Object.keys(hardList)
    .sort(compareStrings)
    .map((resource) => {
      const hardRaw = hardList[resource] ?? '0';
      const usedRaw = usedList[resource] ?? '0';
      const hard = parseQuantity(hardRaw);
      const used = parseQuantity(usedRaw);
      return {
        resource,
        used: usedRaw,
        hard: hardRaw,
        ratio: exactRatio(used, hard),
        state: getQuotaState(used, hard, warningRatio),
      };
    });
}

/** One observation of a quota resource's usage. */
export interface QuotaUsageSample {
  at: Date;
  /** `status.used` of the resource at that time. */
  used: string;
}

/** When a quota resource runs out at its current rate of growth. */
export interface QuotaExhaustionProjection {
  /** Least-squares growth in base units (cores, bytes, objects) per day; 0 without a trend. */
  ratePerDay: number;
  /** When usage reaches hard, or `null` when it never will at this rate. */
  exhaustedAt: Date | null;
  /** Days from `now` until `exhaustedAt` (0 once it has passed), or `null` with it. */
  daysLeft: number | null;
}

const DAY_MS = 86_400_000;
// The largest instant a Date can hold (ECMA-262 §21.4.1.1).
const MAX_DATE_MS = 8.64e15;

/** A quantity in base units as a float: its exact milli-value divided by 1000. */
function toBaseUnits(q: Quantity): number {
  return Number(q.milliValue()) / 1000;
}

/**
 * "At this rate, pods reaches its limit in 9 days." The rate is the least-squares slope over all
 * samples (in any order); the projection starts from the latest sample, so a fit whose line
 * overshoots the latest value cannot put exhaustion in the past. Rules:
 * - the latest sample already at or above hard: exhausted at that sample, `daysLeft` 0;
 * - fewer than two samples, all at one instant, or a flat or falling trend: no projection;
 * - a projection beyond the range of `Date` (a vanishing rate): no projection.
 *
 * @throws {QuantityParseError} when `hard` or a sample is not a quantity.
 */
export function projectQuotaExhaustion(
  samples: readonly QuotaUsageSample[],
  hard: string,
  now: Date,
): QuotaExhaustionProjection {
  const limit = parseQuantity(hard);
  const points = samples
    .map((s) => ({ t: s.at.getTime(), q: parseQuantity(s.used) }))
    .sort((a, b) => a.t - b.t);
  const latest = points.at(-1);
  if (latest === undefined) return { ratePerDay: 0, exhaustedAt: null, daysLeft: null };
  const ratePerDay = leastSquaresSlope(
    points.map((p) => ({ t: p.t, y: toBaseUnits(p.q) })),
    DAY_MS,
  );
  if (latest.q.cmp(limit) >= 0) {
    return { ratePerDay, exhaustedAt: new Date(latest.t), daysLeft: 0 };
  }
  if (!(ratePerDay > 0)) return { ratePerDay, exhaustedAt: null, daysLeft: null };
  const remaining = toBaseUnits(limit.sub(latest.q));
  const at = latest.t + (remaining / ratePerDay) * DAY_MS;
  if (!Number.isFinite(at) || at > MAX_DATE_MS) {
    return { ratePerDay, exhaustedAt: null, daysLeft: null };
  }
  return {
    ratePerDay,
    // A Date holds whole milliseconds: round up, or exhaustion could land on the last sample with headroom left.
    exhaustedAt: new Date(Math.ceil(at)),
    daysLeft: Math.max(0, (at - now.getTime()) / DAY_MS),
  };
}

/** Machine-readable kind of a {@link QuotaRequestProblem}. */
export type QuotaRequestProblemCode =
  | 'EMPTY_REQUEST'
  | 'NO_CHANGE'
  | 'INVALID_RESOURCE_NAME'
  | 'UNPARSEABLE_QUANTITY'
  | 'NEGATIVE_QUANTITY'
  | 'NOT_AN_INTEGER'
  | 'SCOPE_NOT_VALID_FOR_RESOURCE'
  | 'BELOW_USAGE'
  | 'NEW_RESOURCE'
  | 'DECREASE';

/**
 * Something wrong with, or worth knowing about, a requested change of hard limits. An `error`
 * blocks the request; a `note` is shown to the approver and does not.
 */
export interface QuotaRequestProblem {
  /** The resource concerned, or `null` for the request as a whole. */
  resource: string | null;
  severity: 'error' | 'note';
  code: QuotaRequestProblemCode;
  message: string;
}

// standardQuotaResources (pkg/apis/core/helper/helpers.go)
const STANDARD_QUOTA_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
]);

// integerResources (pkg/apis/core/helper/helpers.go)
const INTEGER_RESOURCES = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

// podObjectCountQuotaResources and podComputeQuotaResources (pkg/apis/core/helper/helpers.go)
const POD_COUNT_QUOTA_RESOURCES = new Set(['pods']);
const POD_COMPUTE_QUOTA_RESOURCES = new Set([
  'cpu',
  'memory',
  'limits.cpu',
  'limits.memory',
  'requests.cpu',
  'requests.memory',
]);

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

// IsQualifiedName (k8s.io/apimachinery/pkg/util/validation/validation.go)
function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '' || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return false;
    name = parts[1] ?? '';
  } else {
    return false;
  }
  return name !== '' && name.length <= 63 && QUALIFIED_NAME.test(name);
}

// IsQuotaHugePageResourceName (pkg/apis/core/helper/helpers.go)
function isQuotaHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

// IsNativeResource (pkg/apis/core/helper/helpers.go)
function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

// IsExtendedResourceName (pkg/apis/core/helper/helpers.go)
function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`);
}

// IsIntegerResourceName (pkg/apis/core/helper/helpers.go)
function isIntegerResourceName(name: string): boolean {
  return INTEGER_RESOURCES.has(name) || isExtendedResourceName(name);
}

// IsStandardQuotaResourceName (pkg/apis/core/helper/helpers.go)
function isStandardQuotaResourceName(name: string): boolean {
  return STANDARD_QUOTA_RESOURCES.has(name) || isQuotaHugePageResourceName(name);
}

// ValidateResourceQuotaResourceName and validateResourceName (pkg/apis/core/validation/validation.go)
/**
 * Whether a name may be a key of `spec.hard`: a qualified name, and, when it has no `/` prefix,
 * one of the standard quota resources (`pods`, `requests.cpu`, `requests.hugepages-2Mi`…).
 * Prefixed names (`count/deployments.apps`, `requests.nvidia.com/gpu`) need only be qualified.
 */
export function isValidQuotaResourceName(name: string): boolean {
  if (!isQualifiedName(name)) return false;
  if (name.includes('/')) return true;
  // validateResourceName also requires a standard resource name here; every standard quota
  // resource name is one, so the quota check alone decides.
  return isStandardQuotaResourceName(name);
}

// IsResourceQuotaScopeValidForResource (pkg/apis/core/helper/helpers.go)
/** Whether a quota with `scope` may limit `resource` (BestEffort pods have no compute to count). */
export function isResourceQuotaScopeValidForResource(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
      return POD_COUNT_QUOTA_RESOURCES.has(resource) || POD_COMPUTE_QUOTA_RESOURCES.has(resource);
    case 'BestEffort':
      return POD_COUNT_QUOTA_RESOURCES.has(resource);
    default:
      return true;
  }
}

function tryParse(value: string): Quantity | null {
  try {
    return parseQuantity(value);
  } catch (err) {
    if (err instanceof QuantityParseError) return null;
    throw err;
  }
}

/**
 * Problems with asking for `requested` as new hard limits of `quota` (a patch of `spec.hard`:
 * resources left out keep their limits). Errors: an empty request or one that changes nothing;
 * what the API server's ResourceQuota validation would refuse (resource name, quantity syntax,
 * a negative value, a fraction of a countable resource, a resource the quota's scopes cannot
 * limit); and a limit below current usage, which we refuse although Kubernetes would accept it,
 * because it blocks the namespace until usage drops. Notes: a resource the quota does not limit
 * yet (allowed: the request adds it) and a decrease that stays at or above usage.
 */
export function validateQuotaRequest(
  quota: V1ResourceQuota,
  requested: Readonly<Record<string, string>>,
): QuotaRequestProblem[] {
  const problems: QuotaRequestProblem[] = [];
  const resources = Object.keys(requested).sort(compareStrings);
  if (resources.length === 0) {
    return [
      {
        resource: null,
        severity: 'error',
        code: 'EMPTY_REQUEST',
        message: 'No hard limits were requested.',
      },
    ];
  }
  const currentHard = quota.spec?.hard ?? {};
  const used = quota.status?.used ?? {};
  const scopes = quota.spec?.scopes ?? [];
  let changes = 0;
  for (const resource of resources) {
    const raw = requested[resource] ?? '';
    const error = (code: QuotaRequestProblemCode, message: string): void => {
      problems.push({ resource, severity: 'error', code, message });
    };
    if (!isValidQuotaResourceName(resource)) {
      error(
        'INVALID_RESOURCE_NAME',
        `"${resource}" is not a resource a ResourceQuota can limit: use a standard name such as ` +
          '"pods" or "requests.cpu", or a prefixed one such as "count/deployments.apps".',
      );
      continue;
    }
    const value = tryParse(raw);
    if (value === null) {
      error(
        'UNPARSEABLE_QUANTITY',
        `${resource}: "${raw}" is not a quantity (for example 500m, 4, 16Gi).`,
      );
      continue;
    }
    if (value.sign() < 0) {
      error(
        'NEGATIVE_QUANTITY',
        `${resource}: ${raw} is negative; a hard limit must be 0 or more.`,
      );
      continue;
    }
    // ValidateResourceQuantityValue: countable resources must be whole numbers.
    if (isIntegerResourceName(resource) && value.milliValue() % 1000n !== 0n) {
      error('NOT_AN_INTEGER', `${resource}: ${raw} must be a whole number.`);
      continue;
    }
    // validateResourceQuotaScopes checks only standard names against the scopes.
    const badScope = scopes.find(
      (s) =>
        isStandardQuotaResourceName(resource) && !isResourceQuotaScopeValidForResource(s, resource),
    );
    if (badScope !== undefined) {
      error(
        'SCOPE_NOT_VALID_FOR_RESOURCE',
        `${resource} cannot be limited by this quota: its ${badScope} scope does not apply to it.`,
      );
      continue;
    }
    const currentRaw = currentHard[resource];
    const current = currentRaw === undefined ? null : tryParse(currentRaw);
    if (current !== null && current.cmp(value) === 0) continue;
    changes++;
    const usedRaw = used[resource];
    const usage = usedRaw === undefined ? null : tryParse(usedRaw);
    if (usage !== null && value.cmp(usage) < 0) {
      error(
        'BELOW_USAGE',
        `${resource}: ${raw} is below current usage of ${usedRaw}; nothing more could be created ` +
          'until usage drops. Ask for at least the current usage.',
      );
      continue;
    }
    if (current === null) {
      problems.push({
        resource,
        severity: 'note',
        code: 'NEW_RESOURCE',
        message: `${resource} is not limited by this quota yet; approving adds it with ${raw}.`,
      });
    } else if (value.cmp(current) < 0) {
      problems.push({
        resource,
        severity: 'note',
        code: 'DECREASE',
        message: `${resource} decreases from ${currentRaw ?? ''} to ${raw}.`,
      });
    }
  }
  if (changes === 0 && problems.length === 0) {
    problems.push({
      resource: null,
      severity: 'error',
      code: 'NO_CHANGE',
      message: 'Every requested limit equals the current one; there is nothing to change.',
    });
  }
  return problems;
}

/** Whether a list from {@link validateQuotaRequest} allows the request to go ahead. */
export function isQuotaRequestAcceptable(problems: readonly QuotaRequestProblem[]): boolean {
  return problems.every((p) => p.severity !== 'error');
}

/**
 * A configured auto-approval rule, e.g. "up to +20% when usage is above 85%":
 * `{ maxIncreaseRatio: 0.2, minUsageRatio: 0.85 }`.
 */
export interface QuotaAutoApprovalRule {
  /** Largest allowed increase as a share of the current hard limit (0.2 = +20%). */
  maxIncreaseRatio: number;
  /** Smallest usage share (used / current hard) at which the increase is granted. */
  minUsageRatio: number;
  /** Resources the rule covers; all resources when absent. */
  resources?: string[];
}

/** The outcome of an auto-approval rule, recorded like a person's decision. */
export interface QuotaAutoApprovalDecision {
  approve: boolean;
  /** Why, for the audit trail: the first reason to refuse, or every resource's numbers on approval. */
  reason: string;
}

// Ratios from config are floats; comparing them as fractions over 10^9 keeps the quantity side exact.
const RATIO_SCALE = 1_000_000_000n;
function ratioToScaled(ratio: number): bigint {
  return BigInt(Math.round(ratio * Number(RATIO_SCALE)));
}

function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}

/**
 * Whether `rule` approves raising `quota`'s hard limits to `requested` without a person. It
 * approves only a valid request whose every changed resource is covered by the rule, already
 * limited (a new resource needs a person), above zero (a blocked resource is blocked on purpose),
 * increased by no more than `maxIncreaseRatio` of its current limit, and used at no less than
 * `minUsageRatio` of it. Decreases are left to a person too: the rule exists to relieve pressure,
 * not to reshape quotas. Every comparison is exact on milli-values.
 */
export function applyAutoApprovalRule(
  rule: QuotaAutoApprovalRule,
  quota: V1ResourceQuota,
  requested: Readonly<Record<string, string>>,
): QuotaAutoApprovalDecision {
  const problems = validateQuotaRequest(quota, requested);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    return { approve: false, reason: `Not valid: ${errors.map((e) => e.message).join(' ')}` };
  }
  const currentHard = quota.spec?.hard ?? {};
  const used = quota.status?.used ?? {};
  const maxIncrease = ratioToScaled(rule.maxIncreaseRatio);
  const minUsage = ratioToScaled(rule.minUsageRatio);
  const granted: string[] = [];
  for (const resource of Object.keys(requested).sort(compareStrings)) {
    const value = parseQuantity(requested[resource] ?? '');
    const currentRaw = currentHard[resource];
    if (currentRaw === undefined) {
      return { approve: false, reason: `${resource} is new to this quota; a person must decide.` };
    }
    const current = parseQuantity(currentRaw);
    const cmp = value.cmp(current);
    if (cmp === 0) continue;
    if (rule.resources !== undefined && !rule.resources.includes(resource)) {
      return { approve: false, reason: `The rule does not cover ${resource}.` };
    }
    if (cmp < 0) {
      return { approve: false, reason: `${resource} decreases; the rule only grants increases.` };
    }
    const cur = current.milliValue();
    if (cur <= 0n) {
      return { approve: false, reason: `${resource} is blocked (hard 0); a person must lift it.` };
    }
    const next = value.milliValue();
    const increase = Number(((next - cur) * RATIO_SCALE) / cur) / Number(RATIO_SCALE);
    if ((next - cur) * RATIO_SCALE > cur * maxIncrease) {
      return {
        approve: false,
        reason:
          `${resource}: ${currentRaw} → ${requested[resource] ?? ''} is +${formatPercent(increase)}, ` +
          `more than the +${formatPercent(rule.maxIncreaseRatio)} the rule allows.`,
      };
    }
    const usedRaw = used[resource] ?? '0';
    const usedMilli = parseQuantity(usedRaw).milliValue();
    const usage = Number((usedMilli * RATIO_SCALE) / cur) / Number(RATIO_SCALE);
    if (usedMilli * RATIO_SCALE < cur * minUsage) {
      return {
        approve: false,
        reason:
          `${resource}: usage ${usedRaw} of ${currentRaw} is ${formatPercent(usage)}, ` +
          `below the ${formatPercent(rule.minUsageRatio)} the rule requires.`,
      };
    }
    granted.push(
      `${resource} ${currentRaw} → ${requested[resource] ?? ''} (+${formatPercent(increase)}, usage ${formatPercent(usage)})`,
    );
  }
  return {
    approve: true,
    reason:
      `Auto-approved: ${granted.join('; ')} — within +${formatPercent(rule.maxIncreaseRatio)} ` +
      `at usage of at least ${formatPercent(rule.minUsageRatio)}.`,
  };
}

// Code-unit order, not locale order, so results are the same on every machine.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
