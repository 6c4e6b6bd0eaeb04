/**
 * The Cluster API objects behind the simulated autoscaler's node groups: per group a MachineDeployment → MachineSet →
 * Machines with providerID and nodeRef (as the clusterapi provider of cluster-autoscaler reads them), and one
 * MachineHealthCheck.
 */
import { CLUSTER_API_RESOURCE_TYPES } from '../store/builtin-types.js';
import type { Cluster } from './cluster.js';
import type { Kubelet } from './kubelet.js';
import type { NodePool } from './node-factory.js';
import type { Random } from './random.js';
import { MACHINE_DEPLOYMENTS, MACHINE_HEALTH_CHECKS, MACHINE_SETS, MACHINES } from './resources.js';

export const CAPI_NAMESPACE = 'default';
export const CLUSTER_NAME = 'plimsoll-sim';

/** One autoscaled node pool, as the simulated cluster-autoscaler tracks it. */
export interface NodeGroup {
  pool: NodePool;
  id: string;
  target: number;
  nodes: Set<string>;
  emptySince: Map<string, number>;
  backoffUntil?: number;
  backoffError?: { code: string; message: string };
  /** Scenario switch: the cloud refuses to add capacity to this group. */
  failing?: { code: string; message: string };
  lastScaleUp?: number;
  machineSet?: string;
  scaleUpTransition: number;
}

/** Register the Cluster API types and write each group's MachineDeployment, MachineSet and Machines. */
export function writeClusterApiObjects(
  cluster: Cluster,
  groups: readonly NodeGroup[],
  rng: Random,
): void {
  const { store } = cluster;
  const known = new Set(store.resourceTypes().map((t) => `${t.group}/${t.resource}`));
  for (const t of CLUSTER_API_RESOURCE_TYPES) {
    if (!known.has(`${t.group}/${t.resource}`)) store.registerResourceType(t);
  }
  for (const g of groups) {
    const mdName = `${CLUSTER_NAME}-${g.pool.name}`;
    const msName = `${mdName}-${rng.suffix(5)}`;
    g.machineSet = msName;
    const selector = {
      'cluster.x-k8s.io/cluster-name': CLUSTER_NAME,
      'cluster.x-k8s.io/deployment-name': mdName,
    };
    const template = {
      metadata: { labels: { ...selector } },
      spec: {
        clusterName: CLUSTER_NAME,
        version: 'v1.33.1',
        bootstrap: {
          configRef: {
            apiVersion: 'bootstrap.cluster.x-k8s.io/v1beta1',
            kind: 'KubeadmConfigTemplate',
            name: `${mdName}-bootstrap`,
          },
        },
        infrastructureRef: {
          apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2',
          kind: 'AWSMachineTemplate',
          name: `${mdName}-${g.pool.instanceType.replace('.', '-')}`,
        },
      },
    };
    const md = store.create(MACHINE_DEPLOYMENTS, {
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'MachineDeployment',
      metadata: {
        name: mdName,
        namespace: CAPI_NAMESPACE,
        labels: { 'cluster.x-k8s.io/cluster-name': CLUSTER_NAME },
        annotations: {
          'cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size': String(
            g.pool.autoscaling?.min ?? 0,
          ),
          'cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size': String(
            g.pool.autoscaling?.max ?? 0,
          ),
          ...scaleFromZeroAnnotations(g.pool),
        },
      },
      spec: {
        clusterName: CLUSTER_NAME,
        replicas: g.target,
        selector: { matchLabels: selector },
        template,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      },
      status: {
        replicas: g.target,
        readyReplicas: g.target,
        availableReplicas: g.target,
        updatedReplicas: g.target,
        phase: 'Running',
        observedGeneration: 1,
      },
    });
    store.create(MACHINE_SETS, {
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'MachineSet',
      metadata: {
        name: msName,
        namespace: CAPI_NAMESPACE,
        labels: { ...selector, 'machine-template-hash': msName.slice(mdName.length + 1) },
        ownerReferences: [
          {
            apiVersion: 'cluster.x-k8s.io/v1beta1',
            kind: 'MachineDeployment',
            name: mdName,
            uid: md.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        clusterName: CLUSTER_NAME,
        replicas: g.target,
        selector: { matchLabels: selector },
        template,
      },
      status: {
        replicas: g.target,
        readyReplicas: g.target,
        availableReplicas: g.target,
        fullyLabeledReplicas: g.target,
        observedGeneration: 1,
      },
    });
    for (const name of g.nodes) {
      const k = cluster.kubelets.get(name);
      if (k) createMachine(cluster, g, k);
    }
  }
  store.create(MACHINE_HEALTH_CHECKS, {
    apiVersion: 'cluster.x-k8s.io/v1beta1',
    kind: 'MachineHealthCheck',
    metadata: { name: `${CLUSTER_NAME}-workers-unhealthy`, namespace: CAPI_NAMESPACE },
    spec: {
      clusterName: CLUSTER_NAME,
      selector: { matchLabels: { 'cluster.x-k8s.io/cluster-name': CLUSTER_NAME } },
      unhealthyConditions: [
        { type: 'Ready', status: 'Unknown', timeout: '300s' },
        { type: 'Ready', status: 'False', timeout: '300s' },
      ],
      maxUnhealthy: '40%',
      nodeStartupTimeout: '10m0s',
    },
    status: {
      expectedMachines: groups.reduce((s, g) => s + g.nodes.size, 0),
      currentHealthy: groups.reduce((s, g) => s + g.nodes.size, 0),
      remediationsAllowed: 1,
      targets: [],
    },
  });
}

/** The Machine of a group's node, once (its name ends in the providerID's last five characters). */
export function createMachine(cluster: Cluster, g: NodeGroup, k: Kubelet): void {
  if (
    !g.machineSet ||
    cluster.store.get(MACHINES, CAPI_NAMESPACE, `${g.machineSet}-${k.id.providerID.slice(-5)}`)
  )
    return;
  const mdName = `${CLUSTER_NAME}-${g.pool.name}`;
  const t = cluster.kubeNow();
  cluster.store.create(MACHINES, {
    apiVersion: 'cluster.x-k8s.io/v1beta1',
    kind: 'Machine',
    metadata: {
      name: `${g.machineSet}-${k.id.providerID.slice(-5)}`,
      namespace: CAPI_NAMESPACE,
      labels: {
        'cluster.x-k8s.io/cluster-name': CLUSTER_NAME,
        'cluster.x-k8s.io/deployment-name': mdName,
        'cluster.x-k8s.io/set-name': g.machineSet,
      },
      annotations: { 'controlplane.cluster.x-k8s.io/remediation-for': '' },
      ownerReferences: [
        {
          apiVersion: 'cluster.x-k8s.io/v1beta1',
          kind: 'MachineSet',
          name: g.machineSet,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      clusterName: CLUSTER_NAME,
      version: k.id.kubeletVersion,
      providerID: k.id.providerID,
      bootstrap: { dataSecretName: `${g.machineSet}-bootstrap` },
      infrastructureRef: {
        apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2',
        kind: 'AWSMachine',
        name: k.name.split('.')[0],
        namespace: CAPI_NAMESPACE,
      },
    },
    status: {
      phase: 'Running',
      bootstrapReady: true,
      infrastructureReady: true,
      nodeRef: { apiVersion: 'v1', kind: 'Node', name: k.name, uid: k.uid },
      addresses: [
        { type: 'InternalIP', address: k.id.internalIP },
        { type: 'InternalDNS', address: k.name },
      ],
      lastUpdated: t,
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: t },
        { type: 'BootstrapReady', status: 'True', lastTransitionTime: t },
        { type: 'InfrastructureReady', status: 'True', lastTransitionTime: t },
        { type: 'NodeHealthy', status: 'True', lastTransitionTime: t },
      ],
      observedGeneration: 1,
    },
  });
}

/**
 * The clusterapi provider's scale-from-zero capacity annotations, so the autoscaler (and Plimsoll) can build a
 * template node for a group with no nodes.
 */
function scaleFromZeroAnnotations(pool: NodePool): Record<string, string> {
  const prefix = 'capacity.cluster-autoscaler.kubernetes.io/';
  const out: Record<string, string> = {
    [`${prefix}cpu`]: String(pool.cpu),
    [`${prefix}memory`]: `${pool.memoryGi}G`,
    [`${prefix}ephemeral-disk`]: `${pool.diskGi}Gi`,
    [`${prefix}maxPods`]: String(pool.kubelet.maxPods),
    [`${prefix}labels`]: `plimsoll.io/pool=${pool.name},node.kubernetes.io/instance-type=${pool.instanceType}`,
  };
  if (pool.taints && pool.taints.length > 0) {
    out[`${prefix}taints`] = pool.taints
      .map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`)
      .join(',');
  }
  if (pool.name === 'gpu') {
    out[`${prefix}gpu-type`] = 'nvidia.com/gpu';
    out[`${prefix}gpu-count`] = '1';
  }
  return out;
}
