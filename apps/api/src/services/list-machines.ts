import type {
  ListMachinesResponse,
  Machine,
  MachineDeployment,
  MachineHealthCheck,
} from '@plimsoll/shared/schemas';

import { AppError } from '../errors/app-error.js';
import { readClusterApiObjects, type CapiObject } from '../k8s/read-cluster-api.js';
import { getClusterCollector } from './get-cluster.js';
import { NODE_GROUP_LABELS } from './autoscaler-group-fit.js';
import type { ServiceContext } from './service-context.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const int = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) ? v : null;
const intAnnotation = (o: CapiObject, key: string): number | null => {
  const v = o.metadata.annotations?.[key];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
};
const owner = (o: CapiObject, kind: string): string | null =>
  o.metadata.ownerReferences?.find((r) => r.kind === kind)?.name ?? null;
const nsName = (o: CapiObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function conditions(o: CapiObject): Machine['conditions'] {
  const raw = o.status?.conditions;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null)
    .map((c) => ({
      type: String(c.type ?? ''),
      status: String(c.status ?? ''),
      reason: str(c.reason),
      message: str(c.message),
      lastTransitionTime: str(c.lastTransitionTime),
    }));
}

/** The MachineDeployment a MachineSet belongs to: its owner, else the deployment-name label. */
function deploymentOf(o: CapiObject): string | null {
  return (
    owner(o, 'MachineDeployment') ?? o.metadata.labels?.['cluster.x-k8s.io/deployment-name'] ?? null
  );
}

/**
 * Cluster API's MachineDeployments → MachineSets → Machines with the Node each Machine backs, MachineHealthChecks,
 * nodes no Machine references and Machines without a Node. Read on demand; `clusterApi: false` without the CRDs.
 */
export async function listMachines(
  ctx: ServiceContext,
  cluster: string,
): Promise<ListMachinesResponse> {
  const collector = getClusterCollector(ctx, cluster);
  let capi;
  try {
    capi = await readClusterApiObjects(collector.client);
  } catch (err) {
    throw new AppError(
      'UNAVAILABLE',
      `Could not read Cluster API objects from ${cluster}: ${(err as Error).message}`,
    );
  }
  const nodes = collector.cache.nodes;
  const empty: ListMachinesResponse = {
    cluster,
    clusterApi: capi.served,
    apiVersion: capi.version,
    machineDeployments: [],
    otherMachines: [],
    machineHealthChecks: [],
    nodesWithoutMachine: [],
    machinesWithoutNode: [],
  };
  if (!capi.served) return empty;

  // MachineHealthCheck verdicts live on the Machine: HealthCheckSucceeded=False, OwnerRemediated=False.
  const toMachine = (m: CapiObject): Machine => {
    const nodeName = str((m.status?.nodeRef as { name?: unknown } | undefined)?.name);
    const conds = conditions(m);
    return {
      namespace: m.metadata.namespace ?? '',
      name: m.metadata.name,
      machineSet:
        owner(m, 'MachineSet') ?? m.metadata.labels?.['cluster.x-k8s.io/set-name'] ?? null,
      machineDeployment: m.metadata.labels?.['cluster.x-k8s.io/deployment-name'] ?? null,
      phase: str(m.status?.phase),
      version: str(m.spec?.version),
      providerID: str(m.spec?.providerID),
      nodeName,
      nodeFound: nodeName !== null && nodes.has(nodeName),
      createdAt: m.metadata.creationTimestamp ?? null,
      conditions: conds,
      unhealthy: conds.some(
        (c) =>
          (c.type === 'HealthCheckSucceeded' || c.type === 'OwnerRemediated') &&
          c.status === 'False',
      ),
    };
  };
  const machines = capi.machines.map(toMachine).sort((a, b) => a.name.localeCompare(b.name));
  const machinesBySet = new Map<string, Machine[]>();
  const other: Machine[] = [];
  for (const m of machines) {
    if (m.machineSet) {
      const k = `${m.namespace}/${m.machineSet}`;
      machinesBySet.set(k, [...(machinesBySet.get(k) ?? []), m]);
    } else other.push(m);
  }
  const knownSets = new Set(capi.machineSets.map(nsName));
  for (const [k, ms] of machinesBySet) if (!knownSets.has(k)) other.push(...ms);

  const setsByDeployment = new Map<string, CapiObject[]>();
  const orphanSets: CapiObject[] = [];
  const knownDeployments = new Set(capi.machineDeployments.map(nsName));
  for (const s of capi.machineSets) {
    const d = deploymentOf(s);
    const k = `${s.metadata.namespace ?? ''}/${d ?? ''}`;
    if (d && knownDeployments.has(k))
      setsByDeployment.set(k, [...(setsByDeployment.get(k) ?? []), s]);
    else orphanSets.push(s);
  }
  const toSet = (s: CapiObject) => ({
    namespace: s.metadata.namespace ?? '',
    name: s.metadata.name,
    machineDeployment: deploymentOf(s),
    replicas: int(s.spec?.replicas),
    readyReplicas: int(s.status?.readyReplicas),
    availableReplicas: int(s.status?.availableReplicas),
    machines: machinesBySet.get(nsName(s)) ?? [],
  });
  const machineDeployments: MachineDeployment[] = capi.machineDeployments
    .map((d) => ({
      namespace: d.metadata.namespace ?? '',
      name: d.metadata.name,
      clusterName: str(d.spec?.clusterName),
      version: str(
        (d.spec?.template as { spec?: { version?: unknown } } | undefined)?.spec?.version,
      ),
      phase: str(d.status?.phase),
      replicas: int(d.spec?.replicas),
      readyReplicas: int(d.status?.readyReplicas),
      updatedReplicas: int(d.status?.updatedReplicas),
      autoscalerMin: intAnnotation(
        d,
        'cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size',
      ),
      autoscalerMax: intAnnotation(
        d,
        'cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size',
      ),
      machineSets: (setsByDeployment.get(nsName(d)) ?? [])
        .map(toSet)
        .sort((a, b) => a.name.localeCompare(b.name)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const s of orphanSets) other.push(...(machinesBySet.get(nsName(s)) ?? []));

  const machineHealthChecks: MachineHealthCheck[] = capi.machineHealthChecks.map((h) => {
    const selector =
      (h.spec?.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {};
    const uc = Array.isArray(h.spec?.unhealthyConditions)
      ? (h.spec?.unhealthyConditions as Array<Record<string, unknown>>)
      : [];
    const targets = Array.isArray(h.status?.targets)
      ? (h.status?.targets as unknown[]).filter((t): t is string => typeof t === 'string')
      : [];
    return {
      namespace: h.metadata.namespace ?? '',
      name: h.metadata.name,
      clusterName: str(h.spec?.clusterName),
      selector,
      unhealthyConditions: uc.map((c) => ({
        type: String(c.type ?? ''),
        status: String(c.status ?? ''),
        timeout: String(c.timeout ?? ''),
      })),
      maxUnhealthy: h.spec?.maxUnhealthy === undefined ? null : String(h.spec.maxUnhealthy),
      nodeStartupTimeout: str(h.spec?.nodeStartupTimeout),
      expectedMachines: int(h.status?.expectedMachines),
      currentHealthy: int(h.status?.currentHealthy),
      remediationsAllowed: int(h.status?.remediationsAllowed),
      targets,
      conditions: conditions(h),
    };
  });

  const referenced = new Set(
    machines.map((m) => m.nodeName).filter((n): n is string => n !== null),
  );
  const nodesWithoutMachine = [...nodes.values()]
    .filter((n) => !referenced.has(n.name))
    .map((n) => ({
      name: n.name,
      pool: NODE_GROUP_LABELS.map((l) => n.labels[l]).find((v) => v !== undefined) ?? null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const machinesWithoutNode = machines
    .filter((m) => !m.nodeFound)
    .map((m) => ({ namespace: m.namespace, name: m.name, phase: m.phase }));

  return {
    ...empty,
    machineDeployments,
    otherMachines: other.sort((a, b) => a.name.localeCompare(b.name)),
    machineHealthChecks,
    nodesWithoutMachine,
    machinesWithoutNode,
  };
}
