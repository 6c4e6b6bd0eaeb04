import { parseGoDurationNanos } from './go-duration.js';
import { quoteGoString as goQuote } from './go-strconv.js';
import { newQuantity, parseQuantity } from './quantity.js';
import type { Quantity } from './quantity.js';

// time.ParseDuration moved to go-duration.ts; re-exported here for existing importers.
export { parseGoDurationNanos };

/**
 * Kubelet eviction signals (pkg/kubelet/eviction/api/types.go). Newer releases also declare
 * `swap.available` in `OpForSignal`, but `signalToResource` in helpers.go has no entry for it, so
 * `ParseThresholdConfig` still rejects it as unsupported; it is therefore not listed here.
 */
export const EVICTION_SIGNAL_MEMORY_AVAILABLE = 'memory.available';
/** Memory available for pods: allocatable minus the pods' working set. */
export const EVICTION_SIGNAL_ALLOCATABLE_MEMORY_AVAILABLE = 'allocatableMemory.available';
/** Free bytes on the filesystem the kubelet uses for volumes, logs, etc. */
export const EVICTION_SIGNAL_NODEFS_AVAILABLE = 'nodefs.available';
/** Free inodes on the kubelet's filesystem. */
export const EVICTION_SIGNAL_NODEFS_INODES_FREE = 'nodefs.inodesFree';
/** Free bytes on the container runtime's image filesystem. */
export const EVICTION_SIGNAL_IMAGEFS_AVAILABLE = 'imagefs.available';
/** Free inodes on the container runtime's image filesystem. */
export const EVICTION_SIGNAL_IMAGEFS_INODES_FREE = 'imagefs.inodesFree';
/** Free bytes on the filesystem holding container writable layers (KubeletSeparateDiskGC). */
export const EVICTION_SIGNAL_CONTAINERFS_AVAILABLE = 'containerfs.available';
/** Free inodes on the filesystem holding container writable layers (KubeletSeparateDiskGC). */
export const EVICTION_SIGNAL_CONTAINERFS_INODES_FREE = 'containerfs.inodesFree';
/** PIDs available on the node (max PID minus running processes). */
export const EVICTION_SIGNAL_PID_AVAILABLE = 'pid.available';

/** A signal the kubelet's eviction manager accepts in evictionHard / evictionSoft. */
export type EvictionSignal =
  | typeof EVICTION_SIGNAL_MEMORY_AVAILABLE
  | typeof EVICTION_SIGNAL_ALLOCATABLE_MEMORY_AVAILABLE
  | typeof EVICTION_SIGNAL_NODEFS_AVAILABLE
  | typeof EVICTION_SIGNAL_NODEFS_INODES_FREE
  | typeof EVICTION_SIGNAL_IMAGEFS_AVAILABLE
  | typeof EVICTION_SIGNAL_IMAGEFS_INODES_FREE
  | typeof EVICTION_SIGNAL_CONTAINERFS_AVAILABLE
  | typeof EVICTION_SIGNAL_CONTAINERFS_INODES_FREE
  | typeof EVICTION_SIGNAL_PID_AVAILABLE;

/**
 * signalToNodeCondition (pkg/kubelet/eviction/helpers.go): the node condition the kubelet reports
 * while a threshold on the signal is met.
 */
export const SIGNAL_TO_NODE_CONDITION: Readonly<Record<EvictionSignal, string>> = {
  'memory.available': 'MemoryPressure',
  'allocatableMemory.available': 'MemoryPressure',
  'imagefs.available': 'DiskPressure',
  'containerfs.available': 'DiskPressure',
  'nodefs.available': 'DiskPressure',
  'imagefs.inodesFree': 'DiskPressure',
  'nodefs.inodesFree': 'DiskPressure',
  'containerfs.inodesFree': 'DiskPressure',
  'pid.available': 'PIDPressure',
};

/**
 * signalToResource (pkg/kubelet/eviction/helpers.go): the resource a signal measures. `inodes` and
 * `pids` are the kubelet's internal resource names, not API resources.
 */
export const SIGNAL_TO_RESOURCE: Readonly<Record<EvictionSignal, string>> = {
  'memory.available': 'memory',
  'allocatableMemory.available': 'memory',
  'imagefs.available': 'ephemeral-storage',
  'imagefs.inodesFree': 'inodes',
  'containerfs.available': 'ephemeral-storage',
  'containerfs.inodesFree': 'inodes',
  'nodefs.available': 'ephemeral-storage',
  'nodefs.inodesFree': 'inodes',
  'pid.available': 'pids',
};

/** kubetypes.NodeAllocatableEnforcementKey: the enforceNodeAllocatable entry that adds allocatable thresholds. */
export const NODE_ALLOCATABLE_ENFORCEMENT_KEY = 'pods';

/**
 * DefaultEvictionHard (pkg/kubelet/eviction/defaults_linux.go): the kubelet's evictionHard when the
 * configuration sets none. `imagefs.inodesFree` was added in v1.30 (kubernetes/kubernetes#121834).
 * There are no containerfs defaults: UpdateContainerFsThresholds derives the containerfs thresholds
 * from the nodefs or imagefs ones at runtime.
 */
export const DEFAULT_EVICTION_HARD_LINUX: Readonly<Record<string, string>> = {
  'memory.available': '100Mi',
  'nodefs.available': '10%',
  'nodefs.inodesFree': '5%',
  'imagefs.available': '15%',
  'imagefs.inodesFree': '5%',
};

/**
 * ThresholdValue (pkg/kubelet/eviction/api/types.go). Only the first set field is used:
 * `quantity`, else `percentage` (a fraction, 0.1 for 10%, holding a float32 value as Go does).
 */
export interface EvictionThresholdValue {
  quantity?: Quantity;
  percentage?: number;
}

/** Threshold (pkg/kubelet/eviction/api/types.go). A grace period of 0 makes it a hard threshold. */
export interface EvictionThreshold {
  signal: string;
  operator: 'LessThan';
  value: EvictionThresholdValue;
  gracePeriodSeconds: number;
  minReclaim?: EvictionThresholdValue;
}

/** What the kubelet observed for one signal (signalObservation in pkg/kubelet/eviction/types.go). */
export interface EvictionSignalObservation {
  available: Quantity;
  capacity?: Quantity;
  time?: Date;
}

/** Input of {@link parseEvictionThresholds}: the KubeletConfiguration eviction fields. */
export interface EvictionThresholdConfig {
  allocatableConfig?: string[];
  evictionHard?: Record<string, string>;
  evictionSoft?: Record<string, string>;
  evictionSoftGracePeriod?: Record<string, string>;
  evictionMinimumReclaim?: Record<string, string>;
}

const OP_LESS_THAN = 'LessThan';

// validSignal (pkg/kubelet/eviction/helpers.go)
function isValidSignal(signal: string): signal is EvictionSignal {
  return Object.prototype.hasOwnProperty.call(SIGNAL_TO_RESOURCE, signal);
}

function unsupportedSignalError(signal: string): Error {
  return new Error(`unsupported eviction signal ${signal}`);
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

// Rounds num/den (both > 0) to the nearest float32, ties to even, like strconv.ParseFloat(s, 32).
// Returns Infinity when the value overflows float32.
function roundRationalToFloat32(num: bigint, den: bigint): number {
  let e = bitLength(num) - bitLength(den);
  const below = e >= 0 ? num < den << BigInt(e) : num << BigInt(-e) < den;
  if (below) e--;
  // value = q * 2^shift with q holding 24 significant bits (fewer for subnormals).
  const shift = Math.max(e, -126) - 23;
  const scaledNum = shift >= 0 ? num : num << BigInt(-shift);
  const scaledDen = shift >= 0 ? den << BigInt(shift) : den;
  let q = scaledNum / scaledDen;
  const rem = scaledNum - q * scaledDen;
  if (rem * 2n > scaledDen || (rem * 2n === scaledDen && (q & 1n) === 1n)) q++;
  let exponent = shift;
  if (q === 1n << 24n) {
    q >>= 1n;
    exponent++;
  }
  if (exponent + 23 > 127) return Infinity;
  return Number(q) * 2 ** exponent;
}

const DECIMAL_FLOAT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/;
const SPECIAL_FLOAT = /^([+-]?)(inf|infinity)$/i;

// strconv.ParseFloat(s, 32) (Go src/strconv/atof.go). Underscore digit separators, which Go only
// allows after a base prefix, are not supported.
function parseGoFloat32(s: string): number {
  const syntaxError = () => new Error(`strconv.ParseFloat: parsing ${goQuote(s)}: invalid syntax`);
  if (/^nan$/i.test(s)) return NaN;
  const special = SPECIAL_FLOAT.exec(s);
  if (special) return special[1] === '-' ? -Infinity : Infinity;
  let sign = '';
  let num: bigint;
  let den = 1n;
  const dec = DECIMAL_FLOAT.exec(s);
  const hex = dec ? null : HEX_FLOAT.exec(s);
  if (dec) {
    const intDigits = dec[2] ?? '';
    const fracDigits = dec[3] ?? '';
    if (intDigits === '' && fracDigits === '') throw syntaxError();
    sign = dec[1] ?? '';
    const digits = (intDigits + fracDigits).replace(/^0+/, '');
    if (digits === '') return sign === '-' ? -0 : 0;
    const exp = Number(dec[4] ?? '0') - fracDigits.length;
    // Decimal magnitude outside float32's range: skip the big arithmetic.
    const magnitude = digits.length + exp;
    if (magnitude > 40)
      throw new Error(`strconv.ParseFloat: parsing ${goQuote(s)}: value out of range`);
    if (magnitude < -50) return sign === '-' ? -0 : 0;
    num = BigInt(digits);
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den = 10n ** BigInt(-exp);
  } else if (hex) {
    const intDigits = hex[2] ?? '';
    const fracDigits = hex[3] ?? '';
    if (intDigits === '' && fracDigits === '') throw syntaxError();
    sign = hex[1] ?? '';
    num = BigInt(`0x${intDigits + fracDigits || '0'}`);
    if (num === 0n) return sign === '-' ? -0 : 0;
    const exp = Number(hex[4]) - 4 * fracDigits.length;
    // Binary magnitude outside float32's range: skip the big arithmetic.
    const magnitude = bitLength(num) + exp;
    if (magnitude > 129) {
      throw new Error(`strconv.ParseFloat: parsing ${goQuote(s)}: value out of range`);
    }
    if (magnitude < -160) return sign === '-' ? -0 : 0;
    if (exp >= 0) num <<= BigInt(exp);
    else den = 1n << BigInt(-exp);
  } else {
    throw syntaxError();
  }
  const magnitude = roundRationalToFloat32(num, den);
  if (magnitude === Infinity) {
    throw new Error(`strconv.ParseFloat: parsing ${goQuote(s)}: value out of range`);
  }
  return sign === '-' ? -magnitude : magnitude;
}

/**
 * parsePercentage (pkg/kubelet/eviction/helpers.go): "10.5%" → 0.105 as a float32 value. Like Go's
 * strings.TrimRight it strips every trailing '%', and it divides in float32.
 */
export function parseEvictionPercentage(input: string): number {
  const value = parseGoFloat32(input.replace(/%+$/, ''));
  return Math.fround(Math.fround(value) / 100);
}

// parseThresholdStatement (pkg/kubelet/eviction/helpers.go): undefined means "ignore".
function parseThresholdStatement(signal: string, val: string): EvictionThreshold | undefined {
  if (!isValidSignal(signal)) throw unsupportedSignalError(signal);
  if (val.endsWith('%')) {
    // 0% and 100% disable the threshold.
    if (val === '0%' || val === '100%') return undefined;
    const percentage = parseEvictionPercentage(val);
    if (percentage < 0) {
      throw new Error(`eviction percentage threshold ${signal} must be >= 0%: ${val}`);
    }
    if (percentage > 1) {
      throw new Error(`eviction percentage threshold ${signal} must be <= 100%: ${val}`);
    }
    return { signal, operator: OP_LESS_THAN, value: { percentage }, gracePeriodSeconds: 0 };
  }
  const quantity = parseQuantity(val);
  if (quantity.sign() < 0 || quantity.isZero()) {
    throw new Error(`eviction threshold ${signal} must be positive: ${quantity.toString()}`);
  }
  return { signal, operator: OP_LESS_THAN, value: { quantity }, gracePeriodSeconds: 0 };
}

// parseThresholdStatements (pkg/kubelet/eviction/helpers.go). Go iterates a map in random order;
// we keep the object's insertion order.
function parseThresholdStatements(
  statements: Record<string, string> | undefined,
): EvictionThreshold[] {
  const results: EvictionThreshold[] = [];
  for (const [signal, val] of Object.entries(statements ?? {})) {
    const result = parseThresholdStatement(signal, val);
    if (result) results.push(result);
  }
  return results;
}

// parseGracePeriods (pkg/kubelet/eviction/helpers.go)
function parseGracePeriods(statements: Record<string, string> | undefined): Map<string, bigint> {
  const results = new Map<string, bigint>();
  for (const [signal, val] of Object.entries(statements ?? {})) {
    if (!isValidSignal(signal)) throw unsupportedSignalError(signal);
    const gracePeriod = parseGoDurationNanos(val);
    if (gracePeriod < 0n) {
      throw new Error(`invalid eviction grace period specified: ${val}, must be a positive value`);
    }
    results.set(signal, gracePeriod);
  }
  return results;
}

// parseMinimumReclaims (pkg/kubelet/eviction/helpers.go)
function parseMinimumReclaims(
  statements: Record<string, string> | undefined,
): Map<string, EvictionThresholdValue> {
  const results = new Map<string, EvictionThresholdValue>();
  for (const [signal, val] of Object.entries(statements ?? {})) {
    if (!isValidSignal(signal)) throw unsupportedSignalError(signal);
    if (val.endsWith('%')) {
      const percentage = parseEvictionPercentage(val);
      if (percentage <= 0) {
        throw new Error(`eviction percentage minimum reclaim ${signal} must be positive: ${val}`);
      }
      results.set(signal, { percentage });
      continue;
    }
    const quantity = parseQuantity(val);
    if (quantity.sign() < 0) {
      throw new Error(`negative eviction minimum reclaim specified for ${signal}`);
    }
    results.set(signal, { quantity });
  }
  return results;
}

/**
 * isHardEvictionThreshold (pkg/kubelet/eviction/helpers.go): a threshold with no grace period
 * evicts immediately.
 */
export function isHardEvictionThreshold(threshold: EvictionThreshold): boolean {
  return threshold.gracePeriodSeconds === 0;
}

/**
 * addAllocatableThresholds (pkg/kubelet/eviction/helpers.go): copies every hard memory.available
 * threshold to allocatableMemory.available, appended after the input thresholds.
 */
export function addAllocatableThresholds(thresholds: EvictionThreshold[]): EvictionThreshold[] {
  const additional: EvictionThreshold[] = [];
  for (const threshold of thresholds) {
    if (
      threshold.signal === EVICTION_SIGNAL_MEMORY_AVAILABLE &&
      isHardEvictionThreshold(threshold)
    ) {
      additional.push({
        signal: EVICTION_SIGNAL_ALLOCATABLE_MEMORY_AVAILABLE,
        operator: threshold.operator,
        value: threshold.value,
        gracePeriodSeconds: 0,
        ...(threshold.minReclaim ? { minReclaim: threshold.minReclaim } : {}),
      });
    }
  }
  return [...thresholds, ...additional];
}

/**
 * ParseThresholdConfig (pkg/kubelet/eviction/helpers.go): turns the KubeletConfiguration eviction
 * maps into thresholds, hard ones first. Throws with Go's message wherever Go returns an error.
 */
export function parseEvictionThresholds(config: EvictionThresholdConfig): EvictionThreshold[] {
  const results: EvictionThreshold[] = [...parseThresholdStatements(config.evictionHard)];
  const softThresholds = parseThresholdStatements(config.evictionSoft);
  const gracePeriods = parseGracePeriods(config.evictionSoftGracePeriod);
  const minReclaims = parseMinimumReclaims(config.evictionMinimumReclaim);
  for (const soft of softThresholds) {
    const period = gracePeriods.get(soft.signal);
    if (period === undefined) {
      throw new Error(
        `grace period must be specified for the soft eviction threshold ${soft.signal}`,
      );
    }
    soft.gracePeriodSeconds = Number(period) / 1e9;
  }
  results.push(...softThresholds);
  for (const result of results) {
    const minReclaim = minReclaims.get(result.signal);
    if (minReclaim) result.minReclaim = minReclaim;
  }
  if ((config.allocatableConfig ?? []).includes(NODE_ALLOCATABLE_ENFORCEMENT_KEY)) {
    return addAllocatableThresholds(results);
  }
  return results;
}

const INT64_MIN = -(2n ** 63n);

// Go's int64(float64) conversion: truncation; NaN and out-of-range values give the amd64
// CVTTSD2SI result, math.MinInt64.
function goInt64FromFloat64(x: number): bigint {
  if (!Number.isFinite(x) || x >= 2 ** 63 || x < -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(x));
}

/**
 * GetThresholdQuantity (pkg/kubelet/eviction/api/types.go): the absolute threshold for a capacity.
 * The percentage is a float32 widened to float64, multiplied by float64(capacity.Value()) and
 * truncated to int64, so 5% of 10Gi is 536870920, not 536870912.
 */
export function getThresholdQuantity(value: EvictionThresholdValue, capacity: Quantity): Quantity {
  if (value.quantity) return value.quantity;
  const product = Number(capacity.value()) * Math.fround(value.percentage ?? 0);
  return newQuantity(goInt64FromFloat64(product), 'BinarySI');
}

/**
 * The comparison thresholdsMet (pkg/kubelet/eviction/helpers.go) makes for one threshold: met when
 * the threshold quantity (plus the minimum reclaim when `enforceMinReclaim`) exceeds `available`.
 */
export function isThresholdMet(
  threshold: EvictionThreshold,
  available: Quantity,
  capacity: Quantity,
  enforceMinReclaim = false,
): boolean {
  let quantity = getThresholdQuantity(threshold.value, capacity);
  if (enforceMinReclaim && threshold.minReclaim) {
    quantity = quantity.add(getThresholdQuantity(threshold.minReclaim, capacity));
  }
  return quantity.cmp(available) > 0;
}

// Go dereferences a nil capacity only when a percentage needs it; mirror that lazily.
function capacityFor(signal: string, observation: EvictionSignalObservation): Quantity {
  if (!observation.capacity) {
    throw new Error(`no capacity observed for eviction signal ${signal}`);
  }
  return observation.capacity;
}

function thresholdQuantityFor(
  value: EvictionThresholdValue,
  signal: string,
  observation: EvictionSignalObservation,
): Quantity {
  return value.quantity ?? getThresholdQuantity(value, capacityFor(signal, observation));
}

/**
 * thresholdsMet (pkg/kubelet/eviction/helpers.go): the thresholds met by the observations,
 * ignoring grace periods. Signals without an observation are skipped.
 */
export function getThresholdsMet(
  thresholds: EvictionThreshold[],
  observations: Readonly<Partial<Record<string, EvictionSignalObservation>>>,
  enforceMinReclaim: boolean,
): EvictionThreshold[] {
  const results: EvictionThreshold[] = [];
  for (const threshold of thresholds) {
    const observed = observations[threshold.signal];
    if (!observed) continue;
    let quantity = thresholdQuantityFor(threshold.value, threshold.signal, observed);
    if (enforceMinReclaim && threshold.minReclaim) {
      quantity = quantity.add(
        thresholdQuantityFor(threshold.minReclaim, threshold.signal, observed),
      );
    }
    if (threshold.operator === OP_LESS_THAN && quantity.cmp(observed.available) > 0) {
      results.push(threshold);
    }
  }
  return results;
}

/**
 * thresholdsUpdatedStats (pkg/kubelet/eviction/helpers.go): thresholds whose signal has a newer
 * observation than last time (or no timestamp, or no previous observation).
 */
export function getThresholdsUpdatedStats(
  thresholds: EvictionThreshold[],
  observations: Readonly<Partial<Record<string, EvictionSignalObservation>>>,
  lastObservations: Readonly<Partial<Record<string, EvictionSignalObservation>>>,
): EvictionThreshold[] {
  const results: EvictionThreshold[] = [];
  for (const threshold of thresholds) {
    const observed = observations[threshold.signal];
    if (!observed) continue;
    const last = lastObservations[threshold.signal];
    const lastTime = last?.time?.getTime() ?? Number.NEGATIVE_INFINITY;
    if (!last || !observed.time || observed.time.getTime() > lastTime) {
      results.push(threshold);
    }
  }
  return results;
}

/**
 * thresholdsFirstObservedAt (pkg/kubelet/eviction/helpers.go): when each currently met threshold
 * was first met, carrying earlier times over and stamping new ones with `now`.
 */
export function getThresholdsFirstObservedAt(
  thresholds: EvictionThreshold[],
  lastObservedAt: ReadonlyMap<EvictionThreshold, Date>,
  now: Date,
): Map<EvictionThreshold, Date> {
  const results = new Map<EvictionThreshold, Date>();
  for (const threshold of thresholds) {
    results.set(threshold, lastObservedAt.get(threshold) ?? now);
  }
  return results;
}

/**
 * thresholdsMetGracePeriod (pkg/kubelet/eviction/helpers.go): thresholds met for at least their
 * grace period; hard thresholds qualify immediately.
 */
export function getThresholdsMetGracePeriod(
  observedAt: ReadonlyMap<EvictionThreshold, Date>,
  now: Date,
): EvictionThreshold[] {
  const results: EvictionThreshold[] = [];
  for (const [threshold, at] of observedAt) {
    if (now.getTime() - at.getTime() < threshold.gracePeriodSeconds * 1000) continue;
    results.push(threshold);
  }
  return results;
}

/**
 * nodeConditions (pkg/kubelet/eviction/helpers.go): the distinct node conditions the met thresholds
 * put on the node, in first-seen order.
 */
export function getNodeConditionsForThresholds(thresholds: EvictionThreshold[]): string[] {
  const results: string[] = [];
  for (const threshold of thresholds) {
    if (!isValidSignal(threshold.signal)) continue;
    const condition = SIGNAL_TO_NODE_CONDITION[threshold.signal];
    if (!results.includes(condition)) results.push(condition);
  }
  return results;
}
