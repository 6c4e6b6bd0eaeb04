/**
 * Workloads and their pods: what a Deployment's ReplicaSet, a StatefulSet, a DaemonSet or a Job would
 * create, with the admission defaults (DefaultTolerationSeconds, priority from the PriorityClass)
 * and the status the kubelet reports for a running pod. Each pod also carries a usage model (memory
 * working set, CPU, disk, processes) that drives the Summary API and the eviction manager.
 */
import { getPodQOS } from '@plimsoll/shared';
import type { V1Pod } from '@kubernetes/client-node';

import type { KubeObject } from '../store/types.js';
import { toKubeTime } from './event-recorder.js';
import type { Taint } from './node-factory.js';
import type { Random } from './random.js';

/** A toleration as in pod.spec.tolerations. */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

/** Resource amounts as written in a container's requests or limits. */
export type ResourceAmounts = Partial<Record<'cpu' | 'memory' | 'ephemeral-storage', string>>;

/** A container template with the usage the simulation gives it. */
export interface ContainerTemplate {
  name: string;
  image: string;
  requests?: ResourceAmounts;
  limits?: ResourceAmounts;
  /** Steady working set in bytes. */
  memoryBytes: number;
  /** Steady CPU use in millicores. */
  cpuMilli: number;
  rootfsBytes: number;
  logsBytes: number;
  processCount: number;
  privileged?: boolean;
}

/** What owns a set of pods. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job';

/** A workload: the controller that creates (and re-creates) pods. */
export interface Workload {
  namespace: string;
  name: string;
  kind: WorkloadKind;
  /** Desired pods (ignored for DaemonSets, which run one per matching node). */
  replicas: number;
  containers: ContainerTemplate[];
  priorityClassName?: string;
  priority?: number;
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  /** emptyDir usage per pod in bytes (counted against ephemeral storage). */
  emptyDirBytes?: number;
  labels?: Record<string, string>;
  terminationGracePeriodSeconds?: number;
  /** Filled in when the workload is materialised. */
  ownerUid?: string;
  /** ReplicaSet pod-template-hash or the Job's controller-uid. */
  templateHash?: string;
  /** Ordinals handed out (StatefulSets) or pods created (others). */
  created?: number;
  /**
   * Its pods were resized in place after they started and the kubelet has not admitted it: the
   * spec carries these requests, the status keeps the container templates' (allocated) ones and
   * a PodResizePending condition.
   */
  pendingResize?: {
    requests: Record<string, ResourceAmounts>;
    reason: 'Deferred' | 'Infeasible';
    message: string;
  };
}

/** The usage model of one running container. */
export interface SimContainer {
  name: string;
  memoryBytes: number;
  cpuMilli: number;
  rootfsBytes: number;
  logsBytes: number;
  processCount: number;
  memoryRequestBytes: number;
}

/** What the simulation knows about a pod besides its API object. */
export interface SimPod {
  namespace: string;
  name: string;
  uid: string;
  nodeName?: string;
  workload: Workload;
  containers: SimContainer[];
  emptyDirBytes: number;
  priority: number;
  requestsCpuMilli: number;
  requestsMemoryBytes: number;
  startTime: Date;
  /** Growth per simulated minute, set by scenarios to build pressure. */
  growth?: { memoryBytesPerMin?: number; diskBytesPerMin?: number; processesPerMin?: number };
  /** Critical pods (system-node-critical / system-cluster-critical) the kubelet refuses to evict. */
  critical: boolean;
}

const UNIT: Record<string, number> = {
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  m: 0.001,
};

/** Parse the simple amounts this simulation writes ('250m', '512Mi', '2') to a number of units. */
export function amountToNumber(s: string | undefined): number {
  if (!s) return 0;
  const m = /^([0-9.]+)([A-Za-z]*)$/.exec(s);
  if (!m) throw new Error(`unsupported amount ${s}`);
  return Number(m[1]) * (m[2] ? (UNIT[m[2]] ?? NaN) : 1);
}

/** Format bytes as a whole number of Mi, the way manifests are usually written. */
export function mi(bytes: number): string {
  return `${Math.round(bytes / 1024 ** 2)}Mi`;
}

// DefaultTolerationSeconds admission plugin defaults.
const DEFAULT_TOLERATIONS: Toleration[] = [
  {
    key: 'node.kubernetes.io/not-ready',
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: 300,
  },
  {
    key: 'node.kubernetes.io/unreachable',
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: 300,
  },
];

// The DaemonSet controller's AddOrUpdateDaemonPodTolerations.
const DAEMONSET_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/** v1helper.TolerationsTolerateTaint for one taint. */
export function toleratesTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.key === undefined || t.key === '') return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    if (t.operator === 'Exists') return true;
    return (t.value ?? '') === (taint.value ?? '');
  });
}

/** The tolerations a pod of this workload ends up with after admission. */
export function podTolerations(w: Workload): Toleration[] {
  const own = w.tolerations ?? [];
  const defaults = w.kind === 'DaemonSet' ? DAEMONSET_TOLERATIONS : DEFAULT_TOLERATIONS;
  const out = [...own];
  for (const d of defaults) {
    if (!own.some((t) => t.key === d.key && t.effect === d.effect)) out.push(d);
  }
  return out;
}

/** Give a workload its owner uid and template hash, once. */
export function materialiseWorkload(w: Workload, rng: Random): void {
  if (w.ownerUid) return;
  w.ownerUid = rng.uuid();
  w.templateHash = w.kind === 'Deployment' ? rng.suffix(10) : rng.uuid();
  w.created = 0;
}

/** Name of the next pod of a workload (the StatefulSet ordinal or a generated suffix). */
export function nextPodName(w: Workload, rng: Random, ordinal?: number): string {
  w.created = (w.created ?? 0) + 1;
  switch (w.kind) {
    case 'Deployment':
      return `${w.name}-${w.templateHash ?? ''}-${rng.suffix(5)}`;
    case 'StatefulSet':
      return `${w.name}-${ordinal ?? w.created - 1}`;
    case 'DaemonSet':
    case 'Job':
      return `${w.name}-${rng.suffix(5)}`;
  }
}

function ownerReference(w: Workload): Record<string, unknown> {
  const ownerName = w.kind === 'Deployment' ? `${w.name}-${w.templateHash ?? ''}` : w.name;
  const ownerKind = w.kind === 'Deployment' ? 'ReplicaSet' : w.kind;
  return {
    apiVersion: w.kind === 'Job' ? 'batch/v1' : 'apps/v1',
    kind: ownerKind,
    name: ownerName,
    uid: w.ownerUid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function podLabels(w: Workload, podName: string): Record<string, string> {
  const labels: Record<string, string> = { app: w.name, ...(w.labels ?? {}) };
  switch (w.kind) {
    case 'Deployment':
      labels['pod-template-hash'] = w.templateHash ?? '';
      break;
    case 'StatefulSet':
      labels['apps.kubernetes.io/pod-index'] = podName.slice(w.name.length + 1);
      labels['statefulset.kubernetes.io/pod-name'] = podName;
      labels['controller-revision-hash'] =
        `${w.name}-${(w.templateHash ?? '').slice(0, 10).replace(/-/g, '')}`;
      break;
    case 'DaemonSet':
      labels['controller-revision-hash'] = (w.templateHash ?? '').slice(0, 10).replace(/-/g, '');
      labels['pod-template-generation'] = '1';
      break;
    case 'Job':
      labels['batch.kubernetes.io/controller-uid'] = w.ownerUid ?? '';
      labels['batch.kubernetes.io/job-name'] = w.name;
      labels['controller-uid'] = w.ownerUid ?? '';
      labels['job-name'] = w.name;
      break;
  }
  return labels;
}

function resources(c: ContainerTemplate): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  if (c.limits && Object.keys(c.limits).length > 0) r.limits = { ...c.limits };
  if (c.requests && Object.keys(c.requests).length > 0) r.requests = { ...c.requests };
  return r;
}

/** Everything needed to write one pod. */
export interface PodPlacement {
  name: string;
  uid: string;
  nodeName?: string;
  hostIP?: string;
  podIP?: string;
  now: Date;
  /** Unschedulable message from the scheduler when the pod could not be placed. */
  unschedulableMessage?: string;
}

/** Build the Pod object of a workload's pod, running on a node or pending. */
export function buildPodObject(w: Workload, p: PodPlacement, rng: Random): KubeObject {
  const t = toKubeTime(p.now);
  const spec: Record<string, unknown> = {
    containers: w.containers.map((c) => ({
      name: c.name,
      image: c.image,
      imagePullPolicy: 'IfNotPresent',
      resources: resources(c),
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ...(c.privileged ? { securityContext: { privileged: true } } : {}),
    })),
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
    ...(w.nodeSelector ? { nodeSelector: { ...w.nodeSelector } } : {}),
    ...(p.nodeName ? { nodeName: p.nodeName } : {}),
    preemptionPolicy: 'PreemptLowerPriority',
    priority: w.priority ?? 0,
    ...(w.priorityClassName ? { priorityClassName: w.priorityClassName } : {}),
    restartPolicy: w.kind === 'Job' ? 'Never' : 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    serviceAccount: 'default',
    serviceAccountName: 'default',
    terminationGracePeriodSeconds: w.terminationGracePeriodSeconds ?? 30,
    tolerations: podTolerations(w),
  };
  if (w.kind === 'StatefulSet') {
    spec.hostname = p.name;
    spec.subdomain = w.name;
  }
  if (w.emptyDirBytes) {
    spec.volumes = [{ name: 'scratch', emptyDir: {} }];
  }
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: w.namespace,
      uid: p.uid,
      ...(w.kind === 'StatefulSet'
        ? {}
        : { generateName: p.name.slice(0, p.name.lastIndexOf('-') + 1) }),
      labels: podLabels(w, p.name),
      ownerReferences: [ownerReference(w)],
    },
    spec,
    status: {},
  };
  // The class is fixed at creation, before any resize.
  const qosClass = getPodQOS(pod as unknown as V1Pod);
  if (!p.nodeName) {
    pod.status = {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: t,
          reason: 'Unschedulable',
          message: p.unschedulableMessage ?? '',
        },
      ],
      qosClass,
    };
    return pod;
  }
  const cond = (type: string) => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: t,
  });
  pod.status = {
    phase: 'Running',
    conditions: [
      cond('PodReadyToStartContainers'),
      cond('Initialized'),
      cond('Ready'),
      cond('ContainersReady'),
      cond('PodScheduled'),
    ],
    hostIP: p.hostIP,
    hostIPs: [{ ip: p.hostIP }],
    podIP: p.podIP,
    podIPs: [{ ip: p.podIP }],
    startTime: t,
    containerStatuses: w.containers.map((c) => ({
      // convertToAPIContainerStatuses (kubelet_pods.go, InPlacePodVerticalScaling GA in 1.35):
      // the allocated requests, and the resources applied (the allocated ones while running).
      ...(c.requests && Object.keys(c.requests).length > 0
        ? { allocatedResources: { ...c.requests } }
        : {}),
      resources: resources(c),
      name: c.name,
      state: { running: { startedAt: t } },
      lastState: {},
      ready: true,
      restartCount: 0,
      image: c.image.includes('/') ? c.image : `docker.io/library/${c.image}`,
      imageID: `${c.image.split(':')[0]}@sha256:${rng.hex(64)}`,
      containerID: `containerd://${rng.hex(64)}`,
      started: true,
    })),
    qosClass,
  };
  if (w.pendingResize) applyPendingResize(pod, w.pendingResize, t);
  return pod;
}

// A resize (PATCH …/resize) the kubelet deferred: SetPodResizePendingCondition (status_manager.go).
function applyPendingResize(
  pod: KubeObject,
  resize: NonNullable<Workload['pendingResize']>,
  t: string,
): void {
  const spec = pod.spec as {
    containers: Array<{ name: string; resources: Record<string, unknown> }>;
  };
  for (const c of spec.containers) {
    const requests = resize.requests[c.name];
    if (requests) c.resources = { ...c.resources, requests: { ...requests } };
  }
  pod.metadata.generation = 2;
  const status = pod.status as {
    conditions: Array<Record<string, unknown>>;
    observedGeneration?: number;
  };
  status.observedGeneration = 2;
  status.conditions.push({
    type: 'PodResizePending',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: t,
    reason: resize.reason,
    message: resize.message,
    observedGeneration: 2,
  });
}

/** The usage model of a new pod of a workload, with some per-pod variation. */
export function createSimPod(w: Workload, p: PodPlacement, rng: Random, critical: boolean): SimPod {
  const containers = w.containers.map((c) => ({
    name: c.name,
    memoryBytes: Math.round(c.memoryBytes * rng.float(0.85, 1.15)),
    cpuMilli: Math.max(1, Math.round(c.cpuMilli * rng.float(0.6, 1.4))),
    rootfsBytes: Math.round(c.rootfsBytes * rng.float(0.8, 1.2)),
    logsBytes: Math.round(c.logsBytes * rng.float(0.5, 1.5)),
    processCount: c.processCount,
    memoryRequestBytes: amountToNumber(c.requests?.memory ?? c.limits?.memory),
  }));
  return {
    namespace: w.namespace,
    name: p.name,
    uid: p.uid,
    ...(p.nodeName ? { nodeName: p.nodeName } : {}),
    workload: w,
    containers,
    emptyDirBytes: w.emptyDirBytes ?? 0,
    priority: w.priority ?? 0,
    requestsCpuMilli: w.containers.reduce(
      (s, c) => s + amountToNumber(c.requests?.cpu ?? c.limits?.cpu) * 1000,
      0,
    ),
    requestsMemoryBytes: containers.reduce((s, c) => s + c.memoryRequestBytes, 0),
    startTime: p.now,
    critical,
  };
}
