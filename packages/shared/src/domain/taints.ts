import type { V1Taint, V1Toleration } from '@kubernetes/client-node';

import { isDecimalInteger, parseGoInt64 } from './go-strconv.js';

// compareNumericValues (k8s.io/api/core/v1/toleration.go)
/**
 * The numeric comparison behind the `Lt` and `Gt` toleration operators: `Lt` tolerates a taint
 * value below the toleration's, `Gt` one above it. Either value not a canonical int64
 * (IsDecimalInteger, then strconv.ParseInt), or any other operator, matches nothing.
 */
export function compareTolerationNumericValues(
  tolerationValue: string,
  taintValue: string,
  operator: string,
): boolean {
  if (!isDecimalInteger(tolerationValue)) return false;
  const t = parseGoInt64(tolerationValue);
  if (t === null) return false;
  if (!isDecimalInteger(taintValue)) return false;
  const v = parseGoInt64(taintValue);
  if (v === null) return false;
  if (operator === 'Lt') return v < t;
  if (operator === 'Gt') return v > t;
  return false;
}

// Toleration.ToleratesTaint (k8s.io/api/core/v1/toleration.go)
/**
 * Whether a toleration tolerates a taint: an empty effect matches every effect; an empty key
 * matches every key; `Exists` matches every value; `Equal` (or no operator) needs equal
 * values, so an empty key with `Equal` tolerates every taint with an empty value; `Lt`/`Gt` compare
 * integers ({@link compareTolerationNumericValues}) and match only when
 * `enableComparisonOperators` (the TaintTolerationComparisonOperators feature gate, alpha and off
 * by default in Kubernetes 1.35, which added the operators) is on; any other operator matches
 * nothing. Before 1.35 the function had no gate parameter and knew no `Lt`/`Gt`.
 */
export function toleratesTaint(
  toleration: V1Toleration,
  taint: V1Taint,
  enableComparisonOperators = false,
): boolean {
  if (
    toleration.effect !== undefined &&
    toleration.effect !== '' &&
    toleration.effect !== taint.effect
  ) {
    return false;
  }
  if (toleration.key !== undefined && toleration.key !== '' && toleration.key !== taint.key) {
    return false;
  }
  const operator = toleration.operator ?? '';
  switch (operator) {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    case 'Lt':
    case 'Gt':
      if (!enableComparisonOperators) return false;
      return compareTolerationNumericValues(toleration.value ?? '', taint.value ?? '', operator);
    default:
      return false;
  }
}

// TolerationsTolerateTaint (k8s.io/component-helpers/scheduling/corev1/helpers.go)
/** Whether any of `tolerations` tolerates `taint` ({@link toleratesTaint}). */
export function tolerationsTolerateTaint(
  tolerations: readonly V1Toleration[],
  taint: V1Taint,
  enableComparisonOperators = false,
): boolean {
  return tolerations.some((t) => toleratesTaint(t, taint, enableComparisonOperators));
}

// FindMatchingUntoleratedTaint (k8s.io/component-helpers/scheduling/corev1/helpers.go)
/**
 * The first of `taints` that passes `inclusionFilter` (every taint when it is omitted) and that none
 * of `tolerations` tolerates, or `null` when all of them are tolerated. Go returns the taint and a
 * boolean; `null` stands for `false`.
 */
export function findMatchingUntoleratedTaint<T extends V1Taint>(
  taints: readonly T[],
  tolerations: readonly V1Toleration[],
  inclusionFilter?: (taint: T) => boolean,
  enableComparisonOperators = false,
): T | null {
  for (const taint of taints) {
    if (inclusionFilter && !inclusionFilter(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint, enableComparisonOperators)) return taint;
  }
  return null;
}
