/**
 * Node objects, Leases and kubelet configurations as a kubelet on a cloud VM registers them: labels,
 * capacity, allocatable (computed with the shared GetNodeAllocatableReservation port), nodeInfo with a
 * realistic mix of kernels, OS images, containerd and kubelet versions, and the KubeletConfiguration
 * the node's /configz serves.
 */
import {
  getNodeAllocatable,
  NODE_LEASE_DURATION_SECONDS,
  NODE_LEASE_NAMESPACE,
  parseEvictionThresholds,
  parseQuantity,
} from '@plimsoll/shared';
import type { EvictionThreshold } from '@plimsoll/shared';

import type { KubeObject } from '../store/types.js';
import { toKubeTime, toMicroTime } from './event-recorder.js';
import type { Random } from './random.js';
import { runtimeHandlersFor, type NewerKubeletFeatures } from './kubelet-1-35.js';

/** A taint as it appears in node.spec.taints. */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

/** The kubelet settings that differ between pools. */
export interface KubeletProfile {
  kubeReserved: Record<string, string>;
  systemReserved: Record<string, string>;
  evictionHard: Record<string, string>;
  evictionSoft?: Record<string, string>;
  evictionSoftGracePeriod?: Record<string, string>;
  evictionMinimumReclaim?: Record<string, string>;
  evictionMaxPodGracePeriod?: number;
  containerLogMaxSize: string;
  containerLogMaxFiles: number;
  podPidsLimit: number;
  maxPods: number;
}

/** One node pool: the machine shape and how its nodes are labelled, tainted and configured. */
export interface NodePool extends NewerKubeletFeatures {
  name: string;
  instanceType: string;
  cpu: number;
  memoryGi: number;
  diskGi: number;
  /** Tenant owning the pool; its nodes are labelled and tainted for that tenant. */
  tenant?: string;
  taints?: Taint[];
  role?: 'control-plane';
  kubelet: KubeletProfile;
  /** Cluster-autoscaler node group bounds, for autoscaled pools. */
  autoscaling?: { min: number; max: number };
}

/** Kubelet defaults shared by most pools (EKS/GKE-like reservations for an 8–16 core VM). */
export const DEFAULT_KUBELET_PROFILE: KubeletProfile = {
  kubeReserved: { cpu: '110m', memory: '1843Mi', 'ephemeral-storage': '1Gi' },
  systemReserved: { cpu: '100m', memory: '500Mi' },
  evictionHard: {
    'memory.available': '100Mi',
    'nodefs.available': '10%',
    'nodefs.inodesFree': '5%',
    'imagefs.available': '15%',
    'imagefs.inodesFree': '5%',
  },
  containerLogMaxSize: '10Mi',
  containerLogMaxFiles: 5,
  podPidsLimit: 4096,
  maxPods: 110,
};

/** A profile with soft thresholds and minimum reclaim, as an SRE tuning for memory-heavy pools sets. */
export const TUNED_KUBELET_PROFILE: KubeletProfile = {
  ...DEFAULT_KUBELET_PROFILE,
  evictionHard: { ...DEFAULT_KUBELET_PROFILE.evictionHard, 'memory.available': '200Mi' },
  evictionSoft: { 'memory.available': '500Mi', 'nodefs.available': '15%' },
  evictionSoftGracePeriod: { 'memory.available': '1m30s', 'nodefs.available': '2m' },
  evictionMinimumReclaim: { 'memory.available': '256Mi', 'nodefs.available': '2Gi' },
  evictionMaxPodGracePeriod: 60,
  containerLogMaxSize: '50Mi',
  podPidsLimit: 8192,
};

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const REGION = 'eu-west-1';

// A version skew that passes the kubelet/apiserver skew policy (kubelets up to three minors older)
// against the v1.35 control plane; pools may pin a newer kubelet (kubeletVersion).
const KUBELET_VERSIONS: ReadonlyArray<readonly [string, number]> = [
  ['v1.33.1', 5],
  ['v1.32.5', 3],
  ['v1.31.9', 2],
];

interface OsImage {
  osImage: string;
  kernels: string[];
  containerd: string[];
}

const OS_IMAGES: ReadonlyArray<readonly [OsImage, number]> = [
  [
    {
      osImage: 'Ubuntu 24.04.2 LTS',
      kernels: ['6.8.0-1029-aws', '6.8.0-1031-aws'],
      containerd: ['containerd://1.7.27', 'containerd://2.0.5'],
    },
    5,
  ],
  [
    {
      osImage: 'Ubuntu 22.04.5 LTS',
      kernels: ['6.5.0-1024-aws', '5.15.0-1084-aws'],
      containerd: ['containerd://1.7.24', 'containerd://1.7.27'],
    },
    3,
  ],
  [
    {
      osImage: 'Amazon Linux 2023.7.20250512',
      kernels: ['6.1.134-152.225.amzn2023.x86_64', '6.1.132-147.221.amzn2023.x86_64'],
      containerd: ['containerd://1.7.27', 'containerd://2.0.4'],
    },
    2,
  ],
];

/** What the simulation keeps about a node besides its API object. */
export interface NodeIdentity {
  name: string;
  pool: NodePool;
  zone: string;
  internalIP: string;
  podCIDR: string;
  providerID: string;
  kubeletVersion: string;
  kubeletConfig: Record<string, unknown>;
  thresholds: EvictionThreshold[];
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  /** Physical memory in bytes (capacity.memory). */
  memoryBytes: number;
  /** allocatable.memory in bytes. */
  allocatableMemoryBytes: number;
  /** nodefs size in bytes (capacity.ephemeral-storage). */
  diskBytes: number;
  /** imagefs size; the simulated nodes keep images on the root filesystem, like most clouds. */
  inodes: number;
  /** kernel.pid_max. */
  pidMax: number;
  bootTime: Date;
}

/** Build the KubeletConfiguration served by /configz for a pool. */
export function buildKubeletConfig(profile: KubeletProfile): Record<string, unknown> {
  const cfg: Record<string, unknown> = {
    enableServer: true,
    staticPodPath: '/etc/kubernetes/manifests',
    podLogsDir: '/var/log/pods',
    syncFrequency: '1m0s',
    fileCheckFrequency: '20s',
    httpCheckFrequency: '20s',
    address: '0.0.0.0',
    port: 10250,
    authentication: {
      x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' },
      webhook: { enabled: true, cacheTTL: '2m0s' },
      anonymous: { enabled: false },
    },
    authorization: {
      mode: 'Webhook',
      webhook: { cacheAuthorizedTTL: '5m0s', cacheUnauthorizedTTL: '30s' },
    },
    registryPullQPS: 5,
    registryBurst: 10,
    eventRecordQPS: 50,
    eventBurst: 100,
    enableDebuggingHandlers: true,
    healthzPort: 10248,
    healthzBindAddress: '127.0.0.1',
    oomScoreAdj: -999,
    clusterDomain: 'cluster.local',
    clusterDNS: ['10.96.0.10'],
    streamingConnectionIdleTimeout: '4h0m0s',
    nodeStatusUpdateFrequency: '10s',
    nodeStatusReportFrequency: '5m0s',
    nodeLeaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
    imageMinimumGCAge: '2m0s',
    imageMaximumGCAge: '0s',
    imageGCHighThresholdPercent: 85,
    imageGCLowThresholdPercent: 80,
    volumeStatsAggPeriod: '1m0s',
    cgroupRoot: '/',
    cgroupsPerQOS: true,
    cgroupDriver: 'systemd',
    cpuManagerPolicy: 'none',
    cpuManagerReconcilePeriod: '10s',
    memoryManagerPolicy: 'None',
    topologyManagerPolicy: 'none',
    topologyManagerScope: 'container',
    runtimeRequestTimeout: '2m0s',
    hairpinMode: 'promiscuous-bridge',
    maxPods: profile.maxPods,
    podPidsLimit: profile.podPidsLimit,
    resolvConf: '/run/systemd/resolve/resolv.conf',
    cpuCFSQuota: true,
    cpuCFSQuotaPeriod: '100ms',
    nodeStatusMaxImages: 50,
    maxOpenFiles: 1000000,
    contentType: 'application/vnd.kubernetes.protobuf',
    kubeAPIQPS: 50,
    kubeAPIBurst: 100,
    serializeImagePulls: true,
    evictionHard: { ...profile.evictionHard },
    ...(profile.evictionSoft ? { evictionSoft: { ...profile.evictionSoft } } : {}),
    ...(profile.evictionSoftGracePeriod
      ? { evictionSoftGracePeriod: { ...profile.evictionSoftGracePeriod } }
      : {}),
    evictionPressureTransitionPeriod: '5m0s',
    ...(profile.evictionMaxPodGracePeriod !== undefined
      ? { evictionMaxPodGracePeriod: profile.evictionMaxPodGracePeriod }
      : {}),
    ...(profile.evictionMinimumReclaim
      ? { evictionMinimumReclaim: { ...profile.evictionMinimumReclaim } }
      : {}),
    enableControllerAttachDetach: true,
    makeIPTablesUtilChains: true,
    iptablesMasqueradeBit: 14,
    iptablesDropBit: 15,
    failSwapOn: true,
    memorySwap: {},
    containerLogMaxSize: profile.containerLogMaxSize,
    containerLogMaxFiles: profile.containerLogMaxFiles,
    containerLogMaxWorkers: 1,
    containerLogMonitorInterval: '10s',
    configMapAndSecretChangeDetectionStrategy: 'Watch',
    systemReserved: { ...profile.systemReserved },
    kubeReserved: { ...profile.kubeReserved },
    enforceNodeAllocatable: ['pods'],
    volumePluginDir: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/',
    logging: {
      format: 'text',
      flushFrequency: '5s',
      verbosity: 0,
      options: { text: { infoBufferSize: '0' }, json: { infoBufferSize: '0' } },
    },
    enableSystemLogHandler: true,
    enableSystemLogQuery: false,
    shutdownGracePeriod: '0s',
    shutdownGracePeriodCriticalPods: '0s',
    enableProfilingHandler: true,
    enableDebugFlagsHandler: true,
    seccompDefault: false,
    memoryThrottlingFactor: 0.9,
    registerNode: true,
    localStorageCapacityIsolation: true,
    containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock',
    failCgroupV1: false,
  };
  return cfg;
}

/** Parse a pool's thresholds as the kubelet does at start-up (ParseThresholdConfig). */
export function parsePoolThresholds(profile: KubeletProfile): EvictionThreshold[] {
  return parseEvictionThresholds({
    allocatableConfig: ['pods'],
    evictionHard: profile.evictionHard,
    evictionSoft: profile.evictionSoft,
    evictionSoftGracePeriod: profile.evictionSoftGracePeriod,
    evictionMinimumReclaim: profile.evictionMinimumReclaim,
  });
}

/**
 * Decide a node's identity: name, zone, versions and capacity. `index` is the node's ordinal within
 * the cluster; names look like the cloud's private DNS names.
 */
export function createNodeIdentity(
  pool: NodePool,
  index: number,
  rng: Random,
  now: Date,
  nameOverride?: string,
): NodeIdentity {
  const zone = ZONES[index % ZONES.length] as string;
  const octet3 = 16 + Math.floor(index / 240);
  const octet4 = 10 + (index % 240);
  const internalIP = `10.0.${octet3}.${octet4}`;
  const name = nameOverride ?? `ip-10-0-${octet3}-${octet4}.${REGION}.compute.internal`;
  // Drawn for every node so a pool override leaves the random sequence unchanged.
  const drawnVersion = rng.weighted(KUBELET_VERSIONS);
  const kubeletVersion = pool.kubeletVersion ?? drawnVersion;
  // Capacity as the kubelet reads it from cAdvisor: physical memory a little below the nominal size.
  const memoryKi = Math.floor(pool.memoryGi * 1024 * 1024 * rng.float(0.962, 0.985));
  const diskKi = Math.floor(pool.diskGi * 1024 * 1024 * 0.9675);
  const capacity: Record<string, string> = {
    cpu: String(pool.cpu),
    'ephemeral-storage': `${diskKi}Ki`,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${memoryKi}Ki`,
    pods: String(pool.kubelet.maxPods),
  };
  const hardOnly = parseEvictionThresholds({ evictionHard: pool.kubelet.evictionHard });
  const allocatableQ = getNodeAllocatable({
    capacity,
    kubeReserved: pool.kubelet.kubeReserved,
    systemReserved: pool.kubelet.systemReserved,
    hardEvictionThresholds: hardOnly,
  });
  const allocatable: Record<string, string> = {};
  for (const [k, q] of Object.entries(allocatableQ)) allocatable[k] = q.toString();
  return {
    name,
    pool,
    zone,
    internalIP,
    // One /24 per node from 10.100.0.0/14 and up, so large clusters do not reuse ranges.
    podCIDR: `10.${100 + Math.floor(index / 256)}.${index % 256}.0/24`,
    providerID: `aws:///${zone}/i-0${rng.hex(16)}`,
    kubeletVersion,
    kubeletConfig: {
      ...buildKubeletConfig(pool.kubelet),
      ...(pool.swapGi ? { failSwapOn: false, memorySwap: { swapBehavior: 'LimitedSwap' } } : {}),
    },
    thresholds: parsePoolThresholds(pool.kubelet),
    capacity,
    allocatable,
    memoryBytes: Number(parseQuantity(capacity.memory as string).value()),
    allocatableMemoryBytes: Number(allocatableQ.memory?.value() ?? 0n),
    diskBytes: Number(parseQuantity(capacity['ephemeral-storage'] as string).value()),
    inodes: Math.floor((pool.diskGi * 1024 * 1024 * 1024) / 16384),
    pidMax: 4194304,
    bootTime: new Date(now.getTime() - rng.int(2, 40) * 86_400_000 - rng.int(0, 86_399) * 1000),
  };
}

/** Labels a cloud node carries (well-known labels plus the pool and tenant labels). */
export function nodeLabels(id: NodeIdentity): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/instance-type': id.pool.instanceType,
    'beta.kubernetes.io/os': 'linux',
    'failure-domain.beta.kubernetes.io/region': REGION,
    'failure-domain.beta.kubernetes.io/zone': id.zone,
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': id.name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': id.pool.instanceType,
    'topology.kubernetes.io/region': REGION,
    'topology.kubernetes.io/zone': id.zone,
    'plimsoll.io/pool': id.pool.name,
  };
  if (id.pool.role === 'control-plane') {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  if (id.pool.tenant) labels['plimsoll.io/tenant'] = id.pool.tenant;
  return labels;
}

/** The four kubelet-owned conditions of a healthy node. */
export function healthyConditions(now: Date): Array<Record<string, unknown>> {
  const t = toKubeTime(now);
  return [
    {
      type: 'MemoryPressure',
      status: 'False',
      lastHeartbeatTime: t,
      lastTransitionTime: t,
      reason: 'KubeletHasSufficientMemory',
      message: 'kubelet has sufficient memory available',
    },
    {
      type: 'DiskPressure',
      status: 'False',
      lastHeartbeatTime: t,
      lastTransitionTime: t,
      reason: 'KubeletHasNoDiskPressure',
      message: 'kubelet has no disk pressure',
    },
    {
      type: 'PIDPressure',
      status: 'False',
      lastHeartbeatTime: t,
      lastTransitionTime: t,
      reason: 'KubeletHasSufficientPID',
      message: 'kubelet has sufficient PID available',
    },
    {
      type: 'Ready',
      status: 'True',
      lastHeartbeatTime: t,
      lastTransitionTime: t,
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
    },
  ];
}

/** Build the Node object a kubelet registers and then keeps posting status for. */
export function buildNodeObject(id: NodeIdentity, rng: Random, now: Date): KubeObject {
  const os = rng.weighted(OS_IMAGES);
  const machineID = rng.hex(32);
  const systemUUID = `ec2${rng.hex(5)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
  const bootID = rng.uuid();
  const kernelVersion = rng.pick(os.kernels);
  const containerRuntime = rng.pick(os.containerd);
  const taints: Taint[] = [...(id.pool.taints ?? [])];
  if (id.pool.role === 'control-plane') {
    taints.push({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: id.name,
      labels: nodeLabels(id),
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        'alpha.kubernetes.io/provided-node-ip': id.internalIP,
      },
    },
    spec: {
      podCIDR: id.podCIDR,
      podCIDRs: [id.podCIDR],
      providerID: id.providerID,
      ...(taints.length > 0 ? { taints } : {}),
    },
    status: {
      capacity: { ...id.capacity },
      allocatable: { ...id.allocatable },
      conditions: healthyConditions(now),
      addresses: [
        { type: 'InternalIP', address: id.internalIP },
        { type: 'InternalDNS', address: id.name },
        { type: 'Hostname', address: id.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID,
        systemUUID,
        bootID,
        kernelVersion,
        osImage: os.osImage,
        containerRuntimeVersion: containerRuntime,
        kubeletVersion: id.kubeletVersion,
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: 'amd64',
        // NodeSwapStatus (1.32+): the swap the kubelet found, in bytes.
        ...(id.pool.swapGi ? { swap: { capacity: id.pool.swapGi * 1024 ** 3 } } : {}),
      },
      runtimeHandlers: runtimeHandlersFor(containerRuntime),
      // NodeFeatures (1.31+): supplemental groups policy needs containerd 2.
      features: { supplementalGroupsPolicy: /^containerd:\/\/2\./.test(containerRuntime) },
      images: [
        {
          names: [
            'registry.k8s.io/pause@sha256:7c38f24774e3cbd906d2d33c38354ccf787635581c122965132c9bd309754d4a',
            'registry.k8s.io/pause:3.10',
          ],
          sizeBytes: 320368,
        },
      ],
    },
  };
}

/** The node's Lease in kube-node-lease, owned by the Node as the kubelet creates it. */
export function buildNodeLease(
  nodeName: string,
  nodeUid: string | undefined,
  now: Date,
): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: nodeName,
      namespace: NODE_LEASE_NAMESPACE,
      ...(nodeUid
        ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }] }
        : {}),
    },
    spec: {
      holderIdentity: nodeName,
      leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
      renewTime: toMicroTime(now),
    },
  };
}
