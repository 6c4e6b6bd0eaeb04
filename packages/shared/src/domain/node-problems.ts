import type { V1NodeCondition } from '@kubernetes/client-node';

/**
 * The problems node-problem-detector (NPD) reports with its default monitor configs
 * (kubernetes/node-problem-detector `config/*.json`).
 *
 * NPD reports a *permanent* problem by setting a Node condition of its own type (status `True`,
 * reason = the rule's reason) and a *temporary* problem as an Event (reason = the rule's reason,
 * source component = the monitor's `source`). When a permanent condition changes NPD also emits an
 * Event with the condition's new reason.
 *
 * Severity rationale: a permanent problem that makes the node unable to run pods reliably (kernel
 * deadlock, read-only or shut-down filesystem, kubelet or container runtime unhealthy or
 * crash-looping, corrupt overlay storage) is `critical`; permanent problems that degrade but do
 * not stop the node (clock skew, frequent network-device leaks) and temporary kernel / storage /
 * image errors are `warning`; service (re)start notices are `info`.
 */

/** How bad a node problem is for the workloads on the node. */
export type NodeProblemSeverity = 'critical' | 'warning' | 'info';

/** A condition a monitor owns, with the reason/message it writes while the node is healthy. */
export interface NodeProblemConditionSpec {
  type: string;
  defaultReason?: string;
  defaultMessage?: string;
}

/** One rule of a monitor config. */
export interface NodeProblemRule {
  kind: 'permanent' | 'temporary';
  /** The condition a permanent rule sets. */
  conditionType?: string;
  reason: string;
  /** Log pattern as written in the JSON config (Go regexp). */
  pattern?: string;
  /** Custom-plugin rules run a program instead of matching a log. */
  path?: string;
  args?: string[];
  severity: NodeProblemSeverity;
}

/** One default monitor config of node-problem-detector. */
export interface NodeProblemMonitor {
  /** Config file under `config/` in kubernetes/node-problem-detector. */
  config: string;
  /** The config's `source`: the event source component NPD reports with. */
  source: string;
  conditions: NodeProblemConditionSpec[];
  rules: NodeProblemRule[];
}

/**
 * The default monitors. Conditions, reasons and patterns are copied from the upstream JSON
 * configs; only the severity is ours. kernel-monitor.json is the current kmsg config (the rules of
 * deployment/node-problem-detector-config.yaml plus MemoryReadError (#530), Ext4Error,
 * Ext4Warning and IOError (#488) and XfsShutdown (#845)); older releases used `KernelPanic` for
 * `KernelOops` and a permanent `UnregisterNetDeviceIssue` rule.
 */
export const NPD_MONITORS: readonly NodeProblemMonitor[] = [
  {
    config: 'kernel-monitor.json',
    source: 'kernel-monitor',
    conditions: [
      {
        type: 'KernelDeadlock',
        defaultReason: 'KernelHasNoDeadlock',
        defaultMessage: 'kernel has no deadlock',
      },
      {
        type: 'ReadonlyFilesystem',
        defaultReason: 'FilesystemIsNotReadOnly',
        defaultMessage: 'Filesystem is not read-only',
      },
      // Added by node-problem-detector#845; its healthy reason/message are not in the sources
      // this catalogue was ported from, so they are left out rather than guessed.
      { type: 'XfsShutdown' },
    ],
    rules: [
      {
        kind: 'temporary',
        reason: 'OOMKilling',
        pattern:
          'Kill process \\d+ (.+) score \\d+ or sacrifice child\\nKilled process \\d+ (.+) total-vm:\\d+kB, anon-rss:\\d+kB, file-rss:\\d+kB.*',
        severity: 'warning',
      },
      {
        kind: 'temporary',
        reason: 'TaskHung',
        pattern: 'task \\S+:\\w+ blocked for more than \\w+ seconds\\.',
        severity: 'warning',
      },
      {
        kind: 'temporary',
        reason: 'UnregisterNetDevice',
        pattern: 'unregister_netdevice: waiting for \\w+ to become free. Usage count = \\d+',
        severity: 'warning',
      },
      {
        kind: 'temporary',
        reason: 'KernelOops',
        pattern: 'BUG: unable to handle kernel NULL pointer dereference at .*',
        severity: 'warning',
      },
      {
        kind: 'temporary',
        reason: 'KernelOops',
        pattern: 'divide error: 0000 \\[#\\d+\\] SMP',
        severity: 'warning',
      },
      {
        kind: 'temporary',
        reason: 'MemoryReadError',
        pattern: 'CE memory read error .*',
        severity: 'warning',
      },
      { kind: 'temporary', reason: 'Ext4Error', pattern: 'EXT4-fs error .*', severity: 'warning' },
      {
        kind: 'temporary',
        reason: 'Ext4Warning',
        pattern: 'EXT4-fs warning .*',
        severity: 'warning',
      },
      { kind: 'temporary', reason: 'IOError', pattern: 'Buffer I/O error .*', severity: 'warning' },
      {
        kind: 'permanent',
        conditionType: 'KernelDeadlock',
        reason: 'AUFSUmountHung',
        pattern: 'task umount\\.aufs:\\w+ blocked for more than \\w+ seconds\\.',
        severity: 'critical',
      },
      {
        kind: 'permanent',
        conditionType: 'KernelDeadlock',
        reason: 'DockerHung',
        pattern: 'task docker:\\w+ blocked for more than \\w+ seconds\\.',
        severity: 'critical',
      },
      {
        kind: 'permanent',
        conditionType: 'ReadonlyFilesystem',
        reason: 'FilesystemIsReadOnly',
        pattern: 'Remounting filesystem read-only',
        severity: 'critical',
      },
      {
        kind: 'permanent',
        conditionType: 'XfsShutdown',
        reason: 'XfsHasShutdown',
        pattern: 'XFS .* Shutting down filesystem.?',
        severity: 'critical',
      },
    ],
  },
  {
    config: 'kernel-monitor-counter.json',
    source: 'kernel-monitor',
    conditions: [
      {
        type: 'FrequentUnregisterNetDevice',
        defaultReason: 'NoFrequentUnregisterNetDevice',
        defaultMessage: 'node is functioning properly',
      },
    ],
    rules: [
      {
        kind: 'permanent',
        conditionType: 'FrequentUnregisterNetDevice',
        reason: 'UnregisterNetDevice',
        path: '/home/kubernetes/bin/log-counter',
        args: [
          '--journald-source=kernel',
          '--log-path=/var/log/journal',
          '--lookback=20m',
          '--count=3',
          '--pattern=unregister_netdevice: waiting for \\w+ to become free. Usage count = \\d+',
        ],
        severity: 'warning',
      },
    ],
  },
  {
    config: 'readonly-monitor.json',
    source: 'readonly-monitor',
    conditions: [
      {
        type: 'ReadonlyFilesystem',
        defaultReason: 'FilesystemIsNotReadOnly',
        defaultMessage: 'Filesystem is not read-only',
      },
    ],
    rules: [
      {
        kind: 'permanent',
        conditionType: 'ReadonlyFilesystem',
        reason: 'FilesystemIsReadOnly',
        pattern: 'Remounting filesystem read-only',
        severity: 'critical',
      },
    ],
  },
  {
    config: 'docker-monitor.json',
    source: 'docker-monitor',
    conditions: [],
    rules: [
      {
        kind: 'temporary',
        reason: 'CorruptDockerImage',
        pattern:
          'Error trying v2 registry: failed to register layer: rename /var/lib/docker/image/(.+) /var/lib/docker/image/(.+): directory not empty.*',
        severity: 'warning',
      },
    ],
  },
  {
    config: 'docker-monitor-counter.json',
    source: 'docker-monitor',
    conditions: [
      {
        type: 'CorruptDockerOverlay2',
        defaultReason: 'NoCorruptDockerOverlay2',
        defaultMessage: 'docker overlay2 is functioning properly',
      },
    ],
    rules: [
      {
        kind: 'permanent',
        conditionType: 'CorruptDockerOverlay2',
        reason: 'CorruptDockerOverlay2',
        path: '/home/kubernetes/bin/log-counter',
        args: [
          '--journald-source=dockerd',
          '--log-path=/var/log/journal',
          '--lookback=5m',
          '--count=10',
          '--pattern=returned error: readlink /var/lib/docker/overlay2.*: invalid argument.*',
        ],
        severity: 'critical',
      },
    ],
  },
  {
    config: 'systemd-monitor.json',
    source: 'systemd-monitor',
    conditions: [],
    rules: [
      {
        kind: 'temporary',
        reason: 'KubeletStart',
        pattern: 'Started Kubernetes kubelet.',
        severity: 'info',
      },
      {
        kind: 'temporary',
        reason: 'DockerStart',
        pattern: 'Starting Docker Application Container Engine...',
        severity: 'info',
      },
      {
        kind: 'temporary',
        reason: 'ContainerdStart',
        pattern: 'Starting containerd container runtime...',
        severity: 'info',
      },
    ],
  },
  {
    config: 'systemd-monitor-counter.json',
    source: 'systemd-monitor',
    conditions: [
      {
        type: 'FrequentKubeletRestart',
        defaultReason: 'NoFrequentKubeletRestart',
        defaultMessage: 'kubelet is functioning properly',
      },
      {
        type: 'FrequentDockerRestart',
        defaultReason: 'NoFrequentDockerRestart',
        defaultMessage: 'docker is functioning properly',
      },
      {
        type: 'FrequentContainerdRestart',
        defaultReason: 'NoFrequentContainerdRestart',
        defaultMessage: 'containerd is functioning properly',
      },
    ],
    rules: [
      {
        kind: 'permanent',
        conditionType: 'FrequentKubeletRestart',
        reason: 'FrequentKubeletRestart',
        path: '/home/kubernetes/bin/log-counter',
        args: [
          '--journald-source=systemd',
          '--log-path=/var/log/journal',
          '--lookback=20m',
          '--delay=5m',
          '--count=5',
          '--pattern=Started Kubernetes kubelet.',
        ],
        severity: 'critical',
      },
      {
        kind: 'permanent',
        conditionType: 'FrequentDockerRestart',
        reason: 'FrequentDockerRestart',
        path: '/home/kubernetes/bin/log-counter',
        args: [
          '--journald-source=systemd',
          '--log-path=/var/log/journal',
          '--lookback=20m',
          '--count=5',
          '--pattern=Starting Docker Application Container Engine...',
        ],
        severity: 'critical',
      },
      {
        kind: 'permanent',
        conditionType: 'FrequentContainerdRestart',
        reason: 'FrequentContainerdRestart',
        path: '/home/kubernetes/bin/log-counter',
        args: [
          '--journald-source=systemd',
          '--log-path=/var/log/journal',
          '--lookback=20m',
          '--count=5',
          '--pattern=Starting containerd container runtime...',
        ],
        severity: 'critical',
      },
    ],
  },
  {
    config: 'health-checker-kubelet.json',
    source: 'health-checker',
    conditions: [
      {
        type: 'KubeletUnhealthy',
        defaultReason: 'KubeletIsHealthy',
        defaultMessage: 'kubelet on the node is functioning properly',
      },
    ],
    rules: [
      {
        kind: 'permanent',
        conditionType: 'KubeletUnhealthy',
        reason: 'KubeletUnhealthy',
        path: '/home/kubernetes/bin/health-checker',
        args: [
          '--component=kubelet',
          '--enable-repair=false',
          '--cooldown-time=1m',
          '--health-check-timeout=10s',
        ],
        severity: 'critical',
      },
    ],
  },
  {
    config: 'health-checker-containerd.json',
    source: 'health-checker',
    conditions: [
      {
        type: 'ContainerRuntimeUnhealthy',
        defaultReason: 'ContainerRuntimeIsHealthy',
        defaultMessage: 'Container runtime on the node is functioning properly',
      },
    ],
    rules: [
      {
        kind: 'permanent',
        conditionType: 'ContainerRuntimeUnhealthy',
        reason: 'ContainerdUnhealthy',
        path: '/home/kubernetes/bin/health-checker',
        args: [
          '--component=cri',
          '--enable-repair=true',
          '--cooldown-time=2m',
          '--health-check-timeout=60s',
        ],
        severity: 'critical',
      },
    ],
  },
  {
    config: 'health-checker-docker.json',
    source: 'health-checker',
    conditions: [
      {
        type: 'ContainerRuntimeUnhealthy',
        defaultReason: 'ContainerRuntimeIsHealthy',
        defaultMessage: 'Container runtime on the node is functioning properly',
      },
    ],
    rules: [
      {
        kind: 'permanent',
        conditionType: 'ContainerRuntimeUnhealthy',
        reason: 'DockerUnhealthy',
        path: '/home/kubernetes/bin/health-checker',
        args: [
          '--component=docker',
          '--enable-repair=false',
          '--cooldown-time=2m',
          '--health-check-timeout=60s',
        ],
        severity: 'critical',
      },
    ],
  },
  {
    config: 'custom-plugin-monitor.json',
    source: 'ntp-custom-plugin-monitor',
    conditions: [
      { type: 'NTPProblem', defaultReason: 'NTPIsUp', defaultMessage: 'ntp service is up' },
    ],
    rules: [
      {
        kind: 'temporary',
        reason: 'NTPIsDown',
        path: './config/plugin/check_ntp.sh',
        severity: 'warning',
      },
      {
        kind: 'permanent',
        conditionType: 'NTPProblem',
        reason: 'NTPIsDown',
        path: './config/plugin/check_ntp.sh',
        severity: 'warning',
      },
    ],
  },
];

/** Every Node condition type the default NPD monitors set. */
export const NPD_CONDITION_TYPES: readonly string[] = [
  ...new Set(NPD_MONITORS.flatMap((m) => m.conditions.map((c) => c.type))),
];

/** The event source components (`source` of each monitor config) NPD reports with. */
export const NPD_SOURCES: readonly string[] = [...new Set(NPD_MONITORS.map((m) => m.source))];

/** Whether a Node condition type is one node-problem-detector owns (not the kubelet's own). */
export function isNodeProblemCondition(type: string): boolean {
  return NPD_CONDITION_TYPES.includes(type);
}

/** What `classifyNodeProblem` says about a condition or event. */
export interface NodeProblemClassification {
  /** The monitor's `source` (e.g. `kernel-monitor`). */
  monitor: string;
  kind: 'permanent' | 'temporary';
  conditionType?: string;
  reason: string;
  severity: NodeProblemSeverity;
}

/** An Event (core/v1 or its essentials) as `classifyNodeProblem` reads it. */
export interface NodeProblemEventLike {
  reason: string;
  source?: { component?: string };
  /** `Warning` / `Normal` for events. */
  type?: string;
  message?: string;
}

const SEVERITY_RANK: Record<NodeProblemSeverity, number> = { info: 0, warning: 1, critical: 2 };

function isCondition(
  input: V1NodeCondition | NodeProblemEventLike,
): input is V1NodeCondition & { type: string } {
  return 'status' in input && typeof input.status === 'string';
}

function classifyCondition(cond: V1NodeCondition): NodeProblemClassification | null {
  const type = cond.type;
  if (!isNodeProblemCondition(type)) return null;
  const reason = cond.reason ?? '';
  const owners = NPD_MONITORS.filter((m) => m.conditions.some((c) => c.type === type));
  const rules = owners.flatMap((m) =>
    m.rules
      .filter((r) => r.kind === 'permanent' && r.conditionType === type)
      .map((r) => ({ monitor: m.source, rule: r })),
  );
  const match = rules.find((r) => r.rule.reason === reason);
  // NPD sets False with the default reason while healthy, and True with a rule reason.
  if (cond.status !== 'True') {
    return {
      monitor: owners[0]?.source ?? '',
      kind: 'permanent',
      conditionType: type,
      reason,
      severity: 'info',
    };
  }
  if (match !== undefined) {
    return {
      monitor: match.monitor,
      kind: 'permanent',
      conditionType: type,
      reason,
      severity: match.rule.severity,
    };
  }
  // A True condition with a reason from a customised config: rate it as the worst rule for it.
  const worst = rules.reduce<NodeProblemSeverity>(
    (acc, r) => (SEVERITY_RANK[r.rule.severity] > SEVERITY_RANK[acc] ? r.rule.severity : acc),
    'warning',
  );
  return {
    monitor: owners[0]?.source ?? '',
    kind: 'permanent',
    conditionType: type,
    reason,
    severity: worst,
  };
}

function classifyEvent(event: NodeProblemEventLike): NodeProblemClassification | null {
  const component = event.source?.component;
  // Another component's event (the kubelet's own NodeNotReady, SystemOOM, …) is not NPD's.
  if (component !== undefined && component !== '' && !NPD_SOURCES.includes(component)) return null;
  const candidates = NPD_MONITORS.filter(
    (m) => component === undefined || component === '' || m.source === component,
  ).flatMap((m) => m.rules.map((rule) => ({ monitor: m.source, rule })));
  const matching = candidates.filter((c) => c.rule.reason === event.reason);
  // Prefer the temporary rule: events are how NPD reports those, and a reason shared with a
  // permanent rule (UnregisterNetDevice, NTPIsDown) is a one-off occurrence.
  const hit = matching.find((c) => c.rule.kind === 'temporary') ?? matching[0];
  if (hit !== undefined) {
    const out: NodeProblemClassification = {
      monitor: hit.monitor,
      kind: hit.rule.kind,
      reason: event.reason,
      severity: hit.rule.severity,
    };
    if (hit.rule.conditionType !== undefined) out.conditionType = hit.rule.conditionType;
    return out;
  }
  // Condition-change events carry a condition's healthy default reason when it recovers.
  for (const m of NPD_MONITORS) {
    if (component !== undefined && component !== '' && m.source !== component) continue;
    const cond = m.conditions.find(
      (c) => c.defaultReason !== undefined && c.defaultReason === event.reason,
    );
    if (cond !== undefined) {
      return {
        monitor: m.source,
        kind: 'permanent',
        conditionType: cond.type,
        reason: event.reason,
        severity: 'info',
      };
    }
  }
  return null;
}

/**
 * Classifies a Node condition or an Event as a node-problem-detector problem of the default
 * monitors: which monitor reports it, permanent or temporary, the condition it belongs to and
 * its severity. Returns `null` for things that are not NPD's, such as the kubelet's own `Ready` /
 * `MemoryPressure` conditions or events from other components. A condition back at its healthy
 * state (status not `True`) is classified with severity `info`.
 */
export function classifyNodeProblem(
  conditionOrEvent: V1NodeCondition | NodeProblemEventLike,
): NodeProblemClassification | null {
  if (isCondition(conditionOrEvent)) return classifyCondition(conditionOrEvent);
  return classifyEvent(conditionOrEvent);
}
