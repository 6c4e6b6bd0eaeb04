/**
 * Server-side printing: `meta.k8s.io/v1` Table responses with the columns kubectl shows, ported from
 * pkg/printers/internalversion/printers.go. The server always fills the wide (priority 1) cells; kubectl
 * hides them unless `-o wide`.
 */
import { isPlainObject } from '../store/json.js';
import type { KubeObject } from '../store/types.js';

/** A Table column definition. */
export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

type Cell = string | number | boolean;
type Printer = { columns: TableColumn[]; row: (obj: KubeObject, now: Date) => Cell[] };

function col(
  name: string,
  opts: { type?: string; format?: string; priority?: number } = {},
): TableColumn {
  return {
    name,
    type: opts.type ?? 'string',
    format: opts.format ?? '',
    description: name,
    priority: opts.priority ?? 0,
  };
}

const NAME = col('Name', { format: 'name' });
const AGE = col('Age');

// HumanDuration (k8s.io/apimachinery/pkg/util/duration/duration.go)
/** kubectl's AGE format: 45s, 5m30s, 3h12m, 2d4h, 400d, 3y12d. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

// translateTimestampSince (pkg/printers/internalversion/printers.go)
/** Age of an RFC 3339 timestamp relative to `now`, or `<unknown>` when unset. */
export function translateTimestampSince(ts: unknown, now: Date): string {
  if (typeof ts !== 'string' || ts === '') return '<unknown>';
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now.getTime() - t);
}

function rec(v: unknown): Record<string, unknown> {
  return isPlainObject(v) ? v : {};
}
function arr(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

// printNode + findNodeRoles + getNodeInternalIP/getNodeExternalIP (pkg/printers/internalversion/printers.go)
function nodeRow(obj: KubeObject, now: Date): Cell[] {
  const status = rec(obj.status);
  const spec = rec(obj.spec);
  const states: string[] = [];
  const ready = arr(status.conditions).find((c) => c.type === 'Ready');
  if (ready) states.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (states.length === 0) states.push('Unknown');
  if (spec.unschedulable === true) states.push('SchedulingDisabled');
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') {
      roles.add(v);
    }
  }
  const info = rec(status.nodeInfo);
  const address = (type: string): string =>
    str(arr(status.addresses).find((a) => a.type === type)?.address) || '<none>';
  return [
    obj.metadata.name,
    states.join(','),
    [...roles].sort().join(',') || '<none>',
    translateTimestampSince(obj.metadata.creationTimestamp, now),
    str(info.kubeletVersion),
    address('InternalIP'),
    address('ExternalIP'),
    str(info.osImage) || '<unknown>',
    str(info.kernelVersion) || '<unknown>',
    str(info.containerRuntimeVersion) || '<unknown>',
  ];
}

function isRestartableInit(c: Record<string, unknown> | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function laterOf(a: string, b: unknown): string {
  return typeof b === 'string' && (a === '' || Date.parse(b) > Date.parse(a)) ? b : a;
}

// printPod (pkg/printers/internalversion/printers.go)
function podRow(obj: KubeObject, now: Date): Cell[] {
  const spec = rec(obj.spec);
  const status = rec(obj.status);
  const initSpecs = new Map(arr(spec.initContainers).map((c) => [str(c.name), c]));
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = arr(spec.containers).length;
  let readyContainers = 0;
  let lastRestart = '';
  let lastRestartableInitRestart = '';
  let reason = str(status.reason) || str(status.phase);
  for (const c of arr(status.conditions)) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  for (const c of initSpecs.values()) if (isRestartableInit(c)) totalContainers++;
  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i] as Record<string, unknown>;
    const state = rec(c.state);
    const terminated = isPlainObject(state.terminated) ? state.terminated : undefined;
    const waiting = isPlainObject(state.waiting) ? state.waiting : undefined;
    const lastTerminated = rec(rec(c.lastState).terminated);
    const restartable = isRestartableInit(initSpecs.get(str(c.name)));
    restarts += Number(c.restartCount ?? 0);
    lastRestart = laterOf(lastRestart, lastTerminated.finishedAt);
    if (restartable) {
      restartableInitRestarts += Number(c.restartCount ?? 0);
      lastRestartableInitRestart = laterOf(lastRestartableInitRestart, lastTerminated.finishedAt);
    }
    if (terminated && terminated.exitCode === 0) continue;
    if (restartable && c.started === true) {
      if (c.ready === true) readyContainers++;
      continue;
    }
    if (terminated) {
      if (!str(terminated.reason)) {
        reason = terminated.signal
          ? `Init:Signal:${String(terminated.signal)}`
          : `Init:ExitCode:${String(terminated.exitCode ?? 0)}`;
      } else {
        reason = `Init:${str(terminated.reason)}`;
      }
    } else if (waiting && str(waiting.reason) && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initSpecs.size}`;
    }
    initializing = true;
    break;
  }
  const initialized = arr(status.conditions).some(
    (c) => c.type === 'Initialized' && c.status === 'True',
  );
  if (!initializing || initialized) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i] as Record<string, unknown>;
      const state = rec(c.state);
      restarts += Number(c.restartCount ?? 0);
      lastRestart = laterOf(lastRestart, rec(rec(c.lastState).terminated).finishedAt);
      const waiting = isPlainObject(state.waiting) ? state.waiting : undefined;
      const terminated = isPlainObject(state.terminated) ? state.terminated : undefined;
      if (waiting && str(waiting.reason)) reason = str(waiting.reason);
      else if (terminated && str(terminated.reason)) reason = str(terminated.reason);
      else if (terminated) {
        reason = terminated.signal
          ? `Signal:${String(terminated.signal)}`
          : `ExitCode:${String(terminated.exitCode ?? 0)}`;
      } else if (c.ready === true && isPlainObject(state.running)) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const podReady = arr(status.conditions).some(
        (c) => c.type === 'Ready' && c.status === 'True',
      );
      reason = podReady ? 'Running' : 'NotReady';
    }
  }
  const phase = str(status.phase);
  if (obj.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (obj.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed')
    reason = 'Terminating';
  const restartsStr =
    restarts !== 0 && lastRestart !== ''
      ? `${restarts} (${translateTimestampSince(lastRestart, now)} ago)`
      : String(restarts);
  const gates = arr(spec.readinessGates);
  let readinessGates = '<none>';
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const g of gates) {
      const cond = arr(status.conditions).find((c) => c.type === g.conditionType);
      if (cond?.status === 'True') trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }
  return [
    obj.metadata.name,
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsStr,
    translateTimestampSince(obj.metadata.creationTimestamp, now),
    str(arr(status.podIPs)[0]?.ip) || '<none>',
    str(spec.nodeName) || '<none>',
    str(status.nominatedNodeName) || '<none>',
    readinessGates,
  ];
}

// printEvent + formatEventSource (pkg/printers/internalversion/printers.go)
function eventRow(obj: KubeObject, now: Date): Cell[] {
  let first = translateTimestampSince(obj.firstTimestamp, now);
  if (!obj.firstTimestamp) first = translateTimestampSince(obj.eventTime, now);
  let last = translateTimestampSince(obj.lastTimestamp, now);
  if (!obj.lastTimestamp) last = first;
  let count = Number(obj.count ?? 0);
  const series = isPlainObject(obj.series) ? obj.series : undefined;
  if (series) {
    last = translateTimestampSince(series.lastObservedTime, now);
    count = Number(series.count ?? 0);
  } else if (count === 0) {
    count = 1;
  }
  const inv = rec(obj.involvedObject);
  const kind = str(inv.kind).toLowerCase();
  const target = str(inv.name) ? `${kind}/${str(inv.name)}` : kind;
  const source = rec(obj.source);
  const component = str(source.component) || str(obj.reportingComponent);
  const instance = str(source.host) || str(obj.reportingInstance);
  return [
    last,
    str(obj.type),
    str(obj.reason),
    target,
    str(inv.fieldPath),
    instance ? `${component}, ${instance}` : component,
    str(obj.message).trim(),
    first,
    count,
    obj.metadata.name,
  ];
}

// printResourceQuota (pkg/printers/internalversion/printers.go); quantities print as stored
function resourceQuotaRow(obj: KubeObject, now: Date): Cell[] {
  const status = rec(obj.status);
  const hard = rec(status.hard);
  const used = rec(status.used);
  const request: string[] = [];
  const limit: string[] = [];
  for (const resource of Object.keys(hard).sort()) {
    const pieces = resource.split('.');
    const line = `${resource}: ${str(used[resource]) || '0'}/${str(hard[resource])}`;
    (pieces.length > 1 && pieces[0] === 'limits' ? limit : request).push(line);
  }
  return [
    obj.metadata.name,
    translateTimestampSince(obj.metadata.creationTimestamp, now),
    request.join(', '),
    limit.join(', '),
  ];
}

// FormatLabelSelector (k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go), matchLabels and matchExpressions
function formatLabelSelector(sel: unknown): string {
  const s = rec(sel);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(rec(s.matchLabels)).sort(([a], [b]) => (a < b ? -1 : 1)))
    parts.push(`${k}=${str(v)}`);
  for (const e of arr(s.matchExpressions)) {
    const values = Array.isArray(e.values) ? (e.values as string[]).join(',') : '';
    const op = str(e.operator);
    if (op === 'Exists') parts.push(str(e.key));
    else if (op === 'DoesNotExist') parts.push(`!${str(e.key)}`);
    else parts.push(`${str(e.key)} ${op.toLowerCase()} (${values})`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

function subjects(obj: KubeObject, kind: string): string {
  return arr(obj.subjects)
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${str(s.namespace)}/${str(s.name)}` : str(s.name)))
    .join(', ');
}

function bindingRow(obj: KubeObject, now: Date): Cell[] {
  const ref = rec(obj.roleRef);
  return [
    obj.metadata.name,
    `${str(ref.kind)}/${str(ref.name)}`,
    translateTimestampSince(obj.metadata.creationTimestamp, now),
    subjects(obj, 'User'),
    subjects(obj, 'Group'),
    subjects(obj, 'ServiceAccount'),
  ];
}

const createdAt: Printer = {
  columns: [NAME, col('Created At', { type: 'date' })],
  row: (o) => [o.metadata.name, str(o.metadata.creationTimestamp)],
};

const PRINTERS: Record<string, Printer> = {
  'core/v1/nodes': {
    columns: [
      NAME,
      col('Status'),
      col('Roles'),
      AGE,
      col('Version'),
      col('Internal-IP', { priority: 1 }),
      col('External-IP', { priority: 1 }),
      col('OS-Image', { priority: 1 }),
      col('Kernel-Version', { priority: 1 }),
      col('Container-Runtime', { priority: 1 }),
    ],
    row: nodeRow,
  },
  'core/v1/pods': {
    columns: [
      NAME,
      col('Ready'),
      col('Status'),
      col('Restarts'),
      AGE,
      col('IP', { priority: 1 }),
      col('Node', { priority: 1 }),
      col('Nominated Node', { priority: 1 }),
      col('Readiness Gates', { priority: 1 }),
    ],
    row: podRow,
  },
  'core/v1/events': {
    columns: [
      col('Last Seen'),
      col('Type'),
      col('Reason'),
      col('Object'),
      col('Subobject', { priority: 1 }),
      col('Source', { priority: 1 }),
      col('Message'),
      col('First Seen', { priority: 1 }),
      col('Count', { priority: 1 }),
      col('Name', { priority: 1, format: 'name' }),
    ],
    row: eventRow,
  },
  'core/v1/namespaces': {
    columns: [NAME, col('Status'), AGE],
    row: (o, now) => [
      o.metadata.name,
      str(rec(o.status).phase),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ],
  },
  'core/v1/resourcequotas': {
    columns: [NAME, AGE, col('Request'), col('Limit')],
    row: resourceQuotaRow,
  },
  'core/v1/limitranges': createdAt,
  'core/v1/configmaps': {
    // printers.go declares the Data columns "string" and fills them with an int64 count.
    columns: [NAME, col('Data'), AGE],
    row: (o, now) => [
      o.metadata.name,
      Object.keys(rec(o.data)).length + Object.keys(rec(o.binaryData)).length,
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ],
  },
  'core/v1/secrets': {
    columns: [NAME, col('Type'), col('Data'), AGE],
    row: (o, now) => [
      o.metadata.name,
      str(o.type),
      Object.keys(rec(o.data)).length,
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ],
  },
  'core/v1/serviceaccounts': {
    columns: [NAME, col('Secrets', { type: 'integer' }), AGE],
    row: (o, now) => [
      o.metadata.name,
      arr(o.secrets).length,
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ],
  },
  'coordination.k8s.io/v1/leases': {
    columns: [NAME, col('Holder'), AGE],
    row: (o, now) => [
      o.metadata.name,
      str(rec(o.spec).holderIdentity),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ],
  },
  'rbac.authorization.k8s.io/v1/roles': createdAt,
  'rbac.authorization.k8s.io/v1/clusterroles': createdAt,
  'rbac.authorization.k8s.io/v1/rolebindings': {
    columns: [
      NAME,
      col('Role'),
      AGE,
      col('Users', { priority: 1 }),
      col('Groups', { priority: 1 }),
      col('ServiceAccounts', { priority: 1 }),
    ],
    row: bindingRow,
  },
  'rbac.authorization.k8s.io/v1/clusterrolebindings': {
    columns: [
      NAME,
      col('Role'),
      AGE,
      col('Users', { priority: 1 }),
      col('Groups', { priority: 1 }),
      col('ServiceAccounts', { priority: 1 }),
    ],
    row: bindingRow,
  },
  'networking.k8s.io/v1/networkpolicies': {
    columns: [NAME, col('Pod-Selector'), AGE],
    row: (o, now) => [
      o.metadata.name,
      formatLabelSelector(rec(o.spec).podSelector),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ],
  },
  'scheduling.k8s.io/v1/priorityclasses': {
    columns: [
      NAME,
      col('Value', { type: 'integer' }),
      col('Global-Default', { type: 'boolean' }),
      AGE,
      col('PreemptionPolicy'),
    ],
    row: (o, now) => [
      o.metadata.name,
      Number(o.value ?? 0),
      o.globalDefault === true,
      translateTimestampSince(o.metadata.creationTimestamp, now),
      str(o.preemptionPolicy) || 'PreemptLowerPriority',
    ],
  },
};

const GENERIC: Printer = {
  columns: [NAME, AGE],
  row: (o, now) => [o.metadata.name, translateTimestampSince(o.metadata.creationTimestamp, now)],
};

/** What a Table row carries as `object`: `?includeObject=None|Metadata|Object` (default Metadata). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** A meta.k8s.io/v1 Table for objects stored under `key` (events.k8s.io events print in their core shape). */
export function toTable(
  key: string,
  objects: KubeObject[],
  opts: {
    now: Date;
    includeObject: IncludeObject;
    resourceVersion?: string;
    continueToken?: string;
    withHeaders?: boolean;
  },
): Record<string, unknown> {
  const printer = PRINTERS[key] ?? GENERIC;
  const metadata: Record<string, unknown> = {};
  if (opts.resourceVersion !== undefined) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continueToken) metadata.continue = opts.continueToken;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: opts.withHeaders === false ? null : printer.columns,
    // TableRow.object is a RawExtension: with includeObject=None it is still there, as null.
    rows: objects.map((o) => ({
      cells: printer.row(o, opts.now),
      object: opts.includeObject === 'None' ? null : rowObject(o, opts.includeObject),
    })),
  };
}
