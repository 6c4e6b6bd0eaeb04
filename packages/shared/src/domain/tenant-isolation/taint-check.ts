import type { V1Taint } from '@kubernetes/client-node';

import { toleratesTaint } from '../taints.js';
import {
  type IsolationFinding,
  type IsolationCheckResult,
  type TenantIsolationInput,
  buildContext,
  result,
  compareStrings,
} from './audit-context.js';

// (f) Taints and tolerations

const ISOLATING_EFFECTS = ['NoSchedule', 'NoExecute'] as const;

/**
 * (f) The tenant's pods tolerate only its own taints, and its nodes are tainted for it.
 *
 * Convention: a tenant's node pool carries a taint whose key is one of the tenant label keys
 * (`plimsoll.io/tenant`, `capsule.clastix.io/tenant`) and whose value is the tenant, with effect
 * NoSchedule or NoExecute; its nodes are those labelled with such a key and the tenant's name.
 * A pod fails when it tolerates another tenant's taint — one on a node, or the taint any other
 * known tenant's pool would carry — including through a wildcard (`operator: Exists` on a tenant
 * key or on an empty key). A tenant node fails when it lacks its tenant taint, since any pod
 * could then be scheduled onto it.
 */
export function checkTenantTaints(input: TenantIsolationInput): IsolationCheckResult {
  const ctx = buildContext(input);
  const tenant = input.tenant;
  const keys = ctx.labels;
  const own = new Set(ctx.namespaces);
  const others = new Set<string>();
  for (const t of ctx.tenantOf.values()) if (t !== null) others.add(t);
  const foreign: Array<{ tenant: string; taint: V1Taint }> = [];
  for (const node of input.nodes) {
    for (const taint of node.spec?.taints ?? []) {
      if (keys.includes(taint.key) && (taint.value ?? '') !== tenant) {
        foreign.push({ tenant: taint.value ?? '', taint });
      }
    }
    for (const key of keys) {
      const v = node.metadata?.labels?.[key];
      if (v !== undefined && v !== '') others.add(v);
    }
  }
  others.delete(tenant);
  for (const other of others) {
    for (const key of keys) {
      for (const effect of ISOLATING_EFFECTS)
        foreign.push({ tenant: other, taint: { key, value: other, effect } });
    }
  }
  const offenders: IsolationFinding[] = [];
  for (const pod of input.pods) {
    const ns = pod.metadata?.namespace ?? '';
    if (!own.has(ns)) continue;
    const tolerations = pod.spec?.tolerations ?? [];
    const tolerated = new Set<string>();
    for (const { tenant: other, taint } of foreign) {
      if (tolerations.some((t) => toleratesTaint(t, taint))) tolerated.add(other);
    }
    if (tolerated.size === 0) continue;
    const wildcard = tolerations.some(
      (t) =>
        t.operator === 'Exists' && (t.key === undefined || t.key === '' || keys.includes(t.key)),
    );
    offenders.push({
      kind: 'Pod',
      namespace: ns,
      name: pod.metadata?.name ?? '',
      detail:
        `tolerates the taints of tenant ${[...tolerated].sort(compareStrings).join(', ')}` +
        (wildcard ? ' (a wildcard toleration)' : ''),
    });
  }
  const notes: IsolationFinding[] = [];
  let tenantNodes = 0;
  for (const node of input.nodes) {
    const name = node.metadata?.name ?? '';
    if (!keys.some((k) => node.metadata?.labels?.[k] === tenant)) continue;
    tenantNodes++;
    const tainted = (node.spec?.taints ?? []).some(
      (t) =>
        keys.includes(t.key) &&
        t.value === tenant &&
        (ISOLATING_EFFECTS as readonly string[]).includes(t.effect),
    );
    if (!tainted) {
      offenders.push({
        kind: 'Node',
        name,
        detail: `is labelled for tenant ${tenant} but has no NoSchedule/NoExecute taint ${keys[0] ?? ''}=${tenant}; other tenants' pods can run on it`,
      });
    }
  }
  if (tenantNodes === 0) {
    notes.push({
      kind: 'Tenant',
      name: tenant,
      detail: 'has no dedicated nodes; its pods share the general pool',
    });
  }
  return result(
    'tenant-taints',
    "Pods tolerate only their tenant's taints, and its nodes are tainted",
    'medium',
    offenders,
    notes,
    `Give the listed pods only the toleration \`${keys[0] ?? ''}=${tenant}\` (operator Equal), never a ` +
      `wildcard; taint each listed node \`kubectl taint node <node> ${keys[0] ?? ''}=${tenant}:NoSchedule\`.`,
  );
}

// Audit ----------------------------------------------------------------------------------------
