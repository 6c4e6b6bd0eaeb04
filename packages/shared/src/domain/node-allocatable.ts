import {
  EVICTION_SIGNAL_MEMORY_AVAILABLE,
  EVICTION_SIGNAL_NODEFS_AVAILABLE,
  getThresholdQuantity,
} from './eviction-thresholds.js';
import type { EvictionThreshold } from './eviction-thresholds.js';
import { newQuantity, parseQuantity } from './quantity.js';
import type { Quantity } from './quantity.js';

/**
 * A node's capacity and the kubelet's reservation settings, as they appear in Node.status.capacity
 * and the KubeletConfiguration (kubeReserved, systemReserved).
 */
export interface NodeAllocatableInput {
  capacity: Record<string, string>;
  kubeReserved?: Record<string, string>;
  systemReserved?: Record<string, string>;
  /**
   * The thresholds parsed from evictionHard alone, as cmd/kubelet does with
   * `parseEvictionThresholds({ evictionHard })`; leave empty when the kubelet runs with
   * --experimental-allocatable-ignore-eviction.
   */
  hardEvictionThresholds?: EvictionThreshold[];
}

/** One resource's row in the capacity → allocatable breakdown shown in the UI. */
export interface AllocatableBreakdownRow {
  resource: string;
  capacity: Quantity;
  kubeReserved: Quantity;
  systemReserved: Quantity;
  evictionThreshold: Quantity;
  /** Memory only: the hugepages capacity the kubelet also takes out of allocatable memory. */
  hugePages: Quantity;
  allocatable: Quantity;
}

const RESOURCE_MEMORY = 'memory';
const RESOURCE_EPHEMERAL_STORAGE = 'ephemeral-storage';
const HUGE_PAGES_PREFIX = 'hugepages-';

function zero(): Quantity {
  return newQuantity(0n, 'DecimalSI');
}

function parseResourceList(list: Record<string, string> | undefined): Record<string, Quantity> {
  const result: Record<string, Quantity> = {};
  for (const [name, value] of Object.entries(list ?? {})) result[name] = parseQuantity(value);
  return result;
}

// IsHugePageResourceName (pkg/apis/core/v1/helper/helpers.go)
function isHugePageResourceName(name: string): boolean {
  return name.startsWith(HUGE_PAGES_PREFIX);
}

// Quantity.Set(0) keeps the format; negative allocatable makes no sense to the kubelet.
function clampAtZero(value: Quantity): Quantity {
  return value.sign() < 0 ? newQuantity(0n, value.format) : value;
}

/**
 * hardEvictionReservation (pkg/kubelet/cm/helpers.go): memory.available reserves memory and
 * nodefs.available reserves ephemeral-storage; other signals reserve nothing. A later threshold on
 * the same signal replaces an earlier one. Returns undefined when there are no thresholds.
 */
export function getHardEvictionReservation(
  thresholds: EvictionThreshold[] | undefined,
  capacity: Readonly<Record<string, Quantity>>,
): Record<string, Quantity> | undefined {
  if (!thresholds || thresholds.length === 0) return undefined;
  const ret: Record<string, Quantity> = {};
  for (const threshold of thresholds) {
    if (threshold.operator !== 'LessThan') continue;
    if (threshold.signal === EVICTION_SIGNAL_MEMORY_AVAILABLE) {
      ret[RESOURCE_MEMORY] = getThresholdQuantity(
        threshold.value,
        capacity[RESOURCE_MEMORY] ?? zero(),
      );
    } else if (threshold.signal === EVICTION_SIGNAL_NODEFS_AVAILABLE) {
      ret[RESOURCE_EPHEMERAL_STORAGE] = getThresholdQuantity(
        threshold.value,
        capacity[RESOURCE_EPHEMERAL_STORAGE] ?? zero(),
      );
    }
  }
  return ret;
}

interface ParsedInput {
  capacity: Record<string, Quantity>;
  kubeReserved: Record<string, Quantity>;
  systemReserved: Record<string, Quantity>;
  evictionReservation: Record<string, Quantity> | undefined;
}

function parseInput(input: NodeAllocatableInput): ParsedInput {
  const capacity = parseResourceList(input.capacity);
  return {
    capacity,
    kubeReserved: parseResourceList(input.kubeReserved),
    systemReserved: parseResourceList(input.systemReserved),
    evictionReservation: getHardEvictionReservation(input.hardEvictionThresholds, capacity),
  };
}

// GetNodeAllocatableReservation (pkg/kubelet/cm/node_container_manager_linux.go)
function reservationOf(parsed: ParsedInput): Record<string, Quantity> {
  const result: Record<string, Quantity> = {};
  for (const name of Object.keys(parsed.capacity)) {
    let value = zero();
    for (const part of [parsed.systemReserved, parsed.kubeReserved, parsed.evictionReservation]) {
      const reserved = part?.[name];
      if (reserved) value = value.add(reserved);
    }
    if (!value.isZero()) result[name] = value;
  }
  return result;
}

/**
 * GetNodeAllocatableReservation (pkg/kubelet/cm/node_container_manager_linux.go): what is held
 * back from scheduling per capacity resource: systemReserved + kubeReserved + the hard eviction
 * reservation. Resources with nothing reserved are omitted.
 */
export function getNodeAllocatableReservation(
  input: NodeAllocatableInput,
): Record<string, Quantity> {
  return reservationOf(parseInput(input));
}

/**
 * getNodeAllocatableAbsoluteImpl (pkg/kubelet/cm/node_container_manager_linux.go): the allocatable
 * the kubelet enforces on the kubepods cgroup: capacity − systemReserved − kubeReserved, clamped at
 * zero. Eviction thresholds are not subtracted here.
 */
export function getNodeAllocatableAbsolute(input: NodeAllocatableInput): Record<string, Quantity> {
  const parsed = parseInput(input);
  const result: Record<string, Quantity> = {};
  for (const [name, capacity] of Object.entries(parsed.capacity)) {
    let value = capacity;
    const system = parsed.systemReserved[name];
    if (system) value = value.sub(system);
    const kube = parsed.kubeReserved[name];
    if (kube) value = value.sub(kube);
    result[name] = clampAtZero(value);
  }
  return result;
}

/**
 * The allocatable computation of the MachineInfo node status setter
 * (pkg/kubelet/nodestatus/setters.go): capacity minus the reservation, clamped at zero, then every
 * hugepages-* capacity taken out of allocatable memory. Device-plugin overrides are not modelled.
 */
export function getNodeStatusAllocatable(
  capacity: Readonly<Record<string, Quantity>>,
  reservation: Readonly<Record<string, Quantity>>,
): Record<string, Quantity> {
  const allocatable: Record<string, Quantity> = {};
  for (const [name, value] of Object.entries(capacity)) {
    const reserved = reservation[name];
    allocatable[name] = clampAtZero(reserved ? value.sub(reserved) : value);
  }
  for (const [name, value] of Object.entries(capacity)) {
    if (!isHugePageResourceName(name)) continue;
    // Like Go, a node without memory capacity still ends up with allocatable memory 0 here.
    const memory = allocatable[RESOURCE_MEMORY] ?? zero();
    allocatable[RESOURCE_MEMORY] = clampAtZero(memory.sub(value));
  }
  return allocatable;
}

/**
 * Node.status.allocatable as the kubelet reports it: MachineInfo (pkg/kubelet/nodestatus/setters.go)
 * applied to GetNodeAllocatableReservation.
 */
export function getNodeAllocatable(input: NodeAllocatableInput): Record<string, Quantity> {
  const parsed = parseInput(input);
  return getNodeStatusAllocatable(parsed.capacity, reservationOf(parsed));
}

/**
 * Per-resource breakdown of {@link getNodeAllocatable} for the UI, in capacity order. The parts
 * add up: capacity − kubeReserved − systemReserved − evictionThreshold − hugePages = allocatable,
 * except where the kubelet clamps a negative result to zero.
 */
export function getAllocatableBreakdown(input: NodeAllocatableInput): AllocatableBreakdownRow[] {
  const parsed = parseInput(input);
  const allocatable = getNodeStatusAllocatable(parsed.capacity, reservationOf(parsed));
  let hugePages = zero();
  for (const [name, value] of Object.entries(parsed.capacity)) {
    if (isHugePageResourceName(name)) hugePages = hugePages.add(value);
  }
  return Object.entries(parsed.capacity).map(([resource, capacity]) => ({
    resource,
    capacity,
    kubeReserved: parsed.kubeReserved[resource] ?? zero(),
    systemReserved: parsed.systemReserved[resource] ?? zero(),
    evictionThreshold: parsed.evictionReservation?.[resource] ?? zero(),
    hugePages: resource === RESOURCE_MEMORY ? hugePages : zero(),
    allocatable: allocatable[resource] ?? zero(),
  }));
}

/**
 * validateNodeAllocatable (pkg/kubelet/cm/node_container_manager_linux.go): the kubelet refuses to
 * start when a reservation exceeds capacity. Returns Go's error message, or null when valid.
 */
export function findNodeAllocatableError(input: NodeAllocatableInput): string | null {
  const parsed = parseInput(input);
  const errors: string[] = [];
  for (const [name, reserved] of Object.entries(reservationOf(parsed))) {
    const capacity = parsed.capacity[name] ?? zero();
    if (capacity.sub(reserved).sign() < 0) {
      errors.push(
        `Resource ${JSON.stringify(name)} has a reservation of ${reserved.toString()} but capacity of ${capacity.toString()}. Expected capacity >= reservation.`,
      );
    }
  }
  return errors.length > 0 ? `invalid Node Allocatable configuration. ${errors.join(' ')}` : null;
}
