import { parseDocument } from 'yaml';

import {
  type AutoscalerHealth,
  type AutoscalerScaleDown,
  type AutoscalerNodeGroupStatus,
  type AutoscalerStatus,
  AutoscalerStatusParseError,
  AUTOSCALER_CONDITION_STATUSES,
} from './autoscaler-status-types.js';

export * from './autoscaler-status-types.js';

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

const AUTOSCALER_STATES = ['Running', 'Initializing'];

const TEXT_HEADER = /^Cluster-autoscaler status at (.*):$/;
const TEXT_HEADER_START = 'Cluster-autoscaler status at';

// JSON numbers and the text's `key=123` are read as doubles; beyond 2^53 − 1 they are no longer
// the integer that was written, so they are clamped to the largest exact one, with a note.
function toCount(value: number, where: string, notes: string[]): number {
  if (Number.isSafeInteger(value)) return value;
  const clamped = value < 0 ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  notes.push(`${where}: ${String(value)} is beyond ±(2^53 − 1); shown as ${String(clamped)}`);
  return clamped;
}

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
    partial: false,
    sections: [],
    notes: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Go time layouts

const GO_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? ([+-])(\d{2})(\d{2}) \S+$/;

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

// ---------------------------------------------------------------------------------------------
// Text format (≤ 1.29)

type TextCondition = 'Health' | 'ScaleUp' | 'ScaleDown';
const CONDITION_LINE = /^\s*([A-Za-z]+):\s+(\S+)(?: \((.*)\))?\s*$/;
const TIME_LINE = /^\s*(LastProbeTime|LastTransitionTime):\s+(.*)$/;
const COMPLETE_TIME = /\d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{4} [A-Za-z+-]\w*(?: m=[+-]\d+\.\d{9})?$/;

// The 2017 text (kubernetes-retired/contrib#2409) wrote `(min=1, max=5)`.
const TEXT_KEY_ALIASES: Readonly<Record<string, string>> = { min: 'minSize', max: 'maxSize' };

function messageNumbers(
  message: string | undefined,
  where: string,
  notes: string[],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of (message ?? '').matchAll(/([A-Za-z]+)=(\d+)/g)) {
    if (m[1] !== undefined && m[2] !== undefined) {
      const key = TEXT_KEY_ALIASES[m[1]] ?? m[1];
      out.set(key, toCount(Number(m[2]), `${where} ${key}`, notes));
    }
  }
  return out;
}

function applyHealthMessage(
  health: AutoscalerHealth,
  message: string | undefined,
  where: string,
  notes: string[],
): void {
  const n = messageNumbers(message, where, notes);
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
  let sawClusterWide = false;

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
    // A `Name:` line starts a node group even when the `NodeGroups:` line was not pasted.
    if (trimmed.startsWith('Name:')) {
      section = 'groups';
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
    if (section === 'none') {
      // Only node groups have a cloudProviderTarget: a group's lines pasted without their
      // `Name:`. Otherwise cluster-wide conditions before any heading: the 2017 text
      // (kubernetes-retired/contrib#2409) wrote them unindented, with no `Cluster-wide:` line.
      if (/\bcloudProviderTarget=/.test(message ?? '')) {
        section = 'groups';
        group = emptyNodeGroup('');
        status.nodeGroups.push(group);
      } else {
        section = 'cluster';
      }
      block = newBlock();
    }
    const target =
      section === 'cluster' ? status.clusterWide : section === 'groups' ? group : undefined;
    if (target === undefined || block === undefined) continue;
    if (section === 'cluster') sawClusterWide = true;
    const where =
      section === 'cluster' ? `cluster-wide ${type}` : `node group ${group?.name ?? ''} ${type}`;
    block.seen.add(type);
    currentType = type;
    switch (type as TextCondition) {
      case 'Health':
        target.health.status = value;
        applyHealthMessage(target.health, message, where, status.notes);
        current = target.health;
        break;
      case 'ScaleUp':
        target.scaleUp.status = value;
        current = target.scaleUp;
        break;
      case 'ScaleDown': {
        target.scaleDown.status = value;
        const candidates = messageNumbers(message, where, status.notes).get('candidates');
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
  return withSections(status, sawClusterWide);
}

// What was read, and whether that is the whole status: the writer always puts the header first
// and the cluster-wide block after it (an Initializing status is the header alone).
function withSections(status: AutoscalerStatus, sawClusterWide: boolean): AutoscalerStatus {
  const header = status.time !== undefined || status.autoscalerStatus !== undefined;
  if (header) status.sections.push('header');
  if (sawClusterWide) status.sections.push('clusterWide');
  if (status.nodeGroups.length > 0) status.sections.push('nodeGroups');
  const initializing = status.autoscalerStatus === 'Initializing';
  status.partial = status.truncated || !header || (!initializing && !sawClusterWide);
  return status;
}

// ---------------------------------------------------------------------------------------------
// YAML format (≥ 1.30)

type Obj = Record<string, unknown>;

function asObj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}
// Notes go to the status being read; `where` names the field for them.
type IntReader = (v: unknown, where: string) => number | undefined;
function intReader(notes: string[]): IntReader {
  return (v, where) =>
    typeof v === 'number' && Number.isInteger(v) ? toCount(v, where, notes) : undefined;
}
function asStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function asTime(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  return v;
}

function readCounts(
  health: AutoscalerHealth,
  nodeCounts: Obj | undefined,
  asInt: IntReader,
  where: string,
): void {
  const registered = asObj(nodeCounts?.['registered']);
  const unready = asObj(registered?.['unready']);
  health.registered = asInt(registered?.['total'], `${where} total`) ?? 0;
  health.ready = asInt(registered?.['ready'], `${where} ready`) ?? 0;
  health.notStarted = asInt(registered?.['notStarted'], `${where} notStarted`) ?? 0;
  const beingDeleted = asInt(registered?.['beingDeleted'], `${where} beingDeleted`);
  if (beingDeleted !== undefined) health.beingDeleted = beingDeleted;
  const suspended = asInt(registered?.['suspended'], `${where} suspended`);
  if (suspended !== undefined) health.suspended = suspended;
  health.unready = asInt(unready?.['total'], `${where} total`) ?? 0;
  health.resourceUnready = asInt(unready?.['resourceUnready'], `${where} resourceUnready`) ?? 0;
  health.longUnregistered =
    asInt(nodeCounts?.['longUnregistered'], `${where} longUnregistered`) ?? 0;
  const unregistered = asInt(nodeCounts?.['unregistered'], `${where} unregistered`);
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

function readScaleDown(src: Obj | undefined, asInt: IntReader, where: string): AutoscalerScaleDown {
  const out: AutoscalerScaleDown = { status: asStr(src?.['status']) ?? '' };
  const candidates = asInt(src?.['candidates'], `${where} candidates`);
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

// Every key of ClusterAutoscalerStatus and what it holds (clusterstate/api/types.go).
const YAML_VOCABULARY = new Set([
  ...YAML_TOP_KEYS,
  ...['name', 'health', 'scaleUp', 'scaleDown', 'status', 'nodeCounts', 'registered', 'total'],
  ...['ready', 'notStarted', 'beingDeleted', 'suspended', 'unready', 'resourceUnready'],
  ...['longUnregistered', 'unregistered', 'cloudProviderTarget', 'minSize', 'maxSize'],
  ...['lastProbeTime', 'lastTransitionTime', 'backoffInfo', 'errorCode', 'errorMessage'],
  'candidates',
]);

// The document as a ClusterAutoscalerStatus: the whole of one, the `nodeGroups` list pasted
// without its key, one node group, or any other piece of one (read as nothing, but not refused).
function asStatusRoot(value: unknown): Obj | undefined {
  if (Array.isArray(value)) {
    return value.length > 0 && value.every((g) => asObj(g)?.['name'] !== undefined)
      ? { nodeGroups: value }
      : undefined;
  }
  const root = asObj(value);
  if (root === undefined) return undefined;
  if (YAML_TOP_KEYS.some((k) => k in root)) return root;
  const keys = Object.keys(root);
  if (keys.length === 0 || !keys.every((k) => YAML_VOCABULARY.has(k))) return undefined;
  return 'name' in root ? { nodeGroups: [root] } : {};
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
  const root = asStatusRoot(value);
  if (root === undefined) {
    throw new AutoscalerStatusParseError(
      'cluster-autoscaler status is neither the text format nor a YAML ClusterAutoscalerStatus',
    );
  }
  const asInt = intReader(status.notes);
  const time = asStr(root['time']);
  if (time !== undefined) status.time = time;
  const autoscalerStatus = asStr(root['autoscalerStatus']);
  if (autoscalerStatus !== undefined) status.autoscalerStatus = autoscalerStatus;
  const message = asStr(root['message']);
  if (message !== undefined) status.message = message;

  const cw = asObj(root['clusterWide']);
  const cwHealth = asObj(cw?.['health']);
  status.clusterWide.health.status = asStr(cwHealth?.['status']) ?? '';
  readCounts(status.clusterWide.health, asObj(cwHealth?.['nodeCounts']), asInt, 'cluster-wide');
  readTimes(status.clusterWide.health, cwHealth);
  const cwScaleUp = asObj(cw?.['scaleUp']);
  status.clusterWide.scaleUp.status = asStr(cwScaleUp?.['status']) ?? '';
  readTimes(status.clusterWide.scaleUp, cwScaleUp);
  status.clusterWide.scaleDown = readScaleDown(
    asObj(cw?.['scaleDown']),
    asInt,
    'cluster-wide scaleDown',
  );

  let groupsComplete = true;
  const groups = Array.isArray(root['nodeGroups']) ? (root['nodeGroups'] as unknown[]) : [];
  for (const g of groups) {
    const src = asObj(g);
    if (src === undefined) continue;
    const ng = emptyNodeGroup(asStr(src['name']) ?? '');
    const where = `node group ${ng.name}`;
    const health = asObj(src['health']);
    ng.health.status = asStr(health?.['status']) ?? '';
    readCounts(ng.health, asObj(health?.['nodeCounts']), asInt, where);
    for (const key of ['cloudProviderTarget', 'minSize', 'maxSize'] as const) {
      ng.health[key] = asInt(health?.[key], `${where} ${key}`) ?? 0;
    }
    readTimes(ng.health, health);
    const scaleUp = asObj(src['scaleUp']);
    ng.scaleUp.status = asStr(scaleUp?.['status']) ?? '';
    const backoff = asObj(scaleUp?.['backoffInfo']);
    const errorCode = asStr(backoff?.['errorCode']) ?? '';
    const errorMessage = asStr(backoff?.['errorMessage']) ?? '';
    if (errorCode !== '' || errorMessage !== '') ng.scaleUp.backoff = { errorCode, errorMessage };
    readTimes(ng.scaleUp, scaleUp);
    ng.scaleDown = readScaleDown(asObj(src['scaleDown']), asInt, `${where} scaleDown`);
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
  return withSections(status, cw !== undefined);
}

// ---------------------------------------------------------------------------------------------

// Lines only the text format has: headings, a group's name, a condition, a condition's time.
const TEXT_SECTION_LINE =
  /^(?:Cluster-wide:|NodeGroups:|Name:\s.*|(?:Health|ScaleUp|ScaleDown):\s+\S+(?: \(.*)?|(?:LastProbeTime|LastTransitionTime):\s+\d{4}-.*)$/;

function looksLikeText(data: string): boolean {
  return data.split('\n').some((raw) => {
    const l = raw.trim();
    // The header, even cut short: `Cluster-autoscaler status at 2023-11-2`.
    if (l.startsWith(TEXT_HEADER_START)) return true;
    if (l.length >= 'Cluster-autoscaler'.length && TEXT_HEADER_START.startsWith(l)) return true;
    return TEXT_SECTION_LINE.test(l);
  });
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
