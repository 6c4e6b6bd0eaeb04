import { parseDocument } from 'yaml';

/**
 * Reading and writing the `status` key of ConfigMap `kube-system/cluster-autoscaler-status`.
 *
 * Two formats exist:
 * - text, written up to cluster-autoscaler 1.29: `"Cluster-autoscaler status at %s:\n"` followed
 *   by `ClusterAutoscalerStatus.GetReadableString()` (clusterstate/api/utils.go), whose messages
 *   come from `buildHealthStatusClusterwide` / `buildHealthStatusNodeGroup` /
 *   `buildScaleUpStatus*` / `buildScaleDownStatus*` (clusterstate/clusterstate.go). The text never
 *   carried backoff error details.
 * - YAML, written since kubernetes/autoscaler#6375 (1.30): the `ClusterAutoscalerStatus` struct of
 *   clusterstate/api/types.go marshalled by `WriteStatusConfigMap` (clusterstate/utils/status.go).
 *   1.30 marshalled with gopkg.in/yaml.v2 (struct field order); later releases use
 *   sigs.k8s.io/yaml (JSON → YAML: keys sorted, zero times as `null`) and drop the least important
 *   node groups when the document would exceed 1,000,000 bytes (`marshalAndTruncateStatus`).
 */

/** Health of the cluster or of a node group, with the node counts behind it. */
export interface AutoscalerHealth {
  /** `Healthy` or `Unhealthy`; `''` when the writer left it out. */
  status: string;
  ready: number;
  /** Registered but unready nodes (`unready.total`). */
  unready: number;
  /** Unready because a resource such as a GPU is not yet exposed (`unready.resourceUnready`). */
  resourceUnready: number;
  notStarted: number;
  /** Text format only (1.29 and older). */
  longNotStarted?: number;
  /** Registered nodes (`registered.total`). */
  registered: number;
  /** YAML format only, omitted by the writer when zero. */
  beingDeleted?: number;
  /** YAML format only, written by the newest releases. */
  suspended?: number;
  longUnregistered: number;
  /** YAML format only. */
  unregistered?: number;
  /** Target size the cloud provider reports (node groups; some very old text versions also). */
  cloudProviderTarget?: number;
  minSize?: number;
  maxSize?: number;
  /** RFC 3339 time; absent for Go's zero time. */
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

/** Health of one node group: size bounds and target are always written. */
export interface AutoscalerNodeGroupHealth extends AutoscalerHealth {
  cloudProviderTarget: number;
  minSize: number;
  maxSize: number;
}

/** Scale-up condition (`NoActivity`, `InProgress`, `Backoff`, `Unhealthy`, …). */
export interface AutoscalerScaleUp {
  status: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

/** Why a node group is in scale-up backoff (YAML format only). */
export interface AutoscalerBackoff {
  errorCode: string;
  /** Truncated by the autoscaler to 500 bytes ending in `<truncated>`. */
  errorMessage: string;
}

/** Scale-up condition of a node group. */
export interface AutoscalerNodeGroupScaleUp extends AutoscalerScaleUp {
  backoff?: AutoscalerBackoff;
}

/** Scale-down condition (`CandidatesPresent` / `NoCandidates`). */
export interface AutoscalerScaleDown {
  status: string;
  /** Absent in YAML when zero (the field is `omitempty`). */
  candidates?: number;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

/** One node group's status. */
export interface AutoscalerNodeGroupStatus {
  name: string;
  health: AutoscalerNodeGroupHealth;
  scaleUp: AutoscalerNodeGroupScaleUp;
  scaleDown: AutoscalerScaleDown;
}

/** The parsed status ConfigMap, the same shape for both formats. */
export interface AutoscalerStatus {
  format: 'yaml' | 'text';
  /** The writer's clock in Go's `2006-01-02 15:04:05.999999999 -0700 MST` layout, verbatim. */
  time?: string;
  /** `Running` or `Initializing` (text: only `Initializing` is ever spelled out). */
  autoscalerStatus?: string;
  message?: string;
  clusterWide: {
    health: AutoscalerHealth;
    scaleUp: AutoscalerScaleUp;
    scaleDown: AutoscalerScaleDown;
  };
  nodeGroups: AutoscalerNodeGroupStatus[];
  /** The input was cut off: what was read before the cut is returned. */
  truncated: boolean;
}

/**
 * Thrown only when the input is recognisable as neither format; anything with a recognisable
 * header, section or key yields a (possibly partial) `AutoscalerStatus` instead.
 */
export class AutoscalerStatusParseError extends Error {
  override name = 'AutoscalerStatusParseError';
}

/** Statuses the autoscaler writes (clusterstate/api/types.go). */
export const AUTOSCALER_CONDITION_STATUSES = [
  'Healthy',
  'Unhealthy',
  'CandidatesPresent',
  'NoCandidates',
  'Needed',
  'NotNeeded',
  'InProgress',
  'NoActivity',
  'Backoff',
  'HasDynamicHeadroom',
] as const;

const AUTOSCALER_STATES = ['Running', 'Initializing'];

const TEXT_HEADER = /^Cluster-autoscaler status at (.*):$/;

function emptyHealth(): AutoscalerHealth {
  return {
    status: '',
    ready: 0,
    unready: 0,
    resourceUnready: 0,
    notStarted: 0,
    registered: 0,
    longUnregistered: 0,
  };
}

function emptyNodeGroup(name: string): AutoscalerNodeGroupStatus {
  return {
    name,
    health: { ...emptyHealth(), cloudProviderTarget: 0, minSize: 0, maxSize: 0 },
    scaleUp: { status: '' },
    scaleDown: { status: '' },
  };
}

function emptyStatus(format: 'yaml' | 'text'): AutoscalerStatus {
  return {
    format,
    clusterWide: { health: emptyHealth(), scaleUp: { status: '' }, scaleDown: { status: '' } },
    nodeGroups: [],
    truncated: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Go time layouts

const GO_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? ([+-])(\d{2})(\d{2}) \S+$/;
const RFC3339 = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/;

// time.Time.String() (Go) → RFC 3339, keeping every fractional digit and dropping the monotonic
// clock reading (" m=+26.613355068") that Go appends to times taken from time.Now().
function goTimeToRfc3339(s: string): string | undefined {
  const m = GO_TIME.exec(s.replace(/ m=[+-][\d.]+$/, '').trim());
  if (m === null) return undefined;
  const [, date, clock, frac = '', sign, hh, mm] = m;
  // Go's zero time.Time: the status had no such time.
  if (date === '0001-01-01' && clock === '00:00:00' && frac === '') return undefined;
  const zone = hh === '00' && mm === '00' ? 'Z' : `${sign}${hh}:${mm}`;
  return `${date}T${clock}${frac}${zone}`;
}

// time.Time.String() (Go): "2006-01-02 15:04:05.999999999 -0700 MST" with trailing zeros of the
// fraction trimmed; the zone abbreviation of a UTC time is "UTC".
function rfc3339ToGoTime(s: string | undefined): string {
  if (s === undefined) return '0001-01-01 00:00:00 +0000 UTC';
  const m = RFC3339.exec(s);
  if (m === null) return s;
  const [, date, clock, frac = '', zone, sign, hh, mm] = m;
  const trimmed = frac.replace(/0+$/, '');
  const fraction = trimmed === '.' ? '' : trimmed;
  if (zone === 'Z') return `${date} ${clock}${fraction} +0000 UTC`;
  return `${date} ${clock}${fraction} ${sign}${hh}${mm} ${sign}${hh}${mm}`;
}

// metav1.Time.MarshalJSON: UTC, RFC 3339 at whole seconds; zero time → null.
function rfc3339ToMetav1(s: string | undefined): string | null {
  if (s === undefined) return null;
  const m = RFC3339.exec(s);
  if (m === null) return s;
  const [, date, clock, , zone] = m;
  if (zone === 'Z') return `${date}T${clock}Z`;
  const ms = Date.parse(`${date}T${clock}${zone}`);
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

// ---------------------------------------------------------------------------------------------
// Text format (≤ 1.29)

type TextCondition = 'Health' | 'ScaleUp' | 'ScaleDown';
const CONDITION_LINE = /^\s*([A-Za-z]+):\s+(\S+)(?: \((.*)\))?\s*$/;
const TIME_LINE = /^\s*(LastProbeTime|LastTransitionTime):\s+(.*)$/;
const COMPLETE_TIME = /\d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{4} [A-Za-z+-]\w*(?: m=[+-]\d+\.\d{9})?$/;

function messageNumbers(message: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of (message ?? '').matchAll(/([A-Za-z]+)=(\d+)/g)) {
    if (m[1] !== undefined && m[2] !== undefined) out.set(m[1], Number(m[2]));
  }
  return out;
}

function applyHealthMessage(health: AutoscalerHealth, message: string | undefined): void {
  const n = messageNumbers(message);
  health.ready = n.get('ready') ?? 0;
  health.unready = n.get('unready') ?? 0;
  health.resourceUnready = n.get('resourceUnready') ?? 0;
  health.notStarted = n.get('notStarted') ?? 0;
  const longNotStarted = n.get('longNotStarted');
  if (longNotStarted !== undefined) health.longNotStarted = longNotStarted;
  health.registered = n.get('registered') ?? 0;
  health.longUnregistered = n.get('longUnregistered') ?? 0;
  for (const key of ['cloudProviderTarget', 'minSize', 'maxSize'] as const) {
    const v = n.get(key);
    if (v !== undefined) health[key] = v;
  }
}

// A final line without its newline is a cut unless it is visibly whole.
function isWholeTextLine(line: string): boolean {
  if (TIME_LINE.test(line)) return COMPLETE_TIME.test(line);
  const cond = CONDITION_LINE.exec(line);
  if (cond !== null) {
    const open = (line.match(/\(/g) ?? []).length;
    const close = (line.match(/\)/g) ?? []).length;
    // Every condition line the autoscaler writes ends with its "(message)".
    return cond[3] !== undefined && open === close;
  }
  // NewStatusMapRecorder writes "Initializing" with no newline after it.
  return /^(Cluster-wide:|NodeGroups:|Initializing)$/.test(line.trim());
}

function parseText(data: string): AutoscalerStatus {
  const status = emptyStatus('text');
  const lines = data.split('\n');
  // The autoscaler always ends the status with a newline.
  if (!data.endsWith('\n')) {
    const last = lines[lines.length - 1] ?? '';
    if (!isWholeTextLine(last)) {
      lines.pop();
      status.truncated = true;
    }
  }

  let section: 'none' | 'cluster' | 'groups' = 'none';
  let group: AutoscalerNodeGroupStatus | undefined;
  let current: { lastProbeTime?: string; lastTransitionTime?: string } | undefined;
  // Which blocks were started and which got both of their time lines: used to spot a cut that
  // happened on a line boundary.
  const blocks: Array<{ seen: Set<string>; times: Map<string, number> }> = [];
  const newBlock = (): { seen: Set<string>; times: Map<string, number> } => {
    const b = { seen: new Set<string>(), times: new Map<string, number>() };
    blocks.push(b);
    return b;
  };
  let block: ReturnType<typeof newBlock> | undefined;
  let currentType: string | undefined;

  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const header = TEXT_HEADER.exec(trimmed);
    if (header !== null) {
      status.time = header[1];
      continue;
    }
    if (trimmed === 'Initializing' && section === 'none') {
      status.autoscalerStatus = 'Initializing';
      continue;
    }
    if (trimmed === 'Cluster-wide:') {
      section = 'cluster';
      block = newBlock();
      continue;
    }
    if (trimmed === 'NodeGroups:') {
      section = 'groups';
      continue;
    }
    if (section === 'groups' && trimmed.startsWith('Name:')) {
      group = emptyNodeGroup(trimmed.slice('Name:'.length).trim());
      status.nodeGroups.push(group);
      block = newBlock();
      continue;
    }
    const time = TIME_LINE.exec(line);
    if (time !== null) {
      if (current !== undefined && block !== undefined && currentType !== undefined) {
        const iso = goTimeToRfc3339(time[2] ?? '');
        const key = time[1] === 'LastProbeTime' ? 'lastProbeTime' : 'lastTransitionTime';
        if (iso !== undefined) current[key] = iso;
        block.times.set(currentType, (block.times.get(currentType) ?? 0) + 1);
      }
      continue;
    }
    const cond = CONDITION_LINE.exec(line);
    if (cond === null) continue;
    const [, type, condStatus = '', message] = cond;
    if (type !== 'Health' && type !== 'ScaleUp' && type !== 'ScaleDown') continue;
    const value = condStatus === '<unknown>' ? '' : condStatus;
    const target =
      section === 'cluster' ? status.clusterWide : section === 'groups' ? group : undefined;
    if (target === undefined || block === undefined) continue;
    block.seen.add(type);
    currentType = type;
    switch (type as TextCondition) {
      case 'Health':
        target.health.status = value;
        applyHealthMessage(target.health, message);
        current = target.health;
        break;
      case 'ScaleUp':
        target.scaleUp.status = value;
        current = target.scaleUp;
        break;
      case 'ScaleDown': {
        target.scaleDown.status = value;
        const candidates = messageNumbers(message).get('candidates');
        if (candidates !== undefined) target.scaleDown.candidates = candidates;
        current = target.scaleDown;
        break;
      }
    }
  }

  if (status.autoscalerStatus !== 'Initializing' && blocks.length === 0) status.truncated = true;
  if (status.autoscalerStatus !== 'Initializing' && blocks.length > 0) {
    // Every block the autoscaler writes has all three conditions, each with two time lines.
    const complete = blocks.every((b) =>
      (['Health', 'ScaleUp', 'ScaleDown'] as const).every(
        (t) => b.seen.has(t) && (b.times.get(t) ?? 0) >= 2,
      ),
    );
    if (!complete) status.truncated = true;
  }
  return status;
}

function healthMessage(h: AutoscalerHealth, nodeGroup: boolean): string {
  let msg =
    `ready=${h.ready} unready=${h.unready} (resourceUnready=${h.resourceUnready}) ` +
    `notStarted=${h.notStarted} longNotStarted=${h.longNotStarted ?? 0} ` +
    `registered=${h.registered} longUnregistered=${h.longUnregistered}`;
  if (nodeGroup) {
    msg += ` cloudProviderTarget=${h.cloudProviderTarget ?? 0} (minSize=${h.minSize ?? 0}, maxSize=${h.maxSize ?? 0})`;
  }
  return msg;
}

// getConditionsString (clusterstate/api/utils.go): "%v%-12v %v" + " (message)" + two time lines.
function conditionText(
  type: TextCondition,
  condStatus: string,
  message: string,
  times: { lastProbeTime?: string; lastTransitionTime?: string },
): string {
  const prefix = '  ';
  let line = `${prefix}${`${type}:`.padEnd(12)} ${condStatus}`;
  if (message !== '') line += ` (${message})`;
  line += '\n';
  line += `${prefix}${' '.repeat(13)}LastProbeTime:      ${rfc3339ToGoTime(times.lastProbeTime)}\n`;
  line += `${prefix}${' '.repeat(13)}LastTransitionTime: ${rfc3339ToGoTime(times.lastTransitionTime)}\n`;
  return line;
}

// WriteStatusConfigMap + GetReadableString (≤ 1.29)
/**
 * Writes `status` in the text format of cluster-autoscaler 1.27–1.29 (the last text releases,
 * with `(resourceUnready=…)`). Fields the text never carried (backoff errors, `unregistered`,
 * `beingDeleted`, `suspended`, `message`) are not written; scale-up messages are derived from the
 * health counts, as the autoscaler derived both from the same readiness snapshot.
 */
export function formatAutoscalerStatusText(status: AutoscalerStatus): string {
  let out = `Cluster-autoscaler status at ${status.time ?? ''}:\n`;
  if (status.autoscalerStatus === 'Initializing') return `${out}Initializing`;
  const cw = status.clusterWide;
  out += 'Cluster-wide:\n';
  out += conditionText('Health', cw.health.status, healthMessage(cw.health, false), cw.health);
  out += conditionText(
    'ScaleUp',
    cw.scaleUp.status,
    `ready=${cw.health.ready} registered=${cw.health.registered}`,
    cw.scaleUp,
  );
  out += conditionText(
    'ScaleDown',
    cw.scaleDown.status,
    `candidates=${cw.scaleDown.candidates ?? 0}`,
    cw.scaleDown,
  );
  if (status.nodeGroups.length === 0) return out;
  out += '\nNodeGroups:\n';
  for (const ng of status.nodeGroups) {
    out += `  Name:        ${ng.name}\n`;
    out += conditionText('Health', ng.health.status, healthMessage(ng.health, true), ng.health);
    out += conditionText(
      'ScaleUp',
      ng.scaleUp.status,
      `ready=${ng.health.ready} cloudProviderTarget=${ng.health.cloudProviderTarget}`,
      ng.scaleUp,
    );
    out += conditionText(
      'ScaleDown',
      ng.scaleDown.status,
      `candidates=${ng.scaleDown.candidates ?? 0}`,
      ng.scaleDown,
    );
    out += '\n';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// YAML format (≥ 1.30)

type Obj = Record<string, unknown>;

function asObj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}
function asInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}
function asStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function asTime(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  return v;
}

function readCounts(health: AutoscalerHealth, nodeCounts: Obj | undefined): void {
  const registered = asObj(nodeCounts?.['registered']);
  const unready = asObj(registered?.['unready']);
  health.registered = asInt(registered?.['total']) ?? 0;
  health.ready = asInt(registered?.['ready']) ?? 0;
  health.notStarted = asInt(registered?.['notStarted']) ?? 0;
  const beingDeleted = asInt(registered?.['beingDeleted']);
  if (beingDeleted !== undefined) health.beingDeleted = beingDeleted;
  const suspended = asInt(registered?.['suspended']);
  if (suspended !== undefined) health.suspended = suspended;
  health.unready = asInt(unready?.['total']) ?? 0;
  health.resourceUnready = asInt(unready?.['resourceUnready']) ?? 0;
  health.longUnregistered = asInt(nodeCounts?.['longUnregistered']) ?? 0;
  const unregistered = asInt(nodeCounts?.['unregistered']);
  if (unregistered !== undefined) health.unregistered = unregistered;
}

function readTimes(
  target: { lastProbeTime?: string; lastTransitionTime?: string },
  src: Obj | undefined,
): void {
  const probe = asTime(src?.['lastProbeTime']);
  if (probe !== undefined) target.lastProbeTime = probe;
  const transition = asTime(src?.['lastTransitionTime']);
  if (transition !== undefined) target.lastTransitionTime = transition;
}

function readScaleDown(src: Obj | undefined): AutoscalerScaleDown {
  const out: AutoscalerScaleDown = { status: asStr(src?.['status']) ?? '' };
  const candidates = asInt(src?.['candidates']);
  if (candidates !== undefined) out.candidates = candidates;
  readTimes(out, src);
  return out;
}

const YAML_TOP_KEYS = ['time', 'autoscalerStatus', 'message', 'clusterWide', 'nodeGroups'];
const YAML_COMPLETE_LAST_LINE = new RegExp(
  `^\\s*(?:-\\s+)?[A-Za-z]+: (?:"(?:[^"\\\\]|\\\\.)*"|null|\\{\\}|\\[\\]|(?:${[
    ...AUTOSCALER_CONDITION_STATUSES,
    ...AUTOSCALER_STATES,
  ].join('|')})|\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)? [+-]\\d{4} [A-Za-z]+)$`,
);

function parseYamlLenient(text: string): { value: unknown; cut: boolean } {
  let source = text;
  let cut = false;
  // A cut document usually ends mid-scalar or mid-structure; drop lines from the first error
  // until the rest parses. Bounded so that garbage cannot make this quadratic.
  for (let attempt = 0; attempt < 64; attempt++) {
    const doc = parseDocument(source, { uniqueKeys: false });
    const first = doc.errors[0];
    if (first === undefined) return { value: doc.toJS(), cut };
    const errorAt = first.pos[0];
    const lineStart = source.lastIndexOf('\n', Math.max(0, errorAt - 1));
    const next = lineStart <= 0 ? '' : source.slice(0, lineStart + 1);
    if (next === source || next === '') return { value: undefined, cut: true };
    source = next;
    cut = true;
  }
  return { value: undefined, cut: true };
}

function parseYamlStatus(data: string): AutoscalerStatus {
  const status = emptyStatus('yaml');
  let text = data;
  if (!text.endsWith('\n')) {
    const lastBreak = text.lastIndexOf('\n');
    const last = text.slice(lastBreak + 1);
    if (!YAML_COMPLETE_LAST_LINE.test(last)) {
      text = text.slice(0, lastBreak + 1);
      status.truncated = true;
    }
  }
  const { value, cut } = parseYamlLenient(text);
  if (cut) status.truncated = true;
  const root = asObj(value);
  if (root === undefined || !YAML_TOP_KEYS.some((k) => k in root)) {
    throw new AutoscalerStatusParseError(
      'cluster-autoscaler status is neither the text format nor a YAML ClusterAutoscalerStatus',
    );
  }
  const time = asStr(root['time']);
  if (time !== undefined) status.time = time;
  const autoscalerStatus = asStr(root['autoscalerStatus']);
  if (autoscalerStatus !== undefined) status.autoscalerStatus = autoscalerStatus;
  const message = asStr(root['message']);
  if (message !== undefined) status.message = message;

  const cw = asObj(root['clusterWide']);
  const cwHealth = asObj(cw?.['health']);
  status.clusterWide.health.status = asStr(cwHealth?.['status']) ?? '';
  readCounts(status.clusterWide.health, asObj(cwHealth?.['nodeCounts']));
  readTimes(status.clusterWide.health, cwHealth);
  const cwScaleUp = asObj(cw?.['scaleUp']);
  status.clusterWide.scaleUp.status = asStr(cwScaleUp?.['status']) ?? '';
  readTimes(status.clusterWide.scaleUp, cwScaleUp);
  status.clusterWide.scaleDown = readScaleDown(asObj(cw?.['scaleDown']));

  let groupsComplete = true;
  const groups = Array.isArray(root['nodeGroups']) ? (root['nodeGroups'] as unknown[]) : [];
  for (const g of groups) {
    const src = asObj(g);
    if (src === undefined) continue;
    const ng = emptyNodeGroup(asStr(src['name']) ?? '');
    const health = asObj(src['health']);
    ng.health.status = asStr(health?.['status']) ?? '';
    readCounts(ng.health, asObj(health?.['nodeCounts']));
    ng.health.cloudProviderTarget = asInt(health?.['cloudProviderTarget']) ?? 0;
    ng.health.minSize = asInt(health?.['minSize']) ?? 0;
    ng.health.maxSize = asInt(health?.['maxSize']) ?? 0;
    readTimes(ng.health, health);
    const scaleUp = asObj(src['scaleUp']);
    ng.scaleUp.status = asStr(scaleUp?.['status']) ?? '';
    const backoff = asObj(scaleUp?.['backoffInfo']);
    const errorCode = asStr(backoff?.['errorCode']) ?? '';
    const errorMessage = asStr(backoff?.['errorMessage']) ?? '';
    if (errorCode !== '' || errorMessage !== '') ng.scaleUp.backoff = { errorCode, errorMessage };
    readTimes(ng.scaleUp, scaleUp);
    ng.scaleDown = readScaleDown(asObj(src['scaleDown']));
    if (health === undefined || scaleUp === undefined || src['scaleDown'] === undefined) {
      groupsComplete = false;
    }
    status.nodeGroups.push(ng);
  }
  // WriteStatusConfigMap always sets `time` (the last key once sorted), and every section and
  // node group always has all of its parts: anything missing means the document was cut.
  if (
    status.time === undefined ||
    cw === undefined ||
    !groupsComplete ||
    !['health', 'scaleUp', 'scaleDown'].every((k) => cw[k] !== undefined)
  ) {
    status.truncated = true;
  }
  return status;
}

// --- YAML emitter matching gopkg.in/yaml.v2 (libyaml) as used by sigs.k8s.io/yaml ----------

const BEST_WIDTH = 80;

// resolve() of yaml.v2: strings that would read back as another type are double-quoted.
function resolvesToNonString(s: string): boolean {
  if (s === '' || s === '~') return true;
  if (
    /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/.test(
      s,
    )
  ) {
    return true;
  }
  if (/^[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:[eE][-+]?\d+)?$/.test(s) && /\d/.test(s)) return true;
  if (/^[-+]?0b[01_]+$|^[-+]?0x[\da-fA-F_]+$|^[-+]?0o?[0-7_]+$/.test(s)) return true;
  if (/^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(s)) return true;
  if (/^[-+]?\d+(?::[0-5]?\d)+(?:\.\d*)?$/.test(s)) return true;
  // Timestamps yaml.v2 recognises: 2006-1-2, 2006-1-2T15:4:5.999999999Z07:00, 2006-1-2 15:4:5.
  return /^\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?$/.test(
    s,
  );
}

// yaml_emitter_analyze_scalar (libyaml): may the string be written as a block plain scalar?
function plainAllowed(s: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be detected here
  if (s === '' || /^\s|\s$/.test(s) || /[\n\r\t\u0000-\u001f\u007f]/.test(s)) return false;
  if (s.startsWith('---') || s.startsWith('...')) return false;
  const first = s[0] ?? '';
  const second = s[1];
  const followedBySpace = second === undefined || second === ' ';
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false;
  if ((first === '?' || first === ':' || first === '-') && followedBySpace) return false;
  if (/: |:$| #/.test(s)) return false;
  return true;
}

// yaml_emitter_write_plain_scalar / write_single_quoted: a space is turned into a line break
// (continuing at `indent`) once the line is past 80 columns.
function writeFolded(
  s: string,
  column: number,
  indent: number,
  quote: "'" | '',
): { text: string; column: number } {
  let out = quote;
  let col = column + quote.length;
  const chars = [...s];
  let spaces = false;
  chars.forEach((ch, i) => {
    if (ch === ' ') {
      const next = chars[i + 1];
      const edge = quote !== '' && (i === 0 || i === chars.length - 1);
      if (!spaces && col > BEST_WIDTH && next !== ' ' && !edge) {
        out += `\n${' '.repeat(indent)}`;
        col = indent;
      } else {
        out += ' ';
        col += 1;
      }
      spaces = true;
      return;
    }
    const piece = quote !== '' && ch === "'" ? "''" : ch;
    out += piece;
    col += piece.length;
    spaces = false;
  });
  out += quote;
  return { text: out, column: col + quote.length };
}

function scalarText(value: unknown, column: number, indent: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return String(value);
  const s = String(value);
  if (resolvesToNonString(s) || /\n/.test(s)) return JSON.stringify(s);
  if (plainAllowed(s)) return writeFolded(s, column, indent, '').text;
  return writeFolded(s, column, indent, "'").text;
}

function emitMapping(obj: Obj, indent: number, firstLinePrefix?: string): string {
  const keys = Object.keys(obj).sort();
  let out = '';
  keys.forEach((key, i) => {
    const lead = i === 0 && firstLinePrefix !== undefined ? firstLinePrefix : ' '.repeat(indent);
    const value = obj[key];
    const head = `${lead}${key}:`;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out += `${head} []\n`;
        return;
      }
      out += `${head}\n`;
      for (const item of value) {
        out += emitMapping(asObj(item) ?? {}, indent + 2, `${' '.repeat(indent)}- `);
      }
      return;
    }
    const nested = asObj(value);
    if (nested !== undefined) {
      out +=
        Object.keys(nested).length === 0
          ? `${head} {}\n`
          : `${head}\n${emitMapping(nested, indent + 2)}`;
      return;
    }
    // The scalar starts after "key: "; folded lines continue two columns right of the key.
    out += `${head} ${scalarText(value, head.length + 1, indent + 2)}\n`;
  });
  return out;
}

function countsJson(h: AutoscalerHealth): Obj {
  const registered: Obj = {
    total: h.registered,
    ready: h.ready,
    notStarted: h.notStarted,
    unready: { total: h.unready, resourceUnready: h.resourceUnready },
  };
  // beingDeleted is omitempty; suspended exists only in the newest releases.
  if (h.beingDeleted !== undefined && h.beingDeleted !== 0)
    registered['beingDeleted'] = h.beingDeleted;
  if (h.suspended !== undefined) registered['suspended'] = h.suspended;
  return { registered, longUnregistered: h.longUnregistered, unregistered: h.unregistered ?? 0 };
}

function withStatus(status: string, rest: Obj): Obj {
  return status === '' ? rest : { status, ...rest };
}

function timesJson(t: { lastProbeTime?: string; lastTransitionTime?: string }): Obj {
  return {
    lastProbeTime: rfc3339ToMetav1(t.lastProbeTime),
    lastTransitionTime: rfc3339ToMetav1(t.lastTransitionTime),
  };
}

function scaleDownJson(sd: AutoscalerScaleDown): Obj {
  const rest: Obj = timesJson(sd);
  if (sd.candidates !== undefined && sd.candidates !== 0) rest['candidates'] = sd.candidates;
  return withStatus(sd.status, rest);
}

// WriteStatusConfigMap → marshalAndTruncateStatus → sigs.k8s.io/yaml.Marshal (≥ 1.30)
/**
 * Writes `status` as the current autoscaler does: the `ClusterAutoscalerStatus` JSON shape
 * (`omitempty` fields left out, zero times as `null`, times as RFC 3339 seconds in UTC) emitted
 * as YAML with sorted keys, yaml.v2's quoting and its folding of long scalars at 80 columns.
 * Strings with line breaks are written double-quoted rather than as literal blocks.
 */
export function formatAutoscalerStatusYaml(status: AutoscalerStatus): string {
  const cw = status.clusterWide;
  const root: Obj = {
    clusterWide: {
      health: withStatus(cw.health.status, {
        nodeCounts: countsJson(cw.health),
        ...timesJson(cw.health),
      }),
      scaleUp: withStatus(cw.scaleUp.status, timesJson(cw.scaleUp)),
      scaleDown: scaleDownJson(cw.scaleDown),
    },
  };
  if (status.time !== undefined && status.time !== '') root['time'] = status.time;
  if (status.autoscalerStatus !== undefined && status.autoscalerStatus !== '') {
    root['autoscalerStatus'] = status.autoscalerStatus;
  }
  if (status.message !== undefined && status.message !== '') root['message'] = status.message;
  if (status.nodeGroups.length > 0) {
    root['nodeGroups'] = status.nodeGroups.map((ng) => {
      const group: Obj = {
        health: withStatus(ng.health.status, {
          nodeCounts: countsJson(ng.health),
          cloudProviderTarget: ng.health.cloudProviderTarget,
          minSize: ng.health.minSize,
          maxSize: ng.health.maxSize,
          ...timesJson(ng.health),
        }),
        scaleUp: withStatus(ng.scaleUp.status, {
          backoffInfo: {
            ...(ng.scaleUp.backoff?.errorCode ? { errorCode: ng.scaleUp.backoff.errorCode } : {}),
            ...(ng.scaleUp.backoff?.errorMessage
              ? { errorMessage: ng.scaleUp.backoff.errorMessage }
              : {}),
          },
          ...timesJson(ng.scaleUp),
        }),
        scaleDown: scaleDownJson(ng.scaleDown),
      };
      if (ng.name !== '') group['name'] = ng.name;
      return group;
    });
  }
  return emitMapping(root, 0);
}

// ---------------------------------------------------------------------------------------------

function looksLikeText(data: string): boolean {
  return data.split('\n').some((l) => TEXT_HEADER.test(l.trim()) || l.trim() === 'Cluster-wide:');
}

/**
 * Parses the `status` value of ConfigMap `kube-system/cluster-autoscaler-status`, in either the
 * text format (≤ 1.29) or the YAML format (≥ 1.30), into one shape.
 *
 * It never throws on damaged input that is recognisably a status: a document cut off at the
 * ConfigMap size limit, by a copy, or mid-line yields everything read before the cut with
 * `truncated: true`. The cut is detected from a missing final newline (the autoscaler always
 * writes one; a last line that is visibly whole is kept), from YAML that does not parse to the
 * end, and from parts the autoscaler always writes being missing (the YAML `time` key, any of
 * health / scaleUp / scaleDown, a condition's two time lines in the text). It throws
 * `AutoscalerStatusParseError` only when the input is recognisable as neither format.
 */
export function parseAutoscalerStatus(data: string): AutoscalerStatus {
  if (looksLikeText(data)) return parseText(data);
  return parseYamlStatus(data);
}
