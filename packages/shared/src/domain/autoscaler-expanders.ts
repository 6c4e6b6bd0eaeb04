import type { V1Pod } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';

import { podRequests } from './pod-resources.js';
import { parseQuantity } from './quantity.js';
import type { Quantity } from './quantity.js';

/**
 * Expander names accepted by cluster-autoscaler's `--expander` flag
 * (cluster-autoscaler/expander/expander.go `AvailableExpanders`).
 */
export const RANDOM_EXPANDER_NAME = 'random';
/** Picks the node group that fits the most pending pods (expander/mostpods). */
export const MOST_PODS_EXPANDER_NAME = 'most-pods';
/** Picks the node group that leaves the smallest idle fraction of CPU and memory (expander/waste). */
export const LEAST_WASTE_EXPANDER_NAME = 'least-waste';
/** Picks the node group that needs the fewest new nodes (expander/leastnodes). */
export const LEAST_NODES_EXPANDER_NAME = 'least-nodes';
/** Picks by cloud price; needs the cloud provider's pricing model, so it is not ported here. */
export const PRICE_EXPANDER_NAME = 'price';
/** Picks by the user's `cluster-autoscaler-priority-expander` ConfigMap (expander/priority). */
export const PRIORITY_EXPANDER_NAME = 'priority';
/** Delegates to an external gRPC server; not ported here. */
export const GRPC_EXPANDER_NAME = 'grpc';

/** Every name `--expander` accepts, in upstream's `AvailableExpanders` order. */
export const AVAILABLE_EXPANDERS = [
  RANDOM_EXPANDER_NAME,
  MOST_PODS_EXPANDER_NAME,
  LEAST_WASTE_EXPANDER_NAME,
  LEAST_NODES_EXPANDER_NAME,
  PRICE_EXPANDER_NAME,
  PRIORITY_EXPANDER_NAME,
  GRPC_EXPANDER_NAME,
] as const;

/** One of the expander names cluster-autoscaler knows. */
export type ExpanderName = (typeof AVAILABLE_EXPANDERS)[number];

/**
 * The `--expander` default. It was `random` until the flag default changed to `least-waste`
 * (config/flags/flags.go, the release that also allowed comma-separated expander chains).
 */
export const DEFAULT_EXPANDER: ExpanderName = LEAST_WASTE_EXPANDER_NAME;

/** Name of the ConfigMap the priority expander reads (priority.go `PriorityConfigMapName`). */
export const PRIORITY_CONFIG_MAP_NAME = 'cluster-autoscaler-priority-expander';
/** Data key of that ConfigMap (priority.go `ConfigMapKey`). */
export const PRIORITY_CONFIG_MAP_KEY = 'priorities';

/** A scale-up option as the expanders see it (expander.go `Option`, with the node group by id). */
export interface ExpansionOption {
  /** `NodeGroup.Id()` of the group that would grow. */
  nodeGroup: string;
  /** How many nodes the group would add. */
  nodeCount: number;
  /** Pending pods the new nodes would host. */
  pods: V1Pod[];
}

/** The capacity of one template node of a node group, keyed by node group id. */
export type ExpanderNodeInfos = Record<string, { capacity: { cpu: string; memory: string } }>;

/** An option an expander kept, with the number it ranked the option by where it has one. */
export interface ScoredOption<T extends ExpansionOption = ExpansionOption> {
  option: T;
  /**
   * least-waste: wasted CPU fraction + wasted memory fraction (0..2, lower is better);
   * most-pods: pod count; least-nodes: node count; priority: the matched priority.
   */
  score?: number;
}

/** Thrown when a priority-expander configuration or an expander chain is invalid. */
export class ExpanderConfigError extends Error {
  override name = 'ExpanderConfigError';
}

// A missing capacity entry reads as Go's zero resource.Quantity.
function quantityOrZero(s: string | undefined): Quantity {
  return parseQuantity(s === undefined || s === '' ? '0' : s);
}

/** How least-waste adds up the pods' requests. */
export interface LeastWasteOptions {
  /**
   * `scheduler` (default): each pod counts what the scheduler reserves for it on the new node,
   * `PodRequests` (component-helpers/resource/helpers.go): the larger of the app containers' sum
   * and each init container (plus the sidecars started before it, KEP-753), overhead and
   * pod-level resources included. `waste.go`: regular containers only, exactly as
   * cluster-autoscaler's `resourcesForPods` sums them, which under-counts a pod whose init
   * container is its largest.
   */
  accounting?: 'scheduler' | 'waste.go';
}

// resourcesForPods (cluster-autoscaler/expander/waste/waste.go), or PodRequests per pod
/** The CPU and memory `pods` request in total, as least-waste counts them. */
export function leastWasteRequests(
  pods: V1Pod[],
  opts: LeastWasteOptions = {},
): { cpu: Quantity; memory: Quantity } {
  let cpu = parseQuantity('0');
  let memory = parseQuantity('0');
  for (const pod of pods) {
    if ((opts.accounting ?? 'scheduler') === 'scheduler') {
      const requests = podRequests(pod);
      if (requests['cpu'] !== undefined) cpu = cpu.add(requests['cpu']);
      if (requests['memory'] !== undefined) memory = memory.add(requests['memory']);
      continue;
    }
    for (const container of pod.spec?.containers ?? []) {
      const requests = container.resources?.requests;
      const cpuRequest = requests?.['cpu'];
      if (cpuRequest !== undefined) cpu = cpu.add(parseQuantity(String(cpuRequest)));
      const memoryRequest = requests?.['memory'];
      if (memoryRequest !== undefined) memory = memory.add(parseQuantity(String(memoryRequest)));
    }
  }
  return { cpu, memory };
}

/**
 * The wasted fraction of CPU plus that of memory if `option` were chosen, as least-waste computes
 * it; `undefined` when `nodeInfos` has no entry for the group (upstream logs and skips it).
 */
export function leastWasteScore(
  option: ExpansionOption,
  nodeInfos: ExpanderNodeInfos,
  opts: LeastWasteOptions = {},
): number | undefined {
  const node = nodeInfos[option.nodeGroup];
  if (node === undefined) return undefined;
  const requested = leastWasteRequests(option.pods, opts);
  const count = BigInt(option.nodeCount);
  // int64 arithmetic first, then float64 division, exactly as Go does; a zero capacity gives
  // NaN or ±Infinity just as it does upstream.
  const availCPU = quantityOrZero(node.capacity.cpu).milliValue() * count;
  const availMemory = quantityOrZero(node.capacity.memory).value() * count;
  const wastedCPU = Number(availCPU - requested.cpu.milliValue()) / Number(availCPU);
  const wastedMemory = Number(availMemory - requested.memory.value()) / Number(availMemory);
  return wastedCPU + wastedMemory;
}

// BestOptions (cluster-autoscaler/expander/waste/waste.go)
/**
 * The least-waste filter: the options whose wasted CPU fraction + wasted memory fraction is
 * lowest, all of them when tied. Options without node info are skipped.
 */
export function leastWasteBestOptions<T extends ExpansionOption>(
  options: T[],
  nodeInfos: ExpanderNodeInfos,
  opts: LeastWasteOptions = {},
): ScoredOption<T>[] {
  let leastWastedScore = 0;
  let leastWasted: ScoredOption<T>[] | null = null;
  for (const option of options ?? []) {
    const wastedScore = leastWasteScore(option, nodeInfos, opts);
    if (wastedScore === undefined) continue;
    // Two ifs, not if/else, as upstream: the first score equal to the initial 0 is appended to
    // the still-nil list and then kept by the second branch.
    if (wastedScore === leastWastedScore) {
      leastWasted = [...(leastWasted ?? []), { option, score: wastedScore }];
    }
    if (leastWasted === null || wastedScore < leastWastedScore) {
      leastWastedScore = wastedScore;
      leastWasted = [{ option, score: wastedScore }];
    }
  }
  return leastWasted ?? [];
}

// BestOptions (cluster-autoscaler/expander/mostpods/mostpods.go)
/** The most-pods filter: the options that would schedule the most pods, all of them when tied. */
export function mostPodsBestOptions<T extends ExpansionOption>(options: T[]): ScoredOption<T>[] {
  let maxPods = 0;
  let maxOptions: ScoredOption<T>[] = [];
  for (const option of options) {
    const pods = option.pods.length;
    if (pods === maxPods) {
      maxOptions.push({ option, score: pods });
      continue;
    }
    if (pods > maxPods) {
      maxPods = pods;
      maxOptions = [{ option, score: pods }];
    }
  }
  return maxOptions;
}

// BestOptions (cluster-autoscaler/expander/leastnodes/leastnodes.go)
/**
 * The least-nodes filter: the options adding the fewest nodes, all of them when tied. Options
 * adding zero nodes are ignored, as upstream does.
 */
export function leastNodesBestOptions<T extends ExpansionOption>(options: T[]): ScoredOption<T>[] {
  let leastNodes = Number.MAX_SAFE_INTEGER;
  let leastOptions: ScoredOption<T>[] = [];
  for (const option of options) {
    if (option.nodeCount === 0) continue;
    if (option.nodeCount === leastNodes) {
      leastOptions.push({ option, score: option.nodeCount });
      continue;
    }
    if (option.nodeCount < leastNodes) {
      leastNodes = option.nodeCount;
      leastOptions = [{ option, score: option.nodeCount }];
    }
  }
  return leastOptions;
}

/** Parsed priority-expander configuration: priority → compiled node-group-name patterns. */
export type PriorityConfig = Map<number, RegExp[]>;

// RE2 rejects lookaround and backreferences, which JavaScript would accept.
const RE2_UNSUPPORTED = /\(\?<?[=!]|\\[1-9]/;

// regexp.Compile (Go) approximated with RegExp: a leading RE2 flag group such as (?i) becomes a
// JavaScript flag, and constructs RE2 cannot compile are rejected so that configs Go refuses are
// refused here too.
function compileGoRegexp(pattern: string): RegExp {
  if (RE2_UNSUPPORTED.test(pattern)) {
    throw new Error(`error parsing regexp: invalid or unsupported Perl syntax in \`${pattern}\``);
  }
  let source = pattern;
  let flags = '';
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading?.[1] !== undefined) {
    source = source.slice(leading[0].length);
    for (const f of leading[1]) {
      if ((f === 'i' || f === 'm' || f === 's') && !flags.includes(f)) flags += f;
    }
  }
  return new RegExp(source, flags);
}

// parsePrioritiesYAMLString (cluster-autoscaler/expander/priority/priority.go)
/**
 * Parses the `priorities` key of the priority-expander ConfigMap: a YAML map from integer
 * priority to a list of regular expressions over node group ids. Throws `ExpanderConfigError`
 * with upstream's messages for an empty value, unparsable YAML and a pattern that will not
 * compile. Patterns use Go's RE2 syntax, approximated with JavaScript RegExp.
 */
export function parsePriorityExpanderConfig(prioritiesYaml: string): PriorityConfig {
  if (prioritiesYaml === '') {
    throw new ExpanderConfigError(
      `priority configuration in ${PRIORITY_CONFIG_MAP_NAME} configmap is empty; please provide valid configuration`,
    );
  }
  let config: unknown;
  try {
    config = parseYaml(prioritiesYaml);
  } catch (err) {
    throw new ExpanderConfigError(
      `Can't parse YAML with priorities in the configmap: ${(err as Error).message}`,
    );
  }
  // yaml.v2 unmarshals null/empty documents into an empty map.
  if (config === null || config === undefined) return new Map();
  if (typeof config !== 'object' || Array.isArray(config)) {
    throw new ExpanderConfigError(
      "Can't parse YAML with priorities in the configmap: expected a map of priority to regexps",
    );
  }
  const result: PriorityConfig = new Map();
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    // Go unmarshals into map[int][]string: keys must be integers, values lists of strings.
    if (!/^[-+]?\d+$/.test(key.trim())) {
      throw new ExpanderConfigError(
        `Can't parse YAML with priorities in the configmap: cannot unmarshal !!str \`${key}\` into int`,
      );
    }
    const prio = Number.parseInt(key, 10);
    if (value !== null && !Array.isArray(value)) {
      throw new ExpanderConfigError(
        `Can't parse YAML with priorities in the configmap: cannot unmarshal priority ${prio} into []string`,
      );
    }
    const list: unknown[] = value ?? [];
    const compiled = result.get(prio) ?? [];
    for (const re of list) {
      if (typeof re !== 'string' && typeof re !== 'number' && typeof re !== 'boolean') {
        throw new ExpanderConfigError(
          `Can't parse YAML with priorities in the configmap: cannot unmarshal priority ${prio} rule into string`,
        );
      }
      try {
        compiled.push(compileGoRegexp(String(re)));
      } catch (err) {
        throw new ExpanderConfigError(
          `Can't compile regexp rule for priority ${prio} and rule ${String(re)}: ${(err as Error).message}`,
        );
      }
    }
    result.set(prio, compiled);
  }
  return result;
}

// groupIDMatchesList (cluster-autoscaler/expander/priority/priority.go)
function groupIDMatchesList(id: string, nameRegexpList: RegExp[]): boolean {
  // FindStringIndex != nil: an unanchored search.
  return nameRegexpList.some((re) => re.test(id));
}

// BestOptions (cluster-autoscaler/expander/priority/priority.go)
/**
 * The priority filter: the options whose node group id matches a pattern of the highest
 * priority any option matches. Each option counts at the highest priority it matches (the
 * current filter; the older strategy stopped at whichever matching priority Go's random map
 * order visited first). When no option matches anything, every option is returned unscored,
 * as upstream does ("No options filtered"). `prioritiesYaml` may be a parsed config; a string
 * is parsed with `parsePriorityExpanderConfig` and its errors thrown.
 */
export function priorityBestOptions<T extends ExpansionOption>(
  options: T[],
  prioritiesYaml: string | PriorityConfig,
): ScoredOption<T>[] {
  if (options.length === 0) return [];
  const priorities =
    typeof prioritiesYaml === 'string'
      ? parsePriorityExpanderConfig(prioritiesYaml)
      : prioritiesYaml;
  // maxPrio starts at -1, so a group matching only negative priorities is never chosen.
  let maxPrio = -1;
  let best: ScoredOption<T>[] = [];
  for (const option of options) {
    for (const [prio, nameRegexpList] of priorities) {
      if (!groupIDMatchesList(option.nodeGroup, nameRegexpList)) continue;
      if (prio < maxPrio) continue;
      if (prio > maxPrio) {
        maxPrio = prio;
        best = [];
      }
      best.push({ option, score: prio });
    }
  }
  if (best.length === 0) return options.map((option) => ({ option }));
  return best;
}

/** Inputs the expanders of a chain may need. */
export interface ExpanderChainInputs {
  /** Template node capacity per node group (least-waste). */
  nodeInfos?: ExpanderNodeInfos;
  /** The `priorities` ConfigMap value or its parsed form (priority). */
  priorities?: string | PriorityConfig;
  /**
   * Index in [0, n) for the random expander and for the final tie-break; domain code has no
   * source of randomness of its own. Without it, ties are returned unbroken.
   */
  randomIndex?: (n: number) => number;
  /** How least-waste counts the pods' requests. */
  leastWaste?: LeastWasteOptions;
}

function applyExpander<T extends ExpansionOption>(
  name: string,
  options: T[],
  inputs: ExpanderChainInputs,
): ScoredOption<T>[] {
  // Every upstream filter returns nil for no options before it reads its configuration
  // (priority.go, random.go `if len(expansionOptions) <= 0`).
  if (options.length === 0) return [];
  switch (name) {
    case LEAST_WASTE_EXPANDER_NAME:
      return leastWasteBestOptions(options, inputs.nodeInfos ?? {}, inputs.leastWaste);
    case MOST_PODS_EXPANDER_NAME:
      return mostPodsBestOptions(options);
    case LEAST_NODES_EXPANDER_NAME:
      return leastNodesBestOptions(options);
    case PRIORITY_EXPANDER_NAME:
      if (inputs.priorities === undefined) {
        throw new ExpanderConfigError('the priority expander needs the priorities configuration');
      }
      return priorityBestOptions(options, inputs.priorities);
    case RANDOM_EXPANDER_NAME: {
      if (inputs.randomIndex === undefined) {
        throw new ExpanderConfigError('the random expander needs a randomIndex function');
      }
      const chosen = options[inputs.randomIndex(options.length)];
      return chosen === undefined ? [] : [{ option: chosen }];
    }
    default:
      throw new ExpanderConfigError(`Expander ${name} not supported`);
  }
}

// Build (cluster-autoscaler/expander/factory/expander_factory.go) and
// BestOption (cluster-autoscaler/expander/factory/chain.go)
/**
 * Runs `names` as cluster-autoscaler's expander chain (`--expander=a,b,c`): each filter narrows
 * the previous one's result and the chain stops as soon as one option is left. Validates the
 * list as `Factory.Build` does (no repeats, nothing after `random`, known names; `price` and
 * `grpc` need cloud/remote state and are rejected here). Upstream breaks a remaining tie at
 * random; that happens here only when `inputs.randomIndex` is given, otherwise all tied options
 * are returned. Scores are those of the last filter that ran.
 */
export function chooseByExpanders<T extends ExpansionOption>(
  names: string[],
  options: T[],
  inputs: ExpanderChainInputs = {},
): ScoredOption<T>[] {
  const seen = new Set<string>();
  let strategySeen = false;
  names.forEach((name, i) => {
    if (seen.has(name)) {
      throw new ExpanderConfigError(
        `Expander ${name} was specified multiple times, each expander must not be specified more than once`,
      );
    }
    if (strategySeen) {
      throw new ExpanderConfigError(
        `Expander ${name} came after an expander ${names[i - 1] ?? ''} that will always return only one result, this is not allowed since ${name} will never be used`,
      );
    }
    seen.add(name);
    if (!(AVAILABLE_EXPANDERS as readonly string[]).includes(name)) {
      throw new ExpanderConfigError(`Expander ${name} not supported`);
    }
    if (name === PRICE_EXPANDER_NAME || name === GRPC_EXPANDER_NAME) {
      throw new ExpanderConfigError(
        `Expander ${name} needs cloud provider state and is not ported`,
      );
    }
    // random is the one filter that is also a Strategy (it always returns one option).
    if (name === RANDOM_EXPANDER_NAME) strategySeen = true;
  });

  let filtered: ScoredOption<T>[] = options.map((option) => ({ option }));
  for (const name of names) {
    filtered = applyExpander(
      name,
      filtered.map((s) => s.option),
      inputs,
    );
    if (filtered.length === 1) return filtered;
  }
  if (filtered.length > 1 && inputs.randomIndex !== undefined) {
    const chosen = filtered[inputs.randomIndex(filtered.length)];
    return chosen === undefined ? [] : [chosen];
  }
  return filtered;
}
