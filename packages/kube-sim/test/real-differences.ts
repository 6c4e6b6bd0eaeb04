/**
 * What still differs between kube-sim's objects and real ones (test/real-shapes.test.ts), each with its reason.
 * The README's "Still different" list is written from these.
 */

/** A difference: the path and everything under it, and why the simulator does not write it. */
export interface Difference {
  path: string;
  reason: string;
}

const META_COMMON: Difference[] = [
  {
    path: 'metadata.managedFields',
    reason: 'the simulator does not track field managers (no server-side apply)',
  },
  {
    path: 'metadata.selfLink',
    reason: 'API servers stopped setting it in 1.20; the field stays in the type',
  },
  {
    path: 'metadata.deletionTimestamp',
    reason: 'only on an object being deleted; none is at start',
  },
  {
    path: 'metadata.deletionGracePeriodSeconds',
    reason: 'only on an object being deleted; none is at start',
  },
  { path: 'metadata.finalizers', reason: 'no object of this kind carries finalizers in the demo' },
];

const UNUSED_POD_SPEC = 'a pod spec field the demo workloads do not use';
const UNUSED_CONTAINER = 'a container field that shapes neither pressure, eviction nor scheduling';

/** Differences by kind; the README's "Still different" list names each of them. */
export const DIFFERENCES: Record<string, Difference[]> = {
  Node: [
    ...META_COMMON,
    { path: 'metadata.generateName', reason: 'kubelets register nodes by name' },
    { path: 'metadata.generation', reason: 'the API server does not set it on Nodes' },
    { path: 'metadata.namespace', reason: 'Nodes are cluster-scoped' },
    {
      path: 'metadata.ownerReferences',
      reason: 'nodes have no owner (a Karpenter NodeClaim would be one)',
    },
    { path: 'spec.configSource', reason: 'dynamic kubelet configuration was removed in 1.24' },
    { path: 'status.config', reason: 'dynamic kubelet configuration was removed in 1.24' },
    { path: 'spec.externalID', reason: 'deprecated, unset since 1.13' },
    {
      path: 'spec.taints[].timeAdded',
      reason: 'only NoExecute taints carry it; the taints at start are NoSchedule',
    },
    { path: 'spec.unschedulable', reason: 'only on a cordoned node; none is at start' },
    {
      path: 'status.declaredFeatures',
      reason: 'NodeDeclaredFeatures is alpha (off by default) in 1.35',
    },
    { path: 'status.phase', reason: 'deprecated; kubelets never set it' },
    { path: 'status.volumesAttached', reason: 'the simulation has no persistent volumes' },
    { path: 'status.volumesInUse', reason: 'the simulation has no persistent volumes' },
  ],
  Pod: [
    ...META_COMMON,
    { path: 'metadata.annotations', reason: 'the demo workloads carry none' },
    ...[
      'activeDeadlineSeconds',
      'affinity',
      'automountServiceAccountToken',
      'dnsConfig',
      'ephemeralContainers',
      'hostAliases',
      'hostIPC',
      'hostNetwork',
      'hostPID',
      'hostUsers',
      'hostnameOverride',
      'imagePullSecrets',
      'initContainers',
      'os',
      'overhead',
      'readinessGates',
      'resourceClaims',
      'resources',
      'runtimeClassName',
      'schedulingGates',
      'securityContext.appArmorProfile',
      'securityContext.fsGroup',
      'securityContext.fsGroupChangePolicy',
      'securityContext.runAsGroup',
      'securityContext.runAsNonRoot',
      'securityContext.runAsUser',
      'securityContext.seLinuxChangePolicy',
      'securityContext.seLinuxOptions',
      'securityContext.seccompProfile',
      'securityContext.supplementalGroups',
      'securityContext.supplementalGroupsPolicy',
      'securityContext.sysctls',
      'securityContext.windowsOptions',
      'setHostnameAsFQDN',
      'shareProcessNamespace',
      'topologySpreadConstraints',
      'volumes',
      'workloadRef',
    ].map((f) => ({ path: `spec.${f}`, reason: UNUSED_POD_SPEC })),
    ...[
      'args',
      'command',
      'env',
      'envFrom',
      'lifecycle',
      'livenessProbe',
      'ports',
      'readinessProbe',
      'resizePolicy',
      'resources.claims',
      'restartPolicy',
      'restartPolicyRules',
      'securityContext',
      'startupProbe',
      'stdin',
      'stdinOnce',
      'tty',
      'volumeDevices',
      'volumeMounts',
      'workingDir',
    ].map((f) => ({ path: `spec.containers[].${f}`, reason: UNUSED_CONTAINER })),
    {
      path: 'status.allocatedResources',
      reason: 'pod-level resize (InPlacePodLevelResourcesVerticalScaling) is alpha in 1.35',
    },
    {
      path: 'status.resources',
      reason: 'pod-level resize (InPlacePodLevelResourcesVerticalScaling) is alpha in 1.35',
    },
    {
      path: 'status.containerStatuses[].allocatedResourcesStatus',
      reason: 'device health (ResourceHealthStatus) is alpha',
    },
    { path: 'status.containerStatuses[].resources.claims', reason: 'no DRA claims in the demo' },
    { path: 'status.containerStatuses[].lastState', reason: 'no container has restarted at start' },
    {
      path: 'status.containerStatuses[].state.terminated',
      reason: 'no container has stopped at start',
    },
    { path: 'status.containerStatuses[].state.waiting', reason: 'every container runs at start' },
    {
      path: 'status.containerStatuses[].stopSignal',
      reason: 'ContainerStopSignals is alpha in 1.35',
    },
    {
      path: 'status.containerStatuses[].user',
      reason: 'SupplementalGroupsPolicy status is not simulated',
    },
    { path: 'status.containerStatuses[].volumeMounts', reason: 'the demo pods mount no volumes' },
    { path: 'status.ephemeralContainerStatuses', reason: 'no ephemeral containers' },
    { path: 'status.initContainerStatuses', reason: 'the demo workloads have no init containers' },
    {
      path: 'status.extendedResourceClaimStatus',
      reason: 'DRA extended resources are alpha in 1.35',
    },
    { path: 'status.resourceClaimStatuses', reason: 'no DRA claims in the demo' },
    { path: 'status.message', reason: 'only on a failed or evicted pod; none is at start' },
    { path: 'status.reason', reason: 'only on a failed or evicted pod; none is at start' },
    { path: 'status.nominatedNodeName', reason: 'the simulation does not preempt' },
    {
      path: 'status.resize',
      reason:
        'deprecated in 1.33; 1.35 kubelets write the PodResizePending / PodResizeInProgress conditions',
    },
  ],
  Event: [
    ...META_COMMON,
    {
      path: 'metadata.annotations',
      reason: 'only the eviction manager annotates its Events; no eviction at start',
    },
    { path: 'metadata.labels', reason: 'recorders do not label Events' },
    { path: 'metadata.generateName', reason: 'recorders name Events `<object>.<hex>`' },
    { path: 'metadata.generation', reason: 'the API server does not set it on Events' },
    { path: 'metadata.ownerReferences', reason: 'Events have no owner' },
    {
      path: 'involvedObject.apiVersion',
      reason:
        'the start-up Events are about Nodes, referenced by kind, name and uid as the kubelet’s nodeRef is',
    },
    {
      path: 'involvedObject.fieldPath',
      reason: 'the start-up Events are about Nodes, not containers',
    },
    {
      path: 'involvedObject.namespace',
      reason: 'the start-up Events are about Nodes (cluster-scoped)',
    },
    { path: 'involvedObject.resourceVersion', reason: 'the kubelet’s nodeRef has none' },
    {
      path: 'action',
      reason: 'core/v1 recorders (the kubelet’s, the node controller’s) leave it empty',
    },
    { path: 'related', reason: 'core/v1 recorders leave it empty' },
    { path: 'series', reason: 'core/v1 recorders count repeats in `count` instead' },
  ],
  Lease: [
    ...META_COMMON,
    { path: 'metadata.annotations', reason: 'node and leader-election Leases carry none' },
    { path: 'metadata.generateName', reason: 'Leases are named after their node or component' },
    {
      path: 'metadata.ownerReferences[].blockOwnerDeletion',
      reason: 'the kubelet’s owner reference to its Node sets neither',
    },
    {
      path: 'metadata.ownerReferences[].controller',
      reason: 'the kubelet’s owner reference to its Node sets neither',
    },
    { path: 'spec.strategy', reason: 'coordinated leader election (1.33 beta) is not simulated' },
    {
      path: 'spec.preferredHolder',
      reason: 'coordinated leader election (1.33 beta) is not simulated',
    },
  ],
};

/** Summary API paths the simulator writes beyond the 2020 capture: what newer kubelets add. */
export const SUMMARY_NEWER: Difference[] = [
  {
    path: 'psi',
    reason: 'PSI (KubeletPSI, 1.34 beta) on node, pods and containers, after the capture',
  },
  { path: 'io', reason: 'io PSI (KubeletPSI, 1.34 beta), after the capture' },
  { path: 'swap', reason: 'swap stats (NodeSwap, 1.30+), after the capture' },
  {
    path: 'containerFs',
    reason: 'a split image filesystem (KubeletSeparateDiskGC, 1.31+), after the capture',
  },
  { path: 'process_stats', reason: 'pod process counts (1.28+ kubelets), after the capture' },
];
