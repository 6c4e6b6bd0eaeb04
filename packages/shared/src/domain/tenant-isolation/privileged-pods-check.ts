import type { V1Pod } from '@kubernetes/client-node';

import {
  type IsolationFinding,
  type IsolationCheckResult,
  type TenantIsolationInput,
  buildContext,
  result,
} from './audit-context.js';

// (c) Privileged pods

/** Capabilities that break out of a tenant: mount, namespace and device control, and the network stack. */
export const FORBIDDEN_CAPABILITIES: readonly string[] = ['SYS_ADMIN', 'NET_ADMIN'];

/**
 * A capability name as container runtimes read it: upper case without the `CAP_` prefix, so
 * `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` are one capability.
 */
export function normalizeCapability(name: string): string {
  const upper = name.toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/**
 * What lets a pod reach beyond its sandbox: host network, PID or IPC namespaces, and, in any
 * container (init and ephemeral included), `privileged: true` or an added SYS_ADMIN, NET_ADMIN or
 * ALL capability. A capability that is both added and dropped is still reported: runtimes differ
 * in the order they apply the two lists.
 */
export function findPodPrivilegeIssues(pod: V1Pod): string[] {
  const issues: string[] = [];
  const spec = pod.spec;
  if (spec === undefined) return issues;
  if (spec.hostNetwork === true) issues.push('hostNetwork');
  if (spec.hostPID === true) issues.push('hostPID');
  if (spec.hostIPC === true) issues.push('hostIPC');
  const containers = [
    ...(spec.initContainers ?? []).map((c) => ({ c, what: 'init container' })),
    ...spec.containers.map((c) => ({ c, what: 'container' })),
    ...(spec.ephemeralContainers ?? []).map((c) => ({ c, what: 'ephemeral container' })),
  ];
  for (const { c, what } of containers) {
    const sc = c.securityContext;
    if (sc?.privileged === true) issues.push(`${what} ${c.name}: privileged`);
    const added = new Set((sc?.capabilities?.add ?? []).map(normalizeCapability));
    for (const cap of ['ALL', ...FORBIDDEN_CAPABILITIES]) {
      if (added.has(cap)) issues.push(`${what} ${c.name}: adds ${cap}`);
    }
  }
  return issues;
}

/** (c) No pod in the tenant's namespaces runs privileged, with SYS_ADMIN/NET_ADMIN, or in host namespaces. */
export function checkPrivilegedPods(input: TenantIsolationInput): IsolationCheckResult {
  const ctx = buildContext(input);
  const own = new Set(ctx.namespaces);
  const offenders: IsolationFinding[] = [];
  for (const pod of input.pods) {
    const ns = pod.metadata?.namespace ?? '';
    if (!own.has(ns)) continue;
    const issues = findPodPrivilegeIssues(pod);
    if (issues.length > 0) {
      offenders.push({
        kind: 'Pod',
        namespace: ns,
        name: pod.metadata?.name ?? '',
        detail: issues.join('; '),
      });
    }
  }
  return result(
    'privileged-pods',
    'No privileged pods, SYS_ADMIN/NET_ADMIN or host namespaces',
    'critical',
    offenders,
    [],
    'Remove `privileged: true`, the SYS_ADMIN/NET_ADMIN/ALL capabilities and hostNetwork/hostPID/' +
      'hostIPC from the owning workloads; enforce the baseline Pod Security Standard so they cannot return.',
  );
}
