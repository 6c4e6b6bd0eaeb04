import type {
  AutoscalerHealth,
  AutoscalerScaleDown,
  AutoscalerStatus,
} from './autoscaler-status.js';

/** What the writers read: a status without what only a reader learns (cut, sections, notes). */
export type AutoscalerStatusToWrite = Omit<AutoscalerStatus, 'partial' | 'sections' | 'notes'>;

/**
 * Writing the `status` key of ConfigMap `kube-system/cluster-autoscaler-status` in either of the
 * formats `parseAutoscalerStatus` reads (see autoscaler-status.ts for the formats' history).
 */

const RFC3339 = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/;
type Obj = Record<string, unknown>;
type TextCondition = 'Health' | 'ScaleUp' | 'ScaleDown';

function asObj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
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
export function formatAutoscalerStatusText(status: AutoscalerStatusToWrite): string {
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
export function formatAutoscalerStatusYaml(status: AutoscalerStatusToWrite): string {
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
