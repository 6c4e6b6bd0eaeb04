/** A small hand-made cluster for the server tests, independent of the simulation. */
import { createObjectStore } from '../src/store/object-store.js';
import type { KubeObjectStore } from '../src/store/object-store.js';

/** Fixed simulated time for the fixtures. */
export const FIXTURE_NOW = new Date('2025-03-01T12:00:00Z');

/** A store with 3 nodes, 2 namespaces, 6 pods, a lease, an event and a quota. */
export function createFixtureStore(
  opts: { watchWindow?: number; now?: () => Date } = {},
): KubeObjectStore {
  const store = createObjectStore({
    now: opts.now ?? (() => new Date(FIXTURE_NOW.getTime() - 3_600_000)),
    watchWindow: opts.watchWindow ?? 10_000,
  });
  for (const ns of ['default', 'team-a', 'kube-node-lease']) {
    store.create('core/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'plimsoll.io/tenant': ns === 'team-a' ? 'a' : 'none' } },
      status: { phase: 'Active' },
    });
  }
  for (let i = 1; i <= 3; i++) {
    store.create('core/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `node-${i}`,
        labels: {
          'kubernetes.io/hostname': `node-${i}`,
          ...(i === 1 ? { 'node-role.kubernetes.io/control-plane': '' } : { pool: 'workers' }),
        },
      },
      spec: i === 3 ? { unschedulable: true } : {},
      status: {
        conditions: [
          { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' },
          {
            type: 'Ready',
            status: i === 2 ? 'Unknown' : 'True',
            reason: i === 2 ? 'NodeStatusUnknown' : 'KubeletReady',
          },
        ],
        addresses: [
          { type: 'InternalIP', address: `10.0.0.${i}` },
          { type: 'Hostname', address: `node-${i}` },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.1',
          osImage: 'Ubuntu 24.04.1 LTS',
          kernelVersion: '6.8.0-45-generic',
          containerRuntimeVersion: 'containerd://1.7.22',
        },
        capacity: { cpu: '8', memory: '32Gi', pods: '110' },
        allocatable: { cpu: '7910m', memory: '31Gi', pods: '110' },
      },
    });
  }
  for (let i = 0; i < 6; i++) {
    const ns = i % 2 === 0 ? 'default' : 'team-a';
    store.create('core/v1/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `web-${i}`,
        namespace: ns,
        labels: { app: i < 4 ? 'web' : 'db', tier: i % 3 === 0 ? 'front' : 'back' },
      },
      spec: {
        nodeName: `node-${(i % 3) + 1}`,
        containers: [{ name: 'main', image: 'nginx:1.27' }],
      },
      status: {
        phase: i === 5 ? 'Failed' : 'Running',
        ...(i === 5 ? { reason: 'Evicted', message: 'The node was low on resource: memory.' } : {}),
        podIPs: [{ ip: `10.244.0.${i + 10}` }],
        conditions: [{ type: 'Ready', status: i === 5 ? 'False' : 'True' }],
        containerStatuses: [
          {
            name: 'main',
            ready: i !== 5,
            restartCount: 0,
            state:
              i === 5
                ? { terminated: { exitCode: 137, reason: 'OOMKilled' } }
                : { running: { startedAt: '2025-03-01T11:00:00Z' } },
          },
        ],
      },
    });
  }
  store.create('coordination.k8s.io/v1/leases', {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'node-1', namespace: 'kube-node-lease' },
    spec: {
      holderIdentity: 'node-1',
      leaseDurationSeconds: 40,
      renewTime: '2025-03-01T11:59:55.000000Z',
    },
  });
  store.create('core/v1/events', {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'node-2.17f0', namespace: 'default' },
    involvedObject: { kind: 'Node', name: 'node-2', uid: 'node-2' },
    reason: 'NodeNotReady',
    message: 'Node node-2 status is now: NodeNotReady',
    type: 'Normal',
    source: { component: 'node-controller' },
    firstTimestamp: '2025-03-01T11:58:00Z',
    lastTimestamp: '2025-03-01T11:58:00Z',
    count: 1,
  });
  store.create('core/v1/resourcequotas', {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'compute', namespace: 'team-a' },
    spec: { hard: { 'requests.cpu': '4', 'limits.memory': '8Gi' } },
    status: {
      hard: { 'requests.cpu': '4', 'limits.memory': '8Gi' },
      used: { 'requests.cpu': '1500m', 'limits.memory': '2Gi' },
    },
  });
  return store;
}
