/**
 * Reads the texts the kubelet writes for an eviction or an admission rejection back into data:
 * every form of pkg/kubelet/eviction/helpers.go and eviction_manager.go since 1.7, with the
 * prefixes `Kubelet.rejectPod` (pkg/kubelet/kubelet.go) puts in front of a rejection.
 */

/** Which kubelet text a parsed eviction message came from. */
export type EvictionMessageKind =
  | 'node-pressure'
  | 'node-condition'
  | 'pod-ephemeral-storage-limit'
  | 'container-ephemeral-storage-limit'
  | 'emptydir-limit';

/** A pod or container the kubelet blamed in a node-pressure eviction message. */
export interface EvictionOffender {
  kind: 'container' | 'pod';
  name: string;
  /** Usage as the kubelet printed it (Quantity.String()), e.g. `150Mi`. */
  usage: string;
  /** Request as the kubelet printed it; `0` when the container requested nothing. */
  request: string | null;
}

/** The data recovered from a kubelet eviction (or pressure admission) message. */
export interface ParsedEvictionMessage {
  kind: EvictionMessageKind;
  /**
   * The starved resource: the `%v` of `The node was low on resource` (with the names kubelets
   * before 1.9 printed mapped to today's: `nodefs`/`imagefs` → `ephemeral-storage`,
   * `nodefsInodes`/`imagefsInodes` → `inodes`), `ephemeral-storage` for the local-storage limit
   * texts, and null for `node-condition`: an admission rejection names node conditions, not a
   * resource (see `conditions`).
   */
  resource: string | null;
  /** The resource name exactly as a pre-1.9 kubelet printed it (`nodefs`, `EmptyDir` …); else null. */
  legacyResource: string | null;
  /** `Threshold quantity` for node pressure; the exceeded limit for the local-storage texts. */
  threshold: string | null;
  /** `available` for node pressure; null otherwise. */
  available: string | null;
  /** Pods and containers named as over their requests (node pressure only). */
  offenders: EvictionOffender[];
  /** The container named by `container-ephemeral-storage-limit`. */
  containerName: string | null;
  /** The volume named by `emptydir-limit`. */
  volumeName: string | null;
  /** The node conditions listed by `node-condition`, e.g. `['MemoryPressure', 'DiskPressure']`. */
  conditions: string[];
}

// Resource names kubelets before 1.9 printed (helpers.go `resourceNodeFs` … and the
// `v1.ResourceName("EmptyDir")`/`("containerOverlay")` of 1.7's evictPod), mapped to today's.
const LEGACY_RESOURCES: Readonly<Record<string, { kind: EvictionMessageKind; resource: string }>> =
  {
    nodefs: { kind: 'node-pressure', resource: 'ephemeral-storage' },
    imagefs: { kind: 'node-pressure', resource: 'ephemeral-storage' },
    nodefsInodes: { kind: 'node-pressure', resource: 'inodes' },
    imagefsInodes: { kind: 'node-pressure', resource: 'inodes' },
    EmptyDir: { kind: 'emptydir-limit', resource: 'ephemeral-storage' },
    containerOverlay: { kind: 'container-ephemeral-storage-limit', resource: 'ephemeral-storage' },
  };

// Names, resources and quantities the kubelet prints never contain whitespace, so `\S+?` bounds
// each field; the lazy match stops at the first ". " or ", " delimiter.
const NODE_LOW_RE = /^The node was low on resource: (\S+?)\. /y;
const THRESHOLD_RE = /Threshold quantity: (\S+?), available: (\S+?)\. /y;
const OFFENDER_RE =
  /(Container|Pod) (\S+?) was using (\S+?), request is (\S+?), has larger consumption of (\S+?)\. /y;
// Kubelets before 1.14 wrote `Container %s was using %s, which exceeds its request of %s. `.
const LEGACY_CONTAINER_RE =
  /Container (\S+?) was using (\S+?), which exceeds its request of (\S+?)\. /y;
const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
const EMPTY_DIR_RE = new RegExp(
  `^Usage of EmptyDir volume (${QUOTED}) exceeds the limit (${QUOTED})\\. $`,
);
const POD_EPHEMERAL_RE =
  /^Pod ephemeral local storage usage exceeds the total limit of containers (\S+?)\. $/;
const CONTAINER_EPHEMERAL_RE = new RegExp(
  `^Container (\\S+?) exceeded its local ephemeral storage limit (${QUOTED})\\. $`,
);
// 1.7's event texts for the same two evictions (eviction_manager.go emptyDirLimitEviction and
// containerOverlayLimitEviction, kubernetes/kubernetes#45686); they had no final period.
const LEGACY_EMPTY_DIR_RE = new RegExp(`^emptyDir usage exceeds the limit (${QUOTED})\\. $`);
const LEGACY_OVERLAY_RE = new RegExp(
  `^container's overlay usage exceeds the limit (${QUOTED})\\. $`,
);
// Admission: `nodeConditionMessageFmt` since 1.9; before, Admit formatted the condition slice
// into the eviction text, `The node was low on resource: [DiskPressure].`
const NODE_CONDITION_RE =
  /^(?:The node had condition|The node was low on resource): \[([A-Za-z0-9 ]*)\]\. $/;
// `Kubelet.rejectPod` prefixes the pod status message: `Pod was rejected: ` today, `Pod ` before.
const REJECTION_PREFIX_RE = /^Pod (?:was rejected: )?(?=The node )/;

function emptyResult(kind: EvictionMessageKind, resource: string | null): ParsedEvictionMessage {
  return {
    kind,
    resource,
    legacyResource: null,
    threshold: null,
    available: null,
    offenders: [],
    containerName: null,
    volumeName: null,
    conditions: [],
  };
}

/**
 * Parses any message the kubelet writes for a node-pressure or local-storage eviction, or for a
 * pressure admission rejection (with or without `rejectPod`'s prefix), back into data. Every
 * kubelet sentence ends in ". "; a message whose final space or final period was trimmed (as
 * event pipelines and older kubelets do) is accepted too. Returns null for any text it does not
 * fully recognise; it never throws.
 */
export function parseEvictionMessage(message: string): ParsedEvictionMessage | null {
  if (typeof message !== 'string') {
    return null;
  }
  const trimmed = message.trimEnd();
  if (trimmed === '') {
    return null;
  }
  // Restore the final ". " so every sentence ends the same way.
  const text = trimmed.endsWith('.') ? `${trimmed} ` : `${trimmed}. `;

  const rejected = text.replace(REJECTION_PREFIX_RE, '');
  const nodeCondition = NODE_CONDITION_RE.exec(rejected);
  if (nodeCondition !== null) {
    return {
      ...emptyResult('node-condition', null),
      conditions: (nodeCondition[1] as string).split(' ').filter((c) => c !== ''),
    };
  }
  if (rejected !== text) {
    return null;
  }
  return parseLocalStorageMessage(text) ?? parseNodeLowMessage(text);
}

function parseLocalStorageMessage(text: string): ParsedEvictionMessage | null {
  const emptyDir = EMPTY_DIR_RE.exec(text);
  if (emptyDir !== null) {
    const volumeName = unquoteGoString(emptyDir[1] as string);
    const limit = unquoteGoString(emptyDir[2] as string);
    if (volumeName === null || limit === null) {
      return null;
    }
    return { ...emptyResult('emptydir-limit', 'ephemeral-storage'), threshold: limit, volumeName };
  }
  const podEphemeral = POD_EPHEMERAL_RE.exec(text);
  if (podEphemeral !== null) {
    return {
      ...emptyResult('pod-ephemeral-storage-limit', 'ephemeral-storage'),
      threshold: podEphemeral[1] as string,
    };
  }
  const containerEphemeral = CONTAINER_EPHEMERAL_RE.exec(text);
  if (containerEphemeral !== null) {
    const limit = unquoteGoString(containerEphemeral[2] as string);
    if (limit === null) {
      return null;
    }
    return {
      ...emptyResult('container-ephemeral-storage-limit', 'ephemeral-storage'),
      threshold: limit,
      containerName: containerEphemeral[1] as string,
    };
  }
  for (const [re, kind, legacyResource] of [
    [LEGACY_EMPTY_DIR_RE, 'emptydir-limit', 'EmptyDir'],
    [LEGACY_OVERLAY_RE, 'container-ephemeral-storage-limit', 'containerOverlay'],
  ] as const) {
    const legacy = re.exec(text);
    if (legacy !== null) {
      const limit = unquoteGoString(legacy[1] as string);
      if (limit === null) {
        return null;
      }
      return { ...emptyResult(kind, 'ephemeral-storage'), legacyResource, threshold: limit };
    }
  }
  return null;
}

function parseNodeLowMessage(text: string): ParsedEvictionMessage | null {
  NODE_LOW_RE.lastIndex = 0;
  const head = NODE_LOW_RE.exec(text);
  if (head === null) {
    return null;
  }
  const printed = head[1] as string;
  const legacy = Object.hasOwn(LEGACY_RESOURCES, printed) ? LEGACY_RESOURCES[printed] : undefined;
  let pos = NODE_LOW_RE.lastIndex;
  if (legacy !== undefined) {
    // Pre-1.9 texts were the title alone.
    return pos === text.length
      ? { ...emptyResult(legacy.kind, legacy.resource), legacyResource: printed }
      : null;
  }
  const result = emptyResult('node-pressure', printed);

  THRESHOLD_RE.lastIndex = pos;
  const threshold = THRESHOLD_RE.exec(text);
  if (threshold !== null) {
    result.threshold = threshold[1] as string;
    result.available = threshold[2] as string;
    pos = THRESHOLD_RE.lastIndex;
  }

  while (pos < text.length) {
    OFFENDER_RE.lastIndex = pos;
    const offender = OFFENDER_RE.exec(text);
    if (offender !== null) {
      // Each sentence repeats the starved resource; a mismatch means this is not kubelet text.
      if (offender[5] !== result.resource) {
        return null;
      }
      result.offenders.push({
        kind: offender[1] === 'Pod' ? 'pod' : 'container',
        name: offender[2] as string,
        usage: offender[3] as string,
        request: offender[4] as string,
      });
      pos = OFFENDER_RE.lastIndex;
      continue;
    }
    LEGACY_CONTAINER_RE.lastIndex = pos;
    const legacyOffender = LEGACY_CONTAINER_RE.exec(text);
    if (legacyOffender === null) {
      return null;
    }
    result.offenders.push({
      kind: 'container',
      name: legacyOffender[1] as string,
      usage: legacyOffender[2] as string,
      request: legacyOffender[3] as string,
    });
    pos = LEGACY_CONTAINER_RE.lastIndex;
  }
  return result;
}

const GO_UNESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

// strconv.Unquote for the escapes quoteGoString and Go's %q produce; null on anything else.
function unquoteGoString(quoted: string): string | null {
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) {
    return null;
  }
  const body = quoted.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '"') {
      return null;
    }
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) {
      return null;
    }
    const simple = GO_UNESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i += 1;
      continue;
    }
    const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    const hex = body.slice(i + 2, i + 2 + width);
    if (width === 0 || hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) {
      return null;
    }
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff) {
      return null;
    }
    out += String.fromCodePoint(code);
    i += 1 + width;
  }
  return out;
}
